"""Rules for actor rows: names, Swedish organisation numbers, types, dates, and when two
rows are the same actor over overlapping periods. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from app.actors.vocabulary import ACTOR_TYPE_NAMES, DEFAULT_HELIX_SIDE, ActorType, HelixSide
from app.domain.invalid import InvalidFields

NAME_MAX = 200
REGION_MAX = 120

_ORG_NUMBER = re.compile(r"^(\d{6})-?(\d{4})$")


class InvalidActor(InvalidFields):
    """Every problem of one row at once: field -> message."""


@dataclass(frozen=True, slots=True)
class ActorInput:
    name: str
    organisation_number: str | None
    region: str
    type: ActorType
    helix_side: HelixSide
    joined_on: date
    left_on: date | None = None


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def organisation_number(value: str) -> str:
    """NNNNNN-NNNN with a valid check digit (Luhn over the ten digits), or ValueError."""
    match = _ORG_NUMBER.match(value.strip())
    if match is None:
        raise ValueError("An organisation number is written NNNNNN-NNNN (ten digits).")
    digits = match.group(1) + match.group(2)
    if not luhn_ok(digits):
        raise ValueError(f"{value.strip()} is not an organisation number: wrong check digit.")
    return f"{match.group(1)}-{match.group(2)}"


def actor_type(value: str) -> ActorType:
    """A type by its code or by its Swedish or English name, in any case."""
    wanted = value.strip().lower()
    for member, name in ACTOR_TYPE_NAMES.items():
        if wanted in {member.value, name.sv.lower(), name.en.lower()}:
            return member
    codes = ", ".join(m.value for m in ActorType)
    raise ValueError(f"Unknown type {value.strip()!r}; use one of {codes}.")


_SIDE_WORDS = {"näringsliv": HelixSide.BUSINESS, "akademi": HelixSide.ACADEMIA}
_SIDE_WORDS |= {"offentlig": HelixSide.PUBLIC, "offentlig sektor": HelixSide.PUBLIC}


def helix_side(value: str) -> HelixSide:
    wanted = value.strip().lower()
    if wanted in _SIDE_WORDS:
        return _SIDE_WORDS[wanted]
    try:
        return HelixSide(wanted)
    except ValueError:
        raise ValueError(
            f"Unknown triple-helix side {value.strip()!r}; use business, academia or public."
        ) from None


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{value.strip()!r} is not a date written YYYY-MM-DD.") from None


def validate_actor(
    *,
    name: str,
    organisation_number_text: str,
    region: str,
    type_text: str,
    helix_side_text: str,
    joined_on_text: str,
    left_on_text: str,
    today: date,
) -> ActorInput:
    """Check one actor as typed (a form or a CSV row); raise InvalidActor with every problem."""
    errors: dict[str, str] = {}
    name, region = name.strip(), region.strip()
    if not name:
        errors["name"] = "The name must not be empty."
    elif len(name) > NAME_MAX:
        errors["name"] = f"The name is longer than {NAME_MAX} characters."
    if not region:
        errors["region"] = "The region must not be empty."
    elif len(region) > REGION_MAX:
        errors["region"] = f"The region is longer than {REGION_MAX} characters."
    number: str | None = None
    if organisation_number_text.strip():
        try:
            number = organisation_number(organisation_number_text)
        except ValueError as error:
            errors["organisation_number"] = str(error)
    kind: ActorType | None = None
    try:
        kind = actor_type(type_text)
    except ValueError as error:
        errors["type"] = str(error)
    side: HelixSide | None = None
    if helix_side_text.strip():
        try:
            side = helix_side(helix_side_text)
        except ValueError as error:
            errors["helix_side"] = str(error)
    elif kind is not None:
        side = DEFAULT_HELIX_SIDE[kind]
    joined: date | None = None
    try:
        joined = _date(joined_on_text)
        if joined > today:
            errors["joined_on"] = "The joining date lies in the future."
    except ValueError as error:
        errors["joined_on"] = str(error)
    left: date | None = None
    if left_on_text.strip():
        try:
            left = leaving_date(left_on_text, joined_on=joined, today=today)
        except ValueError as error:
            errors["left_on"] = str(error)
    if errors or kind is None or side is None or joined is None:
        raise InvalidActor(errors)
    return ActorInput(name, number, region, kind, side, joined, left)


def leaving_date(text: str, *, joined_on: date | None, today: date) -> date:
    """The first day the actor is no longer a member: not before joining, not in the future."""
    left = _date(text)
    if joined_on is not None and left < joined_on:
        raise ValueError("The leaving date lies before the joining date.")
    if left > today:
        raise ValueError("The leaving date lies in the future.")
    return left


class Period(Protocol):
    """An actor's membership period, recorded (a row) or proposed (an ActorInput)."""

    @property
    def name(self) -> str: ...
    @property
    def organisation_number(self) -> str | None: ...
    @property
    def joined_on(self) -> date: ...
    @property
    def left_on(self) -> date | None: ...


def same_actor(actor: Period, other: Period) -> bool:
    """The same organisation number, or without one on either side the same name."""
    if actor.organisation_number and other.organisation_number:
        return actor.organisation_number == other.organisation_number
    return actor.name.lower() == other.name.lower()


def periods_overlap(period: Period, other: Period) -> bool:
    """Two membership periods share a day (`left_on` is the first day no longer a member)."""
    return (other.left_on is None or period.joined_on < other.left_on) and (
        period.left_on is None or other.joined_on < period.left_on
    )
