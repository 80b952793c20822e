from __future__ import annotations

import pytest

from app.domain.permissions import (
    Role,
    can_create_initiative,
    can_decide_review,
    can_edit_actors,
    can_edit_item,
    can_record_assessment,
    can_request_review,
    can_transition,
    can_view,
)
from app.phases import Category


def test_leadership_sees_only_its_own_initiatives() -> None:
    assert can_view(Role.LEADERSHIP, is_member=True)
    assert not can_view(Role.LEADERSHIP, is_member=False)
    for role in (Role.ADMIN, Role.SUPPORT):
        assert can_view(role, is_member=False)


def test_funders_see_only_what_they_finance() -> None:
    assert can_view(Role.FUNDER, is_member=False, is_funder=True)
    assert not can_view(Role.FUNDER, is_member=True, is_funder=False)
    assert not can_view(Role.LEADERSHIP, is_member=False, is_funder=True)


def test_reviews_are_requested_by_the_group_and_decided_by_support() -> None:
    assert can_request_review(Role.LEADERSHIP, is_member=True)
    assert not can_request_review(Role.LEADERSHIP, is_member=False)
    assert not can_request_review(Role.FUNDER, is_member=True)
    assert not can_request_review(Role.SUPPORT, is_member=False)
    assert can_decide_review(Role.SUPPORT) and can_decide_review(Role.ADMIN)
    assert not can_decide_review(Role.LEADERSHIP) and not can_decide_review(Role.FUNDER)


@pytest.mark.parametrize("category", list(Category))
def test_who_ticks_which_checklist(category: Category) -> None:
    assert can_edit_item(Role.ADMIN, category, is_member=False)
    assert can_edit_item(Role.SUPPORT, category, is_member=False) is (category is Category.SUPPORT)
    assert can_edit_item(Role.LEADERSHIP, category, is_member=True) is (
        category is not Category.SUPPORT
    )
    assert not can_edit_item(Role.LEADERSHIP, category, is_member=False)
    assert not can_edit_item(Role.FUNDER, category, is_member=True)


def test_only_support_and_admin_move_and_create() -> None:
    assert [r for r in Role if can_transition(r)] == [Role.ADMIN, Role.SUPPORT]
    assert [r for r in Role if can_create_initiative(r)] == [Role.ADMIN, Role.SUPPORT]


def test_the_initiatives_own_people_and_support_edit_actors_and_record_assessments() -> None:
    for rule in (can_edit_actors, can_record_assessment):
        assert [r for r in Role if rule(r, is_member=False)] == [Role.ADMIN, Role.SUPPORT]
        assert [r for r in Role if rule(r, is_member=True)] == [
            Role.ADMIN,
            Role.SUPPORT,
            Role.LEADERSHIP,
        ]
