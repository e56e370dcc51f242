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
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.core.errors import AppError, BadRequest, Conflict, UnprocessableEntity
from api.core.pipeline import Answer, Query, Round
from api.core.tokens import AccessClaims
from api.referrals import repository
from api.referrals.repository import KeyRecord

MAX_KEY_LENGTH = 255


@dataclass(frozen=True)
class KeyUse:
    """A submission's use of a key: whose key (None: the token names nobody, and the key
    is never claimed), which, and the fingerprint of its body."""

    owner: str | None
    key: str
    request_hash: str


@dataclass(frozen=True)
class Claim:
    """The key is this transaction's: do the work, then ``complete`` the record (a new
    row, or one found left in flight, which is completed in place)."""

    record: dict[str, Any]
    found_in_flight: bool = False


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


def owner_of_token(claims: AccessClaims) -> str | None:
    """The owner a token's keys belong to (``kind:id`` of its holder): known before the
    holder is looked up, so the keys are read in the same round trip."""
    try:
        return f"{claims.kind}:{uuid.UUID(claims.sub)}"
    except ValueError:
        return None


def fingerprint(body: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def lock_id(owner: str, key: str) -> int:
    """The advisory lock of one key: 64 bits of its hash (a collision costs a 409 retry)."""
    digest = hashlib.sha256(f"{owner}\x00{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@dataclass
class Claiming:
    """The claim of a batch's keys, sent with the other reads of the batch's first round;
    ``outcomes`` decides once the round has run."""

    uses: Sequence[KeyUse]
    lock_ids: list[int | None]
    held: Answer[set[int]] | None
    found: Answer[list[KeyRecord]]

    def outcomes(self, *, now: datetime, keep: timedelta) -> list[Claim | Replay | AppError]:
        """Per use: the claim, the first answer to replay, or why not (409 while another
        transaction holds the key, 422 for another body). A key used twice is claimed by
        the first use only (the second is 409, as if it had come while the first was
        still running)."""
        held = self.held.value if self.held is not None else None
        found = {(record.owner, record.key): record for record in self.found.value}
        seen: set[tuple[str, str]] = set()
        outcomes: list[Claim | Replay | AppError] = []
        for use, lock in zip(self.uses, self.lock_ids, strict=True):
            pair = (use.owner or "", use.key)
            if use.owner is None or pair in seen or (held is not None and lock not in held):
                outcomes.append(Conflict("A request with this Idempotency-Key is still in progress."))
                continue
            seen.add(pair)
            existing = found.get(pair)
            if existing is None:
                outcomes.append(Claim(_new_record(use, now, keep)))
            elif existing.request_hash != use.request_hash:
                outcomes.append(
                    UnprocessableEntity("This Idempotency-Key was used with another request body.")
                )
            elif existing.state == "in_flight":
                # Left by a request that died before this scheme: nobody holds the key now.
                outcomes.append(Claim({"id": existing.id, "created_at": now}, found_in_flight=True))
            else:
                outcomes.append(
                    Replay(existing.response_status or 201, existing.response_body or "{}", existing.location)
                )
        return outcomes


def claim(session: AsyncSession, first_round: Round, uses: Sequence[KeyUse]) -> Claiming:
    """Adds the claim of the keys of ``uses`` to ``first_round``: two statements however
    many; each key is free again when the transaction ends, committed or not."""
    owned = [(use.owner, use.key) for use in uses if use.owner is not None]
    lock_ids = [lock_id(use.owner, use.key) if use.owner is not None else None for use in uses]
    held = None
    if session.get_bind().dialect.name == "postgresql":
        held = first_round.add(repository.try_lock_idempotency_keys([i for i in lock_ids if i is not None]))
    found = first_round.add(repository.idempotency_records(session, owned))
    return Claiming(uses, lock_ids, held, found)


def _new_record(use: KeyUse, now: datetime, keep: timedelta) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "owner": use.owner,
        "key": use.key,
        "request_hash": use.request_hash,
        "state": "in_flight",
        "response_status": None,
        "response_body": None,
        "location": None,
        "created_at": now,
        "expires_at": now + keep,
    }


def complete(claimed: Claim, *, status: int, body: str, location: str | None) -> None:
    """Puts the answer on the claimed record; ``store`` writes it with the work it answers."""
    claimed.record.update(state="completed", response_status=status, response_body=body, location=location)


def store(completed: Sequence[Claim]) -> list[Query[None]]:
    """The statements writing the completed records in the transaction of the work they
    answer: the new ones in one statement, so each is written once, and those found left
    in flight in another."""
    new = [claimed.record for claimed in completed if not claimed.found_in_flight]
    found = [
        {
            "record_id": claimed.record["id"],
            "to_state": claimed.record["state"],
            "to_created_at": claimed.record["created_at"],
            "to_response_status": claimed.record["response_status"],
            "to_response_body": claimed.record["response_body"],
            "to_location": claimed.record["location"],
        }
        for claimed in completed
        if claimed.found_in_flight
    ]
    return [repository.insert_idempotency_records(new), repository.complete_idempotency_records(found)]
