"""The `klusterfas` console script."""

from __future__ import annotations

import argparse
import sys
from email.message import EmailMessage

from app import errors, migrate
from app.accounts import commands as account_commands
from app.accounts import services as accounts
from app.audit import keys as audit_keys
from app.audit import log as audit_log
from app.audit.pack import public_key_hex, verify_pack
from app.config import Settings
from app.db import make_engine, make_sessionmaker
from app.domain.permissions import Role
from app.regions import commands as region_commands

DIGEST_BASE_URL = "http://127.0.0.1:8000"


def _sessions(settings: Settings):  # type: ignore[no-untyped-def]
    return make_sessionmaker(make_engine(settings.database_url), audit_key=settings.audit_key)


def cmd_db(args: argparse.Namespace, settings: Settings) -> int:
    if args.action == "check":
        from app.readiness.commands import check_command

        return check_command(_sessions(settings))
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
        "app.web.application:create_app",
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
            user = accounts.add_user(
                session, email=args.email, name=args.name, role=Role(args.role), password=password
            )
        except (errors.InvalidInput, errors.Conflict) as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
    print(f"added {user.email} ({user.role.value})")
    return 0


def cmd_users_set_role(args: argparse.Namespace, settings: Settings) -> int:
    with _sessions(settings)() as session:
        try:
            user = accounts.set_role(session, email=args.email, role=Role(args.role))
        except errors.NotFound as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
    print(f"{user.email} is now {user.role.value}; their sessions were ended")
    return 0


