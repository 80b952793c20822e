"""What one item save costs in SQL statements, readiness kept up to date included."""

from __future__ import annotations

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from app.domain.items import ItemStatus, ItemUpdate
from app.initiatives import items as initiative_items
from app.models.initiatives import Initiative
from app.phases import Phase, get_model
from tests.conftest import People, recorded_statements
from tests.portfolio import helpers
from tests.portfolio.test_readiness_day import KEY

MODEL = get_model()

# Every statement the use-case sends but the test's own SAVEPOINT and RELEASE, with the
# initiative and the actor already loaded (as the page and the API have them): a leader's
# save takes 9 on SQLite (the membership check; the initiative's row locked, guarded by
# its phase; the phase's states and evidence in one read; the item's UPDATE; the phase's
# stored readiness, one UPDATE, and its copy on the initiative's row when the readiness
# changed, one more; the audit entry's three) and 4 on PostgreSQL, which writes the item,
# the figures, their copy and the audit entry (the head locked, checked and moved) in one
# statement (one more when another process moved the head last: app.audit.log.rider); a
# support officer's one fewer.
LIMIT = {"sqlite": 10, "postgresql": 4}


def test_an_item_save_takes_at_most_10_statements(
    session: Session, connection: Connection, people: People, initiative: Initiative
) -> None:
    with recorded_statements(connection) as statements:
        initiative_items.update_item(
            session, actor=people.leader, initiative_id=initiative.id, key=KEY,
            update=ItemUpdate(ItemStatus.DONE, note="Klart"),
        )  # fmt: skip
    # The test's own SAVEPOINT and its RELEASE are not the save's work.
    work = [s for s in statements if "SAVEPOINT" not in s]
    print("\n".join(s[:110].replace("\n", " ") for s in work))
    assert len(work) <= LIMIT[connection.dialect.name], len(work)


def test_a_save_that_leaves_the_readiness_be_does_not_write_it_again(
    session: Session, connection: Connection, people: People, initiative: Initiative
) -> None:
    """Readiness counts the required items: a note on an optional one leaves it be, and
    the copy on the initiative's row is not written (the fixture's check then finds the
    copy still right)."""
    helpers.advance_to(session, people, initiative, Phase.INITIATION)
    ticked = [i for i in MODEL.tickable_items if i.phase is Phase.INITIATION]
    optional = next(i.key for i in ticked if not i.required)
    required = next(i.key for i in ticked if i.required)
    for key, moves in ((optional, False), (required, True)):
        with recorded_statements(connection) as statements:
            initiative_items.update_item(
                session, actor=people.admin, initiative_id=initiative.id, key=key,
                update=ItemUpdate(ItemStatus.DONE, note="Klart"),
            )  # fmt: skip
        assert any("current_readiness=" in s for s in statements) is moves


def test_the_audit_head_is_locked_last(
    session: Session, connection: Connection, people: People, initiative: Initiative
) -> None:
    """Every audited write locks the chain's head, so the unit of work takes it just before
    it commits (app.audit.log.record): concurrent saves of different initiatives wait for
    each other during those last statements only, not for all of each other's work. On
    PostgreSQL, with the head this process wrote last (the initiative's creation), the
    entry rides in the save's one write: the item, its figures, the head locked, checked
    and moved, and the entry inserted (app.audit.log.rider)."""
    with recorded_statements(connection) as statements:
        initiative_items.update_item(
            session, actor=people.leader, initiative_id=initiative.id, key=KEY,
            update=ItemUpdate(ItemStatus.DONE, note="Klart"),
        )  # fmt: skip
    work = [" ".join(s.split()) for s in statements if "SAVEPOINT" not in s]
    head = next(i for i, s in enumerate(work) if "audit_head" in s)
    if connection.dialect.name == "postgresql":
        (only,) = work[head:]  # the last statement
        assert only.startswith("WITH head AS (SELECT audit_head.") and all(
            part in only
            for part in ("FOR UPDATE", "moved AS (UPDATE audit_head SET",
                         "appended AS (INSERT INTO audit_entries",
                         "stored AS (UPDATE phase_readiness", "along AS (UPDATE item_states")
        ), only  # fmt: skip
        assert not any(s.startswith(("UPDATE", "INSERT", "WITH")) for s in work[:head])
    else:
        before = work[:head]
        assert any(s.startswith("UPDATE item_states") for s in before)
        assert any(s.startswith("UPDATE phase_readiness") for s in before)
        assert [s.split(" (")[0].split(" SET")[0].split(" FROM")[0] for s in work[head:]] == [
            "SELECT audit_head.id, audit_head.seq, audit_head.mac, audit_head.head_mac, "
            "audit_head.key_fingerprint",
            "INSERT INTO audit_entries",
            "UPDATE audit_head",
        ], work[head:]
