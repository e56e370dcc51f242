"""Every SQL statement of the audit log."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.chain import GENESIS
from api.audit.models import AuditEvent
from api.core.pipeline import Query

# Any fixed number: the advisory lock that serializes appends to the chain on PostgreSQL.
_CHAIN_LOCK = 7_341_906_001


_LOCK_CHAIN = text("SELECT pg_advisory_xact_lock(:key)")
_LAST_HASH = select(AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
_INSERT_EVENTS = insert(AuditEvent)


def lock_chain(session: AsyncSession) -> Query[None] | None:
    """Serialize appenders until commit, so two transactions never fork the chain.

    SQLite needs nothing here: every transaction there begins IMMEDIATE.
    """
    if session.get_bind().dialect.name == "postgresql":
        return Query(_LOCK_CHAIN, {"key": _CHAIN_LOCK})
    return None


def last_hash() -> Query[str | None]:
    return Query(_LAST_HASH, {}, lambda rows: str(rows[0][0]) if rows else None)


# An audit row inserted only while the chain's last hash is the row's ``prev_hash``: run
# row by row, each row finds the one before it as the last, and none is inserted after
# someone else's row came between (see ``service.append_after``).
_STORED = [column for column in AuditEvent.__table__.columns if column.key != "seq"]
_INSERT_IF_LAST = insert(cast(Table, AuditEvent.__table__)).from_select(
    [column.key for column in _STORED],
    select(*(bindparam(column.key, type_=column.type) for column in _STORED)).where(
        func.coalesce(_LAST_HASH.scalar_subquery(), GENESIS) == bindparam("prev_hash")
    ),
)


def insert_events_if_last(rows: Sequence[dict[str, Any]]) -> Query[None]:
    """Audit rows, in the order given, each inserted only while the last row of the
    chain is the one it names in ``prev_hash``."""
    return Query(_INSERT_IF_LAST, rows)


def insert_events(rows: Sequence[dict[str, Any]]) -> Query[None]:
    """Audit rows, inserted one after another in the order given, so their ``seq``
    follows the order they are chained in."""
    return Query(_INSERT_EVENTS, rows)


async def head(session: AsyncSession) -> tuple[int, str] | None:
    row = (
        await session.execute(
            select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
        )
    ).first()
    return (int(row[0]), str(row[1])) if row is not None else None


async def count_up_to(session: AsyncSession, seq: int) -> int:
    return int(
        await session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.seq <= seq)) or 0
    )


async def erase_addresses(session: AsyncSession, *, before: datetime) -> int:
    """The retention purge: client addresses older than ``before`` are erased, their
    keyed digests (which the chain covers) kept. The only change to an audit row the
    PostgreSQL trigger lets through."""
    result = await session.execute(
        update(AuditEvent)
        .where(AuditEvent.occurred_at < before, AuditEvent.client_address.is_not(None))
        .values(client_address=None)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def list_events(
    session: AsyncSession,
    *,
    action: str | None,
    actor_id: str | None,
    object_type: str | None,
    object_id: str | None,
    outcome: str | None,
    occurred_after: datetime | None,
    occurred_before: datetime | None,
    before_seq: int | None,
    limit: int,
) -> Sequence[AuditEvent]:
    statement = select(AuditEvent)
    for column, value in (
        (AuditEvent.action, action),
        (AuditEvent.actor_id, actor_id),
        (AuditEvent.object_type, object_type),
        (AuditEvent.object_id, object_id),
        (AuditEvent.outcome, outcome),
    ):
        if value is not None:
            statement = statement.where(column == value)
    if occurred_after is not None:
        statement = statement.where(AuditEvent.occurred_at >= occurred_after)
    if occurred_before is not None:
        statement = statement.where(AuditEvent.occurred_at < occurred_before)
    if before_seq is not None:
        statement = statement.where(AuditEvent.seq < before_seq)
    statement = statement.order_by(AuditEvent.seq.desc()).limit(limit)
    return (await session.scalars(statement)).all()


async def stream_in_order(session: AsyncSession, batch: int = 1000) -> AsyncIterator[AuditEvent]:
    after = 0
    while True:
        rows = (
            await session.scalars(
                select(AuditEvent).where(AuditEvent.seq > after).order_by(AuditEvent.seq).limit(batch)
            )
        ).all()
        if not rows:
            return
        for row in rows:
            yield row
        after = rows[-1].seq
