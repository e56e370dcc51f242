"""Every SQL statement of the notifications domain: the outbox queue and webhooks."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import case, delete, func, insert, or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.pipeline import Query
from api.notifications.models import DeliveryStatus, OutboxItem, Webhook
from api.notifications.templates import PRIORITY_TEMPLATES


async def claim_due(
    session: AsyncSession, *, now: datetime, lease_until: datetime, limit: int
) -> Sequence[OutboxItem]:
    """Takes up to ``limit`` due items and leases them to the caller until ``lease_until``.

    On PostgreSQL ``FOR UPDATE SKIP LOCKED`` lets several workers claim at once without
    waiting for or taking each other's rows; on SQLite the transaction began IMMEDIATE,
    so claims are serialised. Once committed, the lease keeps other workers away while
    this one delivers outside any transaction.
    """
    statement = (
        select(OutboxItem)
        .where(
            OutboxItem.status == DeliveryStatus.pending.value,
            OutboxItem.next_attempt_at <= now,
            or_(OutboxItem.locked_until.is_(None), OutboxItem.locked_until < now),
        )
        .order_by(case((OutboxItem.event.in_(PRIORITY_TEMPLATES), 0), else_=1), OutboxItem.created_at)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        statement = statement.with_for_update(skip_locked=True)
    items = (await session.scalars(statement)).all()
    for item in items:
        item.locked_until = lease_until
    await session.flush()
    return items


async def webhooks_by_id(session: AsyncSession, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Webhook]:
    wanted = list(set(ids))
    if not wanted:
        return {}
    return {hook.id: hook for hook in await session.scalars(select(Webhook).where(Webhook.id.in_(wanted)))}


async def finish_attempt(session: AsyncSession, item_id: uuid.UUID, **values: Any) -> None:
    """Records the outcome of an attempt and ends the lease."""
    await session.execute(
        update(OutboxItem)
        .where(OutboxItem.id == item_id, OutboxItem.status == DeliveryStatus.pending.value)
        .values(locked_until=None, **values)
    )


async def list_items(
    session: AsyncSession,
    *,
    status: str | None,
    before: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> Sequence[OutboxItem]:
    statement = select(OutboxItem)
    if status is not None:
        statement = statement.where(OutboxItem.status == status)
    if before is not None:
        statement = statement.where(tuple_(OutboxItem.created_at, OutboxItem.id) < before)
    statement = statement.order_by(OutboxItem.created_at.desc(), OutboxItem.id.desc()).limit(limit)
    return (await session.scalars(statement)).all()


async def get_item(session: AsyncSession, item_id: uuid.UUID) -> OutboxItem | None:
    return await session.get(OutboxItem, item_id)


async def count_webhooks(session: AsyncSession, organisation_id: uuid.UUID) -> int:
    return (
        await session.scalar(
            select(func.count()).select_from(Webhook).where(Webhook.organisation_id == organisation_id)
        )
        or 0
    )


async def list_webhooks(
    session: AsyncSession,
    organisation_id: uuid.UUID,
    *,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> Sequence[Webhook]:
    statement = select(Webhook).where(Webhook.organisation_id == organisation_id)
    if after is not None:
        statement = statement.where(tuple_(Webhook.created_at, Webhook.id) > after)
    statement = statement.order_by(Webhook.created_at, Webhook.id).limit(limit)
    return (await session.scalars(statement)).all()


async def delete_webhook(session: AsyncSession, organisation_id: uuid.UUID, webhook_id: uuid.UUID) -> bool:
    """Deletes the organisation's webhook; False when it has none with this id."""
    result = await session.execute(
        delete(Webhook)
        .where(Webhook.id == webhook_id, Webhook.organisation_id == organisation_id)
        .returning(Webhook.id)
    )
    return result.scalar_one_or_none() is not None


async def delete_finished_before(session: AsyncSession, cutoff: datetime) -> int:
    """Sent items by their sending time, dead ones by their creation time."""
    result = await session.execute(
        delete(OutboxItem).where(
            or_(
                (OutboxItem.status == DeliveryStatus.sent.value) & (OutboxItem.sent_at < cutoff),
                (OutboxItem.status == DeliveryStatus.dead.value) & (OutboxItem.created_at < cutoff),
            )
        )
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def active_webhooks(session: AsyncSession, organisation_id: uuid.UUID) -> Sequence[Webhook]:
    statement = select(Webhook).where(Webhook.organisation_id == organisation_id, Webhook.is_active.is_(True))
    return (await session.scalars(statement)).all()


_INSERT_OUTBOX = insert(OutboxItem)


def insert_outbox_items(rows: Sequence[dict[str, Any]]) -> Query[None]:
    return Query(_INSERT_OUTBOX, rows)
