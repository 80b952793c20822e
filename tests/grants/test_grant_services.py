"""Grants and funding organisations through the use-cases, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import clock, errors
from app.audit import log as audit_log
from app.grants import queries, services
from app.grants.rules import GroupBy
from app.initiatives import services as initiatives
from app.models.audit import AuditEntry
from app.models.grants import FundingOrganisation, Grant, GrantPhase, GrantReportingDate
from app.models.initiatives import Initiative
from app.phases import Phase
from app.portfolio.queries import Scope
from app.portfolio.rules import PortfolioFilters
from tests.conftest import People


def organisation(session: Session, people: People, name: str = "Vinnova") -> FundingOrganisation:
    return services.add_funding_organisation(session, actor=people.admin, raw={"name": name})


def grant(funder: int, **changes: Any) -> dict[str, Any]:
    return {
        "funder": funder,
        "amount_sek": 1_000_000,
        "starts_on": "2026-01-01",
        "ends_on": "2027-06-30",
        **changes,
    }


def last_entry(session: Session) -> AuditEntry:
    entry = session.scalar(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1))
    assert entry is not None
    return entry


def test_an_admin_adds_an_organisation_once_and_it_is_audited(
    session: Session, people: People
) -> None:
    added = organisation(session, people, "  Region   Skåne ")
    assert added.name == "Region Skåne"
    entry = last_entry(session)
    assert (entry.action, entry.target_type, entry.target_id, entry.after) == (
        "funding_organisation.add", "funding_organisation", str(added.id),
        {"name": "Region Skåne"},
    )  # fmt: skip
    with pytest.raises(errors.Conflict) as caught:
        organisation(session, people, "region skåne")  # the same name in another case
    assert caught.value.code == "funding_organisation_exists"
    session.rollback()
    assert [o.name for o in queries.organisations(session)] == ["Region Skåne"]
    assert audit_log.verify(session).ok


@pytest.mark.parametrize("who", ["support", "leader", "funder"])
def test_only_admins_add_organisations(session: Session, people: People, who: str) -> None:
    with pytest.raises(errors.Forbidden) as caught:
        services.add_funding_organisation(
            session, actor=getattr(people, who), raw={"name": "Vinnova"}
        )
    assert caught.value.code == "may_not_add_funding_organisation"
    session.rollback()
    assert session.scalar(select(func.count()).select_from(FundingOrganisation)) == 0


def test_a_grant_is_stored_with_its_phases_and_dates_and_audited(
    session: Session, people: People, initiative: Initiative
) -> None:
    vinnova = organisation(session, people)
    stored = services.add_grant(
        session, actor=people.support, initiative_id=initiative.id,
        raw=grant(
            vinnova.id, programme="Klusterstöd", cofinancing_cash_sek=250_000,
            cofinancing_in_kind_sek=125_000, phases=["pilot", "initiation"],
            reporting_dates=["2026-06-30", "2027-01-31"],
        ),
    )  # fmt: skip
    session.expire_all()
    found = queries.grants(session, initiative.id)
    assert [g.id for g in found] == [stored.id]
    row = found[0]
    assert (row.funder.name, row.programme, row.amount_sek) == ("Vinnova", "Klusterstöd", 1_000_000)
    assert (row.cofinancing_sek, row.cofinancing_cash_sek, row.cofinancing_in_kind_sek) == (
        375_000, 250_000, 125_000,
    )  # fmt: skip
    assert [p.phase for p in row.phases] == [Phase.INITIATION, Phase.PILOT]
    assert [d.due_on for d in row.reporting_dates] == [date(2026, 6, 30), date(2027, 1, 31)]
    entry = last_entry(session)
    assert (entry.action, entry.initiative_id, entry.target_id) == (
        "grant.add", initiative.id, str(stored.id),
    )  # fmt: skip
    assert entry.after["amount_sek"] == 1_000_000 and entry.after["funder"] == "Vinnova"
    assert entry.after["phases"] == ["initiation", "pilot"]
    assert audit_log.verify(session).ok


def test_big_amounts_are_kept_to_the_krona(
    session: Session, people: People, initiative: Initiative
) -> None:
    eruf = organisation(session, people, "ERUF")
    big = 987_654_321_987
    services.add_grant(
        session, actor=people.admin, initiative_id=initiative.id,
        raw=grant(eruf.id, amount_sek=big, cofinancing_sek=big - 1),
    )  # fmt: skip
    session.expire_all()
    assert queries.totals(queries.grants(session, initiative.id)) == (big, big - 1)


@pytest.mark.parametrize("who", ["leader", "funder"])
def test_leadership_and_funders_may_not_record_grants(
    session: Session, people: People, initiative: Initiative, who: str
) -> None:
    vinnova = organisation(session, people)
    before = last_entry(session).seq
    with pytest.raises(errors.Forbidden) as caught:
        services.add_grant(
            session, actor=getattr(people, who), initiative_id=initiative.id, raw=grant(vinnova.id)
        )
    assert caught.value.code == "may_not_add_grant"
    session.rollback()
    assert session.scalar(select(func.count()).select_from(Grant)) == 0
    assert last_entry(session).seq == before


def test_someone_who_cannot_see_the_initiative_gets_not_found(
    session: Session, people: People, initiative: Initiative
) -> None:
    vinnova = organisation(session, people)
    with pytest.raises(errors.NotFound):
        services.add_grant(
            session, actor=people.outsider, initiative_id=initiative.id, raw=grant(vinnova.id)
        )
    session.rollback()
    with pytest.raises(errors.NotFound):
        services.grants_of(session, user=people.outsider, initiative_id=initiative.id)
    for reader in (people.leader, people.funder, people.support, people.admin):
        assert services.grants_of(session, user=reader, initiative_id=initiative.id) == []


def test_an_unknown_funder_is_refused_and_nothing_is_written(
    session: Session, people: People, initiative: Initiative
) -> None:
    with pytest.raises(errors.InvalidInput) as caught:
        services.add_grant(
            session, actor=people.support, initiative_id=initiative.id, raw=grant(9999)
        )
    assert (caught.value.field, caught.value.code) == ("funder", "unknown_funding_organisation")
    session.rollback()
    for table in (Grant, GrantPhase, GrantReportingDate):
        assert session.scalar(select(func.count()).select_from(table)) == 0


def _scope(people: People, who: str) -> Scope:
    from datetime import UTC, datetime

    return Scope(user=getattr(people, who), now=datetime.now(UTC), default_stalled_days=30)


def test_the_portfolio_financing_is_summed_per_key_and_scoped(
    session: Session, people: People, initiative: Initiative
) -> None:
    other = initiatives.create_initiative(
        session, actor=people.support, name="Rymdnoden", region="Norrbotten", sector="Rymd"
    )
    vinnova, region = organisation(session, people), organisation(session, people, "Region VG")
    for iid, raw in [
        (initiative.id, grant(region.id, amount_sek=1_200_001, cofinancing_sek=300_003,
                              phases=["pilot"])),
        (initiative.id, grant(vinnova.id, amount_sek=450_000, phases=["initiation", "pilot"])),
        (other.id, grant(vinnova.id, amount_sek=2_000_000, cofinancing_cash_sek=7,
                         cofinancing_in_kind_sek=3)),
    ]:  # fmt: skip
        services.add_grant(session, actor=people.support, initiative_id=iid, raw=raw)

    def lines(who: str, by: GroupBy, **filters: Any) -> tuple[list[tuple[Any, ...]], Any]:
        found = services.portfolio_financing(
            session, scope=_scope(people, who), chosen=PortfolioFilters(**filters), group_by=by
        )
        rows = [(x.key, x.grants, x.amount_sek, x.cofinancing_sek) for x in found.items]
        t = found.total
        return rows, (t.grants, t.amount_sek, t.cofinancing_sek)

    assert lines("support", GroupBy.REGION) == (
        [("Norrbotten", 1, 2_000_000, 10), ("Västra Götaland", 2, 1_650_001, 300_003)],
        (3, 3_650_001, 300_013),
    )
    assert lines("admin", GroupBy.FUNDER) == (
        [("Region VG", 1, 1_200_001, 300_003), ("Vinnova", 2, 2_450_000, 10)],
        (3, 3_650_001, 300_013),
    )
    # A grant funding two phases counts in both; one naming none is under None.
    assert lines("support", GroupBy.PHASE)[0] == [
        ("initiation", 1, 450_000, 0), ("pilot", 2, 1_650_001, 300_003), (None, 1, 2_000_000, 10),
    ]  # fmt: skip
    # The funder finances only the first initiative: the other's grant is not counted.
    assert lines("funder", GroupBy.REGION) == (
        [("Västra Götaland", 2, 1_650_001, 300_003)],
        (2, 1_650_001, 300_003),
    )
    assert lines("outsider", GroupBy.FUNDER) == ([], (0, 0, 0))
    assert lines("support", GroupBy.FUNDER, region=("Norrbotten",)) == (
        [("Vinnova", 1, 2_000_000, 10)],
        (1, 2_000_000, 10),
    )
    assert lines("support", GroupBy.REGION, phase=(Phase.PILOT,)) == ([], (0, 0, 0))


def test_the_portfolio_row_flags_a_grant_ending_within_90_days(
    session: Session, people: People, initiative: Initiative
) -> None:
    from app.portfolio.queries import portfolio_page

    vinnova = organisation(session, people)
    today = clock.local_today()  # where the regions are, as the app counts
    for ends in (today + timedelta(days=200), today + timedelta(days=80)):
        services.add_grant(
            session, actor=people.support, initiative_id=initiative.id,
            raw=grant(vinnova.id, starts_on="2025-01-01", ends_on=ends.isoformat()),
        )  # fmt: skip
    page = portfolio_page(session, _scope(people, "funder"), PortfolioFilters())
    row = page.rows[0]
    assert (row.granted_sek, row.cofinancing_sek) == (2_000_000, 0)
    assert row.grant_ending_on == today + timedelta(days=80)


def test_reports_due_in_a_window_for_what_the_user_sees(
    session: Session, people: People, initiative: Initiative
) -> None:
    other = initiatives.create_initiative(
        session, actor=people.support, name="Rymdnoden", region="Norrbotten"
    )
    vinnova = organisation(session, people)
    dates = ["2026-06-30", "2026-03-31", "2026-12-31"]
    services.add_grant(
        session, actor=people.support, initiative_id=initiative.id,
        raw=grant(vinnova.id, programme="Klusterstöd", reporting_dates=dates),
    )  # fmt: skip
    services.add_grant(
        session, actor=people.support, initiative_id=other.id,
        raw=grant(vinnova.id, reporting_dates=["2026-04-15"]),
    )  # fmt: skip

    def due(who: str) -> list[tuple[str, str, date]]:
        found = queries.reports_due(
            session, getattr(people, who), start=date(2026, 3, 31), end=date(2026, 6, 30)
        )
        return [(r.initiative_name, r.funder, r.due_on) for r in found]

    assert due("support") == [
        ("Textilnoden", "Vinnova", date(2026, 3, 31)),
        ("Rymdnoden", "Vinnova", date(2026, 4, 15)),
        ("Textilnoden", "Vinnova", date(2026, 6, 30)),
    ]
    assert (
        due("funder")
        == due("leader")
        == [
            ("Textilnoden", "Vinnova", date(2026, 3, 31)),
            ("Textilnoden", "Vinnova", date(2026, 6, 30)),
        ]
    )
    assert due("outsider") == []
