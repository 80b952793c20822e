"""Settings from KLUSTERFAS_* environment variables."""

from __future__ import annotations

import os
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATABASE_URL = "sqlite:///klusterfas.db"


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    user: str = ""
    password: str = ""
    sender: str = "klusterfas@localhost"
    starttls: bool = True

    @classmethod
    def from_env(cls) -> SmtpSettings | None:
        host = os.environ.get("KLUSTERFAS_SMTP_HOST", "")
        if not host:
            return None
        return cls(
            host=host,
            port=int(os.environ.get("KLUSTERFAS_SMTP_PORT", "587")),
            user=os.environ.get("KLUSTERFAS_SMTP_USER", ""),
            password=os.environ.get("KLUSTERFAS_SMTP_PASSWORD", ""),
            sender=os.environ.get("KLUSTERFAS_SMTP_FROM", "klusterfas@localhost"),
            starttls=os.environ.get("KLUSTERFAS_SMTP_STARTTLS", "1") in {"1", "true"},
        )


@dataclass(frozen=True)
class Settings:
    database_url: str
    secret_key: str
    secure_cookies: bool
    session_max_age: int  # seconds
    # Portfolio: days without activity before an initiative counts as stalled
    # (regions may set their own), and the SMTP server for the weekly digest.
    stalled_after_days: int = 30
    smtp: SmtpSettings | None = None

    @classmethod
    def from_env(cls) -> Settings:
        secret = os.environ.get("KLUSTERFAS_SECRET_KEY", "")
        if not secret:
            secret = _local_secret()
        return cls(
            database_url=os.environ.get("KLUSTERFAS_DATABASE_URL", DEFAULT_DATABASE_URL),
            secret_key=secret,
            secure_cookies=os.environ.get("KLUSTERFAS_SECURE_COOKIES", "") in {"1", "true"},
            session_max_age=int(os.environ.get("KLUSTERFAS_SESSION_MAX_AGE", str(8 * 3600))),
            stalled_after_days=int(os.environ.get("KLUSTERFAS_STALLED_AFTER_DAYS", "30")),
            smtp=SmtpSettings.from_env(),
        )


def _local_secret() -> str:
    # Without a configured key, keep one beside the SQLite file so sessions
    # survive a restart; production sets KLUSTERFAS_SECRET_KEY.
    path = Path(".klusterfas-secret")
    if path.exists():
        return path.read_text().strip()
    warnings.warn(
        "KLUSTERFAS_SECRET_KEY is not set; generated a local key in .klusterfas-secret",
        stacklevel=2,
    )
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key
