"""Reads of grants and funding organisations, and the portfolio's financing summed in SQL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Select, Subquery, and_, bindparam, case, func, select
from sqlalchemy.orm import Session, joinedload

from app.clock import LOCAL_ZONE
from app.grants.rules import ENDING_SOON_DAYS, GroupBy
from app.initiatives.queries import restrict_to_visible
from app.models.accounts import User
from app.models.grants import FundingOrganisation, Grant, GrantPhase, GrantReportingDate
from app.models.initiatives import Initiative
from app.phases import PHASE_ORDER


def organisations(session: Session) -> Sequence[FundingOrganisation]:
    return session.scalars(_organisations()).all()


# Read on every initiative page a support officer opens: built once (app.initiatives.queries).
@cache
def _organisations() -> Select[FundingOrganisation]:
    return select(FundingOrganisation).order_by(func.lower(FundingOrganisation.name))


def organisation(session: Session, organisation_id: int) -> FundingOrganisation | None:
    return session.get(FundingOrganisation, organisation_id)


def organisation_named(session: Session, name: str) -> FundingOrganisation | None:
    """The organisation of that name in any case (app.db gives SQLite a Unicode lower())."""
    return session.scalar(
        select(FundingOrganisation).where(func.lower(FundingOrganisation.name) == func.lower(name))
    )


def grants(session: Session, initiative_id: int) -> Sequence[Grant]:
    """The initiative's grants, earliest first, with their funders, phases, reporting dates
    and who recorded them: a fixed number of queries, whatever the number of grants."""
    return session.scalars(_grants(), {"initiative_id": initiative_id}).all()


@cache
def _grants() -> Select[Grant]:
    return (
        select(Grant)
        .options(joinedload(Grant.created_by))
        .where(Grant.initiative_id == bindparam("initiative_id"))
        .order_by(Grant.starts_on, Grant.id)
    )


def get_grant(session: Session, grant_id: int) -> Grant | None:
    return session.get(Grant, grant_id)


def totals(found: Sequence[Grant]) -> tuple[int, int]:
    """(granted, co-financing) in kronor."""
    return sum(g.amount_sek for g in found), sum(g.cofinancing_sek for g in found)


def grant_record(grant: Grant) -> dict[str, Any]:
    """A grant as plain JSON: the API, the audit pack's initiative.json and the reports
    read the same fields."""
    return {
        "id": grant.id,
        "initiative_id": grant.initiative_id,
        "funder": grant.funding_organisation_id,
        "funder_name": grant.funder.name,
        "programme": grant.programme,
        "amount_sek": grant.amount_sek,
        "cofinancing_sek": grant.cofinancing_sek,
        "cofinancing_cash_sek": grant.cofinancing_cash_sek,
        "cofinancing_in_kind_sek": grant.cofinancing_in_kind_sek,
        "starts_on": grant.starts_on.isoformat(),
        "ends_on": grant.ends_on.isoformat(),
        "phases": [p.phase.value for p in grant.phases],
        "reporting_dates": [d.due_on.isoformat() for d in grant.reporting_dates],
        "created_at": grant.created_at.isoformat(),
        "created_by": grant.created_by.email if grant.created_by else None,
    }


def grant_records(session: Session, initiative_id: int) -> list[dict[str, Any]]:
    return [grant_record(g) for g in grants(session, initiative_id)]


def grant_figures(ids: Any, now: datetime) -> Subquery:
    """Per initiative whose id is in `ids`: granted and co-financing kronor, and the
    soonest end of a grant ending within ENDING_SOON_DAYS of today where the regions are
    (for the portfolio's rows)."""
    today = now.astimezone(LOCAL_ZONE).date()
    soon = and_(Grant.ends_on >= today, Grant.ends_on <= today + timedelta(days=ENDING_SOON_DAYS))
    return (
        select(
            Grant.initiative_id.label("initiative_id"),
            func.sum(Grant.amount_sek).label("granted_sek"),
            func.sum(Grant.cofinancing_sek).label("cofinancing_sek"),
            func.min(case((soon, Grant.ends_on))).label("grant_ending_on"),
        )
        .where(Grant.initiative_id.in_(ids))
        .group_by(Grant.initiative_id)
        .subquery("grant_figures")
    )


@dataclass(frozen=True, slots=True)
class FinancingLine:
    key: str | None  # the region, the funder's name or the phase; None: a grant naming no phase
    grants: int
    amount_sek: int
    cofinancing_sek: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "grants": self.grants,
            "amount_sek": self.amount_sek,
            "cofinancing_sek": self.cofinancing_sek,
        }


