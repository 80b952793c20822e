"""Each audit entry reads as a sentence, in Swedish and in English: every action code the
app writes has one, and a code without one still reads as words."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.access import services as access_services
from app.audit.fields import changes
from app.audit.params import Person
from app.audit.queries import Names
from app.audit.readable import Namer
from app.audit.sentences import SENTENCES, sentence
from app.audit.vocabulary import KINDS, OTHER_KIND, kind_of, reason_words
from app.domain.workflow import Trigger
from app.i18n import translations
from app.phases import Phase, get_model
from tests.conftest import REPO_ROOT

APP = REPO_ROOT / "app"
MODEL = get_model()
CLEAR_GOALS = next(i for i in MODEL.items if i.text.sv.startswith("Tydliga mål"))

# What the f-strings of the app's action codes can be; a new f-string must be taught here.
F_STRINGS = {
    "f'{group.action}.add'": [f"{g.action}.add" for g in (access_services.FUNDERS,
                                                          access_services.LEADERSHIP)],
    "f'{group.action}.remove'": [f"{g.action}.remove" for g in (access_services.FUNDERS,
                                                                access_services.LEADERSHIP)],
    "f'transition.{trigger.value}'": [f"transition.{t.value}" for t in Trigger],
}  # fmt: skip


@dataclass
class Entry:
    action: str
    actor: str = "lars@example.se"
    actor_id: int | None = 1
    target_type: str = "item"
    target_id: str = CLEAR_GOALS.key
    phase: str | None = Phase.STARTING_POINT.value
    before: Any = None
    after: Any = None


NAMES = Names(
    {1: "Lars Processledare", 2: "Sara Stödfunktion"},
    {"lars@example.se": "Lars Processledare", "frida@example.se": "Frida Finansiär"},
)


def say(entry: Entry, locale: str = "sv") -> str:
    return Namer(locale, users=NAMES, members={7: "Väveriet AB"}).plain(sentence(entry))


def _record_calls(tree: ast.AST) -> Iterator[ast.Call]:
    """Calls of the audit log's record(), however it was imported."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "record":
            if isinstance(func.value, ast.Name) and func.value.id in {"audit_log", "log"}:
                yield node
        elif isinstance(func, ast.Name) and func.id in {"record_audit", "audit_record"}:
            yield node


def _codes(value: ast.expr, tree: ast.Module, call: ast.Call) -> list[str]:
    """The action codes an `action=` argument can be."""
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return [value.value]
    if isinstance(value, ast.IfExp):
        return _codes(value.body, tree, call) + _codes(value.orelse, tree, call)
    if isinstance(value, ast.JoinedStr):
        source = ast.unparse(value)
        assert source in F_STRINGS, f"teach F_STRINGS the codes {source} can be"
        return F_STRINGS[source]
    if isinstance(value, ast.Name):
        # A helper that passes its own `action` parameter on: the codes its callers give.
        helper = next(
            f
            for f in ast.walk(tree)
            if isinstance(f, ast.FunctionDef)
            and any(a.arg == value.id for a in (*f.args.args, *f.args.kwonlyargs))
            and call in ast.walk(f)
        )
        position = [a.arg for a in helper.args.args].index(value.id)
        found: list[str] = []
        for other in ast.walk(tree):
            if isinstance(other, ast.Call) and getattr(other.func, "id", None) == helper.name:
                given = [k.value for k in other.keywords if k.arg == value.id]
                args = given or other.args[position : position + 1]
                for arg in args:
                    found += _codes(arg, tree, other)
        return found
    raise AssertionError(f"an action code this test cannot read: {ast.unparse(value)}")


