"""The audit pack of one initiative: a zip an auditor can check offline.

It holds `initiative.json` (the initiative, its items and evidence, transitions,
gate reviews, conditions and audit entries), the evidence files, a readable
`report.html`, and `manifest.json` with the SHA-256 of every other file, the
verification of the whole audit chain and its head. `manifest.sig` is an
Ed25519 signature over the manifest; the signing key is derived from the audit
key, so only the server can sign, and anyone holding the published public key
can check a pack without the server.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy.orm import Session

from app.audit import log as audit_log
from app.audit.export import entry_fields_of, initiative_export
from app.domain.evidence import EvidenceKind
from app.evidence.storage import BlobStore
from app.excellence import queries as excellence_queries
from app.grants import queries as grant_queries
from app.models.audit import AuditHead
from app.models.initiatives import Initiative
from app.support import queries as support_queries

FORMAT = "klusterfas-audit-pack/1"
SIGNING_CONTEXT = b"klusterfas audit-pack signing key"
MANIFEST, SIGNATURE = "manifest.json", "manifest.sig"

# Renders report.html from the export; given by the caller so this module needs no web layer.
ReportRenderer = Callable[[dict[str, Any], str], str]


def signing_key(audit_key: bytes) -> Ed25519PrivateKey:
    seed = hmac.new(audit_key, SIGNING_CONTEXT, hashlib.sha256).digest()
    return Ed25519PrivateKey.from_private_bytes(seed)


def public_key_hex(audit_key: bytes) -> str:
    public = signing_key(audit_key).public_key()
    return public.public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def _safe_name(name: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in "._-" else "_" for c in name)
    return cleaned.strip("._")[:120] or "file"


def build_pack(
    session: Session,
    *,
    initiative: Initiative,
    store: BlobStore,
    generated_by: str,
    render_report: ReportRenderer,
    locale: str = "sv",
    at: datetime | None = None,
) -> bytes:
    """The zip as bytes; files are added one at a time, the manifest last."""
    key = audit_log.key_of(session)
    export = initiative_export(session, initiative)
    export["grants"] = grant_queries.grant_records(session, initiative.id)
    export["support_activities"] = support_queries.export(session, initiative)
    export["cluster_labels"] = excellence_queries.export(session, initiative.id)
    chain = audit_log.verify(session)
    head = session.get(AuditHead, audit_log.HEAD_ID)
    files: dict[str, dict[str, Any]] = {}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as pack:

        def add(name: str, data: bytes) -> None:
            files[name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            pack.writestr(name, data)

        add("initiative.json", json.dumps(export, indent=2, ensure_ascii=False).encode())
        seen: set[str] = set()
        for item in export["items"]:
            for piece in item["evidence"]:
                if piece["kind"] != EvidenceKind.FILE or piece["sha256"] in seen:
                    continue
                seen.add(piece["sha256"])
                name = f"evidence/{piece['sha256']}-{_safe_name(piece['file_name'] or '')}"
                add(name, store.get(session, piece["sha256"]))
        report_context = {**export, "chain": chain.as_dict(), "locale": locale}
        add("report.html", render_report(report_context, locale).encode())
        manifest = {
            "format": FORMAT,
            "generated_at": (at or datetime.now(UTC)).isoformat(),
            "generated_by": generated_by,
            "initiative_id": initiative.id,
            "files": files,
            "chain": chain.as_dict(),
            "head": {
                "seq": head.seq if head else 0,
                "mac": head.mac if head else audit_log.GENESIS,
                "head_mac": head.head_mac if head else None,
            },
            "signature": {"algorithm": "Ed25519", "file": SIGNATURE},
            "public_key": public_key_hex(key),
        }
        manifest_bytes = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
        pack.writestr(MANIFEST, manifest_bytes)
        pack.writestr(SIGNATURE, signing_key(key).sign(manifest_bytes).hex() + "\n")
    return buffer.getvalue()


@dataclass
class PackCheck:
    """What `verify_pack` found; `ok` only when nothing is wrong."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    files: int = 0
    signature_valid: bool = False
    authentic: bool = False  # checked against a key given by the caller, not the embedded one
    chain: dict[str, Any] | None = None
    entries_checked: int | None = None  # audit entries whose MAC was recomputed

    @property
    def ok(self) -> bool:
        return not self.problems and self.signature_valid


