"""Validation of required free text, shared by every use-case that takes a name."""

from __future__ import annotations

from app.errors import InvalidInput


def required_text(field: str, value: str | None, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(field, f"The {field} must not be empty.", code="required")
    if len(value) > limit:
        raise InvalidInput(
            field, f"The {field} is longer than {limit} characters.", code="too_long", limit=limit
        )
    return value
