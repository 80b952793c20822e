"""The `klusterfas` console script."""

# `db`, `serve`, `demo` and `users add|set-role` live here; every other group of commands
# in its feature's commands.py.

from __future__ import annotations

import argparse
import sys

from app import errors, migrate
from app.accounts import commands as account_commands
from app.accounts import services as accounts
from app.audit import keys as audit_keys
from app.audit import log as audit_log
from app.audit.commands import add_audit_commands
from app.backup.commands import add_backup_commands
from app.config import Settings
from app.console import failed, group, sessions
from app.domain.permissions import Role
from app.notifications import command as notify_command
from app.portfolio.commands import add_digest_command
from app.regions import commands as region_commands
from app.versions.commands import add_model_command


def cmd_db(args: argparse.Namespace, settings: Settings) -> int:
    if args.action == "check":
        from app.readiness.commands import check_command

        return check_command(sessions(settings))
    if args.action == "upgrade":
        migrate.upgrade(settings.database_url, args.revision or "head")
    else:
        migrate.downgrade(settings.database_url, args.revision or "-1")
    print(f"database {args.action}d: {_redacted(settings.database_url)}")
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import os
    import tempfile

    import uvicorn

    from app.logs import LOG_CONFIG

    if args.workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # The workers add up their metrics in files here (app/web/metrics.py).
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="klusterfas-metrics-")
    print(f"Klusterfas: http://{args.host}:{args.port}/ ({args.workers} worker(s))", flush=True)
    # The web layer is loaded by name: it reads the same settings from the environment.
    uvicorn.run(
        "app.web.application:create_served_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        # X-Forwarded-* only from KLUSTERFAS_TRUSTED_PROXIES (the app checks the same list).
        proxy_headers=bool(settings.trusted_proxies),
        forwarded_allow_ips=",".join(map(str, settings.trusted_proxies)) or None,
        log_config=LOG_CONFIG,
        access_log=False,  # each request is one JSON line of app/web/observability.py
        # A worker that has not imported the application within uvicorn's default 5 s
        # (a busy machine) is killed and started again, for ever: give it a minute.
        timeout_worker_healthcheck=60,
    )
    return 0


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from app.demo.data import DEMO_USERS
    from app.demo.services import load_demo

    with sessions(settings)() as session:
        created = load_demo(session)
    print("Demo portfolio " + ("loaded." if created else "already present; nothing added."))
    print("Demo logins (email / password / role):")
    for email, _name, role, password in DEMO_USERS:
        print(f"  {email:34} {password:22} {role.value}")
    return 0


def cmd_users_add(args: argparse.Namespace, settings: Settings) -> int:
    if not args.password_stdin:
        return failed("give the password on standard input with --password-stdin", code=2)
    password = sys.stdin.readline().rstrip("\r\n")
    with sessions(settings)() as session:
        try:
            user = accounts.add_user(
                session, email=args.email, name=args.name, role=Role(args.role), password=password
            )
        except (errors.InvalidInput, errors.Conflict) as error:
            return failed(error)
    print(f"added {user.email} ({user.role.value})")
    return 0


def cmd_users_set_role(args: argparse.Namespace, settings: Settings) -> int:
    with sessions(settings)() as session:
        try:
            user = accounts.set_role(session, email=args.email, role=Role(args.role))
        except errors.NotFound as error:
            return failed(error)
    print(f"{user.email} is now {user.role.value}; their sessions were ended")
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
    db.add_argument("action", choices=["upgrade", "downgrade", "check"])
    db.add_argument("revision", nargs="?", help="default: head (upgrade), -1 (downgrade)")
    db.set_defaults(handler=cmd_db, needs_audit_key=False)

    serve = commands.add_parser("serve", help="run the web application")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    serve.set_defaults(handler=cmd_serve)

    demo = commands.add_parser("demo", help="load a demo portfolio (idempotent)")
    demo.set_defaults(handler=cmd_demo)

    users = group(commands, "users", "manage people")
    add = users.add_parser("add", help="add a person")
    add.add_argument("--email", required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    add.set_defaults(handler=cmd_users_add)
    set_role = users.add_parser("set-role", help="change a person's role (audited)")
    set_role.add_argument("--email", required=True)
    set_role.add_argument("--role", required=True, choices=[r.value for r in Role])
    set_role.set_defaults(handler=cmd_users_set_role)
    account_commands.add_user_commands(users)

    add_model_command(commands)
    account_commands.add_token_commands(group(commands, "tokens", "API tokens"))
    region_commands.add_region_commands(group(commands, "regions", "the list of regions"))
    add_audit_commands(commands)
    add_backup_commands(commands)
    add_digest_command(commands)
    notify_command.add_parser(commands)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    # Offline commands read no settings, so they create no local key files either.
    settings = None if getattr(args, "offline", False) else Settings.from_env()
    try:
        if settings is not None and getattr(args, "needs_audit_key", True):
            settings, created = audit_keys.resolve(settings)
            if created is not None:
                print(
                    f"note: no audit key was configured and this database has no audit chain "
                    f"yet, so a new key was created in {created}. Keep it, and a copy apart "
                    "from the database's backups: the chain is checked with it. Run from this "
                    "directory or set KLUSTERFAS_AUDIT_KEY_FILE to it.",
                    file=sys.stderr,
                )
        code: int = args.handler(args, settings)
    except (audit_keys.AuditKeyRefused, audit_log.WrongAuditKey) as error:
        # Exit 2: the key is missing or is another than the chain's (1 is a broken chain).
        return failed(error, code=2)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
