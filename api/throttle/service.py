"""Rules of the attempt counters: keys, windows, and how long to wait.

Counters are rows, so every worker process sees the same numbers. Keys are keyed hashes
(``api.core.pseudonyms``) of what was typed and of the client's address bucket (an IPv4
address, an IPv6 /64).

Sign-ins (people and partner systems alike) follow NIST SP 800-63B 5.2.2:

- the hard block counts failures per account *and* address pair: after
  ``KIPNI_LOGIN_MAX_FAILURES`` in the window that pair waits until the window ends;
- per account across addresses, past the much higher
  ``KIPNI_LOGIN_ACCOUNT_MAX_FAILURES``, addresses that have failed for the account wait a
  delay that doubles with each further failure;
- per address across accounts, past ``KIPNI_LOGIN_ADDRESS_MAX_FAILURES``, the address
  waits a doubling delay;
- so a correct password from an address that has not been guessing always gets in: one
  person's typos never lock out an office behind one address, and nobody can lock an
  account's owner out from elsewhere.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from api.core.pseudonyms import address_bucket, pseudonym
from api.throttle import repository
from api.throttle.models import LoginThrottle


@dataclass(frozen=True)
class SignInPolicy:
    pair_max: int
    account_max: int
    address_max: int
    window: timedelta


@dataclass(frozen=True)
class SignInKeys:
    pair: str
    account: str
    address: str

    @property
    def all(self) -> list[str]:
        return [self.pair, self.account, self.address]


def sign_in_keys(kind: str, account: str, address: str | None) -> SignInKeys:
    """``kind`` keeps people (``user``) and partner systems (``client``) apart."""
    name = account.strip().lower()
    bucket = address_bucket(address)
    return SignInKeys(
        pair=pseudonym(f"{kind}-pair", f"{name}\x00{bucket}"),
        account=pseudonym(f"{kind}-account", name),
        address=pseudonym("sign-in-address", bucket),
    )


def address_key(kind: str, address: str | None) -> str:
    """The counter of one address bucket for ``kind`` (e.g. contact-form messages)."""
    return pseudonym(kind, address_bucket(address))


def growing_delay(failures: int, threshold: int, window: timedelta) -> timedelta:
    """One second at the threshold, doubling with every further failure, at most the window."""
    exponent = min(failures - threshold, 40)
    return min(timedelta(seconds=2**exponent), window)


def _seconds(delta: timedelta) -> int:
    return max(1, math.ceil(delta.total_seconds()))


def _live(row: LoginThrottle | None, now: datetime, window: timedelta) -> LoginThrottle | None:
    return row if row is not None and row.window_started_at + window > now else None


async def sign_in_wait(
    session: AsyncSession, keys: SignInKeys, *, now: datetime, policy: SignInPolicy
) -> int | None:
    """Locks the attempt's counters until the transaction ends, then gives the seconds
    to wait, or None when the password may be checked now."""
    await repository.lock(session, keys.all, now=now)
    rows = {row.key: row for row in await repository.counters(session, keys.all)}
    pair = _live(rows.get(keys.pair), now, policy.window)
    account = _live(rows.get(keys.account), now, policy.window)
    address = _live(rows.get(keys.address), now, policy.window)
    waits: list[timedelta] = []
    if pair is not None and pair.failures >= policy.pair_max:
        waits.append(pair.window_started_at + policy.window - now)
    # Only addresses that have failed for this account wait for the account's delay.
    if account is not None and account.failures >= policy.account_max and pair is not None and pair.failures:
        waits.append(_since_last(account, policy.account_max, policy.window, now))
    if address is not None and address.failures >= policy.address_max:
        waits.append(_since_last(address, policy.address_max, policy.window, now))
    positive = [wait for wait in waits if wait > timedelta(0)]
    return _seconds(max(positive)) if positive else None


def _since_last(row: LoginThrottle, threshold: int, window: timedelta, now: datetime) -> timedelta:
    last = row.last_failure_at or row.window_started_at
    return last + growing_delay(row.failures, threshold, window) - now


async def sign_in_failed(
    session: AsyncSession, keys: SignInKeys, *, now: datetime, window: timedelta
) -> None:
    await repository.record_failure(session, keys.all, now=now, window=window)


async def sign_in_succeeded(session: AsyncSession, keys: SignInKeys) -> None:
    """The pair starts afresh; what the account and the address counted elsewhere stays."""
    await repository.reset(session, keys.pair)


async def retry_after(
    session: AsyncSession, keys: Sequence[str], *, now: datetime, max_failures: int, window: timedelta
) -> int | None:
    """Seconds until an attempt is allowed again, or None when it is allowed now."""
    rows = await repository.counters(session, keys)
    waits = [
        (row.window_started_at + window - now).total_seconds()
        for row in rows
        if row.failures >= max_failures and row.window_started_at + window > now
    ]
    return max(1, math.ceil(max(waits))) if waits else None


async def count_attempt(
    session: AsyncSession, key: str, *, now: datetime, window: timedelta, allowed: int
) -> int | None:
    """Counts one attempt for ``key`` in a short transaction of its own, committed before
    the caller does anything that could fail, so a refused or broken request still counts,
    in every worker. Returns the seconds to wait when the attempt is one too many.

    Counting first makes the upsert's row lock decide, so two workers racing cannot both
    take the last free place. Call it first, before the request's own work begins.
    """
    async with session.begin():
        await repository.record_failure(session, [key], now=now, window=window)
        return await retry_after(session, [key], now=now, max_failures=allowed + 1, window=window)


async def count_in_transaction(
    session: AsyncSession, key: str, *, now: datetime, window: timedelta, allowed: int
) -> int | None:
    """Counts one attempt for ``key`` in the caller's transaction (its row stays locked
    until that ends); the seconds to wait when this attempt is one too many. A refusal
    rolls the count back with the rest, so only what was let through counts."""
    await repository.record_failure(session, [key], now=now, window=window)
    return await retry_after(session, [key], now=now, max_failures=allowed + 1, window=window)


REFUSAL_WINDOW = timedelta(minutes=1)


async def count_refusal(session: AsyncSession, kind: str, address: str | None, *, now: datetime) -> None:
    """Counts one refused request (e.g. an invalid token) in the one row of its address
    bucket and minute, in a short transaction of its own, committed at once: a flood of
    junk tokens costs one row per address and minute, not one audit row per request.

    What the refused request did so far is rolled back first; a refusal changes nothing.
    """
    await session.rollback()
    minute = now.replace(second=0, microsecond=0)
    key = pseudonym(kind, f"{address_bucket(address)}\x00{minute.isoformat()}")
    await repository.record_failure(session, [key], now=minute, window=REFUSAL_WINDOW)
    await session.commit()


async def purge_stale(session: AsyncSession, *, now: datetime, window: timedelta) -> int:
    """Counters whose window has passed count nothing any more."""
    return await repository.purge_stale(session, now=now, window=window)


def counters_kept(login_window_seconds: int) -> timedelta:
    """How long a counter outlives its last failure before the purge may drop it (the
    privacy page states it, the purge applies it)."""
    return repository.counters_kept(login_window_seconds)
