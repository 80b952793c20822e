"""Passwords and API tokens."""

from __future__ import annotations

import hashlib
import os
import secrets

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

# argon2id (~100 ms a hash). The test suite sets KLUSTERFAS_FAST_PASSWORD_HASH=1 for
# argon2id at its cheapest parameters; never set it in production.
if os.environ.get("KLUSTERFAS_FAST_PASSWORD_HASH") == "1":
    _hasher = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))
else:
    _hasher = PasswordHash.recommended()

# Verifying against this keeps the time of a login for an unknown email
# the same as for a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))

TOKEN_PREFIX = "kf_"  # noqa: S105 (a prefix, not a secret)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> tuple[bool, str | None]:
    """Return (valid, new hash if the stored one should be upgraded)."""
    if password_hash is None:
        _hasher.verify(password, _DUMMY_HASH)
        return False, None
    return _hasher.verify_and_update(password, password_hash)


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
