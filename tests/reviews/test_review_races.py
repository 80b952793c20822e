"""Twenty identical requests at once on a gate review: exactly one wins, the others get
409, none a 500 (on PostgreSQL the requests truly overlap; SQLite takes them in turn)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from app.access import services as access
from app.accounts import services as accounts
from app.domain.items import ItemStatus
from app.domain.permissions import Role
from app.initiatives import queries as initiative_queries
from app.initiatives import services as initiatives
from app.models.accounts import User
from app.models.audit import AuditEntry
from app.models.initiatives import Initiative, Transition
from app.models.reviews import GateReview, ReviewCondition
from app.phases import Phase, get_model
from app.reviews import services as reviews
from tests.conftest import make_user
from tests.races import Committed, N, app_on, committed, lenient, race, tally

MODEL = get_model()


def _gate_open(world: Committed) -> tuple[int, list[str], list[str]]:
    """An initiative whose starting point's gate is open; N support and N leader tokens."""
    with world.sessions() as session:
        support = make_user(session, f"support-{world.tag}@example.se", Role.SUPPORT)
        leader = make_user(session, f"leader-{world.tag}@example.se", Role.LEADERSHIP)
        world.users += [support.id, leader.id]
        made = initiatives.create_initiative(
            session, actor=support, name=f"Race {world.tag}", region="R"
        )
        world.initiatives.append(made.id)
        access.add_member(session, actor=support, initiative_id=made.id, email=leader.email)
        for item in MODEL.required_items(Phase.STARTING_POINT):
            state = initiative_queries.get_item_state(session, initiative_id=made.id, key=item.key)
            assert state is not None
            state.status, state.note = ItemStatus.DONE, "ok"
        session.commit()
        support_tokens = [accounts.create_token(session, email=support.email) for _ in range(N)]
        leader_tokens = [accounts.create_token(session, email=leader.email) for _ in range(N)]
        return made.id, support_tokens, leader_tokens


def _requested(world: Committed, initiative_id: int) -> int:
    with world.sessions() as session:
        leader = session.get(User, world.users[1])
        assert leader is not None
        return reviews.request_review(session, actor=leader, initiative_id=initiative_id).id


def _calls(client: TestClient, tokens: list[str], method: str, path: str, bodies: list[Any]) -> Any:
    return [
        (client, method, path, {"json": body, "headers": {"Authorization": f"Bearer {token}"}})
        for token, body in zip(tokens, bodies, strict=True)
    ]


def _last_seq(world: Committed) -> int:
    with world.sessions() as session:
        return session.scalar(select(func.max(AuditEntry.seq))) or 0


def _entries(world: Committed, action: str, target: int, since: int) -> int:
    """Audit entries of `action` on `target` after `since` (ids are reused across tests;
    the log keeps every entry)."""
    with world.sessions() as session:
        return (
            session.scalar(
                select(func.count()).where(
                    AuditEntry.seq > since,
                    AuditEntry.action == action,
                    AuditEntry.target_id == str(target),
                )
            )
            or 0
        )


def test_twenty_hold_decisions_at_once_decide_once(
    committed_engine: Engine, committed_database_url: str
) -> None:
    with committed(committed_engine) as world:
        initiative_id, support, _leaders = _gate_open(world)
        review_id = _requested(world, initiative_id)
        client = lenient(app_on(committed_database_url, world))
        body = {"outcome": "hold", "rationale": "Vänta"}
        path = f"/api/gate-reviews/{review_id}/decision"
        since = _last_seq(world)
        counts = tally("decide hold", race(_calls(client, support, "POST", path, [body] * N)))
        assert counts == {200: 1, 409: N - 1}
        assert _entries(world, "review.decide", review_id, since) == 1


def test_go_and_hold_at_once_leave_the_review_and_the_phase_agreeing(
    committed_engine: Engine, committed_database_url: str
) -> None:
    with committed(committed_engine) as world:
        initiative_id, support, _leaders = _gate_open(world)
        review_id = _requested(world, initiative_id)
        client = lenient(app_on(committed_database_url, world))
        bodies = [
            {"outcome": "go" if i % 2 else "hold", "rationale": f"Beslut {i}"} for i in range(N)
        ]
        path = f"/api/gate-reviews/{review_id}/decision"
        since = _last_seq(world)
        counts = tally("decide go/hold", race(_calls(client, support, "POST", path, bodies)))
        assert counts == {200: 1, 409: N - 1}
        with world.sessions() as session:
            review = session.get(GateReview, review_id)
            initiative = session.get(Initiative, initiative_id)
            assert review is not None and initiative is not None
            moves = session.scalar(
                select(func.count()).where(Transition.initiative_id == initiative_id)
            )
            expected = Phase.INITIATION if review.outcome == "go" else Phase.STARTING_POINT
            assert (initiative.phase, moves) == (expected, 1 if review.outcome == "go" else 0)
        assert _entries(world, "review.decide", review_id, since) == 1


def test_twenty_closes_of_one_condition_close_it_once(
    committed_engine: Engine, committed_database_url: str
) -> None:
    with committed(committed_engine) as world:
        initiative_id, support, _leaders = _gate_open(world)
        review_id = _requested(world, initiative_id)
        client = lenient(app_on(committed_database_url, world))
        due = (date.today() + timedelta(days=30)).isoformat()
        decided = client.post(
            f"/api/gate-reviews/{review_id}/decision",
            json={"outcome": "conditional_go", "rationale": "Nästan",
                  "conditions": [{"text": "Avtal", "owner": "Lars", "due_on": due}]},
            headers={"Authorization": f"Bearer {support[0]}"},
        )  # fmt: skip
        assert decided.status_code == 200, decided.text
        condition_id = decided.json()["conditions"][0]["id"]
        path = f"/api/conditions/{condition_id}/close"
        bodies = [{"note": f"Klart {i}"} for i in range(N)]
        since = _last_seq(world)
        counts = tally("close condition", race(_calls(client, support, "POST", path, bodies)))
        assert counts == {200: 1, 409: N - 1}
        assert _entries(world, "condition.close", condition_id, since) == 1
        with world.sessions() as session:
            condition = session.get(ReviewCondition, condition_id)
            assert condition is not None and condition.closed_at is not None


def test_twenty_requests_for_a_review_at_once_open_one(
    committed_engine: Engine, committed_database_url: str
) -> None:
    with committed(committed_engine) as world:
        initiative_id, _support, leaders = _gate_open(world)
        client = lenient(app_on(committed_database_url, world))
        path = f"/api/initiatives/{initiative_id}/gate-reviews"
        counts = tally("request review", race(_calls(client, leaders, "POST", path, [{}] * N)))
        assert counts == {201: 1, 409: N - 1}
        with world.sessions() as session:
            open_reviews = session.scalar(
                select(func.count()).where(GateReview.initiative_id == initiative_id)
            )
            assert open_reviews == 1
