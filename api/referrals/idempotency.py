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
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.db import insert_new, utcnow
from api.core.errors import AppError, BadRequest, Conflict, UnprocessableEntity
from api.core.principal import Principal
from api.referrals import repository
from api.referrals.models import IdempotencyRecord

MAX_KEY_LENGTH = 255


@dataclass(frozen=True)
class KeyUse:
    """A submission's use of a key: whose key, which, and the fingerprint of its body."""

    owner: str
    key: str
    request_hash: str


@dataclass(frozen=True)
class Claim:
    """The key is this transaction's: do the work, then ``complete`` the record."""

    record: IdempotencyRecord


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
    session: AsyncSession, uses: Sequence[KeyUse], *, keep: timedelta
) -> list[Claim | Replay | AppError]:
    """Claims the keys of ``uses`` for the transaction of ``session``, in two statements
    however many; each is free again when that transaction ends, committed or not. A key
    used twice in ``uses`` is claimed by the first use only (the second is 409, as if it
    had come while the first was still running)."""
    held: set[int] | None = None
    if session.get_bind().dialect.name == "postgresql":
        held = await repository.try_lock_idempotency_keys(
            session, [lock_id(use.owner, use.key) for use in uses]
        )
    found = {
        (record.owner, record.key): record
        for record in await repository.idempotency_records(session, [(use.owner, use.key) for use in uses])
    }
    now = utcnow()
    seen: set[tuple[str, str]] = set()
    outcomes: list[Claim | Replay | AppError] = []
    for use in uses:
        pair = (use.owner, use.key)
        if pair in seen or (held is not None and lock_id(use.owner, use.key) not in held):
            outcomes.append(Conflict("A request with this Idempotency-Key is still in progress."))
            continue
        seen.add(pair)
        existing = found.get(pair)
        if existing is None:
            record = IdempotencyRecord(
                id=uuid.uuid4(),
                owner=use.owner,
                key=use.key,
                request_hash=use.request_hash,
                state="in_flight",
                created_at=now,
                expires_at=now + keep,
            )
            outcomes.append(Claim(record))
        elif existing.request_hash != use.request_hash:
            outcomes.append(UnprocessableEntity("This Idempotency-Key was used with another request body."))
        elif existing.state == "in_flight":
            # Left by a request that died before this scheme: nobody holds the key now.
            existing.created_at = now
            outcomes.append(Claim(existing))
        else:
            outcomes.append(
                Replay(existing.response_status or 201, existing.response_body or "{}", existing.location)
            )
    return outcomes


def complete(claimed: Claim, *, status: int, body: str, location: str | None) -> None:
    """Puts the answer on the claimed record; ``store`` writes it with the work it answers."""
    record = claimed.record
    record.state = "completed"
    record.response_status = status
    record.response_body = body
    record.location = location


async def store(session: AsyncSession, completed: Sequence[Claim]) -> None:
    """Writes the completed records in the transaction of the work they answer: the new
    ones in one statement, so each is written once, and a record found left in flight
    (already in the session) by a flush."""
    await insert_new(session, [claimed.record for claimed in completed if inspect(claimed.record).transient])
    await session.flush()
