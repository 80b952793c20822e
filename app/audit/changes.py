"""Sentences of the audit log whose words depend on what changed (a tick or a reopening,
a file or a link), and the readers of an entry's fields that sentences.py shares."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.audit.params import Day, EntryLike, Item, Label, Param, Person, Sentence, Words
from app.domain.evidence import EvidenceKind
from app.domain.items import ItemStatus
from app.domain.permissions import Role
from app.domain.reviews import ReviewOutcome
from app.labels import N_
from app.phases import Phase


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_int(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


def target_person(entry: EntryLike) -> Person:
    """The user an entry is about: its target is the user's e-mail (or, once, the id)."""
    user_id = as_int(entry.target_id)
    if user_id is not None:
        email = as_dict(entry.after).get("email") or as_dict(entry.before).get("email")
        return Person(user_id, str(email or ""))
    return Person(None, entry.target_id)


def phase_of(value: object) -> Param:
    return Label(Phase, str(value)) if value else Words(N_("an unknown phase"))


def quoted(value: object) -> str:
    return str(value or "").strip()


def item_update(e: EntryLike) -> Sentence:
    before, after = as_dict(e.before), as_dict(e.after)
    item = {"item": Item(e.target_id)}
    status, was = after.get("status"), before.get("status")
    if status == was and before.get("needs_confirmation") and not after.get("needs_confirmation"):
        return Sentence(N_("%(actor)s confirmed %(item)s"), item)
    if status != was and status == ItemStatus.DONE:
        return Sentence(N_("%(actor)s marked %(item)s as done"), item)
    if status != was and status == ItemStatus.NOT_APPLICABLE:
        return Sentence(N_("%(actor)s marked %(item)s as not applicable"), item)
    if status != was and status == ItemStatus.OPEN:
        return Sentence(N_("%(actor)s reopened %(item)s"), item)
    return Sentence(N_("%(actor)s updated %(item)s"), item)


def target_date(e: EntryLike) -> Sentence:
    target = as_dict(e.after).get("target_date")
    if not target:
        return Sentence(
            N_("%(actor)s removed the target date of %(item)s"), {"item": Item(e.target_id)}
        )
    params: dict[str, Param] = {"item": Item(e.target_id), "date": Day(str(target))}
    return Sentence(N_("%(actor)s set the target date of %(item)s to %(date)s"), params, ())


def transition(template: str) -> Callable[[EntryLike], Sentence]:
    def sentence(e: EntryLike) -> Sentence:
        moves = {
            "from": phase_of(as_dict(e.before).get("phase")),
            "to": phase_of(as_dict(e.after).get("phase")),
        }
        return Sentence(template, moves, ("reason",))

    return sentence


def evidence_add(e: EntryLike) -> Sentence:
    after = as_dict(e.after)
    params: dict[str, Param] = {"item": Item(str(after.get("item") or ""))}
    shown = ("url", "effective_on", "expires_on")
    if after.get("kind") == EvidenceKind.FILE:
        params["file"] = str(after.get("file_name") or "")
        return Sentence(N_("%(actor)s added the document %(file)s to %(item)s"), params, shown)
    if after.get("kind") == EvidenceKind.LINK:
        return Sentence(N_("%(actor)s added a link to %(item)s"), params, shown)
    return Sentence(N_("%(actor)s added a written statement to %(item)s"), params, ("note", *shown))


def decide(e: EntryLike) -> Sentence:
    after = as_dict(e.after)
    params = {
        "outcome": Label(ReviewOutcome, str(after.get("outcome"))),
        "phase": phase_of(e.phase),
    }
    return Sentence(N_("%(actor)s decided %(outcome)s for %(phase)s"), params, ("rationale",))


def role(e: EntryLike) -> Sentence:
    params: dict[str, Param] = {
        "person": target_person(e),
        "before": Label(Role, str(as_dict(e.before).get("role"))),
        "after": Label(Role, str(as_dict(e.after).get("role"))),
    }
    return Sentence(
        N_("%(actor)s changed the role of %(person)s from %(before)s to %(after)s"), params, ()
    )


LANGUAGES = {"sv": N_("Swedish"), "en": N_("English")}


def locale(e: EntryLike) -> Sentence:
    chosen = str(as_dict(e.after).get("locale"))
    language = {"language": Words(LANGUAGES[chosen]) if chosen in LANGUAGES else chosen}
    if e.target_id in (e.actor, str(e.actor_id)):
        return Sentence(N_("%(actor)s chose %(language)s as their language"), language, ())
    params = {**language, "person": target_person(e)}
    return Sentence(N_("%(actor)s set the language of %(person)s to %(language)s"), params, ())


def actor_import(e: EntryLike) -> Sentence:
    count = len(as_dict(e.after).get("actors") or [])
    if count == 1:
        return Sentence(N_("%(actor)s imported one actor from a file"), {}, ())
    return Sentence(N_("%(actor)s imported %(count)s actors from a file"), {"count": count}, ())


def assessment(e: EntryLike) -> Sentence:
    after = as_dict(e.after)
    params = {"date": Day(str(after.get("assessed_on") or "")), "level": after.get("level") or 0}
    template = N_(
        "%(actor)s recorded an internationalisation self-assessment of %(date)s: "
        "level %(level)s of 7"
    )
    return Sentence(template, params, ())


def comment(e: EntryLike) -> Sentence:
    item = as_dict(e.after).get("item_key")
    if item:
        return Sentence(N_("%(actor)s commented on %(item)s"), {"item": Item(str(item))}, ("body",))
    return Sentence(N_("%(actor)s wrote a comment"), {}, ("body",))
