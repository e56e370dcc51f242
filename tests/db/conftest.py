"""Databases of a test's own, for tests that damage a database or build one from scratch.

``scratch_database_url`` is empty; ``scratch_database`` is migrated (no seed). Both are
dropped after the test. Tests that commit as production does (several connections, a
worker process) live in ``tests/db/live/``, whose every module gets a database of its own.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from api.core import migrate
from tests.conftest import throwaway_database


@pytest.fixture
async def scratch_database_url(backend: str, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    """An empty database of the backend, of this test alone."""
    async with throwaway_database(backend, tmp_path_factory.mktemp("scratch")) as url:
        yield url


@pytest.fixture
async def scratch_database(scratch_database_url: str) -> str:
    """A migrated, empty database of this test alone, for tests that commit or damage it."""
    await asyncio.to_thread(migrate.upgrade, scratch_database_url)
    return scratch_database_url
