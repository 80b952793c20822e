"""`digest send` for the console script (app/cli.py adds it): the weekly digest, sent by
whichever node's cron takes the lease first."""

from __future__ import annotations

import argparse
from datetime import timedelta
from email.message import EmailMessage

from app import errors
from app.config import Settings
from app.console import Commands, failed, group, sessions

DIGEST_BASE_URL = "http://127.0.0.1:8000"


def send(args: argparse.Namespace, settings: Settings) -> int:
    from app.jobs import rules as job_rules
    from app.jobs import services as jobs
    from app.portfolio import digest

    with sessions(settings)() as session:

        def compose_and_send() -> list[EmailMessage]:
            base_url = (args.base_url or settings.base_url or DIGEST_BASE_URL).rstrip("/")
            return digest.send(session, settings, base_url=base_url, dry_run=args.dry_run)

        try:
            if args.dry_run:
                messages = compose_and_send()
            else:
                # Cron may start it on every node: the one that takes the lease sends.
                hold = timedelta(hours=args.lease_hours)
                run = jobs.run_exclusive(
                    session, name=job_rules.DIGEST, hold=hold, job=compose_and_send
                )
                if not run.ran:
                    lease, held = run.lease, ""
                    if lease is not None:
                        held = f" by {lease.holder} until {lease.expires_at:%Y-%m-%d %H:%M} UTC"
                    print(f"skipped: the digest is being sent{held}")
                    return 0
                messages = run.result or []
        except (RuntimeError, OSError, errors.InvalidInput) as error:
            return failed(error)
    for message in messages:
        print(message.as_string() if args.dry_run else f"sent to {message['To']}")
    print(f"{len(messages)} digest(s) {'composed' if args.dry_run else 'sent'}")
    return 0


def add_digest_command(commands: Commands) -> None:
    digest = group(commands, "digest", "the weekly e-mail digest")
    command = digest.add_parser("send", help="e-mail each support officer (KLUSTERFAS_SMTP_*)")
    command.add_argument("--dry-run", action="store_true", help="print the e-mails, send nothing")
    command.add_argument(
        "--base-url", help=f"for links (default KLUSTERFAS_BASE_URL, else {DIGEST_BASE_URL})"
    )
    command.add_argument(
        "--lease-hours",
        type=float,
        default=12,
        help="after a send, the same command on any node skips it for this long (default 12)",
    )
    command.set_defaults(handler=send)
