"""HTTP face of the contact form (public) and the staff inbox (``messages:read``)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Annotated

from fastapi import Path, Query

from api.core.dependencies import MetaDep, SealerDep, SessionDep, SettingsDep
from api.core.errors import error_responses
from api.core.i18n import Language
from api.core.pagination import Page
from api.core.params import CursorQuery, LimitQuery, MomentQuery, language_dependency
from api.core.routing import versioned_router
from api.directory.schemas import SLUG_PATTERN
from api.messages import service
from api.messages.auth import InboxReader
from api.messages.models import MessageStatus, MessageTopic
from api.messages.schemas import (
    MessageCreate,
    MessageOut,
    MessageReceipt,
    MessageStatusChange,
    MessageStatusIn,
    MessageSummary,
)

router = versioned_router("messages")

SlugPath = Annotated[str, Path(max_length=80, pattern=SLUG_PATTERN, examples=["kip-ni"])]
# The sender's language: the staff answer in it.
SenderLanguage = Annotated[
    Language,
    language_dependency("Language the sender writes in (answers follow it); else `Accept-Language`."),
]

SEND_RESPONSES = error_responses(404, 413, 422, 429, 503)
SEND_RESPONSES[429] = {
    **SEND_RESPONSES[429],
    "headers": {"Retry-After": {"description": "Seconds until this address may send again."}},
}


@router.post(
    "/organisations/{slug}/messages",
    summary="Send a message through the contact form",
    description="Public, no token. Only organisations with a public `web_form` contact channel "
    "accept messages; for any other the answer is 404. `privacy_consent` must be true. Leave "
    "`homepage` empty. At most 5 messages per address in 10 minutes; beyond that 429 with "
    "`Retry-After`. The 202 receipt names no field you typed; the staff are told by e-mail "
    "without any of it.",
    status_code=202,
    response_model=MessageReceipt,
    responses=SEND_RESPONSES,
)
async def send_message(
    sealer: SealerDep,
    settings: SettingsDep,
    slug: SlugPath,
    body: MessageCreate,
    session: SessionDep,
    meta: MetaDep,
    language: SenderLanguage,
) -> MessageReceipt:
    return await service.accept(
        session,
        sealer,
        slug=slug,
        body=body,
        language=language,
        meta=meta,
        public_base_url=settings.public_base_url,
        organisation_hourly_cap=settings.message_organisation_hourly_cap,
        notice_batch_window=timedelta(seconds=settings.message_notice_batch_seconds),
    )


@router.get(
    "/messages",
    summary="List the messages of the caller's organisation",
    description="Newest first, with the subject but not the text. Admins see every organisation's "
    "messages and may filter by `organisation`. `topic=accessibility` lists the feedback on "
    "barriers of the site.",
    response_model=Page[MessageSummary],
    responses=error_responses(400, 401, 403, 422),
)
async def list_messages(
    sealer: SealerDep,
    principal: InboxReader,
    session: SessionDep,
    meta: MetaDep,
    status: Annotated[MessageStatus | None, Query()] = None,
    topic: Annotated[MessageTopic | None, Query()] = None,
    organisation: Annotated[str | None, Query(max_length=80, pattern=SLUG_PATTERN)] = None,
    created_after: MomentQuery = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Page[MessageSummary]:
    return await service.list_messages(
        session,
        sealer,
        principal,
        meta,
        status=status,
        topic=topic,
        organisation=organisation,
        created_after=created_after,
        limit=limit,
        cursor=cursor,
    )


@router.get(
    "/messages/{message_id}",
    summary="Read one message",
    description="Every read is audited. Another organisation's message is 404.",
    response_model=MessageOut,
    responses=error_responses(401, 403, 404, 422),
)
async def get_message(
    sealer: SealerDep, message_id: uuid.UUID, principal: InboxReader, session: SessionDep, meta: MetaDep
) -> MessageOut:
    return await service.get(session, sealer, principal, message_id, meta)


@router.get(
    "/messages/{message_id}/history",
    summary="The status changes of a message",
    description="Oldest first: when the status changed, from what to what. Another "
    "organisation's message is 404.",
    response_model=list[MessageStatusChange],
    responses=error_responses(401, 403, 404, 422),
)
async def message_history(
    message_id: uuid.UUID, principal: InboxReader, session: SessionDep, meta: MetaDep
) -> list[MessageStatusChange]:
    return await service.history(session, principal, message_id, meta)


@router.patch(
    "/messages/{message_id}",
    summary="Change the status of a message",
    description="`new`, `in_progress`, `answered` or `closed`. Audited.",
    response_model=MessageSummary,
    responses=error_responses(401, 403, 404, 422),
)
async def update_message(
    sealer: SealerDep,
    message_id: uuid.UUID,
    body: MessageStatusIn,
    principal: InboxReader,
    session: SessionDep,
    meta: MetaDep,
) -> MessageSummary:
    return await service.change_status(session, sealer, principal, message_id, body.status, meta)
