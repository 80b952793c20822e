from __future__ import annotations

from datetime import datetime
from functools import cache

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session

from app import clock
from app.accounts import passwords as auth
from app.accounts import rules
from app.models.accounts import ApiToken, LoginFailure, User
from app.models.initiatives import Initiative


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def signed_in_user(session: Session, user_id: int) -> User | None:
    """The user a request's session names: read first on every page, in a session that
    holds nothing yet, by a statement built once (app.initiatives.queries says why)."""
    return session.scalars(_user(), {"user_id": user_id}).first()


def signed_in_user_and(
    session: Session, user_id: int, initiative_id: int
) -> tuple[User | None, Initiative | None]:
    """`signed_in_user`, and by the same statement the initiative the request is about: the
    pages of one initiative and its item saves read it next, and as long as the caller
    holds it, app.initiatives.queries.get_initiative finds it in the session (whose
    identity map keeps an object only while something else does). A statement fewer."""
    found = {"user_id": user_id, "initiative_id": initiative_id}
    row = session.execute(_user_and_initiative(), found).first()
    return (None, None) if row is None else (row[0], row[1])


@cache
def _user() -> Select[User]:
    return select(User).where(User.id == bindparam("user_id"))


@cache
def _user_and_initiative() -> Select[User, Initiative]:
    # Outer-joined on the id alone: no such initiative still gives the user.
    return (
        select(User, Initiative)
        .outerjoin(Initiative, Initiative.id == bindparam("initiative_id"))
        .where(User.id == bindparam("user_id"))
    )


def get_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def all_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.email)))


def live_token(session: Session, token: str, *, now: datetime | None = None) -> ApiToken | None:
    """The token's row while it may be used: not revoked, not expired, its owner active."""
    row = session.scalar(
        select(ApiToken).where(
            ApiToken.token_hash == auth.token_digest(token),
            ApiToken.revoked_at.is_(None),
            ApiToken.expires_at > (now or clock.utc_now()),
        )
    )
    if row is None or not row.user.is_active:
        return None
    return row


def user_for_token(session: Session, token: str) -> User | None:
    row = live_token(session, token)
    return row.user if row is not None else None


def tokens_of(session: Session, user: User) -> list[ApiToken]:
    return list(
        session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def recent_failures(
    session: Session, *, client: str, account: str, since: datetime
) -> rules.RecentFailures:
    """The three counts the throttle decides on, in one statement."""
    row = session.execute(
        select(
            func.count().filter(LoginFailure.client == client),
            func.count().filter(LoginFailure.account == account, LoginFailure.client != client),
            func.count(),
        ).where(LoginFailure.at >= since)
    ).one()
    return rules.RecentFailures(address=row[0], account=row[1], everywhere=row[2])
