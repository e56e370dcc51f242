"""Every SQL statement of the referral intake.

``visible_to`` is the one place that says which referrals a caller may see; every read
goes through it, so an object one may not see is simply not found.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, Select, delete, false, or_, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.principal import Principal
from api.core.scopes import Scope
from api.referrals.models import IdempotencyRecord, ReferenceCounter, Referral, ReferralEvent


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


async def next_reference_number(session: AsyncSession, year: int) -> int:
    """Atomically take the next number of ``year``: an upsert holding the row lock."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert(ReferenceCounter)
        .values(year=year, last=1)
        .on_conflict_do_update(
            index_elements=[ReferenceCounter.year], set_={"last": ReferenceCounter.last + 1}
        )
        .returning(ReferenceCounter.last)
    )
    return int((await session.execute(statement)).scalar_one())


async def idempotency_record(session: AsyncSession, owner: str, key: str) -> IdempotencyRecord | None:
    return await session.scalar(
        select(IdempotencyRecord).where(IdempotencyRecord.owner == owner, IdempotencyRecord.key == key)
    )


async def complete_idempotency_record(
    session: AsyncSession, record_id: uuid.UUID, *, status: int, body: str, location: str | None
) -> None:
    await session.execute(
        update(IdempotencyRecord)
        .where(IdempotencyRecord.id == record_id)
        .values(state="completed", response_status=status, response_body=body, location=location)
    )


async def delete_idempotency_record(session: AsyncSession, record_id: uuid.UUID) -> None:
    await session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.id == record_id))


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
