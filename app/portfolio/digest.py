"""The weekly digest: each support officer's overdue results and stalled initiatives.

Run weekly from cron: `klusterfas digest send` (or `--dry-run` to print instead).
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings, SmtpSettings
from app.domain.paging import Page
from app.i18n import translations
from app.labels import label
from app.models.accounts import User
from app.portfolio.deadlines import OverdueItem, overdue_page
from app.portfolio.queries import PortfolioRow, Scope, portfolio_page
from app.portfolio.rules import DIGEST_ROLE, PortfolioFilters

SHOWN = 50  # of each list an e-mail names; the rest are counted and linked


@dataclass
class Digest:
    user: User
    overdue: Page[OverdueItem]  # the most overdue, and how many in all
    stalled: list[PortfolioRow]  # the first SHOWN, by name
    stalled_total: int


def recipients(session: Session) -> list[User]:
    return list(
        session.scalars(
            select(User)
            .where(
                User.role == DIGEST_ROLE,
                User.is_active.is_(True),
                User.digest_opt_out.is_(False),
            )
            .order_by(User.email)
        )
    )


def collect(session: Session, settings: Settings, *, now: datetime, today: date) -> list[Digest]:
    """One digest per recipient with something to report (a few queries per recipient)."""
    digests = []
    for user in recipients(session):
        scope = Scope(user=user, now=now, default_stalled_days=settings.stalled_after_days)
        overdue = overdue_page(session, user=user, today=today, page=1, per_page=SHOWN)
        # The dashboard's first page and its count: not every stalled row built to count it.
        stalled = portfolio_page(session, scope, PortfolioFilters(stalled=True, per_page=SHOWN))
        if overdue.total or stalled.total:
            digests.append(Digest(user, overdue, stalled.rows, stalled.total))
    return digests


def compose(digest: Digest, *, sender: str, today: date, base_url: str) -> EmailMessage:
    locale = digest.user.locale or "sv"
    gettext = translations(locale).gettext
    lines = [gettext("Hello %(name)s,") % {"name": digest.user.name}, ""]
    ngettext = translations(locale).ngettext
    if digest.overdue.items:
        lines.append(gettext("Overdue results:"))
        for o in digest.overdue.items:
            text = o.item.text.get(locale)
            lines.append(
                f"- {o.initiative_name} ({o.region}): {text} · {o.target_date.isoformat()}"
                f" · {base_url}/initiatives/{o.initiative_id}"
            )
        if (left := digest.overdue.total - len(digest.overdue.items)) > 0:
            lines.append(
                ngettext("… and %(num)d more: %(url)s", "… and %(num)d more: %(url)s", left)
                % {"num": left, "url": f"{base_url}/portfolio/overdue"}
            )
        lines.append("")
    if digest.stalled:
        lines.append(gettext("Stalled initiatives (no activity for a while):"))
        for row in digest.stalled:
            lines.append(
                f"- {row.name} ({row.region}, {label(row.phase, locale)}):"
                f" {row.last_activity.date().isoformat()}"
                f" · {base_url}/initiatives/{row.id}"
            )
        if (left := digest.stalled_total - len(digest.stalled)) > 0:
            lines.append(
                ngettext("… and %(num)d more: %(url)s", "… and %(num)d more: %(url)s", left)
                % {"num": left, "url": f"{base_url}/portfolio?stalled=true"}
            )
        lines.append("")
    lines.append(
        gettext("Stop these e-mails on the overdue page: %(url)s")
        % {"url": f"{base_url}/portfolio/overdue"}
    )
    message = EmailMessage()
    message["Subject"] = gettext("Klusterfas weekly digest %(date)s") % {"date": today.isoformat()}
    message["From"] = sender
    message["To"] = digest.user.email
    message.set_content("\n".join(lines))
    return message


def deliver(smtp: SmtpSettings, messages: list[EmailMessage]) -> None:
    with smtplib.SMTP(smtp.host, smtp.port, timeout=30) as client:
        if smtp.starttls:
            client.starttls()
        if smtp.user:
            client.login(smtp.user, smtp.password)
        for message in messages:
            client.send_message(message)


def send(
    session: Session, settings: Settings, *, base_url: str, dry_run: bool = False
) -> list[EmailMessage]:
    now = datetime.now(UTC)
    today = now.date()
    sender = settings.smtp.sender if settings.smtp else "klusterfas@localhost"
    messages = [
        compose(d, sender=sender, today=today, base_url=base_url)
        for d in collect(session, settings, now=now, today=today)
    ]
    if not dry_run and messages:
        if settings.smtp is None:
            raise RuntimeError("Set KLUSTERFAS_SMTP_HOST (and the other KLUSTERFAS_SMTP_*).")
        deliver(settings.smtp, messages)
    return messages
