"""Refusals as HTTP: one table of statuses for the domain's refusals, what the JSON API
documents about them, and the one way a page catches those it shows in place."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from app import errors
from app.domain.workflow import TransitionRefused

# The exception handlers (app.web.application) and the pages read the same table.
STATUS: dict[type[Exception], int] = {
    errors.NotFound: 404,
    errors.Forbidden: 403,
    errors.Conflict: 409,
    errors.InvalidInput: 422,
    TransitionRefused: 409,
}


class Problem(BaseModel):
    """Every refusal of the JSON API: `detail` in English, a stable `code`, and for invalid
    input the `field` it is about. Some add more (a refused move: `missing`, `trigger`)."""

    detail: str
    code: str
    field: str | None = None


# The refusals every JSON route may answer with (OpenAPI `responses`).
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not authenticated", "model": Problem},
    403: {"description": "Not allowed for this role", "model": Problem},
    404: {"description": "No such initiative or item, or not visible to you", "model": Problem},
    413: {"description": "The request body is larger than the server reads", "model": Problem},
    422: {"description": "Invalid input; `field` names it, `detail` says why", "model": Problem},
    503: {
        "description": "The database is unavailable or busy; try again after `Retry-After`",
        "model": Problem,
    },
}


E = TypeVar("E", bound=Exception)


def status_of(error: Exception) -> int:
    return next((status for kind, status in STATUS.items() if isinstance(error, kind)), 500)


class Refusal(Generic[E]):
    """Catch the refusals of `kinds` that a page shows in place (the form again with the
    error, or a flash), instead of the error page the exception handlers render:

        with Refusal(errors.InvalidInput) as refused:
            services.do_it(...)
        if refused:
            return form_again(error=refused.error, status_code=refused.status_code)
    """

    def __init__(self, *kinds: type[E]) -> None:
        self.kinds = kinds
        self.error: E | None = None

    def __enter__(self) -> Refusal[E]:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool:
        if isinstance(error, self.kinds):
            self.error = error
            return True
        return False

    def __bool__(self) -> bool:
        return self.error is not None

    @property
    def status_code(self) -> int:
        return 200 if self.error is None else status_of(self.error)
