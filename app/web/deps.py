"""Request dependencies: the database session, the current user, the initiative of the
path that user may see, the locale and the evidence store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

import anyio
from fastapi import Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from app.accounts import queries as account_queries
from app.accounts import services as accounts
from app.evidence.storage import BlobStore
from app.i18n import pick_locale
from app.initiatives import queries as initiative_queries
from app.models.accounts import User
from app.models.initiatives import Initiative
from app.uow import end_request, reload_after_failure


async def get_session(request: Request) -> AsyncIterator[Session]:
    """The request's session. Made on the event loop: a new session does no I/O before its
    first statement, so this saves every request a thread-pool hop. Ending it may commit,
    roll back or reload, so that runs in a worker thread."""
    session = request.app.state.sessionmaker()
    session.info.setdefault("audit_key", request.app.state.settings.audit_key)
    request.state.db = session  # for the navigation's work-list count
    try:
        yield session
    except Exception:
        # A refused request writes nothing: the unit of work rolled it back, and closing
        # rolls back whatever is open. The rollback expired the signed-in user; load it
        # again first, so the error page can still show who is in.
        await run_in_threadpool(_close_after_failure, session, getattr(request.state, "user", None))
        raise
    except GeneratorExit:
        session.close()  # finalised unresumed: no awaiting now
        raise
    except BaseException:
        # Cancelled (the client left): ended all the same, in a worker thread.
        with anyio.CancelScope(shield=True):
            await run_in_threadpool(_close, session)
        raise
    if session.in_transaction():
        await run_in_threadpool(_close, session)
    else:  # ended already (app.web.templating.render): closing it does no I/O
        session.close()


def _close(session: Session) -> None:
    with session:
        end_request(session)


def _close_after_failure(session: Session, user: User | None) -> None:
    with session:
        if user is not None:
            reload_after_failure(session, user)


SessionDep = Annotated[Session, Depends(get_session)]


class LoginRequired(Exception):
    pass


def _user_from_request(
    request: Request, session: Session, initiative_id: int | None = None
) -> tuple[User | None, Initiative | None]:
    """The user, and (given `initiative_id`, signed in by the session) that initiative
    read by the user's statement (app.accounts.queries.signed_in_user_and)."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user = accounts.use_token(session, header[7:].strip())
        if user is None:
            raise HTTPException(
                401,
                "Invalid, expired or revoked API token.",
                headers={"WWW-Authenticate": "Bearer"},
            )
        return user, None
    user_id = request.session.get("uid")
    if not isinstance(user_id, int):
        return None, None
    initiative = None
    if initiative_id is None:
        user = account_queries.signed_in_user(session, user_id)
    else:
        user, initiative = account_queries.signed_in_user_and(session, user_id, initiative_id)
    if user is None or not user.is_active or user.session_version != request.session.get("sv"):
        request.session.pop("uid", None)
        return None, None
    return user, initiative


def optional_user(request: Request, session: SessionDep) -> User | None:
    user, _ = _user_from_request(request, session)
    request.state.user = user
    return user


def signed_in(request: Request, session: Session) -> User:
    """The signed-in user, or LoginRequired: for a dependency that reads more in the same
    worker thread (PageUser is a thread-pool hop of its own)."""
    return signed_in_at(request, session, None)[0]


def signed_in_at(
    request: Request, session: Session, initiative_id: int | None
) -> tuple[User, Initiative | None]:
    """`signed_in`, and the initiative of `initiative_id` as the user's statement read it:
    the caller holds it while it checks it, so that the check reads it no more."""
    user, initiative = _user_from_request(request, session, initiative_id)
    request.state.user = user
    if user is None:
        raise LoginRequired()
    return user, initiative


# Checks that touch neither the database nor a loaded row's attributes are `async def`:
# FastAPI runs a plain `def` dependency in its thread pool, a hop of its own per request.
async def page_user(user: Annotated[User | None, Depends(optional_user)]) -> User:
    if user is None:
        raise LoginRequired()
    return user


async def api_user(user: Annotated[User | None, Depends(optional_user)]) -> User:
    if user is None:
        raise HTTPException(401, "Authentication required.", headers={"WWW-Authenticate": "Bearer"})
    return user


PageUser = Annotated[User, Depends(page_user)]
ApiUser = Annotated[User, Depends(api_user)]


# The one visibility check of a route with an {initiative_id}: the route gets the initiative
# only if the user may see it, and a 404 (the error page, or JSON under /api/) otherwise.
# Writes leave the check to their use-case, which makes it inside its unit of work: read
# here, before the unit of work begins, the initiative would reach the use-case as this
# earlier copy from the session's identity map, not as the row it then writes.
def page_initiative(initiative_id: int, session: SessionDep, user: PageUser) -> Initiative:
    return initiative_queries.visible_initiative(session, user, initiative_id)


def api_initiative(initiative_id: int, session: SessionDep, user: ApiUser) -> Initiative:
    return initiative_queries.visible_initiative(session, user, initiative_id)


PageInitiative = Annotated[Initiative, Depends(page_initiative)]
ApiInitiative = Annotated[Initiative, Depends(api_initiative)]


@dataclass(frozen=True)
class Viewer:
    """The signed-in user and an initiative they may see."""

    user: User
    initiative: Initiative


def page_viewer(request: Request, initiative_id: int, session: SessionDep) -> Viewer:
    """PageUser and PageInitiative in one worker thread, for the pages opened most (each
    plain `def` dependency is a thread-pool hop of its own)."""
    user, _held = signed_in_at(request, session, initiative_id)  # read with the user
    return Viewer(user, initiative_queries.visible_initiative(session, user, initiative_id))


PageViewer = Annotated[Viewer, Depends(page_viewer)]


def request_locale(request: Request) -> str:
    user = getattr(request.state, "user", None)
    return pick_locale(
        user.locale if user else None,
        request.session.get("lang"),
        accept_language=request.headers.get("Accept-Language", ""),
    )


async def blob_store(request: Request) -> BlobStore:  # no I/O: no thread-pool hop
    return store_of(request)


def store_of(request: Request) -> BlobStore:
    """The evidence store, for a handler that needs it only now and then (a dependency costs
    every request FastAPI's solving of it)."""
    store: BlobStore = request.app.state.blob_store
    return store


StoreDep = Annotated[BlobStore, Depends(blob_store)]
