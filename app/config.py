"""Settings from KLUSTERFAS_* environment variables."""

from __future__ import annotations

import os
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATABASE_URL = "sqlite:///klusterfas.db"
DEFAULT_UPLOAD_MAX_BYTES = 20 * 1024 * 1024


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
    # Keys the audit chain; kept outside the database so database access alone
    # cannot recompute the chain.
    audit_key: str = ""
    data_dir: Path = Path("data")
    evidence_store: str = "files"  # "files" (content-addressed under data_dir) or "database"
    upload_max_bytes: int = DEFAULT_UPLOAD_MAX_BYTES
    # Portfolio: days without activity before an initiative counts as stalled
    # (regions may set their own), and the SMTP server for the weekly digest.
    stalled_after_days: int = 30
    smtp: SmtpSettings | None = None

    @classmethod
    def from_env(cls) -> Settings:
        secret = os.environ.get("KLUSTERFAS_SECRET_KEY", "") or _local_key(
            ".klusterfas-secret", "KLUSTERFAS_SECRET_KEY"
        )
        store = os.environ.get("KLUSTERFAS_EVIDENCE_STORE", "files")
        if store not in {"files", "database"}:
            raise ValueError("KLUSTERFAS_EVIDENCE_STORE must be 'files' or 'database'")
        return cls(
            database_url=os.environ.get("KLUSTERFAS_DATABASE_URL", DEFAULT_DATABASE_URL),
            secret_key=secret,
            secure_cookies=os.environ.get("KLUSTERFAS_SECURE_COOKIES", "") in {"1", "true"},
            session_max_age=int(os.environ.get("KLUSTERFAS_SESSION_MAX_AGE", str(8 * 3600))),
            audit_key=_audit_key(),
            data_dir=Path(os.environ.get("KLUSTERFAS_DATA_DIR", "data")),
            evidence_store=store,
            upload_max_bytes=int(
                os.environ.get("KLUSTERFAS_UPLOAD_MAX_BYTES", str(DEFAULT_UPLOAD_MAX_BYTES))
            ),
            stalled_after_days=int(os.environ.get("KLUSTERFAS_STALLED_AFTER_DAYS", "30")),
            smtp=SmtpSettings.from_env(),
        )


def _audit_key() -> str:
    if key := os.environ.get("KLUSTERFAS_AUDIT_KEY", ""):
        return key
    if path := os.environ.get("KLUSTERFAS_AUDIT_KEY_FILE", ""):
        return Path(path).read_text().strip()
    return _local_key(".klusterfas-audit-key", "KLUSTERFAS_AUDIT_KEY")


def _local_key(filename: str, variable: str) -> str:
    # Without a configured key, keep one in a local file so it survives a
    # restart; production sets the environment variable.
    path = Path(filename)
    if path.exists():
        return path.read_text().strip()
    warnings.warn(f"{variable} is not set; generated a local key in {filename}", stacklevel=3)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key
