"""One served instance per database backend for the generated-client and guide tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.clients.served import Served, Server
from tests.conftest import create_postgres_database, drop_postgres_database


@pytest.fixture(scope="session")
async def served(backend: str, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Served]:
    if backend == "sqlite":
        path: Path = tmp_path_factory.mktemp("served") / "kipni.sqlite3"
        url = f"sqlite:///{path}"
    else:
        url = await create_postgres_database()
    server = Server(url)
    try:
        yield server.start()
    finally:
        server.stop()
        if backend != "sqlite":
            await drop_postgres_database(url)
