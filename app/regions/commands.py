"""`regions list|add` for the console script (app/cli.py adds them)."""

from __future__ import annotations

import argparse
import sys

from app import errors
from app.config import Settings
from app.db import make_engine, make_sessionmaker
from app.regions import queries as region_queries
from app.regions import services as regions


def regions_list(args: argparse.Namespace, settings: Settings) -> int:
    engine = make_engine(settings.database_url)
    with make_sessionmaker(engine, audit_key=settings.audit_key)() as session:
        for name in region_queries.names(session):
            print(name)
    return 0


def regions_add(args: argparse.Namespace, settings: Settings) -> int:
    engine = make_engine(settings.database_url)
    with make_sessionmaker(engine, audit_key=settings.audit_key)() as session:
        try:
            region = regions.add_region(session, actor=None, name=args.name)
        except (errors.InvalidInput, errors.Conflict) as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        print(f"added region {region.name}")
    return 0


def add_region_commands(parsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parsers.add_parser("list", help="the regions initiatives are placed in").set_defaults(
        handler=regions_list
    )
    add = parsers.add_parser("add", help="add a region to the list (audited)")
    add.add_argument("name")
    add.set_defaults(handler=regions_add)
