"""What a feature's rules raise for one thing wrong in what was sent. Pure."""

from __future__ import annotations


class InvalidField(ValueError):
    """One problem, named by its field and a stable code (app/messages.py says it)."""

    def __init__(self, field: str, message: str, code: str, **params: object) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.code = code
        self.params = params
