from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    Enum,
)

from app import clock


def enum_column(enum: type[StrEnum], *, length: int = 20) -> Enum:
    # Stored as plain strings (checked by explicit constraints), loaded as enums.
    return Enum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


def utcnow() -> datetime:
    return clock.utc_now()  # the demo's history runs as of a past moment
