"""What a valid grant is, and who writes: pure rules, no database."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.domain.permissions import Role
from app.errors import InvalidInput
from app.grants import rules
from app.grants.rules import GroupBy
from app.phases import Phase


def grant(**changes: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "funder": 3,
        "amount_sek": 1_000_000,
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
    }
    return {**raw, **changes}


def refusal(raw: dict[str, Any]) -> tuple[str, str]:
    with pytest.raises(InvalidInput) as caught:
        rules.validate_grant(raw)
    return caught.value.field, caught.value.code


def test_a_minimal_grant_has_no_co_financing_phases_or_reports() -> None:
    data = rules.validate_grant(grant())
    assert data == rules.GrantInput(
        funder_id=3, programme=None, amount_sek=1_000_000, cofinancing_sek=0,
        cofinancing_cash_sek=0, cofinancing_in_kind_sek=0, starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31), phases=(), reporting_dates=(),
    )  # fmt: skip


def test_a_full_grant_is_cleaned_and_ordered() -> None:
    data = rules.validate_grant(
        grant(
            programme="  Regionalt   klusterstöd ",
            phases=["establishment", "pilot", "pilot"],
            reporting_dates=["2026-12-31", "2026-06-30", "2026-06-30"],
            funder="3",
            amount_sek="1 500 000",
        )
    )
    assert data.programme == "Regionalt klusterstöd"
    assert data.phases == (Phase.PILOT, Phase.ESTABLISHMENT)  # the model's order, once each
    assert data.reporting_dates == (date(2026, 6, 30), date(2026, 12, 31))
    assert (data.funder_id, data.amount_sek) == (3, 1_500_000)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"cofinancing_sek": 500_000}, (500_000, None, None)),  # the split is unknown
        ({"cofinancing_cash_sek": 300_000}, (300_000, 300_000, 0)),
        ({"cofinancing_in_kind_sek": 200_000}, (200_000, 0, 200_000)),
        ({"cofinancing_cash_sek": 300_000, "cofinancing_in_kind_sek": 200_000},
         (500_000, 300_000, 200_000)),
        ({"cofinancing_sek": 500_000, "cofinancing_cash_sek": 300_000},
         (500_000, 300_000, 200_000)),
        ({"cofinancing_sek": 500_000, "cofinancing_in_kind_sek": 500_000}, (500_000, 0, 500_000)),
        ({"cofinancing_sek": 500_000, "cofinancing_cash_sek": 300_000,
          "cofinancing_in_kind_sek": 200_000}, (500_000, 300_000, 200_000)),
        ({"cofinancing_sek": 0}, (0, 0, 0)),
        ({"cofinancing_sek": None, "cofinancing_cash_sek": ""}, (0, 0, 0)),
    ],
)  # fmt: skip
def test_co_financing_from_the_total_its_parts_or_both(
    given: dict[str, Any], expected: tuple[int, int | None, int | None]
) -> None:
    data = rules.validate_grant(grant(**given))
    found = (data.cofinancing_sek, data.cofinancing_cash_sek, data.cofinancing_in_kind_sek)
    assert found == expected


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"amount_sek": 0}, "amount_sek", "invalid_amount"),
        ({"amount_sek": -5}, "amount_sek", "invalid_amount"),
        ({"amount_sek": 10.5}, "amount_sek", "invalid_amount"),
        ({"amount_sek": "tio"}, "amount_sek", "invalid_amount"),
        ({"amount_sek": True}, "amount_sek", "invalid_amount"),
        ({"amount_sek": 10**12 + 1}, "amount_sek", "invalid_amount"),
        ({"amount_sek": None}, "amount_sek", "invalid_amount"),
        ({"cofinancing_sek": -1}, "cofinancing_sek", "invalid_cofinancing"),
        ({"cofinancing_cash_sek": -100}, "cofinancing_cash_sek", "invalid_cofinancing"),
        ({"cofinancing_in_kind_sek": "-1"}, "cofinancing_in_kind_sek", "invalid_cofinancing"),
        ({"cofinancing_sek": 100, "cofinancing_cash_sek": 60, "cofinancing_in_kind_sek": 60},
         "cofinancing_sek", "cofinancing_mismatch"),
        ({"cofinancing_sek": 100, "cofinancing_cash_sek": 160}, "cofinancing_sek",
         "cofinancing_mismatch"),
        ({"ends_on": "2025-12-31"}, "ends_on", "ends_before_start"),
        ({"ends_on": "31/12/2026"}, "ends_on", "invalid_date"),
        ({"starts_on": None}, "starts_on", "required"),
        ({"starts_on": 20260101}, "starts_on", "invalid_date"),
        ({"funder": None}, "funder", "unknown_funding_organisation"),
        ({"funder": "Vinnova"}, "funder", "unknown_funding_organisation"),
        ({"funder": -1}, "funder", "unknown_funding_organisation"),
        ({"funder": 2**31}, "funder", "unknown_funding_organisation"),
        ({"programme": "Fond \ud800"}, "programme", "invalid_characters"),
        ({"phases": ["pilot", "closed"]}, "phases[1]", "unknown_phase"),
        ({"phases": ["moon"]}, "phases[0]", "unknown_phase"),
        ({"phases": "pilot"}, "phases", "unknown_phase"),
        ({"reporting_dates": ["2026-06-30", "juni"]}, "reporting_dates[1]", "invalid_date"),
        ({"reporting_dates": ["2026-06-30"] * 61}, "reporting_dates", "too_many_reporting_dates"),
        ({"programme": "x" * 201}, "programme", "too_long"),
        ({"programme": "Fond\x00"}, "programme", "invalid_characters"),
        ({"programme": 5}, "programme", "required"),
        ({"amount": 5}, "amount", "unknown_field"),
    ],
)  # fmt: skip
def test_a_bad_grant_names_its_field_and_code(
    changes: dict[str, Any], field: str, code: str
) -> None:
    assert refusal(grant(**changes)) == (field, code)


def test_the_first_wrong_field_in_form_order_is_named() -> None:
    assert refusal(grant(amount_sek=0, ends_on="2020-01-01"))[0] == "amount_sek"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"name": "  Region   Skåne "}, "Region Skåne"),
        ({"name": "Europeiska regionala utvecklingsfonden (ERUF)"},
         "Europeiska regionala utvecklingsfonden (ERUF)"),
    ],
)  # fmt: skip
def test_organisation_names_are_trimmed(raw: dict[str, Any], expected: str) -> None:
    assert rules.organisation_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ({"name": ""}, "required"),
        ({"name": "   "}, "required"),
        ({}, "required"),
        ({"name": None}, "required"),
        ({"name": 7}, "required"),
        ({"name": "Vinn\x00ova"}, "invalid_characters"),
        ({"name": "x" * 201}, "too_long"),
    ],
)
def test_a_bad_organisation_name_is_refused(raw: dict[str, Any], code: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        rules.organisation_name(raw)
    assert (caught.value.field, caught.value.code) == ("name", code)


def test_an_unknown_organisation_field_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        rules.organisation_name({"name": "Vinnova", "id": 4})
    assert (caught.value.field, caught.value.code) == ("id", "unknown_field")


def test_support_and_admins_record_grants_and_admins_keep_the_list() -> None:
    assert {r for r in Role if rules.may_add_grant(r)} == {Role.ADMIN, Role.SUPPORT}
    assert {r for r in Role if rules.may_add_funding_organisation(r)} == {Role.ADMIN}


def test_ending_soon_means_today_to_90_days_ahead() -> None:
    today = date(2026, 11, 30)
    assert rules.ending_soon(date(2026, 11, 30), today)
    assert rules.ending_soon(date(2027, 2, 28), today)  # day 90
    assert not rules.ending_soon(date(2027, 3, 1), today)  # day 91
    assert not rules.ending_soon(date(2026, 11, 29), today)  # already ended


def test_group_by_defaults_to_region_and_refuses_the_unknown() -> None:
    assert rules.group_by(None) is GroupBy.REGION
    assert rules.group_by("phase") is GroupBy.PHASE
    with pytest.raises(InvalidInput) as caught:
        rules.group_by("sector")
    assert (caught.value.field, caught.value.code) == ("group_by", "invalid_group_by")
