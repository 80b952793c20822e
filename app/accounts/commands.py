"""The console script's commands for people and API tokens that cut access off:
`users list|deactivate|reactivate` and `tokens create|list|revoke` (app/cli.py adds them)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from app import clock, errors
from app.accounts import queries as account_queries
from app.accounts import rules
from app.accounts import services as accounts
from app.config import Settings
from app.db import make_engine, make_sessionmaker

Handler = Callable[[argparse.Namespace, Settings], int]


def _session(settings: Settings) -> Session:
    engine = make_engine(settings.database_url)
    return make_sessionmaker(engine, audit_key=settings.audit_key)()


def _refused(error: errors.Refused) -> int:
    print(f"error: {error}", file=sys.stderr)
    return 1


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "-"


def users_list(args: argparse.Namespace, settings: Settings) -> int:
    with _session(settings) as session:
        print(f"{'email':40} {'role':11} {'status':12} {'last login':16} name")
        for user in account_queries.all_users(session):
            state = "active" if user.is_active else "deactivated"
            last = _when(user.last_login_at)
            print(f"{user.email:40} {user.role.value:11} {state:12} {last:16} {user.name}")
    return 0


def users_set_active(active: bool) -> Handler:
    def handler(args: argparse.Namespace, settings: Settings) -> int:
        with _session(settings) as session:
            try:
                user, revoked = accounts.set_active(session, email=args.email, active=active)
            except (errors.NotFound, errors.Conflict) as error:
                return _refused(error)
        if active:
            print(f"{user.email} is active again; their revoked tokens stay revoked")
        else:
            print(
                f"{user.email} is deactivated: their sessions were ended, {revoked} API "
                "token(s) revoked, and logins are refused"
            )
        return 0

    return handler


def tokens_create(args: argparse.Namespace, settings: Settings) -> int:
    with _session(settings) as session:
        try:
            token = accounts.create_token(
                session, email=args.email, label=args.label, days=args.days
            )
        except errors.Refused as error:
            return _refused(error)
    print(f"API token for {args.email}, valid for {args.days} days (shown once; keep it secret):")
    print(token)
    return 0


def tokens_list(args: argparse.Namespace, settings: Settings) -> int:
    now = clock.utc_now()
    with _session(settings) as session:
        user = account_queries.get_user_by_email(session, args.email)
        if user is None:
            print(f"error: No user with email {args.email}.", file=sys.stderr)
            return 1
        rows = account_queries.tokens_of(session, user)
        print(f"{'id':>6} {'status':8} {'created':16} {'expires':16} {'last used':16} label")
        for row in rows:
            status = rules.token_status(
                revoked_at=row.revoked_at, expires_at=row.expires_at, now=now
            )
            print(
                f"{row.id:>6} {status.value:8} {_when(row.created_at):16} "
                f"{_when(row.expires_at):16} {_when(row.last_used_at):16} {row.label}"
            )
    return 0


def tokens_revoke(args: argparse.Namespace, settings: Settings) -> int:
    with _session(settings) as session:
        try:
            row = accounts.revoke_token(session, token_id=args.id)
        except (errors.NotFound, errors.Conflict) as error:
            return _refused(error)
        print(f"revoked API token {row.id} of {row.user.email}; it answers 401 from now on")
    return 0


def add_user_commands(users: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    listing = users.add_parser("list", help="everyone, with role and whether active")
    listing.set_defaults(handler=users_list)
    for action, active, text in (
        ("deactivate", False, "end a person's sessions and tokens and refuse logins (audited)"),
        ("reactivate", True, "let a deactivated person log in again (audited)"),
    ):
        command = users.add_parser(action, help=text)
        command.add_argument("--email", required=True)
        command.set_defaults(handler=users_set_active(active))


def add_token_commands(tokens: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    create = tokens.add_parser("create", help="create an API token; printed as the last line")
    create.add_argument("--email", required=True)
    create.add_argument("--label", default="")
    create.add_argument(
        "--days",
        type=int,
        default=rules.TOKEN_DAYS_DEFAULT,
        help=f"days until it expires (default {rules.TOKEN_DAYS_DEFAULT}, "
        f"at most {rules.TOKEN_DAYS_MAX})",
    )
    create.set_defaults(handler=tokens_create)
    listing = tokens.add_parser("list", help="a person's tokens: status, expiry, last use")
    listing.add_argument("--email", required=True)
    listing.set_defaults(handler=tokens_list)
    revoke = tokens.add_parser("revoke", help="revoke a token by its id (audited)")
    revoke.add_argument("id", type=int)
    revoke.set_defaults(handler=tokens_revoke)
