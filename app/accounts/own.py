"""What everyone does with their own account: change the password, keep API tokens."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.accounts import passwords, rules
from app.accounts import services as accounts
from app.errors import InvalidInput, NotFound
from app.models.accounts import ApiToken, User
from app.records import record_audit
from app.uow import unit_of_work


@unit_of_work
def change_password(session: Session, *, user: User, current: str, new: str) -> int:
    """Check the current password, set the new one (under the policy) and end every
    session; return the new session version, so the caller keeps its own session."""
    if (
        len(current) > rules.PASSWORD_MAX
        or not passwords.verify_password(current, user.password_hash)[0]
    ):
        raise InvalidInput(
            "current", "The current password is not right.", code="wrong_current_password"
        )
    rules.check_password(new)
    user.password_hash = passwords.hash_password(new)
    user.session_version = User.session_version + 1  # in SQL: no bump is lost
    session.flush()
    session.refresh(user, ["session_version"])
    record_audit(session, None, action="user.password", actor=user, target=("user", user.email))
    return user.session_version


def create_own_token(session: Session, *, user: User, label: str, days: int) -> str:
    return accounts.create_token(session, email=user.email, label=label, days=days)


def revoke_own_token(session: Session, *, user: User, token_id: int) -> ApiToken:
    row = session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id:
        # Someone else's token is as unknown as a missing one.
        raise NotFound(f"No API token {token_id}.")
    return accounts.revoke_token(session, token_id=token_id)
