"""Keeps every worker's page cache in step with directory writes.

A write bumps ``directory_state.version`` and, on PostgreSQL, sends ``NOTIFY`` in the
same transaction, so every worker listening drops its pages the moment the write
commits. A slow poll of the version backs this up: it covers SQLite shared by several
processes (the CLI seeding while the server runs) and a listener that lost its
connection.
"""

from __future__ import annotations

import asyncio
import contextlib

import structlog
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.db import Database
from api.core.page_cache import PageCache
from api.directory import repository

CHANNEL = "kipni_directory"
log = structlog.get_logger("api.directory.versions")


async def record_directory_write(session: AsyncSession, cache: PageCache | None = None) -> None:
    """Call in the transaction of every directory write, before it commits.

    Other workers learn of the write from the version (and ``NOTIFY``); this worker's
    ``cache`` is dropped right after the commit, not before, so no request can refill it
    from the old rows in between.
    """
    await repository.bump_version(session)
    if session.get_bind().dialect.name == "postgresql":
        await repository.notify_directory_changed(session, CHANNEL)
    if cache is not None:
        event.listen(session.sync_session, "after_commit", lambda _session: cache.invalidate(), once=True)


class DirectoryVersionWatcher:
    def __init__(self, database: Database, cache: PageCache, *, poll_seconds: float) -> None:
        self.database = database
        self.cache = cache
        self.poll_seconds = poll_seconds
        self.known_version: int | None = None
        # Set once the watcher would notice a write: the poller has read the version, or
        # the listener is listening. Tests wait for it instead of guessing a delay.
        self.ready = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        if self.poll_seconds > 0:
            self._tasks.append(asyncio.create_task(self._poll(), name="directory-version-poll"))
        if self.database.engine.dialect.name == "postgresql":
            self._tasks.append(asyncio.create_task(self._listen(), name="directory-version-listen"))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()

    async def check(self) -> None:
        """Read the version once; drop the pages when it moved."""
        async with self.database.sessionmaker() as session:
            version = await repository.read_version(session)
        if self.known_version is not None and version != self.known_version:
            self.cache.invalidate()
        self.known_version = version
        self.ready.set()

    async def _poll(self) -> None:
        while True:
            try:
                await self.check()
            except Exception as exc:  # the database may be down; try again next round
                log.warning("directory_version_poll_failed", error=type(exc).__name__)
            await asyncio.sleep(self.poll_seconds)

    async def _listen(self) -> None:
        delay = 1.0
        while True:
            try:
                # The first signal comes when listening has begun: writes made while the
                # listener was away are caught there. Each further one is a NOTIFY.
                async for _ in repository.directory_changes(self.database.engine, CHANNEL):
                    delay = 1.0
                    self.cache.invalidate()
                    self.ready.set()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("directory_version_listen_failed", error=type(exc).__name__)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30.0)
