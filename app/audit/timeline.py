"""An initiative's audit timeline: its entries under the page's (or the API's) filters,
and the choices those filters offer; readable.py says each entry in words."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session

from app.audit import queries as audit_queries
from app.audit.vocabulary import KINDS, OTHER_KIND, all_prefixes, kind_of
from app.clock import LOCAL_ZONE
from app.errors import InvalidInput
from app.models.audit import AuditEntry
from app.phases import Phase

# The page filters by person, kind of event and dates; the JSON API also by the actor as
# the log writes it and by action code.
FILTERS = ("phase", "person", "kind", "from", "to", "actor", "action")


@dataclass(frozen=True)
class Timeline:
    entries: Sequence[AuditEntry]
    filters: dict[str, str]
    actors: list[str]  # every actor and action of this initiative, for the filter choices
    actions: list[str]
    phases: list[str]
    people: list[tuple[int, str]]  # (user id, e-mail), named by readable()
    kinds: list[str]


def clean_filters(params: Mapping[str, str | None]) -> dict[str, str]:
    """Blank filters dropped; an unknown phase is kept, so it matches nothing."""
    return {name: value.strip() for name in FILTERS if (value := params.get(name) or "").strip()}


def _day(filters: dict[str, str], name: str) -> date | None:
    if name not in filters:
        return None
    try:
        return date.fromisoformat(filters[name])
    except ValueError:
        raise InvalidInput(name, "Give a date as YYYY-MM-DD.", code="invalid_date") from None


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LOCAL_ZONE)


def entry_filter(filters: dict[str, str]) -> audit_queries.EntryFilter:
    """The filters as a query; a bad date is refused, an unknown person or kind matches
    nothing. Dates are Swedish days, both ends included."""
    since, until = _day(filters, "from"), _day(filters, "to")
    kind, person = filters.get("kind", ""), filters.get("person", "")
    unknown = (kind and kind not in KINDS and kind != OTHER_KIND) or (
        person and not person.isdigit()
    )
    return audit_queries.EntryFilter(
        phase=filters.get("phase"),
        actor=filters.get("actor"),
        person=int(person) if person.isdigit() else None,
        action=filters.get("action"),
        prefixes=KINDS[kind][1] if kind in KINDS else (),
        other_than=all_prefixes() if kind == OTHER_KIND else (),
        since=_local_midnight(since) if since else None,
        until=_local_midnight(until + timedelta(days=1)) if until else None,
        nothing=bool(unknown),
    )


def timeline(session: Session, initiative_id: int, params: Mapping[str, str | None]) -> Timeline:
    filters = clean_filters(params)
    entries = audit_queries.audit_entries(session, initiative_id, where=entry_filter(filters))
    rows = audit_queries.who_and_what(session, initiative_id)
    present = {kind_of(action) for _, _, action in rows}
    return Timeline(
        entries=entries,
        filters=filters,
        actors=sorted({actor for _, actor, _ in rows}),
        actions=sorted({action for _, _, action in rows}),
        phases=[p.value for p in Phase],
        people=sorted({(i, actor) for i, actor, _ in rows if i is not None}),
        kinds=[k for k in (*KINDS, OTHER_KIND) if k in present],
    )


def entry_json(entry: AuditEntry) -> dict[str, object]:
    return {
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "actor": entry.actor,
        "action": entry.action,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "phase": entry.phase,
        "before": entry.before,
        "after": entry.after,
        "mac": entry.mac,
    }
