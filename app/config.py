"""Settings from KLUSTERFAS_* environment variables."""

from __future__ import annotations

import ipaddress
import os
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path

from app.db import POOL_SIZE

DEFAULT_DATABASE_URL = "sqlite:///klusterfas.db"
DEFAULT_UPLOAD_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_BODY_MAX_BYTES = 2 * 1024 * 1024
DEFAULT_ORGANISATION_NAME = "Klusterfas"  # an installation sets its own (the statement names it)
# Without KLUSTERFAS_AUDIT_KEY(_FILE), the key is this file in the working directory.
LOCAL_AUDIT_KEY = ".klusterfas-audit-key"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


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
    # Any other request body (JSON, a plain form) larger than this is a 413.
    body_max_bytes: int = DEFAULT_BODY_MAX_BYTES
    # A request never waits for ever: PostgreSQL's statement and lock timeouts, SQLite's
    # busy timeout (milliseconds); past them the answer is a 503 with Retry-After.
    db_statement_timeout_ms: int = 30_000
    db_lock_timeout_ms: int = 5_000
    db_busy_timeout_ms: int = 10_000
    db_pool_size: int = POOL_SIZE
    # Portfolio: days without activity before an initiative counts as stalled
    # (regions may set their own), and the SMTP server for the weekly digest.
    stalled_after_days: int = 30
    smtp: SmtpSettings | None = None
    # The internationalisation grid new assessments are recorded under (grids.py).
    assessment_grid: str = "ru-pilot-clusters/1"
    # Proxies whose X-Forwarded-For is believed (addresses or networks); nobody else's.
    trusted_proxies: tuple[Network, ...] = ()
    # The public address links are built from (e-mails, auditor links) behind a proxy;
    # empty: the address the request came to.
    base_url: str = ""
    # Who runs this installation: named as responsible in the accessibility statement.
    organisation_name: str = DEFAULT_ORGANISATION_NAME

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
            assessment_grid=_assessment_grid(),
            trusted_proxies=parse_networks(os.environ.get("KLUSTERFAS_TRUSTED_PROXIES", "")),
            base_url=parse_base_url(os.environ.get("KLUSTERFAS_BASE_URL", "")),
            body_max_bytes=_int("KLUSTERFAS_BODY_MAX_BYTES", DEFAULT_BODY_MAX_BYTES),
            db_statement_timeout_ms=_int("KLUSTERFAS_DB_STATEMENT_TIMEOUT_MS", 30_000),
            db_lock_timeout_ms=_int("KLUSTERFAS_DB_LOCK_TIMEOUT_MS", 5_000),
            db_busy_timeout_ms=_int("KLUSTERFAS_DB_BUSY_TIMEOUT_MS", 10_000),
            db_pool_size=_int("KLUSTERFAS_DB_POOL_SIZE", POOL_SIZE),
            organisation_name=os.environ.get("KLUSTERFAS_ORGANISATION_NAME", "").strip()
            or DEFAULT_ORGANISATION_NAME,
        )


def _int(variable: str, default: int) -> int:
    value = int(os.environ.get(variable, "") or default)
    if value < 0:
        raise ValueError(f"{variable} must be 0 or more")
    return value


def parse_networks(value: str) -> tuple[Network, ...]:
    """Addresses or networks ("10.0.0.5, 192.168.0.0/24, ::1"); a bad one stops the start."""
    try:
        return tuple(
            ipaddress.ip_network(part.strip(), strict=False)
            for part in value.split(",")
            if part.strip()
        )
    except ValueError as error:
        raise ValueError(f"KLUSTERFAS_TRUSTED_PROXIES: {error}") from error


def parse_base_url(value: str) -> str:
    value = value.strip().rstrip("/")
    if value and not value.startswith(("http://", "https://")):
        raise ValueError("KLUSTERFAS_BASE_URL must start with http:// or https://")
    return value


def _assessment_grid() -> str:
    from app.internationalisation.grids import DEFAULT_GRID, GRIDS

    grid = os.environ.get("KLUSTERFAS_ASSESSMENT_GRID", "") or DEFAULT_GRID
    if grid not in GRIDS:
        raise ValueError(f"KLUSTERFAS_ASSESSMENT_GRID must be one of {', '.join(GRIDS)}")
    return grid


def _audit_key() -> str:
    """The configured audit key, or "" when there is none. Never made up here: a key
    created in the wrong directory would not fit the chain (see create_local_audit_key)."""
    if key := os.environ.get("KLUSTERFAS_AUDIT_KEY", ""):
        return key
    if path := os.environ.get("KLUSTERFAS_AUDIT_KEY_FILE", ""):
        return Path(path).read_text().strip()
    local = Path(LOCAL_AUDIT_KEY)
    return local.read_text().strip() if local.exists() else ""


def create_local_audit_key() -> tuple[str, Path]:
    """A new key in ./.klusterfas-audit-key, for a database whose chain has not begun
    (the console script decides that; app/cli.py)."""
    path = Path(LOCAL_AUDIT_KEY).resolve()
    key = secrets.token_urlsafe(48)
    # O_EXCL: never overwrite a key; 0600 from the first byte.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(key)
    return key, path


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
