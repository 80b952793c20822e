"""The `klusterfas` console script."""

from __future__ import annotations

import argparse
import sys

from app import migrate, services
from app.config import Settings
from app.db import make_engine, make_sessionmaker
from app.domain.permissions import Role


def _sessions(settings: Settings):  # type: ignore[no-untyped-def]
    return make_sessionmaker(make_engine(settings.database_url))


def cmd_db(args: argparse.Namespace, settings: Settings) -> int:
    if args.action == "upgrade":
        migrate.upgrade(settings.database_url, args.revision or "head")
    else:
        migrate.downgrade(settings.database_url, args.revision or "-1")
    print(f"database {args.action}d: {_redacted(settings.database_url)}")
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from app.main import create_app

    print(f"Klusterfas: http://{args.host}:{args.port}/", flush=True)
    uvicorn.run(create_app(settings), host=args.host, port=args.port, proxy_headers=True)
    return 0


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from app.demo import DEMO_USERS, load_demo

    with _sessions(settings)() as session:
        created = load_demo(session)
    print("Demo portfolio " + ("loaded." if created else "already present; nothing added."))
    print("Demo logins (email / password / role):")
    for email, _name, role, password in DEMO_USERS:
        print(f"  {email:34} {password:22} {role.value}")
    return 0


def cmd_users_add(args: argparse.Namespace, settings: Settings) -> int:
    if not args.password_stdin:
        print("error: give the password on standard input with --password-stdin", file=sys.stderr)
        return 2
    password = sys.stdin.readline().rstrip("\r\n")
    with _sessions(settings)() as session:
        try:
            user = services.add_user(
                session, email=args.email, name=args.name, role=Role(args.role), password=password
            )
        except (services.InvalidInput, services.Conflict) as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
    print(f"added {user.email} ({user.role.value})")
    return 0


def cmd_tokens_create(args: argparse.Namespace, settings: Settings) -> int:
    with _sessions(settings)() as session:
        try:
            token = services.create_token(session, email=args.email, label=args.label or "")
        except services.NotFound as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
    print(f"API token for {args.email} (shown once; keep it secret):")
    print(token)
    return 0


def cmd_digest_send(args: argparse.Namespace, settings: Settings) -> int:
    from app.portfolio import digest

    with _sessions(settings)() as session:
        try:
            messages = digest.send(
                session, settings, base_url=args.base_url.rstrip("/"), dry_run=args.dry_run
            )
        except (RuntimeError, OSError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
    for message in messages:
        if args.dry_run:
            print(message.as_string())
        else:
            print(f"sent to {message['To']}")
    print(f"{len(messages)} digest(s) {'composed' if args.dry_run else 'sent'}")
    return 0


def _redacted(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="klusterfas", description=__doc__)
    commands = root.add_subparsers(dest="command", required=True)

    db = commands.add_parser("db", help="migrate the database")
    db.add_argument("action", choices=["upgrade", "downgrade"])
    db.add_argument("revision", nargs="?", help="default: head (upgrade), -1 (downgrade)")
    db.set_defaults(handler=cmd_db)

    serve = commands.add_parser("serve", help="run the web application")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(handler=cmd_serve)

    demo = commands.add_parser("demo", help="load a demo portfolio (idempotent)")
    demo.set_defaults(handler=cmd_demo)

    users = commands.add_parser("users", help="manage people").add_subparsers(
        dest="action", required=True
    )
    add = users.add_parser("add", help="add a person")
    add.add_argument("--email", required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    add.set_defaults(handler=cmd_users_add)

    tokens = commands.add_parser("tokens", help="API tokens").add_subparsers(
        dest="action", required=True
    )
    create = tokens.add_parser("create", help="create an API token; printed as the last line")
    create.add_argument("--email", required=True)
    create.add_argument("--label", default="")
    create.set_defaults(handler=cmd_tokens_create)

    digest = commands.add_parser("digest", help="the weekly e-mail digest").add_subparsers(
        dest="action", required=True
    )
    send = digest.add_parser("send", help="e-mail each support officer (KLUSTERFAS_SMTP_*)")
    send.add_argument("--dry-run", action="store_true", help="print the e-mails, send nothing")
    send.add_argument("--base-url", default="http://127.0.0.1:8000", help="for links")
    send.set_defaults(handler=cmd_digest_send)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    code: int = args.handler(args, Settings.from_env())
    return code


if __name__ == "__main__":
    raise SystemExit(main())
