"""Rules of the attempt counters: keys, windows, and how long to wait.

Counters are rows, so every worker process sees the same numbers. Accounts count failed
sign-ins per account and per address; messages count what one address sends.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from api.throttle import repository


def account_key(email: str) -> str:
    return f"account:{email.strip().lower()}"


def address_key(address: str | None) -> str:
    return f"address:{address or 'unknown'}"


async def lock(session: AsyncSession, keys: Sequence[str], *, now: datetime) -> None:
    """Holds the counters of ``keys`` until the transaction ends (see the repository)."""
    await repository.lock(session, keys, now=now)


async def retry_after(
    session: AsyncSession, keys: Sequence[str], *, now: datetime, max_failures: int, window: timedelta
) -> int | None:
    """Seconds until sign-in is allowed again, or None when it is allowed now."""
    rows = await repository.counters(session, keys)
    waits = [
        (row.window_started_at + window - now).total_seconds()
        for row in rows
        if row.failures >= max_failures and row.window_started_at + window > now
    ]
    return max(1, math.ceil(max(waits))) if waits else None


async def record_failure(
    session: AsyncSession, keys: Sequence[str], *, now: datetime, window: timedelta
) -> None:
    """Counts one failure per key, starting a new window where the old one has passed."""
    await repository.record_failure(session, keys, now=now, window=window)


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


async def reset(session: AsyncSession, key: str) -> None:
    await repository.reset(session, key)


async def purge_stale(session: AsyncSession, *, now: datetime, window: timedelta) -> int:
    """Counters whose window has passed count nothing any more."""
    return await repository.purge_stale(session, now=now, window=window)
