"""Lease rules, pure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.errors import InvalidInput
from app.jobs.rules import Lease, checked_hold, checked_holder, checked_name, may_take

NOW = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)


def test_a_lease_is_free_when_absent_run_out_or_ones_own() -> None:
    held = Lease("digest", "node-a:1:ab", NOW + timedelta(minutes=5))
    assert may_take(None, holder="node-b:2:cd", now=NOW)
    assert not may_take(held, holder="node-b:2:cd", now=NOW)
    assert may_take(held, holder="node-a:1:ab", now=NOW)  # renewing
    assert may_take(held, holder="node-b:2:cd", now=NOW + timedelta(minutes=5))


@pytest.mark.parametrize("name", ["", "Digest", "1digest", "a b", "x" * 61, "dig\x00est"])
def test_bad_job_names_are_refused(name: str) -> None:
    with pytest.raises(InvalidInput):
        checked_name(name)


def test_holds_and_holders_are_bounded() -> None:
    assert checked_name("notifications") == "notifications"
    assert checked_hold(timedelta(hours=12)) == timedelta(hours=12)
    for hold in (timedelta(0), timedelta(milliseconds=10), timedelta(days=31)):
        with pytest.raises(InvalidInput):
            checked_hold(hold)
    for holder in ("", "x" * 201, "host\n1"):
        with pytest.raises(InvalidInput):
            checked_holder(holder)
