"""Every SQL statement of the referral intake.

``visible_to`` is the one place that says which referrals a caller may see; every read
goes through it, so an object one may not see is simply not found.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Integer,
    Row,
    Select,
    String,
    bindparam,
    cast,
    delete,
    false,
    func,
    insert,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy.dialects import sqlite
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.pipeline import Query, Rows
from api.core.principal import Principal
from api.core.scopes import Scope
from api.referrals.models import (
    REFERENCE_SEQUENCE,
    IdempotencyRecord,
    ReferenceCounter,
    Referral,
    ReferralEvent,
)


def visible_to(principal: Principal) -> ColumnElement[bool]:
    if principal.has(Scope.referrals_read_all):
        return Referral.id.is_not(None)
    clauses = []
    if principal.has(Scope.referrals_read_assigned):
        clauses.append(Referral.assignee_organisation_id == principal.organisation_id)
    if principal.has(Scope.referrals_read_own):
        clauses.append(Referral.submitted_by_organisation_id == principal.organisation_id)
    return or_(*clauses) if clauses else false()


def _visible(principal: Principal) -> Select[Referral]:
    return select(Referral).where(visible_to(principal))


async def get_visible(
    session: AsyncSession, principal: Principal, referral_id: uuid.UUID, *, for_update: bool = False
) -> Referral | None:
    statement = _visible(principal).where(Referral.id == referral_id)
    if for_update:
        statement = statement.with_for_update()
    return await session.scalar(statement)


async def list_visible(
    session: AsyncSession,
    principal: Principal,
    *,
    statuses: list[str] | None,
    urgency: str | None,
    assignee_id: uuid.UUID | None,
    created_after: datetime | None,
    before: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> Sequence[Referral]:
    statement = _visible(principal)
    if statuses is not None:
        statement = statement.where(Referral.status.in_(statuses))
    if urgency is not None:
        statement = statement.where(Referral.urgency == urgency)
    if assignee_id is not None:
        statement = statement.where(Referral.assignee_organisation_id == assignee_id)
    if created_after is not None:
        statement = statement.where(Referral.created_at >= created_after)
    if before is not None:
        statement = statement.where(tuple_(Referral.created_at, Referral.id) < before)
    statement = statement.order_by(Referral.created_at.desc(), Referral.id.desc()).limit(limit)
    return (await session.scalars(statement)).all()


async def history(session: AsyncSession, referral_id: uuid.UUID) -> Sequence[ReferralEvent]:
    return (
        await session.scalars(
            select(ReferralEvent)
            .where(ReferralEvent.referral_id == referral_id)
            .order_by(ReferralEvent.occurred_at, ReferralEvent.id)
        )
    ).all()


async def histories(session: AsyncSession, referral_ids: Sequence[uuid.UUID]) -> Sequence[ReferralEvent]:
    """The events of several referrals in one statement, each referral's oldest first."""
    if not referral_ids:
        return []
    return (
        await session.scalars(
            select(ReferralEvent)
            .where(ReferralEvent.referral_id.in_(referral_ids))
            .order_by(ReferralEvent.referral_id, ReferralEvent.occurred_at, ReferralEvent.id)
        )
    ).all()


