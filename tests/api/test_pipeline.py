"""Statements sent together: the answers and rows SQLAlchemy would give, on both databases,
in one round trip on PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.models import AuditEvent
from api.core.pipeline import Query, Rows, run_one, run_together
from tests.conftest import StatementCounter

INSERT = insert(AuditEvent)
OF_ACTION = (
    select(AuditEvent.id, AuditEvent.occurred_at, AuditEvent.details, AuditEvent.hash)
    .where(AuditEvent.action == bindparam("action"))
    .order_by(AuditEvent.seq)
)
COUNT = select(func.count()).select_from(AuditEvent).where(AuditEvent.action == bindparam("action"))


def _row(action: str, **changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": uuid.uuid4(),
        "occurred_at": datetime.now(UTC),
        "actor_kind": "system",
        "actor_id": None,
        "organisation": None,
        "action": action,
        "outcome": "success",
        "object_type": None,
        "object_id": None,
        "client_address": None,
        "client_address_digest": None,
        "request_id": None,
        "details": {"count": 3, "ids": ["a", "b"], "text": "Grüße"},
        "key_id": "test",
        "prev_hash": "0" * 64,
        "hash": uuid.uuid4().hex + uuid.uuid4().hex,
    }
    return {**row, **changes}


def _all(rows: Rows) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in rows]


def _count(rows: Rows) -> int:
    return int(rows[0][0])


@pytest.fixture
def action() -> str:
    return f"test.pipeline.{uuid.uuid4().hex[:8]}"


async def test_statements_sent_together_answer_in_their_order(session: AsyncSession, action: str) -> None:
    rows = [_row(action) for _ in range(3)]

    answers = await run_together(
        session,
        [
            Query(INSERT, rows),
            Query(OF_ACTION, {"action": action}, _all),
            Query(COUNT, {"action": action}, _count),
        ],
    )

    inserted, found, counted = answers
    assert inserted is None
    assert [row[0] for row in found] == [row["id"] for row in rows]
    assert counted == 3


async def test_values_and_rows_pass_through_the_column_types(session: AsyncSession, action: str) -> None:
    berlin = timezone(timedelta(hours=1))
    written = _row(action, occurred_at=datetime(2026, 3, 1, 13, 30, tzinfo=berlin))

    await run_one(session, Query(INSERT, [written]))
    ((found_id, occurred_at, details, _),) = await run_one(
        session, Query(OF_ACTION, {"action": action}, _all)
    )

    assert found_id == written["id"]
    assert occurred_at == datetime(2026, 3, 1, 12, 30, tzinfo=UTC)
    assert occurred_at.utcoffset() == timedelta(0)
    assert details == written["details"]


async def test_naive_times_are_refused_as_they_are_everywhere(session: AsyncSession, action: str) -> None:
    with pytest.raises(Exception, match="naive"):
        await run_one(session, Query(INSERT, [_row(action, occurred_at=datetime(2026, 3, 1, 12, 0))]))


async def test_a_read_turns_rows_into_an_answer_and_then_passes_it_on(
    session: AsyncSession, action: str
) -> None:
    await run_one(session, Query(INSERT, [_row(action), _row(action)]))

    doubled = await run_one(session, Query(COUNT, {"action": action}, _count).then(lambda count: count * 2))

    assert doubled == 4


async def test_an_empty_list_of_rows_sends_nothing(
    session: AsyncSession, action: str, count_statements: StatementCounter
) -> None:
    await run_one(session, Query(COUNT, {"action": action}, _count))  # the transaction has begun
    before = count_statements.count

    answers = await run_together(session, [Query(INSERT, []), Query(INSERT, [], _all)])

    assert answers == [None, []]
    assert count_statements.count == before


async def test_every_statement_sent_is_seen_by_the_statement_listeners(
    session: AsyncSession, action: str, count_statements: StatementCounter
) -> None:
    await run_one(session, Query(COUNT, {"action": action}, _count))
    before = count_statements.count

    await run_together(
        session,
        [Query(INSERT, [_row(action), _row(action)]), Query(COUNT, {"action": action}, _count)],
    )

    assert count_statements.count - before == 2
    assert "audit_events" in count_statements.statements[-2]


async def test_an_insert_is_refused_unless_it_names_every_column_filled_from_python(
    session: AsyncSession, action: str
) -> None:
    without_id_and_details = {
        key: value for key, value in _row(action).items() if key not in ("id", "details")
    }

    with pytest.raises(ValueError, match="details, id"):
        await run_one(session, Query(INSERT, [without_id_and_details]))


async def test_a_statement_the_database_refuses_raises_sqlalchemys_error_and_rolls_back(
    session: AsyncSession, action: str
) -> None:
    first = _row(action)
    await run_one(session, Query(INSERT, [first]))
    await session.commit()

    with pytest.raises(IntegrityError):
        await run_together(
            session,
            [Query(INSERT, [_row(action)]), Query(INSERT, [_row(action, hash=first["hash"])])],
        )
    await session.rollback()

    assert await run_one(session, Query(COUNT, {"action": action}, _count)) == 1
