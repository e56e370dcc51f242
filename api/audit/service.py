"""Writing, reading and verifying the audit log.

``record`` runs inside the caller's transaction, so an audited change and its audit row
commit together or not at all. ``record_refusal`` is the one way to audit a refused
request: the row outlives the refusal's rollback, and no service commits on its own.
Only identifiers and codes go into a row: never a password, a token, or a personal
field of a referral or message.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.audit import repository
from api.audit.chain import GENESIS, compute_hash
from api.audit.models import AuditEvent
from api.audit.schemas import AuditEventOut
from api.core.db import utcnow
from api.core.pagination import Page, decode_cursor, encode_cursor, fetch_keyset
from api.core.principal import NO_REQUEST, Actor, RequestMeta


async def record(
    session: AsyncSession,
    *,
    action: str,
    actor: Actor,
    meta: RequestMeta = NO_REQUEST,
    outcome: str = "success",
    object_type: str | None = None,
    object_id: str | uuid.UUID | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    await repository.lock_chain(session)
    event = AuditEvent(
        id=uuid.uuid4(),
        occurred_at=utcnow(),
        actor_kind=actor.kind,
        actor_id=actor.id,
        organisation=actor.organisation,
        action=action,
        outcome=outcome,
        object_type=object_type,
        object_id=str(object_id) if object_id is not None else None,
        client_address=meta.client_address,
        request_id=meta.request_id,
        details=details or {},
        prev_hash=await repository.last_hash(session) or GENESIS,
    )
    event.hash = compute_hash(event)
    session.add(event)
    await session.flush()
    return event


async def record_refusal(
    session: AsyncSession,
    *,
    action: str,
    actor: Actor,
    meta: RequestMeta = NO_REQUEST,
    outcome: str = "denied",
    object_type: str | None = None,
    object_id: str | uuid.UUID | None = None,
    details: dict[str, Any] | None = None,
    keep_request_writes: bool = False,
) -> None:
    """Records that a request is refused, committed before the caller raises the refusal.

    The audit row gets a short transaction of its own: what the refused request did so
    far is rolled back first (a refusal changes nothing else), then the row is written
    and committed at once, so the rollback that follows the raised error cannot lose it.
    It runs on the request's own connection: on SQLite the request's transaction holds
    the write lock a second connection would wait for, and a burst of refusals never
    takes two connections per request from the pool.

    ``keep_request_writes`` is for the refusals whose request wrote what must outlive it
    under a lock it still holds (the failure counters of a sign-in, a revoked session):
    those writes commit together with the audit row instead of being rolled back.
    Compute every argument before the call: a rollback expires the session's objects.
    """
    if not keep_request_writes:
        await session.rollback()
    await record(
        session,
        action=action,
        actor=actor,
        meta=meta,
        outcome=outcome,
        object_type=object_type,
        object_id=object_id,
        details=details,
    )
    await session.commit()


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    id: uuid.UUID
    reason: str


async def verify(session: AsyncSession) -> tuple[int, ChainBreak | None]:
    """Walk the chain from the start; returns rows checked and the first break."""
    expected_prev = GENESIS
    checked = 0
    async for event in repository.stream_in_order(session):
        if event.prev_hash != expected_prev:
            return checked, ChainBreak(event.seq, event.id, "the row before it was changed or removed")
        if compute_hash(event) != event.hash:
            return checked, ChainBreak(event.seq, event.id, "its content no longer matches its hash")
        expected_prev = event.hash
        checked += 1
    return checked, None


async def list_events(
    session: AsyncSession,
    *,
    action: str | None = None,
    actor_id: str | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    outcome: str | None = None,
    occurred_after: datetime | None = None,
    occurred_before: datetime | None = None,
    limit: int,
    cursor: str | None,
) -> Page[AuditEventOut]:
    before_seq = int(decode_cursor(cursor, (int,))[0]) if cursor else None
    found = await fetch_keyset(
        lambda count: repository.list_events(
            session,
            action=action,
            actor_id=actor_id,
            object_type=object_type,
            object_id=object_id,
            outcome=outcome,
            occurred_after=occurred_after,
            occurred_before=occurred_before,
            before_seq=before_seq,
            limit=count,
        ),
        limit,
    )
    return found.page(AuditEventOut.model_validate, lambda event: encode_cursor([event.seq]))
