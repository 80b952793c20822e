"""What every resource's JSON shares: strict request bodies, dates, people and texts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from app.models.accounts import User
from app.phases import Text


class Body(BaseModel):
    """A request body: an unknown field is refused (422), never silently ignored."""

    model_config = ConfigDict(extra="forbid")


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def email_of(user: User | None) -> str | None:
    return user.email if user else None


def text_json(text: Text) -> dict[str, str]:
    return {"sv": text.sv, "en": text.en}


def listing(items: Sequence[Any]) -> dict[str, Any]:
    """A whole list, with its length."""
    return {"items": items, "total": len(items)}
