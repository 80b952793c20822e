"""The refusals every use-case raises; the web layer maps them to HTTP statuses.

Each carries a `code`: a short, stable snake_case name of the reason. Clients and
templates tell reasons apart by it (app/messages.py says it in the user's language);
the English message is for logs and API readers and may be reworded.
"""

from __future__ import annotations


class Refused(Exception):
    code = "refused"

    def __init__(self, message: str = "", *, code: str | None = None, **params: object) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.params = params  # the values a translated message fills in


class NotFound(Refused, LookupError):
    code = "not_found"


class Forbidden(Refused, PermissionError):
    code = "forbidden"


class Conflict(Refused, RuntimeError):
    code = "conflict"


class InvalidInput(Refused, ValueError):
    code = "invalid_input"

    def __init__(
        self, field: str, message: str, *, code: str | None = None, **params: object
    ) -> None:
        super().__init__(message, code=code, **params)
        self.field = field
