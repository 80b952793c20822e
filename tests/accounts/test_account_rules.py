"""The pure account rules: the password policy, token lifetimes, the throttle's decision."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from app.access.rules import LinkStatus
from app.accounts import rules
from app.accounts.rules import RecentFailures, ThrottlePolicy
from app.demo.data import DEMO_USERS
from app.errors import InvalidInput
from tests.conftest import PASSWORD, REPO_ROOT

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def _code(password: str) -> str | None:
    try:
        rules.check_password(password)
    except InvalidInput as error:
        return f"{error.field}:{error.code}".removeprefix("password:")
    return None


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("elva tecken", "password_too_short"),  # 11
        ("tolv  tecken", None),  # 12
        ("Kvarnen 7 " * 103, "password_too_long"),  # 1,030
        ("abcdefghij" * 102 + "klmn", None),  # exactly 1,024
        ("password2024", "password_too_common"),
        ("Password2024", "password_too_common"),  # case does not help
        ("P@ssw0rd-2024", "password_too_common"),  # nor does leet
        ("lösenord2025!", "password_too_common"),
        ("qwertyuiop123", "password_too_common"),
        ("123456789012", "password_too_common"),
        ("correct horse battery staple", "password_too_common"),  # spaces do not help
        ("abababababababab", "password_too_common"),  # too few different characters
        ("sommar-2027!", "password_too_common"),
        ("Gröna dalens 7 humlor", None),
        (PASSWORD, None),
    ],
)
def test_the_password_policy(password: str, code: str | None) -> None:
    assert _code(password) == code


def test_the_limits_are_those_of_the_issue() -> None:
    assert rules.PASSWORD_MIN == 12 and rules.PASSWORD_MAX == 1024
    assert _code("Kvarnen 7 nu" + "x" * 1013) == "password_too_long"  # 1,025


def test_the_common_list_is_a_modest_file_of_long_entries() -> None:
    common = rules.common_passwords()
    assert 3_000 < len(common) < 50_000
    assert all(len(p) >= rules.PASSWORD_MIN and p == p.lower() for p in common)
    assert rules.COMMON_PASSWORDS.stat().st_size < 500_000


def test_the_demo_and_readme_passwords_satisfy_the_policy() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    shown = set(re.findall(r"\| (demo-[a-z]+-\d{4}) \|", readme))
    demo = {password for *_, password in DEMO_USERS}
    assert shown == demo and len(demo) >= 4
    assert [p for p in demo if _code(p) is not None] == []


def test_tokens_last_from_one_day_to_a_year() -> None:
    assert rules.token_expiry(NOW, rules.TOKEN_DAYS_DEFAULT) == NOW + timedelta(days=90)
    assert rules.token_expiry(NOW, 365) == NOW + timedelta(days=365)
    for days in (0, -1, 366):
        with pytest.raises(InvalidInput) as refused:
            rules.token_expiry(NOW, days)
        assert refused.value.code == "token_days" and refused.value.field == "days"


def test_token_status_and_touch() -> None:
    later = NOW + timedelta(days=1)
    assert rules.token_status(revoked_at=None, expires_at=later, now=NOW) is LinkStatus.ACTIVE
    assert rules.token_status(revoked_at=None, expires_at=NOW, now=NOW) is LinkStatus.EXPIRED
    assert rules.token_status(revoked_at=NOW, expires_at=later, now=NOW) is LinkStatus.REVOKED
    assert rules.needs_touch(None, NOW)
    assert not rules.needs_touch(NOW - timedelta(seconds=59), NOW)
    assert rules.needs_touch(NOW - timedelta(seconds=60), NOW)


POLICY = ThrottlePolicy(address_limit=10, account_limit=5, global_limit=100)


@pytest.mark.parametrize(
    ("address", "account", "everywhere", "verdict"),
    [
        (0, 0, 0, None),
        (9, 0, 9, None),  # a few typos
        (10, 0, 10, "address"),  # the attacking address
        (10, 100, 1000, "address"),
        # Someone else's failures never stop an address that has not failed itself.
        (0, 1000, 100_000, None),
        # The account is under attack: an address that has failed waits.
        (1, 5, 5, "account"),
        (1, 4, 4, None),
        # The whole site is under attack: the same for every account.
        (1, 0, 100, "global"),
        (1, 0, 99, None),
    ],
)
def test_throttling_falls_on_the_addresses_that_fail(
    address: int, account: int, everywhere: int, verdict: str | None
) -> None:
    assert rules.throttled(RecentFailures(address, account, everywhere), POLICY) == verdict


def test_client_keys_group_an_ipv6_subscriber_and_unwrap_mapped_ipv4() -> None:
    assert rules.client_key("203.0.113.7") == "203.0.113.7"
    assert rules.client_key("2001:db8:1:2:aaaa::1") == rules.client_key("2001:db8:1:2:ffff::9")
    assert rules.client_key("2001:db8:1:2::1") == "2001:db8:1:2::/64"
    assert rules.client_key("2001:db8:1:3::1") != rules.client_key("2001:db8:1:2::1")
    assert rules.client_key("::ffff:203.0.113.7") == "203.0.113.7"
    assert rules.client_key("testclient") == "testclient"
    assert len(rules.client_key("x" * 500)) == 64


def test_accounts_are_counted_by_a_digest_of_the_normalised_email() -> None:
    key = rules.account_key(" Lars@Example.se ")
    assert key == rules.account_key("lars@example.se") and len(key) == 64
    assert "lars" not in key