def _dialect(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


_NEXT_NUMBERS = select(REFERENCE_SEQUENCE.next_value()).select_from(
    func.generate_series(1, bindparam("count", type_=Integer))
)
_COUNT_ON = (
    sqlite.insert(ReferenceCounter)
    .values(year=bindparam("year"), last=bindparam("count"))
    .on_conflict_do_update(
        index_elements=[ReferenceCounter.year], set_={"last": ReferenceCounter.last + bindparam("count")}
    )
    .returning(ReferenceCounter.last)
)


def reference_numbers(session: AsyncSession, year: int, count: int) -> Query[list[int]]:
    """The next ``count`` reference numbers, in one statement however many.

    On PostgreSQL a sequence hands them out: ``nextval`` holds no lock, so concurrent
    submissions never queue behind each other's commit (a counter row would serialise
    them all); numbers run on across years, and one a failed or replayed submission took
    stays unused. SQLite runs one writer at a time anyway and counts per year in a row.
    """
    if _dialect(session) == "postgresql":
        return Query(_NEXT_NUMBERS, {"count": count}, lambda rows: sorted(int(row[0]) for row in rows))

    def counted(rows: Rows) -> list[int]:
        last = int(rows[0][0])
        return list(range(last - count + 1, last + 1))

    return Query(_COUNT_ON, {"year": year, "count": count}, counted)


class KeyRecord(NamedTuple):
    """The stored state of one ``Idempotency-Key``."""

    id: uuid.UUID
    owner: str
    key: str
    request_hash: str
    state: str
    response_status: int | None
    response_body: str | None
    location: str | None


# The statements every batch of submissions runs are built once, their values bound at
# each use: building one and deriving its cache key costs more than binding its values.
_RECORD_COLUMNS = (
    IdempotencyRecord.id,
    IdempotencyRecord.owner,
    IdempotencyRecord.key,
    IdempotencyRecord.request_hash,
    IdempotencyRecord.state,
    IdempotencyRecord.response_status,
    IdempotencyRecord.response_body,
    IdempotencyRecord.location,
)
_WANTED_KEYS = (
    func.unnest(
        bindparam("owners", type_=ARRAY(String)),
        bindparam("keys", type_=ARRAY(String)),
    )
    .table_valued("owner", "key")
    .render_derived(name="wanted")
)
_RECORDS_OF_KEYS = {
    # PostgreSQL: the pairs as two arrays, one statement text whatever their number.
    "postgresql": select(*_RECORD_COLUMNS).join(
        _WANTED_KEYS,
        (IdempotencyRecord.owner == _WANTED_KEYS.c.owner) & (IdempotencyRecord.key == _WANTED_KEYS.c.key),
    ),
    "sqlite": select(*_RECORD_COLUMNS).where(
        tuple_(IdempotencyRecord.owner, IdempotencyRecord.key).in_(bindparam("pairs", expanding=True))
    ),
}
_WANTED_LOCKS = (
    func.unnest(cast(bindparam("ids", type_=ARRAY(BigInteger)), ARRAY(BigInteger)))
    .table_valued("id")
    .render_derived(name="wanted")
)
_TRY_LOCKS = select(_WANTED_LOCKS.c.id).where(func.pg_try_advisory_xact_lock(_WANTED_LOCKS.c.id))


def idempotency_records(session: AsyncSession, keys: Sequence[tuple[str, str]]) -> Query[list[KeyRecord]]:
    """The records of ``(owner, key)`` pairs, in one statement."""

    def records(rows: Rows) -> list[KeyRecord]:
        return [KeyRecord(*row) for row in rows]

    if _dialect(session) == "postgresql":
        values: dict[str, Any] = {"owners": [owner for owner, _ in keys], "keys": [key for _, key in keys]}
        return Query(_RECORDS_OF_KEYS["postgresql"], values, records)
    return Query(_RECORDS_OF_KEYS["sqlite"], {"pairs": list(keys)}, records)


def try_lock_idempotency_keys(lock_ids: Sequence[int]) -> Query[set[int]]:
    """PostgreSQL: takes the transaction-scoped advisory locks ``lock_ids`` without
    waiting, in one statement; the ids whose lock another transaction holds are left
    out. The locks are released when the transaction ends."""
    return Query(_TRY_LOCKS, {"ids": list(lock_ids)}, lambda rows: {int(row[0]) for row in rows})


_INSERT_RECORDS = insert(IdempotencyRecord)
_INSERT_REFERRALS = insert(Referral)
_INSERT_EVENTS = insert(ReferralEvent)
_COMPLETE_RECORD = (
    update(IdempotencyRecord)
    .where(IdempotencyRecord.id == bindparam("record_id"))
    .values(
        state=bindparam("to_state"),
        created_at=bindparam("to_created_at"),
        response_status=bindparam("to_response_status"),
        response_body=bindparam("to_response_body"),
        location=bindparam("to_location"),
    )
)


def insert_idempotency_records(rows: Sequence[dict[str, Any]]) -> Query[None]:
    return Query(_INSERT_RECORDS, rows)


def complete_idempotency_records(rows: Sequence[dict[str, Any]]) -> Query[None]:
    """Records found left in flight, completed in place: ``record_id`` names each, and
    ``to_state``, ``to_created_at``, ``to_response_status``, ``to_response_body`` and
    ``to_location`` say what it becomes (an UPDATE's values take names of their own)."""
    return Query(_COMPLETE_RECORD, rows)


def insert_referrals(rows: Sequence[dict[str, Any]]) -> Query[None]:
    return Query(_INSERT_REFERRALS, rows)


def insert_referral_events(rows: Sequence[dict[str, Any]]) -> Query[None]:
    return Query(_INSERT_EVENTS, rows)


async def purge_idempotency_records(session: AsyncSession, now: datetime) -> int:
    result = await session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.expires_at < now))
    return int(result.rowcount)  # type: ignore[attr-defined]


async def expired_referrals(
    session: AsyncSession, finished_before: datetime, limit: int
) -> Sequence[Referral]:
    return (
        await session.scalars(
            select(Referral)
            .where(
                Referral.status.in_(["closed", "rejected", "withdrawn"]),
                Referral.finished_at < finished_before,
                Referral.erased_at.is_(None),
            )
            .order_by(Referral.finished_at)
            .limit(limit)
        )
    ).all()


# created_at, status, urgency, assignee, municipality, triaged_at, assigned_at
ReferralFact = Row[datetime, str, str, uuid.UUID | None, str | None, datetime | None, datetime | None]


async def referral_facts(
    session: AsyncSession, *, created_after: datetime | None, created_before: datetime | None
) -> Sequence[ReferralFact]:
    """Codes and dates only: statistics never see a personal field."""
    statement = select(
        Referral.created_at,
        Referral.status,
        Referral.urgency,
        Referral.assignee_organisation_id,
        Referral.municipality,
        Referral.triaged_at,
        Referral.assigned_at,
    )
    if created_after is not None:
        statement = statement.where(Referral.created_at >= created_after)
    if created_before is not None:
        statement = statement.where(Referral.created_at < created_before)
    return (await session.execute(statement)).all()