def _public_key(hex_key: str) -> Ed25519PublicKey | None:
    try:
        return Ed25519PublicKey.from_public_bytes(bytes.fromhex(hex_key.strip()))
    except ValueError:
        return None


def verify_pack(
    pack: str | Path | bytes, *, public_key_hex: str | None = None, audit_key: bytes | None = None
) -> PackCheck:
    """Check a pack offline: hashes, no extra files, the signature, and with the
    audit key the MAC of every included audit entry."""
    check = PackCheck()
    source = io.BytesIO(pack) if isinstance(pack, bytes) else Path(pack)
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as error:
        check.problems.append(f"not a readable zip file: {error}")
        return check
    with archive:
        names = archive.namelist()
        if len(names) != len(set(names)):
            check.problems.append("the zip holds two files with the same name")
        if MANIFEST not in names or SIGNATURE not in names:
            check.problems.append("manifest.json or manifest.sig is missing")
            return check
        manifest_bytes = archive.read(MANIFEST)
        try:
            manifest = json.loads(manifest_bytes)
            listed: dict[str, dict[str, Any]] = manifest["files"]
            # Anyone can sign a manifest with a key of their own: check its shape, too.
            if not isinstance(listed, dict) or not all(
                isinstance(f, dict) for f in listed.values()
            ):
                raise TypeError("files")
        except (ValueError, KeyError, TypeError):
            check.problems.append("manifest.json is not a valid manifest")
            return check
        _check_signature(check, manifest, manifest_bytes, archive.read(SIGNATURE), public_key_hex)
        for name in sorted(set(names) - set(listed) - {MANIFEST, SIGNATURE}):
            check.problems.append(f"{name}: not listed in the manifest")
        for name, expected in sorted(listed.items()):
            if name not in names:
                check.problems.append(f"{name}: listed but missing")
                continue
            data = archive.read(name)
            if hashlib.sha256(data).hexdigest() != expected.get("sha256"):
                check.problems.append(f"{name}: its SHA-256 does not match the manifest")
            check.files += 1
        chain = manifest.get("chain")
        check.chain = chain if isinstance(chain, dict) else None
        if not (check.chain or {}).get("ok"):
            broken = (check.chain or {}).get("first_broken")
            check.problems.append(
                f"the audit chain was broken when the pack was made (entry {broken})"
            )
        if audit_key is not None and "initiative.json" in names:
            _check_entries(check, archive.read("initiative.json"), manifest, audit_key)
    return check


def _check_signature(
    check: PackCheck,
    manifest: dict[str, Any],
    manifest_bytes: bytes,
    signature_text: bytes,
    given_key: str | None,
) -> None:
    key_hex = given_key or str(manifest.get("public_key", ""))
    public = _public_key(key_hex)
    if public is None:
        check.problems.append("no usable Ed25519 public key")
        return
    try:
        public.verify(bytes.fromhex(signature_text.decode().strip()), manifest_bytes)
    except (InvalidSignature, ValueError, UnicodeDecodeError):
        check.problems.append("the signature over manifest.json is not valid")
        return
    check.signature_valid = True
    check.authentic = given_key is not None
    if not check.authentic:
        check.notes.append(
            "signature checked with the key inside the pack: this proves integrity, not "
            "origin; give the published key (--public-key) to prove the server made it"
        )


def _check_entries(
    check: PackCheck, export_bytes: bytes, manifest: dict[str, Any], key: bytes
) -> None:
    try:
        entries = json.loads(export_bytes)["audit_entries"]
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise TypeError("audit_entries")
    except (ValueError, KeyError, TypeError):
        check.problems.append("initiative.json has no audit entries")
        return
    for entry in entries:
        if not _same_mac(entry.get("mac"), audit_log.mac_of(key, entry_fields_of(entry))):
            check.problems.append(f"audit entry {entry.get('seq')}: its MAC does not match")
    head = manifest.get("head") or {}
    try:
        expected = audit_log.head_mac_of(key, int(head.get("seq", 0)), str(head.get("mac", "")))
    except (AttributeError, TypeError, ValueError):
        check.problems.append("the chain head in the manifest is not readable")
    else:
        if head.get("head_mac") is not None and not _same_mac(head["head_mac"], expected):
            check.problems.append("the chain head in the manifest does not match its MAC")
    check.entries_checked = len(entries)


def _same_mac(given: object, expected: str) -> bool:
    # As bytes: compare_digest refuses str with non-ASCII characters, which a forger may send.
    return hmac.compare_digest(str(given).encode(), expected.encode())
