"""What an audit entry says, as a sentence: one table keyed by action code.

Pure: each entry of SENTENCES reads the entry's before and after and returns a template
(an English msgid marked with N_, filled in with `%(name)s`) and its parameters as
references (a person, a checklist item, an enum member, a date); app/audit/timeline.py
names them in the reader's language. An action code without an entry of its own gets a
generic sentence from its last word and target type ("Sara added a grant"), so a new
kind of entry is readable before anyone writes its sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.audit.params import Day, EntryLike, Item, Label, Member, Param, Person, Sentence, Words
from app.audit.vocabulary import fallback
from app.domain.evidence import EvidenceKind
from app.domain.items import ItemStatus
from app.domain.permissions import Role
from app.domain.reviews import ReviewOutcome
from app.excellence.rules import LabelLevel, ReadinessArea
from app.labels import N_
from app.phases import Phase
from app.support.rules import SupportKind


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


def actor_of(entry: EntryLike) -> Param:
    if entry.actor_id is None and entry.actor == "system":
        return Words(N_("The system"))
    return Person(entry.actor_id, entry.actor)


def _target_person(entry: EntryLike) -> Person:
    """The user an entry is about: its target is the user's e-mail (or, once, the id)."""
    user_id = _int(entry.target_id)
    if user_id is not None:
        email = _dict(entry.after).get("email") or _dict(entry.before).get("email")
        return Person(user_id, str(email or ""))
    return Person(None, entry.target_id)


def _phase(value: object) -> Param:
    return Label(Phase, str(value)) if value else Words(N_("an unknown phase"))


def _quoted(value: object) -> str:
    return str(value or "").strip()


# --- sentences whose words depend on what changed -----------------------------------


def _item_update(e: EntryLike) -> Sentence:
    before, after = _dict(e.before), _dict(e.after)
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


def _target_date(e: EntryLike) -> Sentence:
    target = _dict(e.after).get("target_date")
    if not target:
        return Sentence(
            N_("%(actor)s removed the target date of %(item)s"), {"item": Item(e.target_id)}
        )
    params: dict[str, Param] = {"item": Item(e.target_id), "date": Day(str(target))}
    return Sentence(N_("%(actor)s set the target date of %(item)s to %(date)s"), params, ())


def _transition(template: str) -> Callable[[EntryLike], Sentence]:
    def sentence(e: EntryLike) -> Sentence:
        moves = {
            "from": _phase(_dict(e.before).get("phase")),
            "to": _phase(_dict(e.after).get("phase")),
        }
        return Sentence(template, moves, ("reason",))

    return sentence


def _evidence_add(e: EntryLike) -> Sentence:
    after = _dict(e.after)
    params: dict[str, Param] = {"item": Item(str(after.get("item") or ""))}
    shown = ("url", "effective_on", "expires_on")
    if after.get("kind") == EvidenceKind.FILE:
        params["file"] = str(after.get("file_name") or "")
        return Sentence(N_("%(actor)s added the document %(file)s to %(item)s"), params, shown)
    if after.get("kind") == EvidenceKind.LINK:
        return Sentence(N_("%(actor)s added a link to %(item)s"), params, shown)
    return Sentence(N_("%(actor)s added a written statement to %(item)s"), params, ("note", *shown))


def _decide(e: EntryLike) -> Sentence:
    after = _dict(e.after)
    params = {"outcome": Label(ReviewOutcome, str(after.get("outcome"))), "phase": _phase(e.phase)}
    return Sentence(N_("%(actor)s decided %(outcome)s for %(phase)s"), params, ("rationale",))


def _role(e: EntryLike) -> Sentence:
    params: dict[str, Param] = {
        "person": _target_person(e),
        "before": Label(Role, str(_dict(e.before).get("role"))),
        "after": Label(Role, str(_dict(e.after).get("role"))),
    }
    return Sentence(
        N_("%(actor)s changed the role of %(person)s from %(before)s to %(after)s"), params, ()
    )


LANGUAGES = {"sv": N_("Swedish"), "en": N_("English")}


def _locale(e: EntryLike) -> Sentence:
    chosen = str(_dict(e.after).get("locale"))
    language = {"language": Words(LANGUAGES[chosen]) if chosen in LANGUAGES else chosen}
    if e.target_id in (e.actor, str(e.actor_id)):
        return Sentence(N_("%(actor)s chose %(language)s as their language"), language, ())
    params = {**language, "person": _target_person(e)}
    return Sentence(N_("%(actor)s set the language of %(person)s to %(language)s"), params, ())


