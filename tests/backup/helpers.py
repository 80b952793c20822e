"""A populated installation to back up: the demo portfolio plus uploaded documents."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select

from app.accounts import services as accounts
from app.backup import queries
from app.config import Settings
from app.db import make_engine, make_sessionmaker
from app.demo.services import load_demo
from app.domain.permissions import Role
from app.evidence import services as evidence_services
from app.evidence.services import NewEvidence
from app.evidence.storage import BlobStore
from app.initiatives import services as initiatives
from app.models.accounts import User
from app.phases import Evidence, Phase, get_model
from tests.conftest import AUDIT_KEY
from tests.domain.test_evidence_rules import PDF, PNG

KEY = next(
    i.key
    for i in get_model().required_items(Phase.STARTING_POINT)
    if i.evidence is not Evidence.NONE
)
DOCUMENTS = 6


def settings_for(url: str, data_dir: Path, *, store: str = "files") -> Settings:
    return Settings(
        database_url=url,
        secret_key="backup-test-secret",
        secure_cookies=False,
        session_max_age=60,
        audit_key=AUDIT_KEY,
        data_dir=data_dir,
        evidence_store=store,
    )


@dataclass
class Installation:
    settings: Settings
    engine: Engine  # kept open while the backup runs: SQLite's WAL is not checkpointed
    documents: dict[str, int]  # sha256 -> size of each uploaded file

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as connection:
            return queries.table_counts(connection)

    def head(self) -> tuple[int, str, str] | None:
        with self.engine.connect() as connection:
            return queries.audit_head(connection)


def populate(url: str, data_dir: Path, *, demo: bool = True) -> Installation:
    """The demo portfolio (or only its admin) plus DOCUMENTS uploads (one of them twice:
    stored once), of random bytes so they compress as real documents do."""
    engine = make_engine(url)
    settings = settings_for(url, data_dir)
    store = BlobStore(data_dir)
    documents: dict[str, int] = {}
    with make_sessionmaker(engine, audit_key=AUDIT_KEY)() as session:
        if demo:
            load_demo(session)
        else:
            accounts.add_user(
                session,
                email="admin@klusterfas.demo",
                name="Admin",
                role=Role.ADMIN,
                password="demo-admin-2026",
            )
        admin = session.scalar(select(User).where(User.email == "admin@klusterfas.demo"))
        assert admin is not None
        initiative = initiatives.create_initiative(
            session, actor=admin, name="Arkivnoden", region="Uppsala"
        )
        for number in range(DOCUMENTS):
            kind, data = ("pdf", PDF) if number % 2 else ("png", PNG)
            data += random.Random(number).randbytes(40_000 * (number + 1))  # 40-240 kB
            for _copy in range(2 if number == 0 else 1):
                evidence_services.add_evidence(
                    session,
                    actor=admin,
                    initiative_id=initiative.id,
                    key=KEY,
                    new=NewEvidence(kind="file", file_name=f"bilaga-{number}.{kind}", data=data),
                    store=store,
                    max_bytes=1_000_000,
                )
            documents[hashlib.sha256(data).hexdigest()] = len(data)
    return Installation(settings, engine, documents)
