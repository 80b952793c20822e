"""The audit pack: built from the database, checked offline; tampering is caught."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from app import cli
from app.audit import log as audit_log
from app.audit import pack as audit_pack
from app.audit import queries as audit_queries
from app.audit.pack import build_pack, public_key_hex, verify_pack
from app.evidence import services as evidence_services
from app.evidence.services import NewEvidence
from app.evidence.storage import BlobStore
from app.models.initiatives import Initiative
from app.phases import Evidence as EvidenceKind
from app.phases import Phase, get_model
from app.web.pages.audit_views import render_report
from tests.conftest import AUDIT_KEY, People

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
KEY = next(
    i.key
    for i in get_model().required_items(Phase.STARTING_POINT)
    if i.evidence is not EvidenceKind.NONE
)
PUBLIC = public_key_hex(AUDIT_KEY.encode())


@pytest.fixture
def pack(session: Session, people: People, initiative: Initiative, tmp_path: Path) -> bytes:
    store = BlobStore(tmp_path)
    evidence_services.add_evidence(
        session,
        actor=people.leader,
        initiative_id=initiative.id,
        key=KEY,
        new=NewEvidence("file", file_name="styrgrupp protokoll.pdf", data=PDF),
        store=store,
        max_bytes=1_000_000,
    )
    return build_pack(
        session,
        initiative=initiative,
        store=store,
        generated_by=people.support.email,
        render_report=render_report,
        locale="en",
    )


def _files(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_the_pack_holds_the_export_the_file_the_report_and_a_manifest(
    pack: bytes, session: Session, initiative: Initiative, people: People
) -> None:
    files = _files(pack)
    sha = hashlib.sha256(PDF).hexdigest()
    assert set(files) == {
        "initiative.json",
        f"evidence/{sha}-styrgrupp_protokoll.pdf",
        "report.html",
        "manifest.json",
        "manifest.sig",
    }
    assert files[f"evidence/{sha}-styrgrupp_protokoll.pdf"] == PDF
    export: dict[str, Any] = json.loads(files["initiative.json"])
    assert export["initiative"]["id"] == initiative.id
    # Oldest first, as recorded; other tests may have left entries before these.
    recorded = reversed(audit_queries.audit_entries(session, initiative.id))
    assert [e["seq"] for e in export["audit_entries"]] == [e.seq for e in recorded]
    assert [e["action"] for e in export["audit_entries"][-2:]] == [
        "initiative.create",
        "evidence.add",
    ]
    assert {"seq", "mac", "prev_mac", "before", "after"} <= set(export["audit_entries"][0])
    item = next(i for i in export["items"] if i["key"] == KEY)
    assert item["evidence"][0]["sha256"] == sha
    assert {"transitions", "gate_reviews", "conditions", "gate"} <= set(export)
    manifest = json.loads(files["manifest.json"])
    assert manifest["initiative_id"] == initiative.id
    assert manifest["generated_by"] == people.support.email
    chain = audit_log.verify(session)
    assert chain.ok
    assert manifest["chain"] == {"ok": True, "entries": chain.entries, "first_broken": None}
    assert manifest["head"]["seq"] == export["audit_entries"][-1]["seq"] == chain.entries
    assert manifest["public_key"] == PUBLIC
    assert (
        manifest["files"]["report.html"]["sha256"]
        == hashlib.sha256(files["report.html"]).hexdigest()
    )
    assert "Readiness report" in files["report.html"].decode()
    assert "Textilnoden" in files["report.html"].decode()


def test_an_untouched_pack_verifies(pack: bytes) -> None:
    check = verify_pack(pack, public_key_hex=PUBLIC, audit_key=AUDIT_KEY.encode())
    assert check.ok, check.problems
    assert check.authentic and check.signature_valid
    assert check.files == 3
    entries = json.loads(_files(pack)["initiative.json"])["audit_entries"]
    assert check.entries_checked == len(entries) >= 2


def test_without_the_published_key_the_result_says_so(pack: bytes) -> None:
    check = verify_pack(pack)
    assert check.ok
    assert not check.authentic
    assert any("published key" in note for note in check.notes)


def test_a_flipped_byte_in_a_file_is_detected(pack: bytes) -> None:
    files = _files(pack)
    name = next(n for n in files if n.startswith("evidence/"))
    files[name] = files[name][:-2] + bytes([files[name][-2] ^ 1]) + files[name][-1:]
    check = verify_pack(_zip(files), public_key_hex=PUBLIC)
    assert not check.ok
    assert check.problems == [f"{name}: its SHA-256 does not match the manifest"]


def test_an_edited_manifest_fails_the_signature(pack: bytes) -> None:
    files = _files(pack)
    manifest = json.loads(files["manifest.json"])
    manifest["chain"]["entries"] = 1
    files["manifest.json"] = json.dumps(manifest, indent=2).encode()
    check = verify_pack(_zip(files), public_key_hex=PUBLIC)
    assert not check.ok
    assert not check.signature_valid
    assert "the signature over manifest.json is not valid" in check.problems


def test_a_pack_re_signed_with_another_key_is_not_authentic(pack: bytes) -> None:
    # Someone rebuilds the manifest and signs with their own key, embedding it.
    files = _files(pack)
    files["report.html"] = b"<p>all is well</p>"
    manifest = json.loads(files["manifest.json"])
    manifest["files"]["report.html"] = {"sha256": hashlib.sha256(b"<p>all is well</p>").hexdigest()}
    forger = b"not the server"
    manifest["public_key"] = public_key_hex(forger)
    files["manifest.json"] = json.dumps(manifest).encode()
    files["manifest.sig"] = (
        audit_pack.signing_key(forger).sign(files["manifest.json"]).hex().encode()
    )
    assert verify_pack(_zip(files)).ok  # consistent in itself...
    assert not verify_pack(_zip(files), public_key_hex=PUBLIC).ok  # ...but not the server's


def test_added_and_removed_files_are_detected(pack: bytes) -> None:
    files = _files(pack)
    files["extra.txt"] = b"slipped in"
    assert "extra.txt: not listed in the manifest" in verify_pack(_zip(files)).problems
    files = _files(pack)
    del files["report.html"]
    assert "report.html: listed but missing" in verify_pack(_zip(files)).problems


def test_an_altered_entry_in_the_export_fails_with_the_audit_key(pack: bytes) -> None:
    # Change the export and re-sign as a forger: the entry MACs still give it away.
    files = _files(pack)
    export = json.loads(files["initiative.json"])
    export["audit_entries"][-1]["actor"] = "mallory@example.se"
    seq = export["audit_entries"][-1]["seq"]
    files["initiative.json"] = json.dumps(export).encode()
    manifest = json.loads(files["manifest.json"])
    manifest["files"]["initiative.json"]["sha256"] = hashlib.sha256(
        files["initiative.json"]
    ).hexdigest()
    files["manifest.json"] = json.dumps(manifest).encode()
    files["manifest.sig"] = audit_pack.signing_key(b"x").sign(files["manifest.json"]).hex().encode()
    check = verify_pack(_zip(files), audit_key=AUDIT_KEY.encode())
    assert f"audit entry {seq}: its MAC does not match" in check.problems


def test_not_a_zip_is_a_clear_failure() -> None:
    check = verify_pack(b"not a zip")
    assert not check.ok
    assert check.problems[0].startswith("not a readable zip file")


def test_cli_verify_pack_exit_codes(
    pack: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KLUSTERFAS_AUDIT_KEY", raising=False)
    good = tmp_path / "pack.zip"
    good.write_bytes(pack)
    assert cli.main(["audit", "verify-pack", str(good), "--public-key", PUBLIC]) == 0
    out = capsys.readouterr().out
    assert "ok: the pack is intact" in out
    assert "signature: valid (published key)" in out
    files = _files(pack)
    files["report.html"] += b" "
    bad = tmp_path / "bad.zip"
    bad.write_bytes(_zip(files))
    assert cli.main(["audit", "verify-pack", str(bad), "--public-key", PUBLIC]) == 1
    out = capsys.readouterr().out
    assert "problem: report.html: its SHA-256 does not match the manifest" in out
    assert "FAILED" in out
    # Offline: no settings read, so no local key file was generated.
    assert not (tmp_path / ".klusterfas-audit-key").exists()


def _forged(pack: bytes, change: Any) -> bytes:
    """The pack with its manifest (and export) changed by `change`, re-signed by a forger."""
    files = _files(pack)
    manifest = json.loads(files["manifest.json"])
    export = json.loads(files["initiative.json"])
    change(manifest, export)
    files["initiative.json"] = json.dumps(export).encode()
    if isinstance(manifest.get("files"), dict) and "initiative.json" in manifest["files"]:
        entry = manifest["files"]["initiative.json"]
        if isinstance(entry, dict):
            entry["sha256"] = hashlib.sha256(files["initiative.json"]).hexdigest()
    files["manifest.json"] = json.dumps(manifest).encode()
    files["manifest.sig"] = audit_pack.signing_key(b"x").sign(files["manifest.json"]).hex().encode()
    return _zip(files)


@pytest.mark.parametrize(
    "change",
    [
        lambda m, e: m.update(files=sorted(m["files"])),
        lambda m, e: m["files"].update({"report.html": "not an object"}),
        lambda m, e: m.update(chain="ok"),
        lambda m, e: m.update(head={"seq": "x", "mac": "y", "head_mac": "z"}),
        lambda m, e: m.update(head=[1, 2]),
        lambda m, e: e.update(audit_entries=[1, "two"]),
        lambda m, e: e.update(audit_entries={"seq": 1}),
        lambda m, e: e["audit_entries"][0].update(mac="é"),
        lambda m, e: m["head"].update(head_mac="é"),
    ],
)
def test_a_forged_pack_of_any_shape_is_a_problem_not_a_crash(pack: bytes, change: Any) -> None:
    # verify-pack reads files from anyone: a manifest signed with its own key can hold
    # any JSON, and the check must name it rather than stop with a traceback.
    check = verify_pack(_forged(pack, change), audit_key=AUDIT_KEY.encode())
    assert not check.ok and check.problems
