from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import CursorResult, delete, or_, update
from sqlalchemy.orm import Session

from app import clock
from app.accounts import passwords, rules
from app.accounts import queries as account_queries
from app.domain.permissions import Role
from app.domain.text import required_text
from app.errors import Conflict, InvalidInput, NotFound
from app.models.accounts import ApiToken, LoginFailure, User
from app.records import audit_record, record_audit
from app.uow import unit_of_work


def _user(session: Session, email: str) -> User:
    user = account_queries.get_user_by_email(session, email)
    if user is None:
        raise NotFound(f"No user with email {email}.")
    return user


def new_person(
    session: Session, email: str, name: str, password: str | None = None
) -> tuple[str, str]:
    """The email (in lower case) and the name of someone to add or invite, checked with
    the password if one is given; Conflict if the email is taken."""
    email = required_text("email", email, 254).lower()
    if "@" not in email:
        raise InvalidInput("email", "That is not an email address.", code="invalid_email")
    name = required_text("name", name, 200)
    if password is not None:
        rules.check_password(password)
    if account_queries.get_user_by_email(session, email) is not None:
        raise Conflict(f"A user with email {email} already exists.", code="email_taken")
    return email, name


@unit_of_work
def add_user(session: Session, *, email: str, name: str, role: Role, password: str) -> User:
    email, name = new_person(session, email, name, password)
    user = User(email=email, name=name, role=role, password_hash=passwords.hash_password(password))
    session.add(user)
    session.flush()
    after = {"email": email, "name": name, "role": role.value}
    record_audit(session, None, action="user.add", actor=None, target=("user", email), after=after)
    return user


def _end_access(session: Session, user: User, now: datetime) -> int:
    """End every session (the version moves on) and revoke every live token of `user`;
    return how many tokens were revoked."""
    # In SQL, so that a concurrent bump is never lost to a stale in-memory value.
    user.session_version = User.session_version + 1
    result = session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    session.flush()
    assert isinstance(result, CursorResult)
    return result.rowcount


@unit_of_work
def set_role(session: Session, *, email: str, role: Role, actor: User | None = None) -> User:
    """Change a person's role; their sessions end and their API tokens are revoked, since
    what they may do changed (a token must never follow its owner into a new role)."""
    user = _user(session, email)
    before = user.role
    if before is role:
        return user
    user.role = role
    revoked = _end_access(session, user, clock.utc_now())
    record_audit(
        session, None, action="user.role", actor=actor, target=("user", user.email),
        before={"role": before.value}, after={"role": role.value, "tokens_revoked": revoked},
    )  # fmt: skip
    return user


@unit_of_work
def set_active(
    session: Session, *, email: str, active: bool, actor: User | None = None
) -> tuple[User, int]:
    """Deactivate (sessions end, tokens are revoked, logins are refused) or reactivate a
    person; return the user and how many tokens were revoked."""
    user = _user(session, email)
    if user.is_active is active:
        code = "user_already_active" if active else "user_already_deactivated"
        state = "active" if active else "deactivated"
        raise Conflict(f"{user.email} is already {state}.", code=code)
    user.is_active = active
    # Reactivation gives no token back: each was revoked for good.
    revoked = 0 if active else _end_access(session, user, clock.utc_now())
    record_audit(
        session, None, action="user.reactivate" if active else "user.deactivate", actor=actor,
        target=("user", user.email), before={"active": not active},
        after={"active": active, "tokens_revoked": revoked},
    )  # fmt: skip
    return user, revoked


@unit_of_work
def end_sessions(session: Session, *, user: User) -> None:
    """Log out: the session version moves on, so no copy of the cookie works again
    (the person's other sessions end with it)."""
    user.session_version = User.session_version + 1
    session.flush()
    record_audit(session, None, action="user.logout", actor=user, target=("user", user.email))


def authenticate(session: Session, *, email: str, password: str) -> User | None:
    user = account_queries.get_user_by_email(session, email)
    valid, new_hash = _verify(user, password)
    if not valid or user is None or not user.is_active:
        return None
    if new_hash is not None:
        _store_password_hash(session, user=user, password_hash=new_hash)
    return user


def _verify(user: User | None, password: str) -> tuple[bool, str | None]:
    if len(password) > rules.PASSWORD_MAX:
        return False, None  # never hash a megabyte: no password is that long
    return passwords.verify_password(password, user.password_hash if user else None)


@unit_of_work
def _store_password_hash(session: Session, *, user: User, password_hash: str) -> None:
    # pwdlib upgrades a hash made with older parameters on a successful login.
    user.password_hash = password_hash


@dataclass(frozen=True)
class LoginAttempt:
    user: User | None
    refusal: str | None = None  # a code of app/messages.py
    retry_after: int = 0  # seconds, when throttled


