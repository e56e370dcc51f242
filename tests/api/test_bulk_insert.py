"""Write-once rows inserted past the unit of work: the same rows a flush would write, each
written once, and told what the database generated for them."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.models import AuditEvent
from api.core.db import insert_new, utcnow
from tests.conftest import StatementCounter


def _event(action: str) -> AuditEvent:
    """An audit row given neither its id nor its details: both have column defaults."""
    return AuditEvent(
        occurred_at=utcnow(),
        actor_kind="system",
        action=action,
        outcome="success",
        key_id="test",
        prev_hash="0" * 64,
        hash=uuid.uuid4().hex + uuid.uuid4().hex,
    )


async def _stored(session: AsyncSession, action: str) -> list[AuditEvent]:
    return list(
        await session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq))
    )


async def test_rows_inserted_in_bulk_get_the_column_defaults_they_were_not_given(
    session: AsyncSession,
) -> None:
    action = f"test.bulk.{uuid.uuid4().hex[:8]}"

    await insert_new(session, [_event(action), _event(action)])

    stored = await _stored(session, action)
    assert len(stored) == 2
    assert all(row.details == {} for row in stored)
    assert len({row.id for row in stored}) == 2


async def test_rows_inserted_in_bulk_learn_their_generated_values_in_their_own_order(
    session: AsyncSession,
) -> None:
    action = f"test.bulk.{uuid.uuid4().hex[:8]}"
    rows = [_event(action) for _ in range(5)]

    await insert_new(session, rows, returning="seq")

    stored = await _stored(session, action)
    assert [row.hash for row in rows] == [row.hash for row in stored]
    assert [row.seq for row in rows] == [row.seq for row in stored]


async def test_rows_inserted_in_bulk_are_one_statement_and_never_flushed_again(
    session: AsyncSession, count_statements: StatementCounter
) -> None:
    action = f"test.bulk.{uuid.uuid4().hex[:8]}"
    rows = [_event(action) for _ in range(3)]
    assert await _stored(session, action) == []  # the transaction has begun
    before = count_statements.count

    await insert_new(session, rows)
    await session.flush()

    assert count_statements.count - before == 1
    assert not any(row in session for row in rows)
    assert len(await _stored(session, action)) == 3
