"""What a feature's rules raise for what was sent: one thing wrong, or every problem at
once. Pure."""

from __future__ import annotations


class InvalidField(ValueError):
    """One problem, named by its field and a stable code (app/messages.py says it)."""

    def __init__(self, field: str, message: str, code: str, **params: object) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.code = code
        self.params = params


class InvalidFields(ValueError):
    """Every problem at once: field -> message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors
