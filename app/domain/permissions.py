"""Who may see and change what. Pure: roles and membership in, yes or no out."""

from __future__ import annotations

from enum import StrEnum

from app.phases import Category


class Role(StrEnum):
    ADMIN = "admin"
    SUPPORT = "support"  # a regional support officer
    LEADERSHIP = "leadership"  # a member of process-leadership groups
    FUNDER = "funder"  # read-only


def can_view(role: Role, *, is_member: bool, is_funder: bool = False) -> bool:
    """Leadership sees its own initiatives, funders those they finance."""
    if role is Role.LEADERSHIP:
        return is_member
    if role is Role.FUNDER:
        return is_funder
    return True


def can_edit_item(role: Role, category: Category, *, is_member: bool) -> bool:
    if role is Role.ADMIN:
        return True
    if role is Role.SUPPORT:
        return category is Category.SUPPORT
    if role is Role.LEADERSHIP:
        return is_member and category is not Category.SUPPORT
    return False


def can_transition(role: Role) -> bool:
    return role in {Role.ADMIN, Role.SUPPORT}


def can_create_initiative(role: Role) -> bool:
    return role in {Role.ADMIN, Role.SUPPORT}


def editable_categories(role: Role, *, is_member: bool) -> frozenset[Category]:
    return frozenset(c for c in Category if can_edit_item(role, c, is_member=is_member))


def can_request_review(role: Role, *, is_member: bool) -> bool:
    return role is Role.ADMIN or (role is Role.LEADERSHIP and is_member)


def can_decide_review(role: Role) -> bool:
    return role in {Role.ADMIN, Role.SUPPORT}


def can_manage_access(role: Role) -> bool:
    """Leadership groups, funders of an initiative and auditor links."""
    return role in {Role.ADMIN, Role.SUPPORT}


def can_read_audit(role: Role) -> bool:
    """The whole chain's verification; an initiative's own timeline follows can_view."""
    return role in {Role.ADMIN, Role.SUPPORT, Role.FUNDER}


def can_edit_actors(role: Role, *, is_member: bool) -> bool:
    """The initiative's process leadership, support officers and admins; funders read."""
    return role in {Role.ADMIN, Role.SUPPORT} or (role is Role.LEADERSHIP and is_member)


def can_record_assessment(role: Role, *, is_member: bool) -> bool:
    """Internationalisation assessments: as for actors, the initiative's own people and support."""
    return can_edit_actors(role, is_member=is_member)
