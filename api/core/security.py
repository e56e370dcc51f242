"""Password hashing: the only module that imports the Argon2 hasher.

Argon2id with t=2, m=19 MiB, p=1 (the OWASP baseline). Hashes made with weaker
parameters are upgraded at the next successful login (``needs_rehash``).
"""

from __future__ import annotations

import asyncio

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 128

_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# Verified when the account does not exist, so a login takes as long either way.
_DUMMY_HASH = _hasher.hash("dummy password for timing equality")


class PasswordPolicyError(ValueError):
    pass


def check_password_policy(password: str) -> None:
    """Length only (12 to 128 characters), no composition rules."""
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise PasswordPolicyError(
            f"A password has {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters."
        )


def hash_password(password: str) -> str:
    check_password_policy(password)
    return _hasher.hash(password)


def hash_secret(secret: str) -> str:
    """For generated high-entropy secrets (API clients): no length policy applies."""
    return _hasher.hash(secret)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Constant-shape verification: a missing hash is checked against a dummy."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


async def verify_password_off_loop(password_hash: str | None, password: str) -> bool:
    """``verify_password`` in a worker thread: Argon2 takes tens of milliseconds of CPU
    and 19 MiB, which on the event loop would stall every other request meanwhile."""
    return await asyncio.to_thread(verify_password, password_hash, password)


async def hash_password_off_loop(password: str) -> str:
    return await asyncio.to_thread(hash_password, password)


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
