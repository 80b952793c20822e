"""Every labelled enum member, flash code and refusal code has its words in both languages."""

from __future__ import annotations

import ast
import re
from enum import StrEnum
from functools import cache
from types import SimpleNamespace

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from app.access.rules import LinkStatus
from app.actors.vocabulary import ActorType, HelixSide
from app.domain.evidence import EvidenceKind
from app.domain.gates import GATE_CODES
from app.domain.items import ItemStatus, Standing
from app.domain.model_diff import DiffField
from app.domain.permissions import Role
from app.domain.reviews import ReviewOutcome, ReviewStatus
from app.domain.workflow import Trigger
from app.excellence.rules import LabelLevel, ReadinessArea
from app.flashes import Flash
from app.internationalisation.scale import Dimension, KeyDirection
from app.labels import BILINGUAL, LABELS, label
from app.messages import MESSAGES, message
from app.notifications.rules import EmailChoice, NotificationKind
from app.phases import Category, Evidence, Phase
from app.support.rules import SupportKind
from app.web.security import flash
from tests.conftest import REPO_ROOT

SV_PO = REPO_ROOT / "app" / "locale" / "sv" / "LC_MESSAGES" / "messages.po"
APP = REPO_ROOT / "app"

# Every enum whose members a page, an export, a PDF or the digest names.
LABELLED: tuple[type[StrEnum], ...] = (
    Phase,
    Category,
    Role,
    ItemStatus,
    Standing,
    Trigger,
    Evidence,
    EvidenceKind,
    ReviewStatus,
    ReviewOutcome,
    NotificationKind,
    EmailChoice,
    DiffField,
    LinkStatus,
    Flash,
    ActorType,
    HelixSide,
    Dimension,
    KeyDirection,
    SupportKind,
    LabelLevel,
    ReadinessArea,
)


@cache
def _swedish() -> Catalog:
    # messages.po, and every feature's .po beside it (app/i18n.py merges them the same way).
    with SV_PO.open("rb") as handle:
        catalog = read_po(handle, locale="sv")
    for extra in sorted(SV_PO.parent.glob("*.po")):
        if extra != SV_PO:
            with extra.open("rb") as handle:
                for entry in read_po(handle, locale="sv"):
                    if entry.id and entry.string and catalog.get(entry.id) is None:
                        catalog[entry.id] = entry
    return catalog


def _untranslated(msgids: set[str]) -> list[str]:
    catalog = _swedish()
    missing = []
    for msgid in sorted(msgids):
        entry = catalog.get(msgid)
        if entry is None or entry.fuzzy or not entry.string:
            missing.append(msgid)
    return missing


@pytest.mark.parametrize("kind", LABELLED, ids=lambda kind: kind.__name__)
def test_every_member_has_a_label_and_nothing_else_does(kind: type[StrEnum]) -> None:
    names = LABELS.get(kind) or BILINGUAL.get(kind)
    assert names is not None, f"{kind.__name__} has no labels in app/labels.py"
    assert set(names) == set(kind)
    for member in kind:
        for locale in ("sv", "en"):
            assert label(member, locale).strip(), (member, locale)


def test_every_labelled_enum_is_checked_here() -> None:
    assert set(LABELS) | set(BILINGUAL) == set(LABELLED)


def test_every_english_label_has_a_swedish_translation() -> None:
    english = {text for names in LABELS.values() for text in names.values()}
    assert _untranslated(english) == [], "run scripts/update_catalog.sh and translate"


def test_labels_are_said_in_the_readers_language() -> None:
    assert label(Phase.STARTING_POINT, "en") == "Starting point"
    assert label(Phase.STARTING_POINT, "sv") == "Utgångspunkt"
    assert label(ReviewOutcome.CONDITIONAL_GO, "sv") == "Villkorat ja"
    # A plain string names its enum; a value no enum knows is shown as it is.
    assert label("conditional_go", "sv", "ReviewOutcome") == "Villkorat ja"
    assert label("decided:hold", "en", Flash).startswith("Decided: Hold.")
    assert label("teleported", "sv", "Phase") == "teleported"
    assert label(None, "sv") == ""
    # Vocabulary kept in both languages as data.
    assert label(HelixSide.ACADEMIA, "sv") == "Akademi"
    assert label("academia", "en", "HelixSide") == "Academia"


