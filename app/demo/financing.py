"""Grants for the demo: funding organisations and what they granted, through the use-cases.

Idempotent: an organisation already listed is not added again, and an initiative that
has grants gets no more. Dates are relative to today, so one grant always ends within
the 90 days the portfolio flags.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from app.grants import queries, services
from app.models.accounts import User
from app.models.grants import Grant
from app.models.initiatives import Initiative

ORGANISATIONS = (
    "Vinnova",
    "Tillväxtverket",
    "Europeiska regionala utvecklingsfonden (ERUF)",
    "Region Västra Götaland",
    "Region Skåne",
    "Region Värmland",
    "Region Östergötland",
)

# initiative: (funder, programme, granted, cash, in kind, starts (days from today),
# ends (days from today), phases, reporting dates (days from today)). With cash None,
# the in-kind figure stands for the total co-financing, its split unknown.
Row = tuple[str, str, int, int | None, int, int, int, list[str], list[int]]
GRANTS: dict[str, list[Row]] = {
    "Sjuhärads textila innovationsnod": [
        (
            "Region Västra Götaland",
            "Regionalt klusterstöd",
            1_200_000,
            300_000,
            250_000,
            -420,
            60,
            ["initiation", "pilot"],
            [-240, 45],
        ),
        (
            "Vinnova",
            "Förstudie hållbar textil",
            450_000,
            0,
            150_000,
            -600,
            -240,
            ["initiation"],
            [-250],
        ),
    ],
    "Skånes livsmedelsarena": [
        (
            "Region Skåne",
            "Klusterprogrammet",
            2_500_000,
            800_000,
            600_000,
            -500,
            230,
            ["pilot", "establishment"],
            [-135, 30, 230],
        ),
        (
            "Europeiska regionala utvecklingsfonden (ERUF)",
            "Regionalfondsprogram Skåne-Blekinge",
            4_000_000,
            None,
            2_000_000,
            -200,
            900,
            ["establishment"],
            [165, 530, 900],
        ),
    ],
    "Värmlands skogsindustriella kluster": [
        (
            "Region Värmland",
            "Klusterstöd",
            3_000_000,
            1_000_000,
            1_200_000,
            -700,
            395,
            ["establishment", "sustainability"],
            [-335, 30, 395],
        ),
        (
            "Tillväxtverket",
            "Nationell klusterutveckling",
            1_800_000,
            600_000,
            0,
            -300,
            430,
            ["sustainability"],
            [65, 430],
        ),
    ],
    "Östergötlands drönarallians": [
        (
            "Region Östergötland",
            "Förstudiemedel",
            900_000,
            150_000,
            200_000,
            -150,
            215,
            ["initiation"],
            [30, 215],
        ),
    ],
    "Norrbottens rymdteknikkluster": [
        (
            "Vinnova",
            "Samverkansprojekt rymdteknik",
            1_500_000,
            500_000,
            500_000,
            -90,
            640,
            ["initiation", "pilot"],
            [95, 275, 640],
        ),
    ],
}


def _raw(row: Row, funder_id: int, today: date) -> dict[str, Any]:
    _, programme, amount, cash, in_kind, starts, ends, phases, reports = row
    raw: dict[str, Any] = {
        "funder": funder_id,
        "programme": programme,
        "amount_sek": amount,
        "starts_on": (today + timedelta(days=starts)).isoformat(),
        "ends_on": (today + timedelta(days=ends)).isoformat(),
        "phases": phases,
        "reporting_dates": [(today + timedelta(days=d)).isoformat() for d in reports],
    }
    if cash is None:
        raw["cofinancing_sek"] = in_kind  # only the total is known
    else:
        raw |= {"cofinancing_cash_sek": cash, "cofinancing_in_kind_sek": in_kind}
    return raw


def load(session: Session, *, admin: User, support: User) -> None:
    """The funding organisations (by the admin) and grants (by the support officer)."""
    for name in ORGANISATIONS:
        if queries.organisation_named(session, name) is None:
            services.add_funding_organisation(session, actor=admin, raw={"name": name})
    by_name = {o.name: o.id for o in queries.organisations(session)}
    with_grants = set(session.scalars(select(Grant.initiative_id).distinct()))
    initiatives = {i.name: i.id for i in session.scalars(select(Initiative))}
    today = clock.local_today()  # where the regions are, as the app counts
    for name, rows in GRANTS.items():
        initiative_id = initiatives.get(name)
        if initiative_id is None or initiative_id in with_grants:
            continue
        for row in rows:
            services.add_grant(
                session, actor=support, initiative_id=initiative_id,
                raw=_raw(row, by_name[row[0]], today),
            )  # fmt: skip
