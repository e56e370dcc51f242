"""``Idempotency-Key`` for submissions: one referral per key, whatever the retries.

The key is claimed inside the transaction that does the work, so it is held exactly as
long as that transaction runs: a request that fails, dies with its process or loses its
database leaves nothing behind, and the client's retry with the same key goes ahead at
once. While the transaction runs, a second request with the same key is told so (409)
instead of waiting for it: on PostgreSQL through a transaction-scoped advisory lock named
after the key, taken without waiting; on SQLite a request's transaction holds the
database's write lock from its first statement to its commit, so requests never overlap.

The holder of the key then reads the key's record: none yet (do the work), done with the
same body (the first answer again) or with another body (422). The answer is stored in
the same transaction as the referral, so a replay never points at nothing.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.core.db import utcnow
from api.core.errors import BadRequest, Conflict, UnprocessableEntity
from api.core.principal import Principal
from api.referrals import repository
from api.referrals.models import IdempotencyRecord

MAX_KEY_LENGTH = 255


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


def lock_id(owner: str, key: str) -> int:
    """The advisory lock of one key: 64 bits of its hash (a collision costs a 409 retry)."""
    digest = hashlib.sha256(f"{owner}\x00{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


async def claim(
    session: AsyncSession, *, owner: str, key: str, request_hash: str, keep: timedelta
) -> Claim | Replay:
    """Claims ``key`` for the transaction of ``session``; it is free again when that
    transaction ends, committed or not."""
    if session.get_bind().dialect.name == "postgresql" and not await repository.try_lock_idempotency_key(
        session, lock_id(owner, key)
    ):
        raise Conflict("A request with this Idempotency-Key is still in progress.")
    existing = await repository.idempotency_record(session, owner, key)
    now = utcnow()
    if existing is None:
        record = IdempotencyRecord(
            id=uuid.uuid4(),
            owner=owner,
            key=key,
            request_hash=request_hash,
            state="in_flight",
            created_at=now,
            expires_at=now + keep,
        )
        session.add(record)
        await session.flush()
        return Claim(record.id)
    if existing.request_hash != request_hash:
        raise UnprocessableEntity("This Idempotency-Key was used with another request body.")
    if existing.state == "in_flight":
        # Left by a request that died before this scheme: nobody holds the key now.
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
