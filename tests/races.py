"""N identical requests at the same moment, through HTTP, against committed data: the
helpers of the race tests (tests/reviews, tests/access)."""

from __future__ import annotations

import secrets
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.db import make_sessionmaker
from app.models.accounts import User
from app.models.initiatives import Initiative
from app.web.application import create_app
from tests.conftest import AUDIT_KEY

N = 20


@dataclass
class Committed:
    """Data other connections see (the savepoint fixture would hide it), removed after."""

    sessions: sessionmaker[Session]
    tag: str
    initiatives: list[int]
    users: list[int]


@contextmanager
def committed(engine: Engine) -> Iterator[Committed]:
    world = Committed(make_sessionmaker(engine, audit_key=AUDIT_KEY), secrets.token_hex(4), [], [])
    try:
        yield world
    finally:
        with world.sessions() as cleanup:
            cleanup.execute(delete(Initiative).where(Initiative.id.in_(world.initiatives)))
            cleanup.execute(delete(User).where(User.id.in_(world.users)))
            cleanup.commit()


def app_on(database_url: str, world: Committed) -> FastAPI:
    settings = Settings(
        audit_key=AUDIT_KEY,
        database_url=database_url,
        secret_key="race",
        secure_cookies=False,
        session_max_age=600,
    )
    return create_app(settings, sessions=world.sessions)


Call = tuple[TestClient, str, str, dict[str, Any]]  # client, method, path, request kwargs


def race(calls: list[Call]) -> list[int]:
    """Send every call at once, each from its own thread; the status of each."""
    start = threading.Barrier(len(calls))
    codes = [0] * len(calls)

    def send(index: int) -> None:
        client, method, path, kwargs = calls[index]
        start.wait(timeout=60)
        codes[index] = client.request(method, path, **kwargs).status_code

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return codes


def tally(name: str, codes: list[int]) -> Counter[int]:
    counts = Counter(codes)
    winners = sum(n for code, n in counts.items() if 200 <= code < 400)  # a form: 303
    errors = sum(n for code, n in counts.items() if code >= 500)
    # The figures of the report: N requests, winners, errors, and every status seen.
    print(f"race {name}: N={len(codes)} winners={winners} errors={errors} {dict(counts)}")
    return counts


def lenient(app: FastAPI) -> TestClient:
    return TestClient(app, raise_server_exceptions=False)
