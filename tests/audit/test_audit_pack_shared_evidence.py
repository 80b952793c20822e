"""The audit pack lists a shared piece of evidence once, under its own item, with every
item it serves; the items it is attached to name it by id."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from sqlalchemy.orm import Session

from app.audit.pack import build_pack, public_key_hex, verify_pack
from app.evidence import services as evidence_services
from app.evidence import sharing
from app.evidence.services import NewEvidence
from app.evidence.storage import BlobStore
from app.models.initiatives import Initiative
from app.web.pages.audit_views import render_report
from tests.conftest import AUDIT_KEY, People

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
FIRST = "starting_point.results.critical_mass"
OTHERS = ("starting_point.results.development_potential", "starting_point.results.business_network")


def test_a_shared_piece_appears_once_with_the_items_it_serves(
    session: Session, people: People, initiative: Initiative, tmp_path: Path
) -> None:
    store = BlobStore(tmp_path)
    row = evidence_services.add_evidence(
        session, actor=people.leader, initiative_id=initiative.id, key=FIRST,
        new=NewEvidence("file", file_name="handlingsplan.pdf", data=PDF),
        store=store, max_bytes=1_000_000,
    )  # fmt: skip
    for key in OTHERS:
        sharing.attach_evidence(
            session, actor=people.leader, initiative_id=initiative.id, evidence_id=row.id, key=key
        )
    pack = build_pack(
        session, initiative=initiative, store=store, generated_by=people.support.email,
        render_report=render_report, locale="en",
    )  # fmt: skip
    with zipfile.ZipFile(io.BytesIO(pack)) as archive:
        names = archive.namelist()
        export = json.loads(archive.read("initiative.json"))
    items = {entry["key"]: entry for entry in export["items"]}
    listed = [p for entry in export["items"] for p in entry["evidence"]]
    assert [p["id"] for p in listed] == [row.id]
    assert listed[0]["items"] == [FIRST, *sorted(OTHERS)]
    assert items[FIRST]["shared_evidence"] == []
    assert all(items[key]["shared_evidence"] == [row.id] for key in OTHERS)
    assert all(items[key]["evidence"] == [] for key in OTHERS)
    assert len([n for n in names if n.startswith("evidence/")]) == 1
    assert [e["action"] for e in export["audit_entries"]].count("evidence.attach") == 2
    assert verify_pack(pack, public_key_hex=public_key_hex(AUDIT_KEY.encode())).ok
