"""Request dependencies: the database session, the current user, the locale."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session

from app import services
from app.models import User
from app.storage import BlobStore
from app.web.i18n import pick_locale


def get_session(request: Request) -> Iterator[Session]:
    # Closing without a commit rolls back: a refused request writes nothing.
    with request.app.state.sessionmaker() as session:
        session.info.setdefault("audit_key", request.app.state.settings.audit_key)
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


class LoginRequired(Exception):
    pass


def _user_from_request(request: Request, session: Session) -> User | None:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user = services.user_for_token(session, header[7:].strip())
        if user is None:
            raise HTTPException(
                401, "Invalid or revoked API token.", headers={"WWW-Authenticate": "Bearer"}
            )
        return user
    user_id = request.session.get("uid")
    if not isinstance(user_id, int):
        return None
    user = session.get(User, user_id)
    if user is None or not user.is_active or user.session_version != request.session.get("sv"):
        request.session.pop("uid", None)
        return None
    return user


def optional_user(request: Request, session: SessionDep) -> User | None:
    user = _user_from_request(request, session)
    request.state.user = user
    return user


def page_user(user: Annotated[User | None, Depends(optional_user)]) -> User:
    if user is None:
        raise LoginRequired()
    return user


def api_user(user: Annotated[User | None, Depends(optional_user)]) -> User:
    if user is None:
        raise HTTPException(401, "Authentication required.", headers={"WWW-Authenticate": "Bearer"})
    return user


PageUser = Annotated[User, Depends(page_user)]
ApiUser = Annotated[User, Depends(api_user)]


def request_locale(request: Request) -> str:
    user = getattr(request.state, "user", None)
    return pick_locale(
        user.locale if user else None,
        request.session.get("lang"),
        accept_language=request.headers.get("Accept-Language", ""),
    )


def blob_store(request: Request) -> BlobStore:
    store: BlobStore = request.app.state.blob_store
    return store


StoreDep = Annotated[BlobStore, Depends(blob_store)]
