"""What the console script's groups of commands share: a session on the configured
database, a subcommand group, and how a refusal is printed."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TypeAlias

from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.db import make_engine, make_sessionmaker

Handler = Callable[[argparse.Namespace, Settings], int]
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def sessions(settings: Settings) -> sessionmaker[Session]:
    return make_sessionmaker(make_engine(settings.database_url), audit_key=settings.audit_key)


def group(commands: Commands, name: str, help: str) -> Commands:
    """`klusterfas NAME ACTION …`: the parser the group's actions are added to."""
    return commands.add_parser(name, help=help).add_subparsers(dest="action", required=True)


def failed(error: object, *, code: int = 1) -> int:
    print(f"error: {error}", file=sys.stderr)
    return code
