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

from app.audit.changes import (
    actor_import,
    as_dict,
    as_int,
    assessment,
    comment,
    decide,
    evidence_add,
    item_update,
    locale,
    phase_of,
    quoted,
    role,
    target_date,
    target_person,
    transition,
)
from app.audit.params import EntryLike, Item, Label, Member, Param, Person, Sentence, Words
from app.audit.vocabulary import fallback
from app.domain.permissions import Role
from app.excellence.rules import LabelLevel, ReadinessArea
from app.labels import N_
from app.support.rules import SupportKind


def actor_of(entry: EntryLike) -> Param:
    if entry.actor_id is None and entry.actor == "system":
        return Words(N_("The system"))
    return Person(entry.actor_id, entry.actor)


# --- the table ------------------------------------------------------------------------


def _says(
    template: str, fields: tuple[str, ...] | None = None, **params: Callable[[EntryLike], Param]
) -> Callable[[EntryLike], Sentence]:
    """A sentence whose words are fixed; each parameter is read from the entry."""

    def sentence(e: EntryLike) -> Sentence:
        return Sentence(template, {name: read(e) for name, read in params.items()}, fields)

    return sentence


def _after(key: str) -> Callable[[EntryLike], Param]:
    return lambda e: quoted(as_dict(e.after).get(key))


def _person(e: EntryLike) -> Param:
    return target_person(e)


def _target(e: EntryLike) -> Param:
    return e.target_id


def _entry_phase(e: EntryLike) -> Param:
    return phase_of(e.phase)


def _shared_item(side: str) -> Callable[[EntryLike], Param]:
    # The item a piece of evidence was attached to or detached from (app/evidence/sharing.py).
    return lambda e: Item(str(as_dict(getattr(e, side)).get("item") or ""))


SENTENCES: dict[str, Callable[[EntryLike], Sentence]] = {
    # Initiatives, items and phases
    "initiative.create": _says(
        N_("%(actor)s created the initiative %(name)s"), ("region", "sector"), name=_after("name")
    ),
    "initiative.update": _says(N_("%(actor)s changed the initiative's details")),
    "item.update": item_update,
    "item.target_date": target_date,
    "transition.advance": transition(N_("%(actor)s moved the initiative from %(from)s to %(to)s")),
    "transition.step_back": transition(
        N_("%(actor)s stepped the initiative back from %(from)s to %(to)s")
    ),
    "transition.close": transition(N_("%(actor)s closed the initiative in %(from)s")),
    "transition.reopen": transition(N_("%(actor)s reopened the initiative in %(to)s")),
    "model_version.move": _says(
        N_("%(actor)s moved the initiative to version %(version)s of the phase model"),
        ("added", "removed", "changed"),
        version=_after("model_version"),
    ),
    # Gate reviews, conditions and evidence
    "review.request": _says(
        N_("%(actor)s requested a gate review of %(phase)s"), ("note",), phase=_entry_phase
    ),
    "review.decide": decide,
    "review.withdraw": _says(
        N_("The gate review of %(phase)s was withdrawn when %(actor)s moved the initiative"),
        (),
        phase=_entry_phase,
    ),
    "condition.add": _says(
        N_("%(actor)s set the condition “%(text)s”"), ("owner", "due_on"), text=_after("text")
    ),
    "condition.close": _says(N_("%(actor)s closed a condition"), ("note",)),
    "evidence.add": evidence_add,
    "evidence.withdraw": _says(N_("%(actor)s withdrew a piece of evidence"), ("reason",)),
    "evidence.attach": _says(
        N_("%(actor)s attached a piece of evidence to %(item)s"), (), item=_shared_item("after")
    ),
    "evidence.detach": _says(
        N_("%(actor)s detached a piece of evidence from %(item)s"), (), item=_shared_item("before")
    ),
    "comment.add": comment,
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
        member=lambda e: Member(as_int(e.target_id)),
    ),
    "actor.import": actor_import,
    "assessment.record": assessment,
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
        kind=lambda e: Label(SupportKind, str(as_dict(e.after).get("kind"))),
    ),
    "label.record": _says(
        N_("%(actor)s recorded a Cluster Excellence label: %(level)s"),
        ("awarded_on", "valid_until", "assessing_organisation"),
        level=lambda e: Label(LabelLevel, str(as_dict(e.after).get("level"))),
    ),
    "readiness_note.add": _says(
        N_("%(actor)s wrote a readiness note on %(area)s"),
        ("text",),
        area=lambda e: Label(ReadinessArea, str(as_dict(e.after).get("area"))),
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
        role=lambda e: Label(Role, str(as_dict(e.after).get("role"))),
    ),
    "user.invite": _says(
        N_("%(actor)s invited %(name)s to Klusterfas"), ("role",), name=_after("name")
    ),
    "user.invite_withdraw": _says(
        N_("%(actor)s withdrew the invitation of %(name)s"), (), name=_after("name")
    ),
    "user.role": role,
    "user.locale": locale,
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