def _actor_import(e: EntryLike) -> Sentence:
    count = len(_dict(e.after).get("actors") or [])
    if count == 1:
        return Sentence(N_("%(actor)s imported one actor from a file"), {}, ())
    return Sentence(N_("%(actor)s imported %(count)s actors from a file"), {"count": count}, ())


def _assessment(e: EntryLike) -> Sentence:
    after = _dict(e.after)
    params = {"date": Day(str(after.get("assessed_on") or "")), "level": after.get("level") or 0}
    template = N_(
        "%(actor)s recorded an internationalisation self-assessment of %(date)s: "
        "level %(level)s of 7"
    )
    return Sentence(template, params, ())


# --- the table ------------------------------------------------------------------------


def _says(
    template: str, fields: tuple[str, ...] | None = None, **params: Callable[[EntryLike], Param]
) -> Callable[[EntryLike], Sentence]:
    """A sentence whose words are fixed; each parameter is read from the entry."""

    def sentence(e: EntryLike) -> Sentence:
        return Sentence(template, {name: read(e) for name, read in params.items()}, fields)

    return sentence


def _after(key: str) -> Callable[[EntryLike], Param]:
    return lambda e: _quoted(_dict(e.after).get(key))


def _person(e: EntryLike) -> Param:
    return _target_person(e)


def _target(e: EntryLike) -> Param:
    return e.target_id


def _entry_phase(e: EntryLike) -> Param:
    return _phase(e.phase)


def _comment(e: EntryLike) -> Sentence:
    item = _dict(e.after).get("item_key")
    if item:
        return Sentence(N_("%(actor)s commented on %(item)s"), {"item": Item(str(item))}, ("body",))
    return Sentence(N_("%(actor)s wrote a comment"), {}, ("body",))


