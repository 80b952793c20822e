"""Twenty identical attachments of one piece to one item at once, then twenty detachments,
through HTTP on committed data: exactly one of each wins, the others get what a repeat
would (409, then 404), none a 500; one audit entry each; the stored readiness agrees."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, select

from app.accounts import services as accounts
from app.clock import today
from app.domain.permissions import Role
from app.evidence import services as evidence_services
from app.evidence.services import NewEvidence
from app.evidence.storage import BlobStore
from app.initiatives import services as initiatives
from app.models.access import Membership
from app.models.audit import AuditEntry
from app.models.evidence import EvidenceLink
from app.readiness.queries import check
from tests.conftest import make_user
from tests.races import N, app_on, committed, lenient, race, tally

FIRST = "starting_point.results.critical_mass"
SECOND = "starting_point.results.development_potential"


def test_twenty_attachments_and_then_twenty_detachments_of_one_piece(
    committed_engine: Engine, committed_database_url: str
) -> None:
    with committed(committed_engine) as world:
        with world.sessions() as session:
            support = make_user(session, f"support-{world.tag}@example.se", Role.SUPPORT)
            leader = make_user(session, f"leader-{world.tag}@example.se", Role.LEADERSHIP)
            world.users += [support.id, leader.id]
            made = initiatives.create_initiative(
                session, actor=support, name=f"Race {world.tag}", region="R"
            )
            world.initiatives.append(made.id)
            session.add(Membership(initiative_id=made.id, user_id=leader.id))
            session.commit()
            piece = evidence_services.add_evidence(
                session, actor=leader, initiative_id=made.id, key=FIRST,
                new=NewEvidence("note", note="Handlingsplan"), store=BlobStore(None),
                max_bytes=1000,
            )  # fmt: skip
            tokens = [accounts.create_token(session, email=leader.email) for _ in range(N)]
            since = session.scalar(select(func.max(AuditEntry.seq))) or 0
        client = lenient(app_on(committed_database_url, world))
        path = f"/api/initiatives/{made.id}/evidence/{piece.id}/items"

        def calls(method: str, url: str, **kwargs: Any) -> list[Any]:
            return [
                (client, method, url, {**kwargs, "headers": {"Authorization": f"Bearer {t}"}})
                for t in tokens
            ]

        attached = tally("attach evidence", race(calls("POST", path, json={"item_key": SECOND})))
        assert attached == {201: 1, 409: N - 1}
        detached = tally("detach evidence", race(calls("DELETE", f"{path}/{SECOND}")))
        assert detached == {204: 1, 404: N - 1}
        with world.sessions() as session:
            actions = session.scalars(
                select(AuditEntry.action).where(
                    AuditEntry.seq > since, AuditEntry.target_type == "evidence"
                )
            ).all()
            assert sorted(actions) == ["evidence.attach", "evidence.detach"]
            assert session.scalars(select(EvidenceLink)).all() == []
            assert list(check(session, today())) == []
