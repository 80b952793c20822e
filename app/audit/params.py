"""What an audit entry's sentence is made of: the template and its parameters, each a
reference (a person, an item, an enum member, a date, an amount) that the timeline names
in the reader's language. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol


class EntryLike(Protocol):
    """What a sentence reads of an audit entry (the model, or a row of an export)."""

    @property
    def action(self) -> str: ...
    @property
    def actor(self) -> str: ...
    @property
    def actor_id(self) -> int | None: ...
    @property
    def target_type(self) -> str: ...
    @property
    def target_id(self) -> str: ...
    @property
    def phase(self) -> str | None: ...
    @property
    def before(self) -> Any: ...
    @property
    def after(self) -> Any: ...


@dataclass(frozen=True)
class Person:
    """A user, named by id or e-mail (the log writes either); the e-mail if unknown."""

    user_id: int | None
    email: str


@dataclass(frozen=True)
class Item:
    """A checklist item, named by its text in the reader's language."""

    key: str


@dataclass(frozen=True)
class Member:
    """An organisation of the actor register, named by its id."""

    actor_id: int | None


@dataclass(frozen=True)
class Label:
    """An enum member, by its label (app/labels.py)."""

    kind: type[StrEnum]
    value: str


@dataclass(frozen=True)
class Day:
    """A date (or a moment) as the log stores it, ISO text."""

    value: str


@dataclass(frozen=True)
class Money:
    """Whole kronor."""

    value: float


@dataclass(frozen=True)
class Several:
    """A list, named item by item."""

    values: tuple[Param, ...]


@dataclass(frozen=True)
class Words:
    """A fixed phrase marked with N_, translated where it is shown."""

    msgid: str


Param = str | int | float | Person | Item | Member | Label | Day | Money | Several | Words


@dataclass(frozen=True)
class Sentence:
    template: str
    params: Mapping[str, Param] = field(default_factory=dict)
    # The fields of before/after shown as "before → after" under the sentence; None: all.
    fields: tuple[str, ...] | None = None
