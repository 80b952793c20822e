"""Regions kept by admins, and renaming or moving an initiative (both databases)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.audit import AuditEntry
from app.models.initiatives import Initiative
from app.regions import queries as region_queries
from app.regions import services as regions
from tests.conftest import People, login

SV = {"Accept-Language": "sv"}


def test_admins_add_and_rename_regions(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    csrf = login(client, people.support)
    assert client.get("/admin/regions").status_code == 403
    client.cookies.clear()
    csrf = login(client, people.admin)
    added = client.post("/admin/regions", data={"csrf_token": csrf, "name": "Skåne"})
    assert added.status_code == 200 and "Skåne" in added.text
    again = client.post("/admin/regions", data={"csrf_token": csrf, "name": "Skåne"}, headers=SV)
    assert again.status_code == 422 and "finns redan" in again.text
    vg = regions.add_region(session, actor=people.admin, name="Västra Götaland")
    renamed = client.post(
        f"/admin/regions/{vg.id}", data={"csrf_token": csrf, "name": "Västra Götalandsregionen"}
    )
    assert renamed.status_code == 200
    session.expire_all()
    # The initiative in it moved along.
    assert initiative.region == "Västra Götalandsregionen"
    assert region_queries.names(session) == ["Skåne", "Västra Götalandsregionen"]


def test_support_edits_an_initiative_with_a_region_from_the_list(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    regions.add_region(session, actor=people.admin, name="Skåne")
    csrf = login(client, people.support)
    page = client.get(f"/initiatives/{initiative.id}/edit")
    assert page.status_code == 200 and '<select id="edit-region"' in page.text
    assert "<option>Skåne</option>" in page.text
    typed = client.post(
        f"/initiatives/{initiative.id}/edit",
        data={"csrf_token": csrf, "name": "Textilnoden", "region": "Atlantis", "sector": ""},
        headers=SV,
    )
    assert typed.status_code == 422 and "Välj en region i listan" in typed.text
    done = client.post(
        f"/initiatives/{initiative.id}/edit",
        data={"csrf_token": csrf, "name": "Textilnoden Syd", "region": "Skåne", "sector": "Textil"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    session.expire_all()
    assert (initiative.name, initiative.region, initiative.sector) == (
        "Textilnoden Syd", "Skåne", "Textil"
    )  # fmt: skip
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "initiative.edit"))
    assert entry is not None and entry.actor_id == people.support.id
    assert entry.after == {"name": "Textilnoden Syd", "region": "Skåne", "sector": "Textil"}
    # The create form chooses from the same list.
    listing = client.get("/initiatives")
    assert '<select id="new-region"' in listing.text


def test_leadership_and_funders_do_not_edit(
    client: TestClient, people: People, initiative: Initiative
) -> None:
    csrf = login(client, people.leader)
    assert client.get(f"/initiatives/{initiative.id}/edit").status_code == 403
    answer = client.post(
        f"/initiatives/{initiative.id}/edit",
        data={"csrf_token": csrf, "name": "X", "region": "Västra Götaland", "sector": ""},
    )
    assert answer.status_code == 403