def log_in(
    session: Session,
    *,
    email: str,
    password: str,
    client: str,
    policy: rules.ThrottlePolicy | None = None,
) -> LoginAttempt:
    """Check a login against the throttle (failures counted in the database, so every
    process agrees), then the password; record a failure."""
    standing = throttle(session, email=email, client=client, policy=policy)
    if standing.throttled:
        return LoginAttempt(None, "login_throttled", int(standing.policy.window.total_seconds()))
    user = account_queries.get_user_by_email(session, email)
    valid, new_hash = _verify(user, password)
    if not valid or user is None:
        _record_failure(
            session, client=standing.client, account=standing.account, now=standing.now,
            policy=standing.policy,
        )  # fmt: skip
        return LoginAttempt(None, "login_failed")
    if not user.is_active:
        # Said only to someone who knows the password.
        return LoginAttempt(None, "account_deactivated")
    _note_login(session, user=user, now=standing.now, password_hash=new_hash)
    return LoginAttempt(user)


@dataclass(frozen=True)
class Throttle:
    """Where a login (or a request for a reset link) stands with the throttle."""

    client: str
    account: str
    now: datetime
    policy: rules.ThrottlePolicy
    throttled: bool


def throttle(
    session: Session, *, email: str, client: str, policy: rules.ThrottlePolicy | None = None
) -> Throttle:
    policy = policy or rules.ThrottlePolicy()
    now = clock.utc_now()
    client_key, account = rules.client_key(client), rules.account_key(email)
    failures = account_queries.recent_failures(
        session, client=client_key, account=account, since=now - policy.window
    )
    throttled = rules.throttled(failures, policy) is not None
    return Throttle(client_key, account, now, policy, throttled)


@unit_of_work
def _note_login(session: Session, *, user: User, now: datetime, password_hash: str | None) -> None:
    # Not audited, as a failed login is not: bookkeeping for the admin's list of people.
    user.last_login_at = now
    if password_hash is not None:  # pwdlib upgrades a hash made with older parameters
        user.password_hash = password_hash


@unit_of_work
def _record_failure(
    session: Session, *, client: str, account: str, now: datetime, policy: rules.ThrottlePolicy
) -> None:
    # Not audited: a counter that lives for the window, and an attacker must not be able
    # to grow the audit chain at will. Old rows go as new ones come.
    session.execute(delete(LoginFailure).where(LoginFailure.at < now - policy.window))
    session.add(LoginFailure(at=now, client=client, account=account))


@unit_of_work
def set_language(session: Session, *, user: User, locale: str) -> None:
    if user.locale == locale:
        return
    before = user.locale
    user.locale = locale
    record_audit(
        session, None, action="user.locale", actor=user, target=("user", user.email),
        before={"locale": before}, after={"locale": locale},
    )  # fmt: skip


# --- API tokens -----------------------------------------------------------------------


@unit_of_work
def create_token(
    session: Session, *, email: str, label: str = "", days: int = rules.TOKEN_DAYS_DEFAULT
) -> str:
    """A new token for `email`, returned once (only its digest is kept)."""
    user = _user(session, email)
    if not user.is_active:
        raise Conflict(f"{user.email} is deactivated.", code="user_deactivated")
    label = label.strip()
    if len(label) > 200:
        raise InvalidInput("label", "The label is longer than 200 characters.", code="too_long")
    expires_at = rules.token_expiry(clock.utc_now(), days)
    token = passwords.new_token()
    digest = passwords.token_digest(token)
    row = ApiToken(user_id=user.id, token_hash=digest, label=label, expires_at=expires_at)
    audit_record(
        session, row, action="token.create", actor=None, target_type="api_token", initiative=None,
        after={"user": user.email, "label": label, "expires_at": expires_at},
    )  # fmt: skip
    return token


@unit_of_work
def revoke_token(session: Session, *, token_id: int) -> ApiToken:
    row = session.get(ApiToken, token_id)
    if row is None:
        raise NotFound(f"No API token {token_id}.")
    if row.revoked_at is not None:
        raise Conflict(f"API token {token_id} is already revoked.", code="token_already_revoked")
    row.revoked_at = clock.utc_now()
    after = {"user": row.user.email, "label": row.label}
    target = ("api_token", row.id)
    record_audit(session, None, action="token.revoke", actor=None, target=target, after=after)
    return row


def use_token(session: Session, token: str) -> User | None:
    """The owner of a live token (None if unknown, revoked, expired or its owner is
    deactivated), noting when it was last used."""
    now = clock.utc_now()
    row = account_queries.live_token(session, token, now=now)
    if row is None:
        return None
    if rules.needs_touch(row.last_used_at, now):
        _touch_token(session, token_id=row.id, now=now)
    return row.user


@unit_of_work
def _touch_token(session: Session, *, token_id: int, now: datetime) -> None:
    # Not audited: bookkeeping, written at most once a minute (rules.TOKEN_TOUCH_INTERVAL);
    # conditional, so concurrent requests write it once.
    session.execute(
        update(ApiToken)
        .where(
            ApiToken.id == token_id,
            or_(
                ApiToken.last_used_at.is_(None),
                ApiToken.last_used_at <= now - rules.TOKEN_TOUCH_INTERVAL,
            ),
        )
        .values(last_used_at=now)
    )
