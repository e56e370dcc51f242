"""Writing to the outbox, in the caller's transaction.

Callers say what happened and to whom; the worker (``api.notifications.worker``) decides
how and when it is delivered. Nothing here talks to the network.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.core.db import utcnow
from api.core.row_encryption import Sealer
from api.notifications import repository
from api.notifications.models import Channel, DeliveryStatus, OutboxItem

OUTBOX = "outbox"


async def enqueue_email(
    session: AsyncSession,
    sealer: Sealer,
    *,
    to: str,
    template: str,
    language: str,
    context: dict[str, str],
) -> OutboxItem:
    """One e-mail. ``context`` fills the template: references and links only, never a
    personal field; the recipient address is stored encrypted."""
    item_id = uuid.uuid4()
    now = utcnow()
    item = OutboxItem(
        id=item_id,
        channel=Channel.email.value,
        event=template,
        payload={"template": template, "language": language, "context": context},
        recipient_enc=sealer.seal(OUTBOX, "recipient_enc", item_id, to),
        status=DeliveryStatus.pending.value,
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )
    session.add(item)
    await session.flush()
    return item


async def enqueue_webhooks(
    session: AsyncSession,
    *,
    organisation_id: uuid.UUID,
    event: str,
    data: dict[str, Any],
    occurred_at: datetime,
) -> int:
    """One delivery per active webhook of the organisation that subscribed to ``event``.

    The payload is the event document exactly as receivers get it, so every retry sends
    the same body."""
    hooks = await repository.active_webhooks(session, organisation_id)
    now = utcnow()
    count = 0
    for hook in hooks:
        if event not in hook.events:
            continue
        session.add(
            OutboxItem(
                id=uuid.uuid4(),
                channel=Channel.webhook.value,
                event=event,
                payload={"event": event, "data": data, "occurred_at": occurred_at.isoformat()},
                webhook_id=hook.id,
                status=DeliveryStatus.pending.value,
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
        )
        count += 1
    await session.flush()
    return count
