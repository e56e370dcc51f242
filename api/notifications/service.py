"""Rules of notifications: the outbox other domains write to, partners' webhooks, the
dead letters.

``enqueue_email`` and ``enqueue_webhooks`` run inside the transaction of the change they
announce and only write to the outbox; the worker delivers later. Callers say what
happened and to whom (the referral domain builds its own payloads in
``api.referrals.notify``): references, codes and ids, never a personal field. A
recipient's address is stored encrypted with the item.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.audit import service as audit
from api.core.config import Settings
from api.core.db import utcnow
from api.core.errors import Conflict, NotFound, UnprocessableEntity
from api.core.pagination import Page, decode_time_cursor, fetch_keyset, time_cursor
from api.core.pipeline import Query
from api.core.principal import Principal, RequestMeta
from api.core.row_encryption import Sealer
from api.core.tokens import new_opaque_token
from api.notifications import repository, url_guard
from api.notifications.models import Channel, DeliveryStatus, OutboxItem, Webhook
from api.notifications.schemas import (
    OutboxItemOut,
    WebhookCreate,
    WebhookCreated,
    WebhookOut,
)

MAX_WEBHOOKS_PER_ORGANISATION = 10


OUTBOX = "outbox"


async def enqueue_email(
    session: AsyncSession,
    sealer: Sealer,
    *,
    to: str,
    template: str,
    language: str,
    context: dict[str, str],
    not_before: datetime | None = None,
) -> OutboxItem:
    """One e-mail, sent once ``not_before`` has passed (at once by default)."""
    item = OutboxItem(
        **email_row(
            sealer, to=to, template=template, language=language, context=context, not_before=not_before
        )
    )
    session.add(item)
    await session.flush()
    return item


def email_row(
    sealer: Sealer,
    *,
    to: str,
    template: str,
    language: str,
    context: dict[str, str],
    not_before: datetime | None = None,
) -> dict[str, Any]:
    """The outbox row of one e-mail, for a caller adding many at once (``enqueue_emails``).
    ``context`` fills the template: references and links only, never a personal field;
    the recipient address is stored encrypted."""
    item_id = uuid.uuid4()
    now = utcnow()
    return {
        "id": item_id,
        "channel": Channel.email.value,
        "event": template,
        "payload": {"template": template, "language": language, "context": context},
        "recipient_enc": sealer.seal(OUTBOX, "recipient_enc", item_id, to),
        "webhook_id": None,
        "status": DeliveryStatus.pending.value,
        "attempts": 0,
        "next_attempt_at": max(now, not_before) if not_before is not None else now,
        "locked_until": None,
        "last_error": None,
        "created_at": now,
        "sent_at": None,
    }


def enqueue_emails(rows: Sequence[dict[str, Any]]) -> Query[None]:
    """The statement adding the e-mails of ``email_row`` to the outbox, for the
    transaction of the change they announce."""
    return repository.insert_outbox_items(rows)


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


async def register_webhook(
    session: AsyncSession,
    sealer: Sealer,
    settings: Settings,
    principal: Principal,
    body: WebhookCreate,
    meta: RequestMeta,
) -> WebhookCreated:
    """A webhook for the caller's own organisation; its secret is returned only here."""
    try:
        await url_guard.check(
            body.url,
            allow_loopback=settings.webhooks_allow_loopback,
            timeout=settings.webhook_timeout_seconds,
            ports=frozenset(settings.webhook_ports),
        )
    except url_guard.UnsafeUrl as exc:
        raise UnprocessableEntity(str(exc)) from exc
    if await repository.count_webhooks(session, principal.organisation_id) >= MAX_WEBHOOKS_PER_ORGANISATION:
        raise Conflict(f"An organisation has at most {MAX_WEBHOOKS_PER_ORGANISATION} webhooks.")
    webhook_id = uuid.uuid4()
    secret = new_opaque_token()
    now = utcnow()
    webhook = Webhook(
        id=webhook_id,
        organisation_id=principal.organisation_id,
        url=body.url,
        secret_enc=sealer.seal(Webhook.__tablename__, "secret_enc", webhook_id, secret),
        events=[event.value for event in body.events],
        is_active=True,
        created_at=now,
        updated_at=now,
    )
    session.add(webhook)
    await session.flush()
    await audit.record(
        session,
        action="webhooks.create",
        actor=principal.actor,
        meta=meta,
        object_type="webhook",
        object_id=webhook_id,
        details={"events": webhook.events},
    )
    return WebhookCreated(**WebhookOut.model_validate(webhook).model_dump(), secret=secret)


async def list_webhooks(
    session: AsyncSession, principal: Principal, *, limit: int, cursor: str | None
) -> Page[WebhookOut]:
    after = decode_time_cursor(cursor)
    found = await fetch_keyset(
        lambda count: repository.list_webhooks(session, principal.organisation_id, after=after, limit=count),
        limit,
    )
    return found.page(WebhookOut.model_validate, time_cursor)


async def delete_webhook(
    session: AsyncSession, principal: Principal, webhook_id: uuid.UUID, meta: RequestMeta
) -> None:
    """Deliveries still queued for it are dead-lettered when their turn comes."""
    if not await repository.delete_webhook(session, principal.organisation_id, webhook_id):
        raise NotFound("No webhook with this id.")
    await audit.record(
        session,
        action="webhooks.delete",
        actor=principal.actor,
        meta=meta,
        object_type="webhook",
        object_id=webhook_id,
    )


async def list_outbox(
    session: AsyncSession, *, status: DeliveryStatus | None, limit: int, cursor: str | None
) -> Page[OutboxItemOut]:
    """Newest first."""
    before = decode_time_cursor(cursor)
    found = await fetch_keyset(
        lambda count: repository.list_items(
            session, status=status.value if status else None, before=before, limit=count
        ),
        limit,
    )
    return found.page(OutboxItemOut.model_validate, time_cursor)


async def retry_dead(
    session: AsyncSession, principal: Principal, item_id: uuid.UUID, meta: RequestMeta
) -> OutboxItemOut:
    """Puts a dead letter back in the queue with a fresh count of attempts."""
    item = await repository.get_item(session, item_id)
    if item is None:
        raise NotFound("No outbox item with this id.")
    if item.status != DeliveryStatus.dead.value:
        raise Conflict("Only a dead item is put back in the queue.")
    item.status = DeliveryStatus.pending.value
    item.attempts = 0
    item.next_attempt_at = utcnow()
    item.locked_until = None
    await session.flush()
    await audit.record(
        session,
        action="outbox.retry",
        actor=principal.actor,
        meta=meta,
        object_type="outbox_item",
        object_id=item.id,
    )
    return OutboxItemOut.model_validate(item)


FINISHED_ITEMS_KEPT = timedelta(days=30)


async def purge_finished(session: AsyncSession) -> int:
    """Delivered items are only history, and dead ones (which still hold an encrypted
    recipient, for a retry) have had a month for an admin to requeue them."""
    return await repository.delete_finished_before(session, utcnow() - FINISHED_ITEMS_KEPT)
