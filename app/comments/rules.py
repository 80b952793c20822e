"""Who may comment, and whom a comment mentions. Pure."""

from __future__ import annotations

import re
from enum import StrEnum

from app.domain.permissions import Role

BODY_MAX = 5000
# "@name@example.se": an e-mail address after an @ names a person.
MENTION = re.compile(r"(?<![\w.@])@([\w.+-]+@[\w-]+(?:\.[\w-]+)+)")


class CommentTarget(StrEnum):
    ITEM = "item"
    REVIEW = "review"


def may_comment(role: Role, *, is_member: bool) -> bool:
    """The group of the initiative, support officers and admins write; funders read."""
    return role in (Role.SUPPORT, Role.ADMIN) or (role is Role.LEADERSHIP and is_member)


def mentioned_emails(body: str) -> list[str]:
    seen: dict[str, None] = {}
    for match in MENTION.finditer(body):
        seen.setdefault(match.group(1).rstrip(".").lower(), None)
    return list(seen)
