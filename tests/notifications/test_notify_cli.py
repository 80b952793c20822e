"""`klusterfas notify send --dry-run` through the console script, as cron would run it:
it prints the e-mails that are due and sends nothing, so a second run prints them again."""

from __future__ import annotations

import os
from email import message_from_string
from email.policy import default
from pathlib import Path

import pytest
from sqlalchemy import select

from app.access import services as access
from app.db import make_engine, make_sessionmaker
from app.domain.items import ItemStatus, ItemUpdate
from app.domain.permissions import Role
from app.initiatives import items as initiative_items
from app.initiatives import services as initiatives
from app.models.notifications import Notification
from app.notifications.rules import NotificationKind
from app.phases import Phase, get_model
from app.reviews import services as reviews
from tests.conftest import AUDIT_KEY, make_user
from tests.test_cli import _run


@pytest.fixture
def requested(tmp_path: Path) -> Path:
    """A database where a leader has just requested a gate review (the support officer is
    to be told at once)."""
    result = _run(tmp_path, "db", "upgrade")
    assert result.returncode == 0, result.stderr
    engine = make_engine(f"sqlite:///{tmp_path / 'cli.db'}")
    try:
        with make_sessionmaker(engine, audit_key=AUDIT_KEY)() as session:
            support = make_user(session, "stod@region.se", Role.SUPPORT, "Sara Stöd")
            leader = make_user(session, "ledare@region.se", Role.LEADERSHIP, "Lars Ledare")
            initiative = initiatives.create_initiative(
                session, actor=support, name="Drönarnoden", region="Östergötland"
            )
            access.add_member(
                session, actor=support, initiative_id=initiative.id, email=leader.email
            )
            for item in get_model().required_items(Phase.STARTING_POINT):
                initiative_items.update_item(
                    session,
                    actor=leader,
                    initiative_id=initiative.id,
                    key=item.key,
                    update=ItemUpdate(ItemStatus.DONE, "Protokoll"),
                )
            reviews.request_review(session, actor=leader, initiative_id=initiative.id)
    finally:
        engine.dispose()
    return tmp_path


def _pending(path: Path) -> list[tuple[str, bool]]:
    engine = make_engine(f"sqlite:///{path / 'cli.db'}")
    try:
        with make_sessionmaker(engine, audit_key=AUDIT_KEY)() as session:
            rows = session.scalars(select(Notification).order_by(Notification.id))
            return [(row.kind.value, row.email_done_at is None) for row in rows]
    finally:
        engine.dispose()


def test_a_dry_run_prints_what_is_due_and_sends_nothing(requested: Path) -> None:
    assert _pending(requested) == [(NotificationKind.REVIEW_REQUESTED.value, True)]
    first = _run(requested, "notify", "send", "--dry-run", "--base-url", "https://kf.example.se/")
    assert first.returncode == 0, first.stderr
    printed, summary = first.stdout.rstrip().rsplit("\n", 1)
    assert summary == "1 e-mail(s) composed"
    mail = message_from_string(printed, policy=default)
    assert mail["To"] == "stod@region.se"
    assert "Drönarnoden" in mail["Subject"]
    body = mail.get_content()
    assert "https://kf.example.se/" in body and "example.se//" not in body
    # Nothing was sent or marked as sent: the same e-mail is still due.
    assert _pending(requested) == [(NotificationKind.REVIEW_REQUESTED.value, True)]
    again = _run(requested, "notify", "send", "--dry-run", "--base-url", "https://kf.example.se")
    assert again.returncode == 0, again.stderr
    assert again.stdout.rstrip().endswith("1 e-mail(s) composed")


@pytest.mark.skipif(
    bool(os.environ.get("KLUSTERFAS_SMTP_HOST")), reason="an SMTP server is configured here"
)
def test_without_an_smtp_server_a_real_run_fails_and_keeps_the_e_mail_due(
    requested: Path,
) -> None:
    failed = _run(requested, "notify", "send")
    assert failed.returncode == 1
    assert "KLUSTERFAS_SMTP_HOST" in failed.stderr
    assert _pending(requested) == [(NotificationKind.REVIEW_REQUESTED.value, True)]
