"""Comments through the use-cases: who writes, edits keep the earlier text, mentions notify,
everything is audited, and two edits from the same text do not both win."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.comments import queries, services
from app.errors import Forbidden, InvalidInput, NotFound
from app.models.audit import AuditEntry
from app.models.initiatives import Initiative
from app.models.notifications import Notification
from app.notifications.rules import NotificationKind
from tests.conftest import People

KEY = "starting_point.results.critical_mass"
NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)


def test_the_group_support_and_admins_write_funders_and_outsiders_do_not(
    session: Session, people: People, initiative: Initiative
) -> None:
    for writer in (people.leader, people.support, people.admin):
        services.add_comment(
            session, actor=writer, initiative_id=initiative.id, item_key=KEY, body="Ok", now=NOW
        )
    with pytest.raises(Forbidden) as refused:
        services.add_comment(
            session,
            actor=people.funder,
            initiative_id=initiative.id,
            item_key=KEY,
            body="x",
            now=NOW,
        )
    assert refused.value.code == "may_not_comment"
    with pytest.raises(NotFound):  # may not even see it
        services.add_comment(
            session,
            actor=people.outsider,
            initiative_id=initiative.id,
            item_key=KEY,
            body="x",
            now=NOW,
        )
    with pytest.raises(NotFound) as unknown:
        services.add_comment(
            session,
            actor=people.leader,
            initiative_id=initiative.id,
            item_key="nope",
            body="x",
            now=NOW,
        )
    assert unknown.value.code == "unknown_item"
    with pytest.raises(InvalidInput) as empty:
        services.add_comment(
            session,
            actor=people.leader,
            initiative_id=initiative.id,
            item_key=KEY,
            body="  ",
            now=NOW,
        )
    assert empty.value.field == "body"
    thread = queries.thread(session, initiative_id=initiative.id, item_key=KEY)
    assert [c.author.name for c in thread if c.author] == ["Lars Ledare", "Sara Stöd", "Ada Admin"]


def test_an_edit_keeps_the_earlier_text_and_is_audited(
    session: Session, people: People, initiative: Initiative
) -> None:
    made = services.add_comment(
        session,
        actor=people.leader,
        initiative_id=initiative.id,
        item_key=KEY,
        body="Första",
        now=NOW,
    )
    later = NOW + timedelta(minutes=5)
    services.edit_comment(session, actor=people.leader, comment_id=made.id, body="Andra", now=later)
    session.refresh(made)
    assert made.body == "Andra" and made.edited_at == later
    earlier = queries.revisions_of(session, [made.id])[made.id]
    assert [(r.body, r.written_at) for r in earlier] == [("Första", NOW)]
    with pytest.raises(Forbidden):
        services.edit_comment(
            session, actor=people.support, comment_id=made.id, body="Mitt", now=later
        )
    actions = session.scalars(
        select(AuditEntry.action)
        .where(AuditEntry.target_type == "comment")
        .order_by(AuditEntry.seq)
    ).all()
    assert actions == ["comment.add", "comment.edit"]
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "comment.edit"))
    assert (
        entry is not None
        and entry.before == {"body": "Första"}
        and entry.after == {"body": "Andra"}
    )


def test_mentions_notify_those_who_may_see_the_initiative(
    session: Session, people: People, initiative: Initiative
) -> None:
    body = "Kan @support@example.se och @outsider@example.se och @funder@example.se titta?"
    services.add_comment(
        session, actor=people.leader, initiative_id=initiative.id, item_key=KEY, body=body, now=NOW
    )
    told = session.execute(
        select(Notification.user_id, Notification.params).where(
            Notification.kind == NotificationKind.MENTION
        )
    ).all()
    assert sorted(user for user, _ in told) == sorted([people.support.id, people.funder.id])
    assert told[0][1]["author"] == "Lars Ledare"
