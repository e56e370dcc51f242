"""HTTP face of notifications: partners' webhooks and the admins' view of the outbox."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Response

from api.core.dependencies import MetaDep, SealerDep, SessionDep, SettingsDep
from api.core.errors import error_responses
from api.core.pagination import Page
from api.core.params import CursorQuery, LimitQuery
from api.core.routing import versioned_router
from api.notifications import service
from api.notifications.auth import OutboxAdmin, WebhookOwner
from api.notifications.models import DeliveryStatus
from api.notifications.schemas import OutboxItemOut, WebhookCreate, WebhookCreated, WebhookOut

router = versioned_router("notifications")


@router.post(
    "/webhooks",
    summary="Register a webhook for your organisation's events",
    description="`referral.status_changed` carries the referral's `id`, `reference` and coarse "
    "`status`. Every delivery is signed in `KIPNI-Signature` (`t=<unix seconds>,v1=<hex "
    "HMAC-SHA256(secret, t + '.' + body)>`) and retried with backoff until a 2xx answer. The URL "
    "must be https and its host must resolve to public addresses only (422 otherwise). The "
    "signing `secret` is shown only in this answer.",
    status_code=201,
    response_model=WebhookCreated,
    responses=error_responses(401, 403, 409, 422),
)
async def register_webhook(
    body: WebhookCreate,
    principal: WebhookOwner,
    session: SessionDep,
    meta: MetaDep,
    settings: SettingsDep,
    sealer: SealerDep,
) -> WebhookCreated:
    return await service.register_webhook(session, sealer, settings, principal, body, meta)


@router.get(
    "/webhooks",
    summary="List your organisation's webhooks",
    description="Never shows the signing secrets.",
    response_model=Page[WebhookOut],
    responses=error_responses(400, 401, 403, 422),
)
async def list_webhooks(
    principal: WebhookOwner, session: SessionDep, limit: LimitQuery = 50, cursor: CursorQuery = None
) -> Page[WebhookOut]:
    return await service.list_webhooks(session, principal, limit=limit, cursor=cursor)


@router.delete(
    "/webhooks/{webhook_id}",
    summary="Remove one of your organisation's webhooks",
    status_code=204,
    responses=error_responses(401, 403, 404, 422),
)
async def delete_webhook(
    webhook_id: uuid.UUID, principal: WebhookOwner, session: SessionDep, meta: MetaDep
) -> Response:
    await service.delete_webhook(session, principal, webhook_id, meta)
    return Response(status_code=204)


@router.get(
    "/outbox",
    summary="Read the notification outbox",
    description="E-mails and webhook deliveries, newest first; `status=dead` shows those given up "
    "after the maximum number of attempts. Recipients are never shown. Admins only.",
    response_model=Page[OutboxItemOut],
    responses=error_responses(400, 401, 403, 422),
)
async def list_outbox(
    _admin: OutboxAdmin,
    session: SessionDep,
    status: Annotated[DeliveryStatus | None, Query()] = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Page[OutboxItemOut]:
    return await service.list_outbox(session, status=status, limit=limit, cursor=cursor)


@router.post(
    "/outbox/{item_id}/retry",
    summary="Put a dead outbox item back in the queue",
    description="Its attempts start again from zero. Only `dead` items (409 otherwise).",
    response_model=OutboxItemOut,
    responses=error_responses(401, 403, 404, 409, 422),
)
async def retry_outbox_item(
    item_id: uuid.UUID, principal: OutboxAdmin, session: SessionDep, meta: MetaDep
) -> OutboxItemOut:
    return await service.retry_dead(session, principal, item_id, meta)
