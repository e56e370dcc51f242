"""Writing, reading and verifying the audit log.

``record`` runs inside the caller's transaction, so an audited change and its audit row
commit together or not at all. ``record_refusal`` is the one way to audit a refused
request: the row outlives the refusal's rollback, and no service commits on its own.
Only identifiers and codes go into a row: never a password, a token, or a personal
field of a referral or message.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.audit import repository
from api.audit.chain import (
    GENESIS,
    UnknownAuditKey,
    address_digest,
    checkpoint_signature_holds,
    compute_hash,
    current_keys,
    row_hash,
    sign_checkpoint,
)
from api.audit.models import AuditEvent
from api.audit.schemas import AuditEventOut, AuditVerificationOut, ChainBreakOut
from api.core.db import insert_new, utcnow
from api.core.pagination import Page, decode_cursor, encode_cursor, fetch_keyset
from api.core.pipeline import Answer, Query, Round, run_one
from api.core.principal import NO_REQUEST, Actor, RequestMeta


@dataclass(frozen=True)
class Entry:
    """One audit row to append: who, what, about which object, from which request."""

    action: str
    actor: Actor
    meta: RequestMeta = NO_REQUEST
    outcome: str = "success"
    object_type: str | None = None
    object_id: str | uuid.UUID | None = None
    details: dict[str, Any] | None = None


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
    """Appends one row; it comes back with its ``seq``."""
    head = Round()
    _lock_chain(session, head)
    previous = head.add(_chain_end())
    await head.run(session)
    entry = Entry(action, actor, meta, outcome, object_type, object_id, details)
    event = AuditEvent(**_rows([entry], previous.value)[0])
    await insert_new(session, [event], returning="seq")
    return event


def _lock_chain(session: AsyncSession, writes: Round) -> None:
    """Adds the lock on the chain to ``writes``. It is held until commit and every
    appender waits for it, so a transaction takes it with its last writes."""
    lock = repository.lock_chain(session)
    if lock is not None:
        writes.add(lock)


def _chain_end() -> Query[str]:
    return repository.last_hash().then(lambda last: last or GENESIS)


def last_hash(reads: Round) -> Answer[str]:
    """Adds the read of the chain's last hash to ``reads``, without the lock: what
    ``append_after`` expects to chain to."""
    return reads.add(_chain_end())


@dataclass(frozen=True)
class Appending:
    """Audit rows sent with a transaction's last writes (``append_after``)."""

    entries: Sequence[Entry]
    last: str  # the hash of the last row sent
    head: Answer[str]  # the chain's last hash once they ran

    async def settle(self, session: AsyncSession) -> None:
        """Chains the entries to the row that came between, if one did. The lock is held
        now, so the head read with the rows is the chain's last row."""
        if self.head.value != self.last:
            await run_one(session, repository.insert_events(_rows(self.entries, self.head.value)))


def append_after(session: AsyncSession, writes: Round, entries: Sequence[Entry], expected: str) -> Appending:
    """Adds to ``writes`` the lock on the chain and ``entries`` chained to the row whose
    hash is ``expected`` (read before, by ``last_hash``), each row inserted only while
    the chain still ends where it expects, then the read of the chain's last hash.

    In the usual case nobody appended in between: the rows are in, with the lock, in
    the round of the transaction's last writes, and the lock is held only from there
    to the commit. When somebody did, no row went in, and ``settle`` chains them to
    the true last row under the lock.
    """
    _lock_chain(session, writes)
    rows = _rows(entries, expected)
    writes.add(repository.insert_events_if_last(rows))
    head = writes.add(_chain_end())
    return Appending(entries, rows[-1]["hash"] if rows else expected, head)


def _rows(entries: Sequence[Entry], previous: str) -> list[dict[str, Any]]:
    keys = current_keys()
    now = utcnow()
    rows = []
    for entry in entries:
        address = entry.meta.client_address
        row: dict[str, Any] = {
            "id": uuid.uuid4(),
            "occurred_at": now,
            "actor_kind": entry.actor.kind,
            "actor_id": entry.actor.id,
            "organisation": entry.actor.organisation,
            "action": entry.action,
            "outcome": entry.outcome,
            "object_type": entry.object_type,
            "object_id": str(entry.object_id) if entry.object_id is not None else None,
            "client_address": address,
            "client_address_digest": address_digest(keys, keys.current_id, address),
            "request_id": entry.meta.request_id,
            "details": entry.details or {},
            "key_id": keys.current_id,
            "prev_hash": previous,
        }
        row["hash"] = previous = row_hash(keys, row)
        rows.append(row)
    return rows


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


