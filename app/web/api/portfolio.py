"""JSON API of the portfolio: rows, blocking items, region settings, deadlines."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import StreamingResponse

from app import clock
from app.portfolio import item_export, readiness
from app.portfolio import services as portfolio_services
from app.portfolio.deadlines import overdue_items, overdue_page
from app.portfolio.filtering import region_settings
from app.portfolio.queries import portfolio_page
from app.web.api.paging import PageParam, PerPageParam, asked, page_answer
from app.web.api.schemas.common import iso
from app.web.api.schemas.portfolio import (
    RegionSettingIn,
    TargetDateIn,
    item_text_json,
    overdue_json,
    row_json,
)
from app.web.deps import ApiInitiative, ApiUser, SessionDep
from app.web.download_locale import download_locale
from app.web.portfolio_scope import required_filters, scope_for
from app.web.problems import ERRORS

router = APIRouter(prefix="/api", tags=["portfolio"], responses=ERRORS)


@router.get("/portfolio")
def get_portfolio(request: Request, session: SessionDep, user: ApiUser) -> dict[str, Any]:
    filters = required_filters(request)
    scope = scope_for(request, user)
    page = portfolio_page(session, scope, filters)
    return {
        "items": [row_json(r, scope.now) for r in page.rows],
        "total": page.total,
        "page": filters.page,
        "per_page": filters.per_page,
    }


@router.get("/portfolio/items.csv")
def export_item_states(request: Request, user: ApiUser) -> StreamingResponse:
    """Every item state of the visible portfolio, one CSV row per initiative × item,
    streamed with its own session (the request's closes with the request)."""
    lang = download_locale(request)

    def chunks() -> Iterator[str]:
        with request.app.state.sessionmaker() as session:
            yield from item_export.csv_chunks(session, user, lang)

    return StreamingResponse(
        chunks(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="item-states.csv"'},
    )


@router.get("/portfolio/overdue")
def get_overdue(
    request: Request,
    response: Response,
    session: SessionDep,
    user: ApiUser,
    page: PageParam = None,
    per_page: PerPageParam = None,
) -> dict[str, Any]:
    """The first 1,000, most overdue first, or (given `page` or `per_page`) one page with
    how many there are in all (app.web.api.paging)."""
    today = clock.today()  # in UTC, as the item standings and readiness count days
    if (wanted := asked(page, per_page)) is None:
        items = overdue_items(session, user=user, today=today)
        return {"items": [overdue_json(o, today) for o in items]}
    listed = overdue_page(
        session, user=user, today=today, page=wanted[0], per_page=wanted[1], past_the_last=True
    )
    return page_answer(request, response, listed, lambda o: overdue_json(o, today))


@router.get("/portfolio/regions")
def get_regions(request: Request, session: SessionDep, user: ApiUser) -> dict[str, Any]:
    default = request.app.state.settings.stalled_after_days
    settings = region_settings(session, default_days=default, user=user)
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
def get_blocking(initiative: ApiInitiative, session: SessionDep) -> dict[str, Any]:
    items = readiness.blocking_items(session, initiative)
    return {
        "initiative_id": initiative.id,
        "phase": initiative.phase.value,
        "items": [item_text_json(i) for i in items],
    }


@router.put("/initiatives/{initiative_id}/items/{key}/target-date")
def put_target_date(
    initiative_id: int, key: str, body: TargetDateIn, session: SessionDep, user: ApiUser
) -> dict[str, Any]:
    state = portfolio_services.set_target_date(
        session, actor=user, initiative_id=initiative_id, key=key, target=body.target_date
    )
    return {"key": key, "target_date": iso(state.target_date)}
