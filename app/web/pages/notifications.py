"""Notifications: the list behind the bell, marking read, and the e-mail choices."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app import clock
from app.flashes import Flash
from app.notifications import queries, services
from app.notifications.rules import EmailChoice, NotificationKind, email_choice
from app.notifications.texts import describe, link
from app.web.deps import PageUser, SessionDep, request_locale
from app.web.security import flash
from app.web.templating import render

router = APIRouter(include_in_schema=False)
Choice = Annotated[EmailChoice, Form()]


@router.get("/notifications", response_class=HTMLResponse)
def notification_list(request: Request, session: SessionDep, user: PageUser) -> HTMLResponse:
    locale = request_locale(request)
    shown = [
        {
            "id": n.id,
            "text": describe(n.kind, n.params, locale),
            "href": link(n.kind, n.params, n.initiative_id),
            "kind": n.kind,
            "at": n.created_at,
            "unread": n.read_at is None,
        }
        for n in queries.latest(session, user)
    ]
    return render(request, "notifications/list.html", {"notifications": shown}, block="list")


@router.post("/notifications/{notification_id}/read", response_class=HTMLResponse)
def read_one(
    request: Request, notification_id: int, session: SessionDep, user: PageUser
) -> Response:
    services.mark_read(session, user=user, notification_id=notification_id, now=clock.utc_now())
    return RedirectResponse("/notifications", status_code=303)


@router.post("/notifications/read", response_class=HTMLResponse)
def read_all(request: Request, session: SessionDep, user: PageUser) -> Response:
    services.mark_all_read(session, user=user, now=clock.utc_now())
    return RedirectResponse("/notifications", status_code=303)


@router.get("/notifications/settings", response_class=HTMLResponse)
def settings_page(request: Request, session: SessionDep, user: PageUser) -> HTMLResponse:
    chosen = queries.email_choices(session, [user.id])[user.id]
    context = {
        "kinds": list(NotificationKind),
        "choices": list(EmailChoice),
        "chosen": {kind: email_choice(kind, chosen) for kind in NotificationKind},
    }
    return render(request, "notifications/settings.html", context)


@router.post("/notifications/settings", response_class=HTMLResponse)
def save_settings(
    request: Request,
    session: SessionDep,
    user: PageUser,
    review_requested: Choice = EmailChoice.IMMEDIATELY,
    review_decided: Choice = EmailChoice.IMMEDIATELY,
    condition_due: Choice = EmailChoice.DAILY,
    evidence_expiring: Choice = EmailChoice.DAILY,
    target_date_passed: Choice = EmailChoice.DAILY,
    mention: Choice = EmailChoice.IMMEDIATELY,
) -> Response:
    given = {
        NotificationKind.REVIEW_REQUESTED: review_requested,
        NotificationKind.REVIEW_DECIDED: review_decided,
        NotificationKind.CONDITION_DUE: condition_due,
        NotificationKind.EVIDENCE_EXPIRING: evidence_expiring,
        NotificationKind.TARGET_DATE_PASSED: target_date_passed,
        NotificationKind.MENTION: mention,
    }
    services.choose_email(session, user=user, choices=given)
    flash(request, Flash.NOTIFICATIONS_SAVED, "success")
    return RedirectResponse("/notifications/settings", status_code=303)
