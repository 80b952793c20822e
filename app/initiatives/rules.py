"""Limits of an initiative's own fields."""

from __future__ import annotations

NAME_MAX = 200
REGION_MAX = 120
