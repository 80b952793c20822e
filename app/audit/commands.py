"""`audit verify|verify-pack|public-key` for the console script (app/cli.py adds them)."""

from __future__ import annotations

import argparse
import sys

from app.audit import log as audit_log
from app.audit.pack import public_key_hex, verify_pack
from app.config import Settings
from app.console import Commands, failed, group, sessions
from app.models.audit import AuditHead


def verify(args: argparse.Namespace, settings: Settings) -> int:
    with sessions(settings)() as session:
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


def verify_pack_file(args: argparse.Namespace, settings: Settings | None) -> int:
    # Offline by default: an auditor has the pack and the public key, not the server's secrets.
    audit_key = Settings.from_env().audit_key.encode() if args.with_audit_key else None
    if audit_key == b"":
        return failed("--with-audit-key needs KLUSTERFAS_AUDIT_KEY(_FILE)", code=2)
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


def public_key(args: argparse.Namespace, settings: Settings) -> int:
    print(public_key_hex(settings.audit_key.encode()))
    return 0


def add_audit_commands(commands: Commands) -> None:
    audit = group(commands, "audit", "the tamper-evident audit log")
    audit.add_parser(
        "verify", help="verify the whole chain; exit 1 if broken, 2 with another key"
    ).set_defaults(handler=verify)
    pack = audit.add_parser("verify-pack", help="verify an audit pack offline")
    pack.add_argument("file")
    pack.add_argument("--public-key", help="the published key (hex) to prove the origin")
    pack.add_argument(
        "--with-audit-key", action="store_true", help="also check entry MACs with the audit key"
    )
    pack.set_defaults(handler=verify_pack_file, offline=True)
    audit.add_parser("public-key", help="print the key that checks packs").set_defaults(
        handler=public_key
    )
