"""Every SQL statement of the attempt counters."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import case, delete, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.db import UTCDateTime
from api.throttle.models import LoginThrottle


async def lock(session: AsyncSession, keys: Sequence[str], *, now: datetime) -> None:
    """Holds the counters of ``keys`` until the transaction ends.

    Without it, a burst of parallel sign-ins on PostgreSQL would all read the counter
    before any of them counted its failure, and get more guesses than allowed. (SQLite
    transactions are serialised anyway.) Keys are locked in one order, so two attempts
    never wait for each other in a circle.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    for key in sorted(keys):
        statement = insert(LoginThrottle).values(key=key, failures=0, window_started_at=now)
        statement = statement.on_conflict_do_update(
            index_elements=[LoginThrottle.key], set_={"failures": LoginThrottle.failures}
        )
        await session.execute(statement)


async def counters(session: AsyncSession, keys: Sequence[str]) -> Sequence[LoginThrottle]:
    return (await session.scalars(select(LoginThrottle).where(LoginThrottle.key.in_(keys)))).all()


async def record_failure(
    session: AsyncSession, keys: Sequence[str], *, now: datetime, window: timedelta
) -> None:
    """Counts one failure per key, starting a new window where the old one has passed."""
    cutoff = now - window
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    for key in keys:
        statement = insert(LoginThrottle).values(key=key, failures=1, window_started_at=now)
        expired = LoginThrottle.window_started_at < cutoff
        statement = statement.on_conflict_do_update(
            index_elements=[LoginThrottle.key],
            set_={
                "failures": case((expired, 1), else_=LoginThrottle.failures + 1),
                "window_started_at": case(
                    (expired, literal(now, UTCDateTime())), else_=LoginThrottle.window_started_at
                ),
            },
        )
        await session.execute(statement)


async def reset(session: AsyncSession, key: str) -> None:
    await session.execute(delete(LoginThrottle).where(LoginThrottle.key == key))


async def purge_stale(session: AsyncSession, *, now: datetime, window: timedelta) -> int:
    """Counters whose window has passed count nothing any more."""
    result = await session.execute(
        delete(LoginThrottle).where(LoginThrottle.window_started_at < now - window)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
