"""Rules of notifications: who hears of what, partners' webhooks, the dead letters.

The notify functions run inside the transaction of the change they announce and only
write to the outbox; the worker delivers later. What they put there is a reference, a
coarse status and ids: never a personal field of a referral. A recipient's address is
read from the referral here, at enqueue time, and stored encrypted with the item.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from api.audit import service as audit
from api.core.config import Settings
from api.core.db import utcnow
from api.core.errors import Conflict, NotFound, UnprocessableEntity
from api.core.pagination import Page, decode_time_cursor, fetch_keyset, time_cursor
from api.core.principal import Principal, RequestMeta
from api.core.row_encryption import Sealer
from api.core.scopes import Role
from api.core.tokens import new_opaque_token
from api.notifications import repository, url_guard
from api.notifications.models import DeliveryStatus, Webhook
from api.notifications.outbox import enqueue_email, enqueue_webhooks
from api.notifications.schemas import (
    OutboxItemOut,
    WebhookCreate,
    WebhookCreated,
    WebhookEvent,
    WebhookOut,
)
from api.referrals.models import Referral, Status, Urgency
from api.referrals.workflow import COARSE_STATUS

# No one has a language preference on record yet; German is the service's default.
LANGUAGE = "de"
MAX_WEBHOOKS_PER_ORGANISATION = 10


async def referral_submitted(session: AsyncSession, sealer: Sealer, referral: Referral) -> None:
    """One e-mail to every active coordinator; acute ones are marked and go out first."""
    template = "referral.received_acute" if referral.urgency == Urgency.acute else "referral.received"
    context = {"referral_id": str(referral.id), "reference": referral.reference}
    for address in await repository.active_emails_with_role(session, Role.coordinator.value):
        await enqueue_email(
            session, sealer, to=address, template=template, language=LANGUAGE, context=context
        )


async def referral_status_changed(
    session: AsyncSession, sealer: Sealer, referral: Referral, previous: Status
) -> None:
    """Tells the submitting partner (its contact person and its webhooks) of a new coarse
    status. A move partners cannot see (assigned to in progress) announces nothing."""
    status = COARSE_STATUS[Status(referral.status)]
    if status == COARSE_STATUS[previous]:
        return
    data = {"id": str(referral.id), "reference": referral.reference, "status": status}
    await enqueue_webhooks(
        session,
        organisation_id=referral.submitted_by_organisation_id,
        event=WebhookEvent.referral_status_changed.value,
        data=data,
        occurred_at=referral.updated_at,
    )
    contact = sealer.open_json("referrals", "contact_person_enc", referral.id, referral.contact_person_enc)
    address = contact.get("email") if isinstance(contact, dict) else None
    if address:
        await enqueue_email(
            session,
            sealer,
            to=str(address),
            template="referral.status_changed",
            language=LANGUAGE,
            context={"referral_id": str(referral.id), "reference": referral.reference, "status": status},
        )


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
