"""Group commit of submissions: the referrals that arrive while one batch is being stored
are stored together in the next, in one transaction.

A submission costs the same dozen statements and one commit whether it is stored alone
or with fifty others (``service.submit_many``), and the worker's CPU goes on statements,
not on referrals; so under load a worker stores many per transaction, and alone a
submission waits for nobody but a few turns of the event loop: the batch is whatever
is waiting when the last one commits and the requests already read have caught up.

The next batch does not wait for that commit to end: while the database writes one
batch's commit to disk, the worker would otherwise sit idle (a quarter of its time in
``make bench``), so the next batch is read, built and sent meanwhile, on a connection of
its own. Its audit rows wait for the chain's lock, which the committing batch holds to
its end, so the chain stays in order. A key whose batch is still being stored waits for
a later batch, where it finds the stored answer to replay. Where every session shares
one connection (the tests' rolled-back transaction), batches run one after another.

What a client is told is unchanged: a 201 means the referral and its stored answer are
committed, and each submission gets its own answer (another's refusal or replay does not
touch it). A batch that fails for a reason of its own (not a lost database) is retried
one submission at a time, so a bad submission fails alone. A request that goes away
while its batch runs does not take the batch with it; its key replays the answer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import Protocol

from sqlalchemy.exc import DBAPIError, OperationalError

from api.core import metrics
from api.core.db import Database
from api.core.errors import AppError
from api.core.row_encryption import Sealer
from api.referrals import service
from api.referrals.service import Submission, SubmissionAnswer

# Enough to keep a worker's transaction short (a batch holds the audit chain's lock from
# its last statements to its commit) while it still spreads the statements thin.
MAX_BATCH = 64
# Before a batch is cut, the event loop gets turns to carry the requests it has already
# read up to the queue: they are parsed and validated a few turns after their bytes
# arrive, and on a busy worker a batch cut at once holds only those that made it while
# the last one was stored, so each pays a larger share of a batch's fixed cost (in
# ``make bench``, 16 connections: 4.5 submissions a batch and 2,380 µs of CPU each
# without gathering, 6.5 and 2,047 µs with it). The gathering stops when the batch is full,
# or when QUIET_TURNS turns in a row bring nothing new (a submission alone waits only
# those few turns, microseconds), and after GATHER_TURNS turns whatever happens.
GATHER_TURNS = 32
QUIET_TURNS = 3


def _new_future() -> asyncio.Future[SubmissionAnswer]:
    return asyncio.get_running_loop().create_future()


@dataclass
class _Waiting:
    submission: Submission
    answer: asyncio.Future[SubmissionAnswer] = field(default_factory=_new_future)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.submission.token.kind, self.submission.token.sub, self.submission.key)


class AppState(Protocol):
    """What the intake reads from the application's state when it stores a batch."""

    database: Database
    sealer: Sealer


