from __future__ import annotations

from sqlalchemy.orm import Session

from app.accounts import passwords
from app.accounts import queries as account_queries
from app.audit import log as audit_log
from app.domain.permissions import Role
from app.domain.text import required_text
from app.errors import Conflict, InvalidInput, NotFound
from app.models.accounts import ApiToken, User
from app.uow import unit_of_work


@unit_of_work
def add_user(session: Session, *, email: str, name: str, role: Role, password: str) -> User:
    email = required_text("email", email, 254).lower()
    if "@" not in email:
        raise InvalidInput("email", "That is not an email address.", code="invalid_email")
    name = required_text("name", name, 200)
    if len(password) < passwords.PASSWORD_MIN:
        raise InvalidInput(
            "password",
            f"The password needs at least {passwords.PASSWORD_MIN} characters.",
            code="password_too_short",
            limit=passwords.PASSWORD_MIN,
        )
    if account_queries.get_user_by_email(session, email) is not None:
        raise Conflict(f"A user with email {email} already exists.", code="email_taken")
    user = User(email=email, name=name, role=role, password_hash=passwords.hash_password(password))
    session.add(user)
    session.flush()
    audit_log.record(
        session,
        actor=None,
        action="user.add",
        target_type="user",
        target_id=email,
        after={"email": email, "name": name, "role": role.value},
    )
    return user


@unit_of_work
def set_role(session: Session, *, email: str, role: Role) -> User:
    """Change a person's role; their open sessions end, since what they may do changed."""
    user = account_queries.get_user_by_email(session, email)
    if user is None:
        raise NotFound(f"No user with email {email}.")
    before = user.role
    if before is role:
        return user
    user.role = role
    user.session_version += 1
    audit_log.record(
        session,
        actor=None,
        action="user.role",
        target_type="user",
        target_id=user.email,
        before={"role": before.value},
        after={"role": role.value},
    )
    return user


def authenticate(session: Session, *, email: str, password: str) -> User | None:
    user = account_queries.get_user_by_email(session, email)
    valid, new_hash = passwords.verify_password(password, user.password_hash if user else None)
    if not valid or user is None or not user.is_active:
        return None
    if new_hash is not None:
        _store_password_hash(session, user=user, password_hash=new_hash)
    return user


@unit_of_work
def _store_password_hash(session: Session, *, user: User, password_hash: str) -> None:
    # pwdlib upgrades a hash made with older parameters on a successful login.
    user.password_hash = password_hash


@unit_of_work
def set_language(session: Session, *, user: User, locale: str) -> None:
    if user.locale == locale:
        return
    before = user.locale
    user.locale = locale
    audit_log.record(
        session,
        actor=user,
        action="user.locale",
        target_type="user",
        target_id=user.email,
        before={"locale": before},
        after={"locale": locale},
    )


@unit_of_work
def create_token(session: Session, *, email: str, label: str = "") -> str:
    user = account_queries.get_user_by_email(session, email)
    if user is None:
        raise NotFound(f"No user with email {email}.")
    token = passwords.new_token()
    session.add(ApiToken(user_id=user.id, token_hash=passwords.token_digest(token), label=label))
    return token
