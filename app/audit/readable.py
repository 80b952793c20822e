"""The audit timeline in the reader's language: each entry as a sentence, with what
changed, and the names of the people, items and organisations it mentions (looked up in
one query each, whatever the timeline's length)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from app import labels
from app.audit import queries as audit_queries
from app.audit.fields import Change, changes
from app.audit.params import (
    Day,
    Item,
    Label,
    Member,
    Money,
    Param,
    Person,
    Sentence,
    Several,
    Words,
)
from app.audit.sentences import sentence
from app.audit.timeline import Timeline
from app.audit.vocabulary import KINDS, OTHER_LABEL
from app.i18n import translations
from app.labels import N_
from app.models.audit import AuditEntry
from app.phases import MODELS
from app.rendering import format_day, format_fixed, format_number, format_sek

SOMEONE, AN_ACTOR = N_("someone"), N_("an actor")
NO_NAMES = audit_queries.Names({}, {})


@dataclass(frozen=True)
class Row:
    label: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class Readable:
    entry: AuditEntry  # the raw entry, for the technical details
    who: str
    sentence: Markup
    changes: list[Row]

    @property
    def raw(self) -> str:
        """Before and after as JSON that shows å, ä and ö as they are."""
        return json.dumps(
            {"before": self.entry.before, "after": self.entry.after},
            ensure_ascii=False,
            indent=2,
            sort_keys=True,
        )


@dataclass(frozen=True)
class TimelineView:
    rows: list[Readable]
    people: list[tuple[str, str]]  # (user id, name) for the filter
    kinds: list[tuple[str, str]]  # (kind, label)


class Namer:
    """Names a sentence's parameters in one language, from names looked up beforehand."""

    def __init__(
        self,
        locale: str,
        *,
        users: audit_queries.Names,
        members: Mapping[int, str],
        model_version: str | None = None,
    ) -> None:
        self.locale, self.users, self.members = locale, users, members
        self.gettext = translations(locale).gettext
        models = list(MODELS.values())[::-1]
        first = MODELS.get(model_version or "")
        self.models = [first, *models] if first else models

    def item(self, key: str) -> str:
        for model in self.models:
            found = model.item(key)
            if found is not None:
                return found.text.get(self.locale)
        return key

    def text(self, value: Param | None) -> str:
        if value is None:
            return "—"
        if isinstance(value, Person):
            named = self.users.by_id.get(value.user_id or 0) or self.users.by_email.get(value.email)
            return named or value.email or self.gettext(SOMEONE)
        if isinstance(value, Item):
            return self.item(value.key)
        if isinstance(value, Member):
            named = self.members.get(value.actor_id) if value.actor_id is not None else None
            return named or self.gettext(AN_ACTOR)
        if isinstance(value, Label):
            return labels.label(value.value, self.locale, value.kind)
        if isinstance(value, Day):
            return format_day(value.value, self.locale)
        if isinstance(value, Words):
            return self.gettext(value.msgid)
        if isinstance(value, Money):
            return format_sek(value.value, self.locale)
        if isinstance(value, Several):
            return ", ".join(self.text(v) for v in value.values)
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, int):
            return format_number(value, self.locale)
        if isinstance(value, float):
            return format_fixed(value, self.locale, 1)
        return value

    def sentence(self, said: Sentence) -> Markup:
        """The sentence, its parameters escaped; a checklist item in emphasis."""
        params: dict[str, Any] = {}
        for name, value in said.params.items():
            shown = escape(self.text(value))
            params[name] = Markup("<em>%s</em>") % shown if isinstance(value, Item) else shown
        return escape(self.gettext(said.template)) % params

    def plain(self, said: Sentence) -> str:
        """The sentence as text (a PDF, a test)."""
        return self.gettext(said.template) % {k: self.text(v) for k, v in said.params.items()}

    def rows(self, found: list[Change]) -> list[Row]:
        return [
            Row(
                self.gettext(c.label),
                None if c.before is None else self.text(c.before),
                self.text(c.after),
            )
            for c in found
        ]


def _people(values: Sequence[Param]) -> tuple[set[int], set[str]]:
    people = [v for v in values if isinstance(v, Person)]
    return {p.user_id for p in people if p.user_id is not None}, {p.email for p in people}


def _members(values: Sequence[Param]) -> set[int]:
    return {v.actor_id for v in values if isinstance(v, Member) and v.actor_id is not None}


def readable(
    session: Session, found: Timeline, locale: str, *, model_version: str | None = None
) -> TimelineView:
    """The timeline in `locale`: two queries (people's names, actor-register names)."""
    said = [(entry, sentence(entry)) for entry in found.entries]
    params = [p for _, s in said for p in s.params.values()]
    ids, emails = _people(params)
    users = audit_queries.user_names(session, ids | {i for i, _ in found.people}, emails)
    members = audit_queries.member_names(session, _members(params))
    namer = Namer(locale, users=users, members=members, model_version=model_version)
    rows = [
        Readable(
            entry,
            namer.text(s.params["actor"]),
            namer.sentence(s),
            namer.rows(changes(entry, s.fields)),
        )
        for entry, s in said
    ]
    named = {str(i): users.by_id.get(i) or email for i, email in found.people}
    people = sorted(named.items(), key=lambda p: p[1].casefold())
    kinds = [(k, namer.gettext(KINDS[k][0] if k in KINDS else OTHER_LABEL)) for k in found.kinds]
    return TimelineView(rows, people, kinds)


@dataclass(frozen=True)
class Exported:
    """An entry of an audit pack's initiative.json, read like the model."""

    action: str
    actor: str
    actor_id: int | None
    target_type: str
    target_id: str
    phase: str | None
    before: Any
    after: Any

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Exported:
        fields: dict[str, Any] = {name: data.get(name) for name in cls.__dataclass_fields__}
        return cls(**fields)


def exported_sentences(
    session: Session | None,
    entries: Sequence[Mapping[str, Any]],
    locale: str,
    *,
    model_version: str | None = None,
) -> list[tuple[str, str]]:
    """(who, sentence) of each exported entry, as text; without a session, people are
    named as the log wrote them."""
    said = [sentence(Exported.of(data)) for data in entries]
    params = [p for s in said for p in s.params.values()]
    ids, emails = _people(params)
    users = audit_queries.user_names(session, ids, emails) if session else NO_NAMES
    members = audit_queries.member_names(session, _members(params)) if session else {}
    namer = Namer(locale, users=users, members=members, model_version=model_version)
    return [(namer.text(s.params["actor"]), namer.plain(s)) for s in said]