@dataclass
class Financing:
    group_by: GroupBy
    items: list[FinancingLine] = field(default_factory=list)
    total: FinancingLine = FinancingLine(None, 0, 0, 0)


def _line(key: Any, n: Any, amount: Any, cofinancing: Any) -> FinancingLine:
    # PostgreSQL sums BIGINT as NUMERIC: back to whole kronor.
    return FinancingLine(key, int(n or 0), int(amount or 0), int(cofinancing or 0))


def financing(session: Session, ids: Select[Any], group_by: GroupBy) -> Financing:
    """Grants of the initiatives whose id `ids` selects, summed per key: two queries.

    By phase, a grant counts once for each phase it funds, so the lines may add up to
    more than the total, which counts each grant once."""
    sums = (func.count(Grant.id), func.sum(Grant.amount_sek), func.sum(Grant.cofinancing_sek))
    mine = Grant.initiative_id.in_(ids)
    query: Select[Any]
    if group_by is GroupBy.REGION:
        key: Any = Initiative.region
        query = select(key, *sums).join(Initiative, Initiative.id == Grant.initiative_id)
    elif group_by is GroupBy.FUNDER:
        key = FundingOrganisation.name
        query = select(key, *sums).join(
            FundingOrganisation, FundingOrganisation.id == Grant.funding_organisation_id
        )
    else:
        key = GrantPhase.phase
        query = select(key, *sums).outerjoin(GrantPhase, GrantPhase.grant_id == Grant.id)
    rows = session.execute(query.where(mine).group_by(key)).all()
    items = [_line(str(k) if k is not None else None, *rest) for k, *rest in rows]
    if group_by is GroupBy.PHASE:
        rank = {p.value: n for n, p in enumerate(PHASE_ORDER)}
        items.sort(key=lambda line: rank.get(line.key or "", len(rank)))
    else:
        items.sort(key=lambda line: (line.key or "").lower())
    total = session.execute(select(*sums).where(mine)).one()
    return Financing(group_by, items, _line(None, *total))


@dataclass(frozen=True, slots=True)
class DueReport:
    """A report on a grant due to its funder (for work lists and reminders)."""

    initiative_id: int
    initiative_name: str
    grant_id: int
    funder: str
    programme: str | None
    due_on: date


def reports_due(session: Session, user: User, *, start: date, end: date) -> list[DueReport]:
    """Reports due from `start` to `end` (both included) on the grants of the initiatives
    `user` may see, soonest first: one query."""
    visible = restrict_to_visible(select(Initiative.id), user.id, user.role)
    rows = session.execute(
        select(
            Initiative.id, Initiative.name, Grant.id, FundingOrganisation.name, Grant.programme,
            GrantReportingDate.due_on,
        )
        .join(Grant, Grant.id == GrantReportingDate.grant_id)
        .join(Initiative, Initiative.id == Grant.initiative_id)
        .join(FundingOrganisation, FundingOrganisation.id == Grant.funding_organisation_id)
        .where(GrantReportingDate.due_on >= start, GrantReportingDate.due_on <= end)
        .where(Initiative.id.in_(visible))
        .order_by(GrantReportingDate.due_on, Initiative.name, Grant.id)
    )  # fmt: skip
    return [DueReport(*row) for row in rows]