def written_codes() -> dict[str, str]:
    """Every action code the app writes to the audit log, with where it is written."""
    codes: dict[str, str] = {}
    for path in sorted(APP.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in _record_calls(tree):
            action = next((k.value for k in call.keywords if k.arg == "action"), None)
            if action is None:
                continue
            for code in _codes(action, tree, call):
                codes.setdefault(code, f"{path.relative_to(REPO_ROOT)}:{call.lineno}")
    return codes


def test_the_scan_finds_the_codes_it_must() -> None:
    found = written_codes()
    assert {"item.update", "review.decide", "transition.advance", "funder.add",
            "member.remove", "actor.leave", "actor.import"} <= set(found)  # fmt: skip


def test_every_action_code_the_app_writes_has_a_sentence() -> None:
    missing = {code: where for code, where in written_codes().items() if code not in SENTENCES}
    assert missing == {}, "add these to SENTENCES in app/audit/sentences.py"


@pytest.mark.parametrize("code", sorted(SENTENCES))
def test_every_sentence_reads_in_both_languages(code: str) -> None:
    entry = Entry(code, before={"status": "open"}, after={"status": "done", "name": "X"})
    said = sentence(entry)
    assert "%(actor)s" in said.template
    swedish = translations("sv").gettext(said.template)
    assert swedish != said.template, f"no Swedish for {said.template!r}"
    assert set(re.findall(r"%\((\w+)\)s", swedish)) == set(
        re.findall(r"%\((\w+)\)s", said.template)
    )
    for locale in ("sv", "en"):
        text = say(entry, locale)
        assert code not in text and "%(" not in text and text.strip()


def test_a_tick_reads_as_the_issue_asks() -> None:
    tick = Entry("item.update", before={"status": "open"}, after={"status": "done", "note": "ok"})
    assert say(tick) == f"Lars Processledare markerade {CLEAR_GOALS.text.sv} som klar"
    assert say(tick, "en") == f"Lars Processledare marked {CLEAR_GOALS.text.en} as done"
    html = Namer("sv", users=NAMES, members={}).sentence(sentence(tick))
    assert f"<em>{CLEAR_GOALS.text.sv}</em>" in html


def test_the_words_of_a_tick_follow_what_changed() -> None:
    def tick(before: dict[str, Any], after: dict[str, Any]) -> str:
        return say(Entry("item.update", before=before, after=after))

    assert tick({"status": "open"}, {"status": "not_applicable"}).endswith("som ej tillämplig")
    assert "öppnade" in tick({"status": "done"}, {"status": "open"})
    confirmed = tick(
        {"status": "done", "needs_confirmation": True},
        {"status": "done", "needs_confirmation": False},
    )
    assert confirmed.startswith("Lars Processledare bekräftade")
    assert "uppdaterade" in tick({"status": "done", "note": "a"}, {"status": "done", "note": "b"})


def test_a_decision_reads_as_the_issue_asks() -> None:
    decided = Entry(
        "review.decide",
        actor="sara@example.se",
        actor_id=2,
        target_type="gate_review",
        target_id="4",
        phase=Phase.INITIATION.value,
        before={"status": "requested"},
        after={"outcome": "conditional_go", "rationale": "Bra", "snapshot_sha256": "ab" * 32},
    )
    assert say(decided) == "Sara Stödfunktion beslutade Villkorat ja för Initiering"
    rows = Namer("sv", users=NAMES, members={}).rows(changes(decided, sentence(decided).fields))
    assert [(r.label, r.before, r.after) for r in rows] == [("Motivering", None, "Bra")]


def test_people_are_named_not_by_e_mail() -> None:
    added = Entry("funder.add", target_type="user", target_id="frida@example.se",
                  after={"email": "frida@example.se", "name": "Frida Finansiär"})  # fmt: skip
    assert say(added) == "Lars Processledare gav Frida Finansiär åtkomst som finansiär"
    unknown = Entry("funder.remove", target_type="user", target_id="borta@example.se")
    assert "borta@example.se" in say(unknown)  # nobody by that address any more
    system = Entry("job.lease", actor="system", actor_id=None, target_type="job",
                   target_id="digest")  # fmt: skip
    assert say(system).startswith("Systemet ")
    left = Entry("actor.leave", target_type="actor", target_id="7", after={"left_on": "2026-02-01"})
    assert say(left) == "Lars Processledare registrerade att Väveriet AB lämnade initiativet"


def test_changes_are_labelled_with_before_and_after_in_the_locale() -> None:
    update = Entry(
        "item.update",
        before={"status": "open", "note": None, "needs_confirmation": False},
        after={"status": "done", "note": "Protokoll 12 345", "needs_confirmation": False},
    )
    namer = Namer("sv", users=NAMES, members={})
    rows = namer.rows(changes(update, sentence(update).fields))
    assert [(r.label, r.before, r.after) for r in rows] == [
        ("Status", "Öppen", "Klar"),
        ("Anteckning", None, "Protokoll 12 345"),
    ]
    money = {"funder": "Vinnova", "amount_sek": 1250000, "starts_on": "2026-01-15"}
    grant = Entry("grant.add", target_type="grant", target_id="3", after=money)
    rows = namer.rows(changes(grant, sentence(grant).fields))
    assert ("Belopp", None, "1\xa0250\xa0000\xa0kr") in [(r.label, r.before, r.after) for r in rows]
    english = Namer("en", users=NAMES, members={}).rows(changes(grant, sentence(grant).fields))
    assert ("Starts", None, "15 Jan 2026") in [(r.label, r.before, r.after) for r in english]


def test_hashes_stay_out_of_the_changes() -> None:
    evidence = Entry("evidence.add", target_type="evidence", target_id="9",
                     after={"item": CLEAR_GOALS.key, "kind": "file", "file_name": "p.pdf",
                            "sha256": "ab" * 32, "effective_on": "2026-01-15"})  # fmt: skip
    said = sentence(evidence)
    rows = Namer("sv", users=NAMES, members={}).rows(changes(evidence, said.fields))
    assert all("ab" * 32 not in (r.after or "") for r in rows)
    assert say(evidence) == (
        f"Lars Processledare lade till dokumentet p.pdf som underlag för {CLEAR_GOALS.text.sv}"
    )


def test_an_action_without_a_sentence_still_reads_as_words() -> None:
    new = Entry("grant.archive", target_type="grant", target_id="3", after={"reason": "Slut"})
    assert say(new) == "Lars Processledare ändrade ett bidrag"
    assert say(new, "en") == "Lars Processledare changed a grant"
    removed = Entry("support_activity.remove", target_type="support_activity", target_id="1")
    assert say(removed) == "Lars Processledare tog bort en stödinsats"
    odd = Entry("t", target_type="t", target_id="1", after={"the_field": 1})
    assert say(odd) == "Lars Processledare ändrade en uppgift"
    rows = Namer("en", users=NAMES, members={}).rows(changes(odd))
    assert [(r.label, r.after) for r in rows] == [("The field", "1")]


def test_a_user_is_named_by_id_or_e_mail() -> None:
    namer = Namer("sv", users=NAMES, members={})
    assert namer.text(Person(2, "")) == "Sara Stödfunktion"
    assert namer.text(Person(None, "frida@example.se")) == "Frida Finansiär"
    assert namer.text(Person(None, "")) == "någon"


def test_every_kind_of_event_is_labelled_and_others_fall_to_other() -> None:
    assert kind_of("item.update") == "items" and kind_of("review.decide") == "reviews"
    assert kind_of("something.new") == OTHER_KIND
    for label, _firsts in KINDS.values():
        assert translations("sv").gettext(label) != label


@pytest.mark.parametrize(
    ("reason", "words"),
    [
        ("its content was changed", "dess innehåll har ändrats efter att den skrevs"),
        ("entry 4 is missing", "en post före den saknas"),
        ("the chain head is missing", "uppgiften om den senaste posten saknas"),
        ("the log ends before its recorded head", "de senaste posterna har tagits bort"),
        (None, "den passar inte längre in i kedjan"),
    ],
)
def test_why_a_chain_broke_in_words(reason: str | None, words: str) -> None:
    assert translations("sv").gettext(reason_words(reason)) == words


def test_the_scan_reads_helpers_and_conditional_codes(tmp_path: Path) -> None:
    # The scan would pass vacuously if it missed codes passed through a helper.
    source = (
        "def _audit(session, user, action):\n"
        "    audit_log.record(session, actor=user, action=action)\n"
        "def a(s, u, on):\n"
        "    _audit(s, u, 'x.one')\n"
        "    audit_log.record(s, actor=u, action='x.on' if on else 'x.off')\n"
    )
    tree = ast.parse(source)
    found = [code for call in _record_calls(tree) for code in _codes(
        next(k.value for k in call.keywords if k.arg == "action"), tree, call)]  # fmt: skip
    assert sorted(found) == ["x.off", "x.on", "x.one"]