def test_the_same_value_in_two_enums_keeps_two_labels() -> None:
    # Category.SUPPORT and Role.SUPPORT are both "support" but are named differently.
    assert label(Category.SUPPORT, "en") == "Process support"
    assert label(Role.SUPPORT, "en") == "Support officer"


# --- flash codes ------------------------------------------------------------------------


def _flash_calls() -> list[tuple[str, ast.expr]]:
    calls = []
    for path in sorted((APP / "web").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "flash"
                and len(node.args) >= 2
            ):
                calls.append((f"{path.relative_to(REPO_ROOT)}:{node.lineno}", node.args[1]))
    return calls


def test_the_web_layer_flashes_flash_members_not_strings() -> None:
    # flash() takes a Flash (mypy checks the call sites, flash() checks again at run time);
    # a string literal here would be a code that app/labels.py may not know.
    calls = _flash_calls()
    assert len(calls) > 10, "the flash() calls were not found"
    literal = sorted(
        where
        for where, argument in calls
        for node in ast.walk(argument)
        if isinstance(node, ast.JoinedStr)
        or (isinstance(node, ast.Constant) and isinstance(node.value, str))
    )
    assert literal == []


def test_every_trigger_and_outcome_has_its_flash() -> None:
    assert {Flash.moved(trigger) for trigger in Trigger} <= set(Flash)
    assert {Flash.decided(outcome) for outcome in ReviewOutcome} <= set(Flash)


def test_flash_refuses_a_code_without_a_label() -> None:
    request = SimpleNamespace(session={})
    flash(request, Flash.ITEM_SAVED, "success")  # type: ignore[arg-type]
    flash(request, "digest_saved")  # type: ignore[arg-type]
    assert request.session["flash"] == [["success", "item_saved"], ["info", "digest_saved"]]
    with pytest.raises(ValueError, match="item_deleted"):
        flash(request, "item_deleted")  # type: ignore[arg-type]


# --- refusal codes ----------------------------------------------------------------------

SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
GENERIC = {"not_found", "forbidden", "conflict", "invalid_input", "invalid_filter"}


def _raised_codes() -> dict[str, str]:
    """Every literal `code="..."` in app/, with where it is."""
    found = {}
    for path in sorted(APP.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.keyword)
                and node.arg == "code"
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
            ):
                found[node.value.value] = f"{path.relative_to(REPO_ROOT)}:{node.value.lineno}"
    return found


def test_codes_are_short_snake_case_names() -> None:
    codes = set(_raised_codes()) | set(MESSAGES) | set(GATE_CODES)
    assert sorted(c for c in codes if not SNAKE.match(c) or len(c) > 40) == []


def test_every_specific_refusal_code_has_a_message() -> None:
    raised = _raised_codes()
    missing = sorted(
        f"{where}: {code}"
        for code, where in raised.items()
        if code not in MESSAGES and code not in GENERIC
    )
    assert missing == []
    assert set(GATE_CODES) <= set(MESSAGES)


def test_every_message_has_a_swedish_translation() -> None:
    assert _untranslated(set(MESSAGES.values())) == []


def test_messages_fill_in_their_values_in_the_readers_language() -> None:
    assert message("reason_required", "en") == "Write a reason."
    assert message("reason_required", "sv") == "Ange ett skäl."
    assert message("too_long", "sv", params={"limit": 2000}) == "Texten är längre än 2000 tecken."
    # A code without its own message shows the refusal's own words.
    assert message("not_found", "sv", "No initiative 7.") == "No initiative 7."
    # A message whose values are missing falls back rather than failing the page.
    assert message("too_long", "en", "The note is too long.") == "The note is too long."
