"""Rules of the contact form and the staff inbox: accept, notify, show, erase.

What a person typed is encrypted before it reaches a row and appears nowhere else: not in
the audit log, not in the staff e-mail (a receipt reference and a console link only).
The creation of a message is deliberately not audited: the audit log is append-only and
never purged, so the sender's address would outlive the message's retention there.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts import service as accounts
from api.audit import service as audit
from api.core.db import utcnow
from api.core.errors import NotFound, TooManyRequests
from api.core.i18n import Language
from api.core.pagination import Page, decode_time_cursor, fetch_keyset, time_cursor
from api.core.principal import SYSTEM, Principal, RequestMeta
from api.core.row_encryption import Sealer
from api.core.scopes import ROLE_SCOPES, Scope
from api.directory import service as directory
from api.directory.schemas import OrganisationRef
from api.messages import repository
from api.messages.models import Message, MessageStatus, MessageTopic
from api.messages.schemas import (
    MessageCreate,
    MessageOut,
    MessageReceipt,
    MessageStatusChange,
    MessageSummary,
)
from api.notifications import service as notifications
from api.throttle import service as throttle

TABLE = "messages"
MESSAGES_PER_WINDOW = 5
RATE_WINDOW = timedelta(minutes=10)
NOTIFICATION_TEMPLATE = "message.received"
ORGANISATION_WINDOW = timedelta(hours=1)
# Messages arriving within this long of the first one share its notice, which is sent
# when the window closes: a burst of messages is one e-mail per inbox reader.
INBOX_ROLES = tuple(role for role, scopes in ROLE_SCOPES.items() if Scope.messages_read in scopes)


def _rate_key(address: str | None) -> str:
    """Per address bucket (an IPv6 /64 counts as one), as a keyed hash."""
    return throttle.address_key("message-address", address)


async def _count_and_limit(session: AsyncSession, address: str | None) -> None:
    """Counts this message for the sender's address, then refuses it beyond the limit.

    Counting first makes the upsert's row lock decide, so two workers racing cannot both
    take the last free place. The count is committed before anything can fail, so a
    refused or broken request still counts, in every worker (the counter is a row).
    """
    wait = await throttle.count_attempt(
        session, _rate_key(address), now=utcnow(), window=RATE_WINDOW, allowed=MESSAGES_PER_WINDOW
    )
    if wait is not None:
        raise TooManyRequests(
            f"At most {MESSAGES_PER_WINDOW} messages per {RATE_WINDOW.seconds // 60} minutes. "
            "Try again later.",
            headers={"Retry-After": str(wait)},
        )


async def _limit_organisation(
    session: AsyncSession, organisation_id: uuid.UUID, cap: int, now: datetime
) -> None:
    """At most ``cap`` messages an hour reach one organisation, from however many
    addresses: the form cannot be used to flood an inbox."""
    wait = await throttle.count_in_transaction(
        session, f"message-organisation:{organisation_id}", now=now, window=ORGANISATION_WINDOW, allowed=cap
    )
    if wait is not None:
        raise TooManyRequests(
            "This organisation has received many messages in the last hour. Try again later.",
            headers={"Retry-After": str(wait)},
        )


async def _notify_staff(
    session: AsyncSession,
    sealer: Sealer,
    message: Message,
    slug: str,
    public_base_url: str,
    now: datetime,
    batch_window: timedelta,
) -> None:
    """One notice per person who reads the organisation's inbox, for the first message
    of a batch, sent when the batch window closes; later messages of the batch are in
    the inbox by then and need no notice of their own."""
    first_of_batch = (
        await throttle.count_in_transaction(
            session,
            f"message-notice:{message.organisation_id}",
            now=now,
            window=batch_window,
            allowed=1,
        )
        is None
    )
    if not first_of_batch:
        return
    context = {
        "receipt": str(message.id)[:8],
        "organisation": slug,
        "link": f"{public_base_url}/konsole/nachrichten",
    }
    for email in await accounts.staff_emails(
        session, roles=INBOX_ROLES, organisation_id=message.organisation_id
    ):
        await notifications.enqueue_email(
            session,
            sealer,
            to=email,
            template=NOTIFICATION_TEMPLATE,
            language="de",
            context=context,
            not_before=now + batch_window,
        )


async def accept(
    session: AsyncSession,
    sealer: Sealer,
    *,
    slug: str,
    body: MessageCreate,
    language: Language,
    meta: RequestMeta,
    public_base_url: str,
    organisation_hourly_cap: int,
    notice_batch_window: timedelta = timedelta(minutes=10),
) -> MessageReceipt:
    """Stores a message for the organisation and notifies its staff.

    A bot that filled the honeypot gets the same receipt, with a random id, and nothing
    is stored or sent: it cannot tell that it was recognised.
    """
    await _count_and_limit(session, meta.client_address)
    recipient = await directory.message_recipient(session, slug, language)
    if recipient is None:
        raise NotFound("No organisation with this slug accepts messages.")
    organisation_id, organisation = recipient
    now = utcnow()
    if body.is_bot:
        return MessageReceipt(id=uuid.uuid4(), received_at=now, organisation=organisation)
    await _limit_organisation(session, organisation_id, organisation_hourly_cap, now)
    message_id = uuid.uuid4()
    message = Message(
        id=message_id,
        organisation_id=organisation_id,
        status=MessageStatus.new.value,
        language=language.value,
        topic=body.topic.value,
        created_at=now,
        updated_at=now,
        name_enc=sealer.seal(TABLE, "name_enc", message_id, body.name),
        reply_to_enc=sealer.seal(TABLE, "reply_to_enc", message_id, body.reply_to),
        subject_enc=sealer.seal(TABLE, "subject_enc", message_id, body.subject),
        text_enc=sealer.seal(TABLE, "text_enc", message_id, body.text),
    )
    session.add(message)
    await session.flush()
    await _notify_staff(
        session, sealer, message, organisation.slug, public_base_url, now, notice_batch_window
    )
    return MessageReceipt(id=message_id, received_at=now, organisation=organisation)


def _summary(sealer: Sealer, message: Message, refs: dict[uuid.UUID, OrganisationRef]) -> MessageSummary:
    return MessageSummary(
        id=message.id,
        organisation=refs[message.organisation_id],
        status=MessageStatus(message.status),
        topic=MessageTopic(message.topic),
        language=message.language,
        created_at=message.created_at,
        subject=sealer.open(TABLE, "subject_enc", message.id, message.subject_enc),
    )


def _details(sealer: Sealer, message: Message, refs: dict[uuid.UUID, OrganisationRef]) -> MessageOut:
    return MessageOut(
        **_summary(sealer, message, refs).model_dump(),
        updated_at=message.updated_at,
        name=sealer.open(TABLE, "name_enc", message.id, message.name_enc),
        reply_to=sealer.open(TABLE, "reply_to_enc", message.id, message.reply_to_enc),
        text=sealer.open(TABLE, "text_enc", message.id, message.text_enc),
        erased=message.erased_at is not None,
    )


async def _visible_or_404(
    session: AsyncSession, principal: Principal, message_id: uuid.UUID, action: str, meta: RequestMeta
) -> Message:
    """The message if the caller may see it; otherwise the refusal is audited (and
    committed), and the answer is the same 404 as for an id that does not exist."""
    message = await repository.get_visible(session, principal, message_id)
    if message is None:
        await audit.record_refusal(
            session,
            action=action,
            actor=principal.actor,
            meta=meta,
            object_type="message",
            object_id=message_id,
        )
        raise NotFound("No message with this id.")
    return message


async def get(
    session: AsyncSession, sealer: Sealer, principal: Principal, message_id: uuid.UUID, meta: RequestMeta
) -> MessageOut:
    message = await _visible_or_404(session, principal, message_id, "messages.read", meta)
    refs = await directory.organisation_refs(session, [message.organisation_id])
    await audit.record(
        session,
        action="messages.read",
        actor=principal.actor,
        meta=meta,
        object_type="message",
        object_id=message.id,
    )
    return _details(sealer, message, refs)


async def list_messages(
    session: AsyncSession,
    sealer: Sealer,
    principal: Principal,
    meta: RequestMeta,
    *,
    status: MessageStatus | None,
    organisation: str | None,
    created_after: datetime | None,
    limit: int,
    cursor: str | None,
    topic: MessageTopic | None = None,
) -> Page[MessageSummary]:
    """Newest first. The listing shows subjects, so it is audited like a read, by ids."""
    before = decode_time_cursor(cursor)
    organisation_id = await directory.organisation_id_by_slug(session, organisation) if organisation else None

    async def fetch(count: int) -> Sequence[Message]:
        if organisation and organisation_id is None:
            return []
        return await repository.list_visible(
            session,
            principal,
            status=status.value if status else None,
            topic=topic.value if topic else None,
            organisation_id=organisation_id,
            created_after=created_after,
            before=before,
            limit=count,
        )

    found = await fetch_keyset(fetch, limit)
    refs = await directory.organisation_refs(session, [row.organisation_id for row in found.rows])
    await audit.record(
        session,
        action="messages.list",
        actor=principal.actor,
        meta=meta,
        object_type="message",
        details={"count": len(found.rows), "ids": [str(row.id) for row in found.rows]},
    )
    return found.page(lambda row: _summary(sealer, row, refs), time_cursor)


async def change_status(
    session: AsyncSession,
    sealer: Sealer,
    principal: Principal,
    message_id: uuid.UUID,
    status: MessageStatus,
    meta: RequestMeta,
) -> MessageSummary:
    message = await _visible_or_404(session, principal, message_id, "messages.update", meta)
    previous = message.status
    message.status = status.value
    message.updated_at = utcnow()
    await session.flush()
    await audit.record(
        session,
        action="messages.update",
        actor=principal.actor,
        meta=meta,
        object_type="message",
        object_id=message.id,
        details={"from": previous, "to": status.value},
    )
    refs = await directory.organisation_refs(session, [message.organisation_id])
    return _summary(sealer, message, refs)


# More status changes than any message sees; the history is one page of the audit log.
HISTORY_LIMIT = 200


def _status_or_none(value: object) -> MessageStatus | None:
    return MessageStatus(value) if isinstance(value, str) and value in set(MessageStatus) else None


async def history(
    session: AsyncSession, principal: Principal, message_id: uuid.UUID, meta: RequestMeta
) -> list[MessageStatusChange]:
    """The status changes of a message, oldest first, from the audit log that records them."""
    await _visible_or_404(session, principal, message_id, "messages.history", meta)
    events = await audit.list_events(
        session,
        action="messages.update",
        object_type="message",
        object_id=str(message_id),
        outcome="success",
        limit=HISTORY_LIMIT,
        cursor=None,
    )
    changes = []
    for event in reversed(events.items):
        to_status = _status_or_none(event.details.get("to"))
        if to_status is not None:
            changes.append(
                MessageStatusChange(
                    occurred_at=event.occurred_at,
                    from_status=_status_or_none(event.details.get("from")),
                    to_status=to_status,
                )
            )
    return changes


async def purge_expired(session: AsyncSession, *, retention_days: int, batch: int = 500) -> int:
    """Erases what the senders typed in messages older than the retention period.

    The row stays (organisation, status, dates) so the numbers of the inbox survive.
    """
    now = utcnow()
    cutoff = now - timedelta(days=retention_days)
    erased = 0
    while rows := await repository.expired_messages(session, cutoff, batch):
        for message in rows:
            message.name_enc = message.reply_to_enc = message.subject_enc = message.text_enc = None
            message.erased_at = now
            await audit.record(
                session,
                action="messages.erase",
                actor=SYSTEM,
                object_type="message",
                object_id=message.id,
                details={"reason": "retention"},
            )
        await session.flush()
        erased += len(rows)
    return erased
