"""``Idempotency-Key`` for submissions: one referral per key, whatever the retries.

A key is claimed in its own committed transaction before the work starts, so a second
request with the same key sees it at once: still in flight (409), done with the same
body (the first answer again), or done with another body (422). The answer is stored in
the same transaction as the referral, so a replay never points at nothing.

On SQLite a request's transaction holds the database's write lock from its first
statement to its commit, so requests never overlap there: the claim joins the request's
own transaction (a second connection would wait for a lock its own request holds), and
a failure rolls it back with everything else.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.db import Database, utcnow
from api.core.errors import BadRequest, Conflict, UnprocessableEntity
from api.core.principal import Principal
from api.referrals import repository
from api.referrals.models import IdempotencyRecord

MAX_KEY_LENGTH = 255
# A claim older than this belongs to a request that died; its key may be taken over.
ABANDONED_AFTER = timedelta(minutes=2)


@dataclass(frozen=True)
class Claim:
    record_id: uuid.UUID


@dataclass(frozen=True)
class Replay:
    status: int
    body: str
    location: str | None


def check_key(key: str | None) -> str:
    if key is None or not key.strip():
        raise BadRequest("The Idempotency-Key header is required for submissions.")
    if len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise BadRequest(f"An Idempotency-Key is up to {MAX_KEY_LENGTH} printable characters.")
    return key


def owner_of(principal: Principal) -> str:
    return f"{principal.kind}:{principal.id}"


def fingerprint(body: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _shares_request_transaction(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "sqlite"


async def claim(
    database: Database,
    request_session: AsyncSession,
    *,
    owner: str,
    key: str,
    request_hash: str,
    keep: timedelta,
) -> Claim | Replay:
    if _shares_request_transaction(request_session):
        return await _claim_in(request_session, owner=owner, key=key, request_hash=request_hash, keep=keep)
    async with database.sessionmaker() as session, session.begin():
        return await _claim_in(session, owner=owner, key=key, request_hash=request_hash, keep=keep)


async def _claim_in(
    session: AsyncSession, *, owner: str, key: str, request_hash: str, keep: timedelta
) -> Claim | Replay:
    now = utcnow()
    record = IdempotencyRecord(
        id=uuid.uuid4(),
        owner=owner,
        key=key,
        request_hash=request_hash,
        state="in_flight",
        created_at=now,
        expires_at=now + keep,
    )
    try:
        async with session.begin_nested():
            session.add(record)
            await session.flush()
        return Claim(record.id)
    except IntegrityError:
        pass
    existing = await repository.idempotency_record(session, owner, key)
    if existing is None:  # removed between our insert and our read: the caller may retry
        raise Conflict("This Idempotency-Key is being released; retry shortly.")
    if existing.request_hash != request_hash:
        raise UnprocessableEntity("This Idempotency-Key was used with another request body.")
    if existing.state == "in_flight":
        if existing.created_at > now - ABANDONED_AFTER:
            raise Conflict("A request with this Idempotency-Key is still in progress.")
        existing.created_at = now
        return Claim(existing.id)
    return Replay(existing.response_status or 201, existing.response_body or "{}", existing.location)


async def complete(
    session: AsyncSession, claimed: Claim, *, status: int, body: str, location: str | None
) -> None:
    """Store the answer in the transaction of the work it answers."""
    await repository.complete_idempotency_record(
        session, claimed.record_id, status=status, body=body, location=location
    )


async def release(database: Database, request_session: AsyncSession, claimed: Claim) -> None:
    """Free the key after a failed attempt, so the client may retry with it."""
    if _shares_request_transaction(request_session):
        return
    async with database.sessionmaker() as session, session.begin():
        await repository.delete_idempotency_record(session, claimed.record_id)