class Intake:
    """The submissions of one worker, stored in batches: one being built, one committing."""

    def __init__(
        self,
        state: AppState,
        *,
        keep: timedelta,
        second_factor_roles: frozenset[str],
        max_batch: int = MAX_BATCH,
    ) -> None:
        self._state = state
        self._keep = keep
        self._second_factor_roles = second_factor_roles
        self._max_batch = max_batch
        self._waiting: list[_Waiting] = []
        self._storing: asyncio.Task[None] | None = None
        # Batches being stored, with their keys: at most two, the older one committing.
        self._in_flight: dict[asyncio.Task[None], set[tuple[str, str, str]]] = {}

    async def submit(self, submission: Submission) -> SubmissionAnswer:
        """The answer to ``submission`` once its batch is committed; raises its refusal."""
        waiting = _Waiting(submission)
        self._waiting.append(waiting)
        if self._storing is None or self._storing.done():
            self._storing = asyncio.get_running_loop().create_task(self._store_waiting())
        return await asyncio.shield(waiting.answer)

    async def _store_waiting(self) -> None:
        batch: list[_Waiting] = []
        try:
            while self._waiting:
                await self._gather()
                batch = self._next_batch()
                if not batch:  # each waiting key is in a batch still being stored
                    await asyncio.wait(list(self._in_flight))
                    continue
                committing = asyncio.get_running_loop().create_future()
                task = asyncio.get_running_loop().create_task(self._store(batch, committing))
                self._in_flight[task] = {waiting.key for waiting in batch}
                task.add_done_callback(self._stored)
                task.add_done_callback(partial(_signal_ended, committing))
                batch = []
                if self._state.database.concurrent_sessions:
                    await committing
                else:
                    await task
        except BaseException as exc:  # cancelled with the loop: nobody is left waiting
            for waiting in [*batch, *self._waiting]:
                _settle(waiting, exc)
            self._waiting = []
            raise

    def _stored(self, task: asyncio.Task[None]) -> None:
        self._in_flight.pop(task, None)

    async def _gather(self) -> None:
        quiet = 0
        for _ in range(GATHER_TURNS):
            if len(self._waiting) >= self._max_batch or quiet == QUIET_TURNS:
                return
            before = len(self._waiting)
            await asyncio.sleep(0)
            quiet = quiet + 1 if len(self._waiting) == before else 0

    def _next_batch(self) -> list[_Waiting]:
        """The oldest waiting submissions, one per key: a second use of a key waits for
        a batch after the first one's, where it finds the first one's answer to replay."""
        batch: list[_Waiting] = []
        later: list[_Waiting] = []
        keys: set[tuple[str, str, str]] = set().union(*self._in_flight.values())
        for waiting in self._waiting:
            if len(batch) < self._max_batch and waiting.key not in keys:
                keys.add(waiting.key)
                batch.append(waiting)
            else:
                later.append(waiting)
        self._waiting = later
        return batch

    async def _store(self, batch: list[_Waiting], committing: asyncio.Future[None]) -> None:
        metrics.SUBMISSION_BATCHES.observe(len(batch))
        outcomes: list[SubmissionAnswer | Exception]
        try:
            try:
                outcomes = list(await self._commit([waiting.submission for waiting in batch], committing))
            except Exception as exc:
                if len(batch) == 1 or _database_failed(exc):
                    outcomes = [exc] * len(batch)
                else:
                    outcomes = [await self._commit_alone(waiting.submission) for waiting in batch]
        except BaseException as exc:  # cancelled with the loop
            for waiting in batch:
                _settle(waiting, exc)
            raise
        for waiting, outcome in zip(batch, outcomes, strict=True):
            _settle(waiting, outcome)

    async def _commit_alone(self, submission: Submission) -> SubmissionAnswer | Exception:
        try:
            (outcome,) = await self._commit([submission])
        except Exception as exc:
            return exc
        return outcome

    async def _commit(
        self, submissions: Sequence[Submission], committing: asyncio.Future[None] | None = None
    ) -> list[SubmissionAnswer | AppError]:
        async with self._state.database.sessionmaker() as session:
            try:
                outcomes = await service.submit_many(
                    session,
                    self._state.sealer,
                    submissions,
                    keep=self._keep,
                    second_factor_roles=self._second_factor_roles,
                )
                if committing is not None:
                    _signal(committing)
                await session.commit()
            except BaseException:
                await session.rollback()
                raise
        return outcomes


def _database_failed(exc: Exception) -> bool:
    """The database or the connection to it failed, not a submission: trying each one
    alone would only fail again, one after the other."""
    return isinstance(exc, OperationalError) or (isinstance(exc, DBAPIError) and exc.connection_invalidated)


def _signal_ended(future: asyncio.Future[None], _: asyncio.Task[None]) -> None:
    _signal(future)


def _signal(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


def _settle(waiting: _Waiting, outcome: SubmissionAnswer | BaseException) -> None:
    if waiting.answer.done():
        return
    if isinstance(outcome, asyncio.CancelledError):
        waiting.answer.cancel()
    elif isinstance(outcome, BaseException):
        waiting.answer.set_exception(outcome)
    else:
        waiting.answer.set_result(outcome)
