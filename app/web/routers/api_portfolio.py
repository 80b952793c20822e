"""JSON API of the portfolio: rows, blocking items, region settings, deadlines."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from app import services
from app.phases import CATEGORY_ORDER
from app.portfolio import readiness
from app.portfolio import services as portfolio_services
from app.portfolio.deadlines import overdue_items
from app.portfolio.filters import InvalidFilter, PortfolioFilters
from app.portfolio.queries import PortfolioRow, portfolio_page
from app.portfolio.web import filters_from, scope_for
from app.web.deps import ApiUser, SessionDep
from app.web.routers.api_initiatives import ERRORS
from app.web.schemas import text_json

router = APIRouter(prefix="/api", tags=["portfolio"], responses=ERRORS)


class RegionSettingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    stalled_after_days: int = Field(ge=1, le=portfolio_services.STALLED_DAYS_MAX)


class TargetDateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    target_date: date | None


def api_filters(request: Request) -> PortfolioFilters:
    try:
        return filters_from(request)
    except InvalidFilter as invalid:
        raise services.InvalidInput(invalid.field, invalid.message) from invalid


def row_json(row: PortfolioRow, now: datetime) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "region": row.region,
        "sector": row.sector,
        "phase": row.phase.value,
        "closed_from": row.closed_from.value if row.closed_from else None,
        "readiness": None if row.readiness is None else round(row.readiness, 1),
        "progress": {
            c.value: {"done": row.progress[c][0], "total": row.progress[c][1]}
            for c in CATEGORY_ORDER
        },
        "days_in_phase": row.days_in_phase(now),
        "last_activity": row.last_activity.isoformat(),
        "stalled": row.stalled,
        "support_delivered": row.support_delivered,
    }


@router.get("/portfolio")
def get_portfolio(request: Request, session: SessionDep, user: ApiUser) -> dict[str, Any]:
    filters = api_filters(request)
    scope = scope_for(request, user)
    page = portfolio_page(session, scope, filters)
    return {
        "items": [row_json(r, scope.now) for r in page.rows],
        "total": page.total,
        "page": filters.page,
        "per_page": filters.per_page,
    }


@router.get("/portfolio/overdue")
def get_overdue(session: SessionDep, user: ApiUser) -> dict[str, Any]:
    today = services.today()  # in UTC, as the item standings and readiness count days
    items = overdue_items(session, user=user, today=today)
    return {
        "items": [
            {
                "initiative_id": o.initiative_id,
                "initiative": o.initiative_name,
                "region": o.region,
                "item_key": o.item.key,
                "text": text_json(o.item.text),
                "target_date": o.target_date.isoformat(),
                "days_overdue": o.days_overdue(today),
            }
            for o in items
        ]
    }


@router.get("/portfolio/regions")
def get_regions(request: Request, session: SessionDep, user: ApiUser) -> dict[str, Any]:
    default = request.app.state.settings.stalled_after_days
    settings = portfolio_services.region_settings(session, default_days=default, user=user)
    return {
        "default": default,
        "items": [
            {"region": r, "stalled_after_days": d, "is_default": is_default}
            for r, d, is_default in settings
        ],
    }


@router.put("/portfolio/regions/{region}")
def put_region(
    region: str, body: RegionSettingIn, session: SessionDep, user: ApiUser
) -> dict[str, Any]:
    portfolio_services.set_stalled_after_days(
        session, actor=user, region=region, days=body.stalled_after_days
    )
    return {"region": region.strip(), "stalled_after_days": body.stalled_after_days}


@router.get("/portfolio/{initiative_id}/blocking")
def get_blocking(initiative_id: int, session: SessionDep, user: ApiUser) -> dict[str, Any]:
    initiative = services.visible_initiative(session, user, initiative_id)
    items = readiness.blocking_items(session, initiative)
    return {
        "initiative_id": initiative.id,
        "phase": initiative.phase.value,
        "items": [{"key": i.key, "text": text_json(i.text)} for i in items],
    }


@router.put("/initiatives/{initiative_id}/items/{key}/target-date")
def put_target_date(
    initiative_id: int, key: str, body: TargetDateIn, session: SessionDep, user: ApiUser
) -> dict[str, Any]:
    state = portfolio_services.set_target_date(
        session, actor=user, initiative_id=initiative_id, key=key, target=body.target_date
    )
    return {
        "key": key,
        "target_date": state.target_date.isoformat() if state.target_date else None,
    }
