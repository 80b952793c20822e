"""`klusterfas notify send`: e-mail what people chose to get, once.

Each pending notification is claimed with a conditional UPDATE (email_done_at IS NULL)
before anything is sent, so a second run, or a run on another node at the same moment,
sends nothing twice. A failed delivery gives its claims back for the next run.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from email.message import EmailMessage

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.config import Settings
from app.i18n import translations
from app.models.accounts import User
from app.models.notifications import Notification
from app.notifications import queries, services
from app.notifications.rules import email_choice, mailed_now
from app.notifications.texts import describe, link
from app.portfolio.digest import deliver
from app.uow import unit_of_work


def _pending(session: Session) -> list[tuple[Notification, User]]:
    query = (
        select(Notification, User)
        .join(User, User.id == Notification.user_id)
        .where(Notification.email_done_at.is_(None), User.is_active.is_(True))
        .order_by(Notification.user_id, Notification.created_at, Notification.id)
    )
    return [(notification, user) for notification, user in session.execute(query)]


@unit_of_work
def _claim(session: Session, *, ids: list[int], now: datetime) -> set[int]:
    if not ids:
        return set()
    claimed = session.scalars(
        update(Notification)
        .where(Notification.id.in_(ids), Notification.email_done_at.is_(None))
        .values(email_done_at=now)
        .returning(Notification.id)
    )
    return set(claimed)


@unit_of_work
def _release(session: Session, *, ids: list[int]) -> None:
    session.execute(update(Notification).where(Notification.id.in_(ids)).values(email_done_at=None))


def compose(
    user: User, notifications: list[Notification], *, sender: str, base_url: str
) -> EmailMessage:
    locale = user.locale or "sv"
    gettext = translations(locale).gettext
    lines = [gettext("Hello %(name)s,") % {"name": user.name}, ""]
    for n in notifications:
        lines.append(f"- {describe(n.kind, n.params, locale)}")
        lines.append(f"  {base_url}{link(n.kind, n.params, n.initiative_id)}")
    lines += [
        "",
        gettext("Choose which e-mails you get: %(url)s")
        % {"url": f"{base_url}/notifications/settings"},
    ]
    message = EmailMessage()
    if len(notifications) == 1:
        message["Subject"] = (
            "Klusterfas: " + describe(notifications[0].kind, notifications[0].params, locale)[:150]
        )
    else:
        message["Subject"] = translations(locale).ngettext(
            "Klusterfas: %(num)d notification",
            "Klusterfas: %(num)d notifications",
            len(notifications),
        ) % {"num": len(notifications)}
    message["From"] = sender
    message["To"] = user.email
    message.set_content("\n".join(lines))
    return message


def send(
    session: Session,
    settings: Settings,
    *,
    base_url: str,
    now: datetime,
    daily: bool,
    dry_run: bool = False,
) -> list[EmailMessage]:
    """Collect what is due, then mail each person's pending notifications (the daily ones
    too when `daily`). Returns the messages sent (or, with dry_run, that would be)."""
    if not dry_run:
        services.collect(session, now=now)
    pending = _pending(session)
    choices = queries.email_choices(session, sorted({user.id for _, user in pending}))
    to_mail: list[Notification] = []
    done: list[int] = []  # handled by this run: mailed, or never to be mailed
    for notification, user in pending:
        choice = email_choice(notification.kind, choices[user.id])
        if mailed_now(choice, daily_run=daily):
            to_mail.append(notification)
            done.append(notification.id)
        elif choice.value == "never":
            done.append(notification.id)
    if not dry_run:
        claimed = _claim(session, ids=done, now=now)
        to_mail = [n for n in to_mail if n.id in claimed]
    by_user: dict[int, list[Notification]] = defaultdict(list)
    users = {user.id: user for _, user in pending}
    for notification in to_mail:
        by_user[notification.user_id].append(notification)
    sender = settings.smtp.sender if settings.smtp else "klusterfas@localhost"
    messages = [
        compose(users[user_id], found, sender=sender, base_url=base_url)
        for user_id, found in by_user.items()
    ]
    if dry_run or not messages:
        return messages
    try:
        if settings.smtp is None:
            raise RuntimeError("Set KLUSTERFAS_SMTP_HOST (and the other KLUSTERFAS_SMTP_*).")
        deliver(settings.smtp, messages)
    except BaseException:
        _release(session, ids=[n.id for n in to_mail])
        raise
    return messages
