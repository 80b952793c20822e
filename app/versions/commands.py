"""`model list|publish` for the console script (app/cli.py adds it): the published
phase-model versions, each checked against its fingerprint."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime
from pathlib import Path

from app.config import Settings
from app.console import Commands, failed


def run(args: argparse.Namespace, settings: Settings | None) -> int:
    from app.phases import registry

    path = Path(args.registry) if args.registry else registry.PUBLISHED_PATH
    try:
        if args.action == "publish":
            if not args.module:
                return failed("name the version's package, e.g. app.phases.v2", code=2)
            model = registry.load_model(args.module)
            on = date.fromisoformat(args.date) if args.date else datetime.now(UTC).date()
            record = registry.publish(model, module=args.module, on=on, path=path)
            print(f"published {record.version} {record.fingerprint} {record.published}")
            return 0
        for record in registry.read_published(path):
            registry.verify(registry.load_model(record.module), record)
            print(f"{record.version:28} {record.published} {record.fingerprint} ok")
    except (registry.PublishError, ImportError) as error:
        return failed(error)
    return 0


def add_model_command(commands: Commands) -> None:
    model = commands.add_parser("model", help="published phase-model versions")
    model.add_argument("action", choices=["list", "publish"], help="list (and check) or publish")
    model.add_argument("module", nargs="?", help="publish: the version's package, app.phases.vN")
    model.add_argument("--date", help="publish: the publishing date (default today, UTC)")
    model.add_argument("--registry", help=argparse.SUPPRESS)  # another published.json, for tests
    model.set_defaults(handler=run, offline=True)
