"""`backup create|restore` for the console script (app/cli.py adds them)."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.config import Settings
from app.console import Commands, failed, group


def run(args: argparse.Namespace, settings: Settings) -> int:
    from app.backup import services as backup  # loaded only for this command
    from app.backup.rules import BackupError
    from app.backup.summary import describe_backup, describe_restore

    try:
        if args.action == "create":
            made = backup.create_backup(settings, Path(args.file), logical=args.logical)
            print(describe_backup(made))
            return 0
        restored = backup.restore_backup(settings, Path(args.file))
    except (BackupError, OSError) as error:
        return failed(error)
    print(describe_restore(restored))
    return 0 if restored.ok else 2 if restored.wrong_key else 1


def add_backup_commands(commands: Commands) -> None:
    actions = group(commands, "backup", "back up or restore")
    create = actions.add_parser("create", help="database, evidence files and manifest")
    create.add_argument("file", help="the new backup file (.tar.gz)")
    create.add_argument(
        "--logical", action="store_true", help="PostgreSQL: copy table by table, not pg_dump"
    )
    create.set_defaults(handler=run)
    restore = actions.add_parser("restore", help="into an empty database; then checks")
    restore.add_argument("file")
    restore.set_defaults(handler=run)