@dataclass(frozen=True)
class Checkpoint:
    """A signed head of the chain: the last row's ``seq`` and ``hash``, how many rows
    there were up to it, and when it was taken."""

    seq: int
    hash: str
    count: int
    at: str
    signature: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "hash": self.hash,
            "count": self.count,
            "at": self.at,
            "signature": self.signature,
        }


@dataclass(frozen=True)
class Verification:
    checked: int
    broken: ChainBreak | None = None
    # What a checkpoint found that the chain alone cannot show (a cut tail, lost rows).
    checkpoint_problem: str | None = None

    @property
    def intact(self) -> bool:
        return self.broken is None and self.checkpoint_problem is None

    @property
    def reason(self) -> str | None:
        if self.broken is not None:
            return f"row {self.broken.seq}: {self.broken.reason}"
        return self.checkpoint_problem


async def erase_addresses(session: AsyncSession, *, before: datetime) -> int:
    """Retention: the client addresses of rows older than ``before`` are erased."""
    return await repository.erase_addresses(session, before=before)


async def checkpoint(session: AsyncSession) -> Checkpoint:
    """The signed head of the chain as it is now."""
    head = await repository.head(session)
    seq, hash_ = head if head is not None else (0, GENESIS)
    count = await repository.count_up_to(session, seq)
    at = utcnow().isoformat()
    return Checkpoint(seq, hash_, count, at, sign_checkpoint(current_keys(), seq, hash_, count, at))


def _row_problem(event: AuditEvent, expected_prev: str) -> str | None:
    keys = current_keys()
    if event.prev_hash != expected_prev:
        return "the row before it was changed or removed"
    try:
        if compute_hash(keys, event) != event.hash:
            return "its content no longer matches its hash"
        if event.client_address is not None and event.client_address_digest != address_digest(
            keys, event.key_id, event.client_address
        ):
            return "its client address was changed"
    except UnknownAuditKey:
        return f"it is keyed with the key {event.key_id!r}, which KIPNI_AUDIT_KEYS does not hold"
    return None


async def verify(session: AsyncSession, checkpoint: Checkpoint | None = None) -> Verification:
    """Walks the chain from the start and names the first row that breaks it; with a
    checkpoint, also finds rows cut from the end and rows lost before its head."""
    if checkpoint is not None and not checkpoint_signature_holds(
        current_keys(), checkpoint.seq, checkpoint.hash, checkpoint.count, checkpoint.at, checkpoint.signature
    ):
        return Verification(0, checkpoint_problem="the checkpoint's signature does not hold")
    expected_prev = GENESIS
    checked = 0
    up_to_head = 0
    head_hash: str | None = None
    last_seq = 0
    async for event in repository.stream_in_order(session):
        problem = _row_problem(event, expected_prev)
        if problem is not None:
            return Verification(checked, ChainBreak(event.seq, event.id, problem))
        if checkpoint is not None and event.seq <= checkpoint.seq:
            up_to_head += 1
            if event.seq == checkpoint.seq:
                head_hash = event.hash
        expected_prev = event.hash
        last_seq = event.seq
        checked += 1
    if checkpoint is None or checkpoint.seq == 0:
        return Verification(checked)
    return Verification(
        checked, checkpoint_problem=_checkpoint_problem(checkpoint, head_hash, up_to_head, last_seq)
    )


async def verification_report(session: AsyncSession) -> AuditVerificationOut:
    """The chain verified now, without a checkpoint: finds edited and deleted rows, not a
    cut tail (only a checkpoint kept off the host can, with ``kipni audit verify``)."""
    verification = await verify(session)
    broken = verification.broken
    return AuditVerificationOut(
        intact=verification.intact,
        checked=verification.checked,
        verified_at=utcnow(),
        reason=verification.reason,
        broken=ChainBreakOut(seq=broken.seq, id=broken.id, reason=broken.reason) if broken else None,
    )


def _checkpoint_problem(
    checkpoint: Checkpoint, head_hash: str | None, up_to_head: int, last_seq: int
) -> str | None:
    if last_seq < checkpoint.seq:
        return (
            f"the log ends at seq {last_seq}, before the checkpoint's head at seq {checkpoint.seq}: "
            "rows were cut from its end"
        )
    if head_hash is None:
        return f"the checkpoint's head row (seq {checkpoint.seq}) is missing"
    if head_hash != checkpoint.hash:
        return f"the checkpoint's head row (seq {checkpoint.seq}) no longer has the hash it had"
    if up_to_head != checkpoint.count:
        return (
            f"{checkpoint.count - up_to_head} of the {checkpoint.count} rows up to the checkpoint's head "
            "are missing"
        )
    return None


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
