"""Typed SQLAlchemy models, one module per feature.

Importing any of them imports them all, so every relationship can name the
others and Base.metadata knows every table (Alembic reads it).
"""

from app.models import (  # noqa: F401
    access,
    accounts,
    actors,
    admin,
    assessments,
    audit,
    comments,
    evidence,
    excellence,
    grants,
    initiatives,
    jobs,
    notifications,
    portfolio,
    readiness,
    reviews,
    support,
)