def cmd_model(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import UTC, date, datetime
    from pathlib import Path

    from app.phases import registry

    path = Path(args.registry) if args.registry else registry.PUBLISHED_PATH
    try:
        if args.action == "publish":
            if not args.module:
                print("error: name the version's package, e.g. app.phases.v2", file=sys.stderr)
                return 2
            model = registry.load_model(args.module)
            on = date.fromisoformat(args.date) if args.date else datetime.now(UTC).date()
            record = registry.publish(model, module=args.module, on=on, path=path)
            print(f"published {record.version} {record.fingerprint} {record.published}")
            return 0
        for record in registry.read_published(path):
            registry.verify(registry.load_model(record.module), record)
            print(f"{record.version:28} {record.published} {record.fingerprint} ok")
    except (registry.PublishError, ImportError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


def cmd_audit_verify(args: argparse.Namespace, settings: Settings) -> int:
    from app.models.audit import AuditHead

    with _sessions(settings)() as session:
        result = audit_log.verify(session)
        head = session.get(AuditHead, audit_log.HEAD_ID)
    if not result.ok:
        print(f"broken: entry {result.first_broken}: {result.reason}", file=sys.stderr)
        print(f"checked {result.entries} entries", file=sys.stderr)
        return 1
    print(f"ok: {result.entries} entries")
    if head is not None:
        # Keep this line somewhere else: it anchors the log against a wholesale rollback.
        print(f"head: {head.seq} {head.mac}")
    return 0


def cmd_audit_verify_pack(args: argparse.Namespace, settings: Settings | None) -> int:

    # Offline by default: an auditor has the pack and the public key, not the server's secrets.
    audit_key = Settings.from_env().audit_key.encode() if args.with_audit_key else None
    if audit_key == b"":
        print("error: --with-audit-key needs KLUSTERFAS_AUDIT_KEY(_FILE)", file=sys.stderr)
        return 2
    check = verify_pack(args.file, public_key_hex=args.public_key, audit_key=audit_key)
    for problem in check.problems:
        print(f"problem: {problem}")
    for note in check.notes:
        print(f"note: {note}")
    if check.chain is not None:
        chain = check.chain
        state = "intact" if chain.get("ok") else f"broken at entry {chain.get('first_broken')}"
        print(f"chain when packed: {state}, {chain.get('entries')} entries")
    if check.entries_checked is not None:
        print(f"audit entries with a checked MAC: {check.entries_checked}")
    signature = "valid" if check.signature_valid else "NOT valid"
    origin = " (published key)" if check.authentic else ""
    print(f"signature: {signature}{origin}; files checked: {check.files}")
    print("ok: the pack is intact" if check.ok else "FAILED: the pack does not verify")
    return 0 if check.ok else 1


def cmd_audit_public_key(args: argparse.Namespace, settings: Settings) -> int:

    print(public_key_hex(settings.audit_key.encode()))
    return 0


def cmd_digest_send(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import timedelta

    from app.jobs import rules as job_rules
    from app.jobs import services as jobs
    from app.portfolio import digest

    with _sessions(settings)() as session:

        def send() -> list[EmailMessage]:
            base_url = (args.base_url or settings.base_url or DIGEST_BASE_URL).rstrip("/")
            return digest.send(session, settings, base_url=base_url, dry_run=args.dry_run)

        try:
            if args.dry_run:
                messages = send()
            else:
                # Cron may start it on every node: the one that takes the lease sends.
                hold = timedelta(hours=args.lease_hours)
                run = jobs.run_exclusive(session, name=job_rules.DIGEST, hold=hold, job=send)
                if not run.ran:
                    lease, held = run.lease, ""
                    if lease is not None:
                        held = f" by {lease.holder} until {lease.expires_at:%Y-%m-%d %H:%M} UTC"
                    print(f"skipped: the digest is being sent{held}")
                    return 0
                messages = run.result or []
        except (RuntimeError, OSError, errors.InvalidInput) as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
    for message in messages:
        if args.dry_run:
            print(message.as_string())
        else:
            print(f"sent to {message['To']}")
    print(f"{len(messages)} digest(s) {'composed' if args.dry_run else 'sent'}")
    return 0


def cmd_backup(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from app.backup import services as backup
    from app.backup.rules import BackupError
    from app.backup.summary import describe_backup, describe_restore

    try:
        if args.action == "create":
            made = backup.create_backup(settings, Path(args.file), logical=args.logical)
            print(describe_backup(made))
            return 0
        restored = backup.restore_backup(settings, Path(args.file))
    except (BackupError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(describe_restore(restored))
    return 0 if restored.ok else 2 if restored.wrong_key else 1


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

    users = commands.add_parser("users", help="manage people").add_subparsers(
        dest="action", required=True
    )
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

    model = commands.add_parser("model", help="published phase-model versions")
    model.add_argument("action", choices=["list", "publish"], help="list (and check) or publish")
    model.add_argument("module", nargs="?", help="publish: the version's package, app.phases.vN")
    model.add_argument("--date", help="publish: the publishing date (default today, UTC)")
    model.add_argument("--registry", help=argparse.SUPPRESS)  # another published.json, for tests
    model.set_defaults(handler=cmd_model, offline=True)

    tokens = commands.add_parser("tokens", help="API tokens").add_subparsers(
        dest="action", required=True
    )
    account_commands.add_token_commands(tokens)
    region_commands.add_region_commands(
        commands.add_parser("regions", help="the list of regions").add_subparsers(
            dest="action", required=True
        )
    )

    audit_cmds = commands.add_parser("audit", help="the tamper-evident audit log").add_subparsers(
        dest="action", required=True
    )
    verify = audit_cmds.add_parser(
        "verify", help="verify the whole chain; exit 1 if broken, 2 with another key"
    )
    verify.set_defaults(handler=cmd_audit_verify)
    verify_pack = audit_cmds.add_parser("verify-pack", help="verify an audit pack offline")
    verify_pack.add_argument("file")
    verify_pack.add_argument("--public-key", help="the published key (hex) to prove the origin")
    verify_pack.add_argument(
        "--with-audit-key", action="store_true", help="also check entry MACs with the audit key"
    )
    verify_pack.set_defaults(handler=cmd_audit_verify_pack, offline=True)
    public_key = audit_cmds.add_parser("public-key", help="print the key that checks packs")
    public_key.set_defaults(handler=cmd_audit_public_key)
    backup = commands.add_parser("backup", help="back up or restore").add_subparsers(
        dest="action", required=True
    )
    backup_create = backup.add_parser("create", help="database, evidence files and manifest")
    backup_create.add_argument("file", help="the new backup file (.tar.gz)")
    backup_create.add_argument(
        "--logical", action="store_true", help="PostgreSQL: copy table by table, not pg_dump"
    )
    backup_create.set_defaults(handler=cmd_backup)
    backup_restore = backup.add_parser("restore", help="into an empty database; then checks")
    backup_restore.add_argument("file")
    backup_restore.set_defaults(handler=cmd_backup)
    digest = commands.add_parser("digest", help="the weekly e-mail digest").add_subparsers(
        dest="action", required=True
    )
    send = digest.add_parser("send", help="e-mail each support officer (KLUSTERFAS_SMTP_*)")
    send.add_argument("--dry-run", action="store_true", help="print the e-mails, send nothing")
    send.add_argument(
        "--base-url", help=f"for links (default KLUSTERFAS_BASE_URL, else {DIGEST_BASE_URL})"
    )
    send.add_argument(
        "--lease-hours",
        type=float,
        default=12,
        help="after a send, the same command on any node skips it for this long (default 12)",
    )
    send.set_defaults(handler=cmd_digest_send)
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
        print(f"error: {error}", file=sys.stderr)
        return 2
    return code


if __name__ == "__main__":
    raise SystemExit(main())
