"""Finished deliveries are kept a month, pending ones until they are delivered."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.db import utcnow
from api.notifications import service
from api.notifications.models import OutboxItem


def _item(status: str, age_days: int) -> OutboxItem:
    when = utcnow() - timedelta(days=age_days)
    return OutboxItem(
        id=uuid.uuid4(),
        channel="email",
        event="referral.created",
        payload={},
        status=status,
        attempts=1,
        next_attempt_at=when,
        created_at=when,
        sent_at=when if status == "sent" else None,
    )


async def test_old_sent_and_dead_items_go_and_the_rest_stays(session: AsyncSession) -> None:
    items = {
        "old_sent": _item("sent", 40),
        "old_dead": _item("dead", 40),
        "old_pending": _item("pending", 40),
        "new_sent": _item("sent", 1),
        "new_dead": _item("dead", 1),
    }
    session.add_all(items.values())
    await session.flush()

    await service.purge_finished(session)

    left = set(
        await session.scalars(select(OutboxItem.id).where(OutboxItem.id.in_([i.id for i in items.values()])))
    )
    assert left == {items[name].id for name in ("old_pending", "new_sent", "new_dead")}