SENTENCES: dict[str, Callable[[EntryLike], Sentence]] = {
    # Initiatives, items and phases
    "initiative.create": _says(
        N_("%(actor)s created the initiative %(name)s"), ("region", "sector"), name=_after("name")
    ),
    "initiative.update": _says(N_("%(actor)s changed the initiative's details")),
    "item.update": _item_update,
    "item.target_date": _target_date,
    "transition.advance": _transition(N_("%(actor)s moved the initiative from %(from)s to %(to)s")),
    "transition.step_back": _transition(
        N_("%(actor)s stepped the initiative back from %(from)s to %(to)s")
    ),
    "transition.close": _transition(N_("%(actor)s closed the initiative in %(from)s")),
    "transition.reopen": _transition(N_("%(actor)s reopened the initiative in %(to)s")),
    "model_version.move": _says(
        N_("%(actor)s moved the initiative to version %(version)s of the phase model"),
        ("added", "removed", "changed"),
        version=_after("model_version"),
    ),
    # Gate reviews, conditions and evidence
    "review.request": _says(
        N_("%(actor)s requested a gate review of %(phase)s"), ("note",), phase=_entry_phase
    ),
    "review.decide": _decide,
    "review.withdraw": _says(
        N_("The gate review of %(phase)s was withdrawn when %(actor)s moved the initiative"),
        (),
        phase=_entry_phase,
    ),
    "condition.add": _says(
        N_("%(actor)s set the condition “%(text)s”"), ("owner", "due_on"), text=_after("text")
    ),
    "condition.close": _says(N_("%(actor)s closed a condition"), ("note",)),
    "evidence.add": _evidence_add,
    "evidence.withdraw": _says(N_("%(actor)s withdrew a piece of evidence"), ("reason",)),
    "comment.add": _comment,
    "comment.edit": _says(N_("%(actor)s edited a comment"), ("body",)),
    # Who has access
    "funder.add": _says(N_("%(actor)s gave %(person)s access as a funder"), (), person=_person),
    "funder.remove": _says(N_("%(actor)s removed %(person)s as a funder"), (), person=_person),
    "member.add": _says(
        N_("%(actor)s added %(person)s to the process-leadership group"), (), person=_person
    ),
    "member.remove": _says(
        N_("%(actor)s removed %(person)s from the process-leadership group"), (), person=_person
    ),
    "auditor_link.create": _says(
        N_("%(actor)s created an auditor link for %(label)s"),
        ("expires_at",),
        label=_after("label"),
    ),
    "auditor_link.revoke": _says(N_("%(actor)s revoked an auditor link"), ()),
    # The actor register and internationalisation
    "actor.add": _says(
        N_("%(actor)s added %(name)s to the actor register"),
        ("organisation_number", "type", "helix_side", "joined_on"),
        name=_after("name"),
    ),
    "actor.leave": _says(
        N_("%(actor)s recorded that %(member)s left"),
        ("left_on",),
        member=lambda e: Member(_int(e.target_id)),
    ),
    "actor.import": _actor_import,
    "assessment.record": _assessment,
    "programme.measure.add": _says(
        N_("%(actor)s added the internationalisation measure %(title)s"),
        ("direction", "owner", "due_on"),
        title=_after("title"),
    ),
    "programme.indicator.update": _says(
        N_("%(actor)s updated the indicator %(name)s"),
        ("baseline", "target", "actual"),
        name=_after("name"),
    ),
    "programme.review.add": _says(
        N_("%(actor)s recorded a review of the internationalisation programme"),
        ("reviewed_on", "body"),
    ),
    # Financing, support and Cluster Excellence labels
    "funding_organisation.add": _says(
        N_("%(actor)s added the funding organisation %(name)s"), (), name=_after("name")
    ),
    "grant.add": _says(
        N_("%(actor)s recorded a grant from %(funder)s"),
        ("programme", "amount_sek", "starts_on", "ends_on"),
        funder=_after("funder"),
    ),
    "support_activity.record": _says(
        N_("%(actor)s recorded a support activity: %(kind)s"),
        ("on", "hours", "cost_sek", "item_key", "note"),
        kind=lambda e: Label(SupportKind, str(_dict(e.after).get("kind"))),
    ),
    "label.record": _says(
        N_("%(actor)s recorded a Cluster Excellence label: %(level)s"),
        ("awarded_on", "valid_until", "assessing_organisation"),
        level=lambda e: Label(LabelLevel, str(_dict(e.after).get("level"))),
    ),
    "readiness_note.add": _says(
        N_("%(actor)s wrote a readiness note on %(area)s"),
        ("text",),
        area=lambda e: Label(ReadinessArea, str(_dict(e.after).get("area"))),
    ),
    # People, their accounts and settings
    "initiative.edit": _says(
        N_("%(actor)s changed the name, region or sector of the initiative"),
        ("name", "region", "sector"),
    ),
    "region.add": _says(N_("%(actor)s added the region %(name)s"), (), name=_after("name")),
    "region.rename": _says(N_("%(actor)s renamed a region"), ("name",)),
    "region.stalled_after_days": _says(
        N_("%(actor)s set when an initiative in %(region)s counts as stalled"),
        ("stalled_after_days",),
        region=lambda e: e.target_id,
    ),
    "user.add": _says(
        N_("%(actor)s added %(name)s as a user with the role %(role)s"),
        (),
        name=_after("name"),
        role=lambda e: Label(Role, str(_dict(e.after).get("role"))),
    ),
    "user.invite": _says(
        N_("%(actor)s invited %(name)s to Klusterfas"), ("role",), name=_after("name")
    ),
    "user.role": _role,
    "user.locale": _locale,
    "user.notifications": _says(N_("%(actor)s changed their e-mail settings"), ()),
    "user.password": _says(N_("%(actor)s changed a password"), ()),
    "user.logout": _says(N_("%(actor)s logged out"), ()),
    "user.deactivate": _says(
        N_("%(actor)s deactivated the account of %(person)s"), ("tokens_revoked",), person=_person
    ),
    "user.reactivate": _says(
        N_("%(actor)s reactivated the account of %(person)s"), (), person=_person
    ),
    "token.create": _says(N_("%(actor)s created an API token"), ()),
    "token.revoke": _says(N_("%(actor)s revoked an API token"), ()),
    # Klusterfas's own background work
    "job.lease": _says(N_("%(actor)s started the background job %(job)s"), (), job=_target),
    "job.release": _says(N_("%(actor)s finished the background job %(job)s"), (), job=_target),
}


def sentence(entry: EntryLike) -> Sentence:
    """The entry's sentence; its `actor` parameter is who did it."""
    made = SENTENCES.get(entry.action, fallback)(entry)
    return Sentence(made.template, {"actor": actor_of(entry), **made.params}, made.fields)
