"""The e-mails that carry a one-time link, in the recipient's language."""

from __future__ import annotations

from email.message import EmailMessage

from app.config import Settings
from app.i18n import translations
from app.portfolio.digest import deliver


def link_message(
    *, purpose: str, to: str, name: str, url: str, locale: str, sender: str
) -> EmailMessage:
    gettext = translations(locale).gettext
    message = EmailMessage()
    message["From"], message["To"] = sender, to
    if purpose == "reset":
        message["Subject"] = gettext("Set a new password for Klusterfas")
        body = gettext(
            "Someone asked to set a new password for your account. If it was you, open this"
            " link within an hour: %(url)s\n\nIf it was not you, ignore this e-mail."
        )
    else:
        message["Subject"] = gettext("You are invited to Klusterfas")
        body = gettext(
            "You are invited to Klusterfas. Open this link within 7 days to choose your"
            " password: %(url)s"
        )
    greeting = gettext("Hello %(name)s,") % {"name": name}
    message.set_content(f"{greeting}\n\n{body % {'url': url}}\n")
    return message


def send_link(
    settings: Settings, *, purpose: str, to: str, name: str, url: str, locale: str
) -> bool:
    """Send it if an SMTP server is set; return whether it went."""
    if settings.smtp is None:
        return False
    deliver(
        settings.smtp,
        [
            link_message(
                purpose=purpose, to=to, name=name, url=url, locale=locale,
                sender=settings.smtp.sender,
            )
        ],
    )  # fmt: skip
    return True
