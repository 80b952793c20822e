"""`klusterfas notify send [--daily] [--dry-run]`: run it from cron every few minutes, and
once a day with --daily for those who chose a daily summary. Safe on every node at once."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime

from app.config import Settings
from app.db import make_engine, make_sessionmaker
from app.notifications import mail


def run(args: argparse.Namespace, settings: Settings) -> int:
    base_url = (
        args.base_url or os.environ.get("KLUSTERFAS_BASE_URL") or "http://127.0.0.1:8000"
    ).rstrip("/")
    sessions = make_sessionmaker(make_engine(settings.database_url), audit_key=settings.audit_key)
    with sessions() as session:
        try:
            messages = mail.send(
                session, settings, base_url=base_url, now=datetime.now(UTC),
                daily=args.daily, dry_run=args.dry_run,
            )  # fmt: skip
        except (RuntimeError, OSError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
    for message in messages:
        print(message.as_string() if args.dry_run else f"sent to {message['To']}")
    print(f"{len(messages)} e-mail(s) {'composed' if args.dry_run else 'sent'}")
    return 0


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    notify = commands.add_parser("notify", help="notifications by e-mail").add_subparsers(
        dest="action", required=True
    )
    send = notify.add_parser("send", help="collect what is due and e-mail it (KLUSTERFAS_SMTP_*)")
    send.add_argument("--daily", action="store_true", help="also send the daily summaries")
    send.add_argument("--dry-run", action="store_true", help="print the e-mails, send nothing")
    send.add_argument("--base-url", help="for links (default KLUSTERFAS_BASE_URL)")
    send.set_defaults(handler=run)
