"""A directory write reaches the page cache of every worker."""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from api.core.db import Database
from api.core.page_cache import CachedPage, PageCache
from api.directory.versions import DirectoryVersionWatcher, record_directory_write


async def _wait_until_empty(cache: PageCache, seconds: float = 5.0) -> bool:
    for _ in range(int(seconds / 0.05)):
        if len(cache) == 0:
            return True
        await asyncio.sleep(0.05)
    return False


async def test_a_committed_write_in_another_process_drops_the_pages(
    backend: str, engine: AsyncEngine
) -> None:
    cache = PageCache(1_000_000)
    # PostgreSQL pushes the change by NOTIFY; SQLite is watched by polling the version.
    watcher = DirectoryVersionWatcher(
        Database(engine), cache, poll_seconds=0.05 if backend == "sqlite" else 0
    )
    await watcher.start()
    try:
        await asyncio.wait_for(watcher.ready.wait(), timeout=30)
        cache.put("page", CachedPage(b"{}", '"1"', "application/json", "de"), cache.generation)

        async with AsyncSession(engine) as writer, writer.begin():
            await record_directory_write(writer)

        assert await _wait_until_empty(cache)
    finally:
        await watcher.stop()
