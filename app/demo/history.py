"""The demo's 18 months: its people and initiatives, built through the real use-cases with
the clock set back (app.clock.as_of), so every row and audit entry carries its own date.

Each initiative's history is planned as dated steps (PASTS in app/demo/data.py); the
steps of all initiatives then run in one merged order by date, so the audit chain is
appended in time order, as it would have been. A chain that already holds later entries
(the demo loaded into a database in use) sets a floor: a step is never dated before the
chain's last entry, so the log stays in order; the history is then compressed to now.

Idempotent: people and initiatives already there are left alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from app.accounts import services as accounts
from app.demo import steps
from app.demo.data import DEMO_INITIATIVES, DEMO_USERS, FUNDED, PASTS, Gate, Past
from app.models.accounts import User
from app.models.audit import AuditEntry
from app.models.initiatives import Initiative
from app.phases import CURRENT_VERSION, PHASE_ORDER, Category, Item, Phase, get_model

START = 548  # days of history: 18 months

Action = Callable[[], object]


def moment(days_ago: int, n: int, *, today: date) -> datetime:
    """A working morning `days_ago` days before today, local time: 08:00 plus two minutes
    a step, so that one initiative's steps of one day keep their order."""
    local = datetime.combine(today - timedelta(days=days_ago), time(8), clock.LOCAL_ZONE)
    return (local + timedelta(minutes=2 * n)).astimezone(UTC)


def spread(first: int, last: int, count: int) -> list[int]:
    """`count` days from `first` to `last` days ago, evenly (none if the window is empty)."""
    if count <= 0 or first < last:
        return []
    if count == 1:
        return [last]
    return [first - round((first - last) * i / (count - 1)) for i in range(count)]


@dataclass
class Story:
    """One initiative's dated steps."""

    index: int
    kit: steps.Kit
    today: date
    planned: list[tuple[datetime, int, int, Action]] = field(default_factory=list)

    def at(self, days_ago: int, action: Action) -> None:
        n = len(self.planned)
        self.planned.append((moment(days_ago, n, today=self.today), self.index, n, action))


def _results(phase: Phase) -> tuple[Item, ...]:
    return get_model(CURRENT_VERSION).required_items(phase)


def _items(phase: Phase, category: Category) -> list[Item]:
    spec = get_model(CURRENT_VERSION).phase(phase)
    checklist = spec.checklist(category) if spec else None
    return [i for i in (checklist.items if checklist else ()) if not i.heading]


def _asked_first(gate: Gate, left: int) -> int:
    """Days ago the group first asked to leave by `gate` (or the support officer moved)."""
    return {Gate.DIRECT: left, Gate.GO: left + 4, Gate.HOLD: left + 45}.get(gate, left + 5)


def _work(story: Story, phase: Phase, begin: int, until: int, share: float) -> None:
    """A phase's work: process support early on, the results `share` settled by `until`."""
    kit = story.kit
    for item in _items(phase, Category.SUPPORT)[: 2 + story.index % 3]:
        story.at(begin - 3, partial(kit.support_tick, item))
    results = _results(phase)
    done = results[: round(len(results) * share)]
    for day, item in zip(spread(begin - 7, until, len(done)), done, strict=False):
        story.at(day, partial(kit.leader_tick, item))


def _leave(story: Story, past: Past, gate: Gate, left: int) -> None:
    kit = story.kit
    if gate is Gate.DIRECT:
        story.at(left, kit.advance)
        return
    if gate is Gate.HOLD:
        story.at(left + 45, kit.ask)
        story.at(left + 40, kit.hold)
    story.at(left + (5 if gate is Gate.CONDITIONAL else 4), kit.ask)
    if gate is not Gate.CONDITIONAL:
        story.at(left, kit.go)
        return
    conditions = [(c.text, story.today + timedelta(days=c.due)) for c in past.conditions]
    story.at(left, partial(kit.conditional_go, conditions))
    for n, condition in enumerate(past.conditions):
        if condition.closed is not None:
            story.at(condition.closed, partial(kit.close_condition, n))


def _current(story: Story, past: Past, phase: Phase, begin: int, share: float) -> None:
    """Where the initiative is now: its work, target dates on the results still open (the
    first one overdue), evidence that expires, a held and an awaited review, or closing."""
    kit = story.kit
    end = past.closed + 2 if past.closed else past.quiet
    first_ask = max(past.held[0] if past.held else 0, past.asked or 0)
    _work(story, phase, begin, max(end, first_ask + 2), share)
    results = _results(phase)
    if past.closed is None:
        still_open = results[round(len(results) * share) :]
        for item, days in zip(still_open, (-14, 30, 60), strict=False):
            story.at(begin - 5, partial(kit.target, item, story.today + timedelta(days=days)))
    others = _items(phase, Category.EVENTS)[:3] + _items(phase, Category.LEADERSHIP)[:2]
    for day, item in zip(spread(begin - 8, end, len(others)), others, strict=False):
        story.at(day, partial(kit.leader_tick, item))
    if past.expires is not None and results:
        expires = story.today + timedelta(days=past.expires)
        story.at(begin - 10, partial(kit.evidence, results[0], expires))
    if past.held:
        story.at(past.held[0], kit.ask)
        story.at(past.held[1], kit.hold)
    if past.asked:
        story.at(past.asked, kit.ask)
    if past.closed:
        story.at(past.closed, kit.close)


def plan(story: Story) -> None:
    """Every step of the story's initiative, from its creation to today."""
    name, _region, _sector, target, share, _member, _closing = story.kit.entry
    past = PASTS[name]
    story.at(past.created, partial(story.kit.create, funded=name in FUNDED))
    passed = PHASE_ORDER[: PHASE_ORDER.index(target)]
    assert len(passed) == len(past.gates), name
    begin = past.created
    for phase, (gate, left) in zip(passed, past.gates, strict=True):
        _work(story, phase, begin, _asked_first(gate, left) + 2, 1.0)
        _leave(story, past, gate, left)
        begin = left
    _current(story, past, target, begin, share)


def _floor(session: Session) -> datetime | None:
    """When the chain's last entry was written: nothing may be dated before it."""
    return session.scalar(select(AuditEntry.at).order_by(AuditEntry.seq.desc()).limit(1))


def _as_of(planned: datetime, floor: datetime | None) -> datetime:
    return max(planned, floor) if floor else planned


def _users(session: Session, today: date) -> tuple[bool, dict[str, User]]:
    users: dict[str, User] = {}
    added = False
    with clock.as_of(_as_of(moment(START, 0, today=today), _floor(session))):
        for email, name, role, password in DEMO_USERS:
            user = session.scalar(select(User).where(User.email == email))
            if user is None:
                user = accounts.add_user(
                    session, email=email, name=name, role=role, password=password
                )
                added = True
            users[email] = user
    return added, users


def load(session: Session) -> tuple[bool, dict[str, User]]:
    """The demo's people and the initiatives not there yet, with their past; return
    whether anything was added, and the people by e-mail."""
    today = clock.local_today()
    added, users = _users(session, today)
    existing = set(session.scalars(select(Initiative.name)))
    stories = [
        Story(index, steps.Kit(session, users, entry), today)
        for index, entry in enumerate(DEMO_INITIATIVES)
        if entry[0] not in existing
    ]
    for story in stories:
        plan(story)
    floor = _floor(session)
    merged = sorted((step for story in stories for step in story.planned), key=lambda s: s[:3])
    for at, _index, _n, action in merged:
        with clock.as_of(_as_of(at, floor)):
            action()
    return added or bool(stories), users
