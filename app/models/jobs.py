from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime


class JobLease(Base):
    """Who runs a scheduled job (the digest, notifications) and until when.

    Every node may start the job; the one whose conditional upsert takes this row runs it
    (app/jobs/services.py), the others see the lease held and skip.
    """

    __tablename__ = "job_leases"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
