"""Several instances on one PostgreSQL: an editor's write reaches every one within a second.

Two ``kipni serve`` processes share a database, as two instances behind a load balancer
do. Version polling is off, so only ``NOTIFY`` can tell the second instance of the write.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import psycopg
import pytest
from httpx import AsyncClient
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from api.core import migrate
from api.core.config import Settings
from api.core.db import create_engine
from api.directory.seed import seed_directory
from tests.conftest import (
    TEST_AUDIT_KEYS,
    TEST_DATA_KEYS,
    TEST_JWT_SECRET,
    create_postgres_database,
    drop_postgres_database,
)

KIPNI = str(Path(sys.executable).with_name("kipni"))
PASSWORD = "a long enough passphrase"
PAGE = "/api/v1/organisations/kip-ni"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
async def shared_url() -> AsyncIterator[str]:
    url = await create_postgres_database()
    try:
        await asyncio.to_thread(migrate.upgrade, url)
        engine = create_engine(Settings(database_url=url))
        async with AsyncSession(engine) as session, session.begin():
            await seed_directory(session)
        await engine.dispose()
        yield url
    finally:
        await drop_postgres_database(url)


def _environment(url: str) -> dict[str, str]:
    return {
        **{key: value for key, value in os.environ.items() if not key.startswith("KIPNI_")},
        "KIPNI_ENVIRONMENT": "test",
        "KIPNI_REQUIRE_SECOND_FACTOR_ROLES": "",
        "KIPNI_DATABASE_URL": url,
        "KIPNI_JWT_SECRET": TEST_JWT_SECRET,
        "KIPNI_DATA_KEYS": TEST_DATA_KEYS,
        "KIPNI_AUDIT_KEYS": TEST_AUDIT_KEYS,
        "KIPNI_DIRECTORY_VERSION_POLL_SECONDS": "0",
        "KIPNI_FRONTEND_DIST": "/nonexistent",
        "KIPNI_LOG_JSON": "false",
        "KIPNI_ACCESS_LOG": "false",
    }


async def _serve(url: str, port: int) -> asyncio.subprocess.Process:
    process = await asyncio.create_subprocess_exec(
        KIPNI, "serve", "--port", str(port), env=_environment(url), stderr=asyncio.subprocess.PIPE
    )
    assert process.stderr is not None
    while b"Uvicorn running on" not in (line := await process.stderr.readline()):
        assert line, "the server ended before it answered"
    return process


async def _listeners(url: str) -> int:
    """Sessions of this database waiting for directory changes."""
    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    async with await psycopg.AsyncConnection.connect(plain, autocommit=True) as connection:
        cursor = await connection.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND query LIKE 'LISTEN %'"
        )
        row = await cursor.fetchone()
        return int(row[0]) if row else 0


@pytest.fixture
async def instances(shared_url: str) -> AsyncIterator[list[str]]:
    ports = [_free_port(), _free_port()]
    processes = [await _serve(shared_url, port) for port in ports]
    try:
        while await _listeners(shared_url) < len(processes):
            await asyncio.sleep(0.02)  # waiting for the LISTEN sessions to appear
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                process.terminate()
            await process.wait()


async def _editor_headers(url: str, base: str) -> dict[str, str]:
    created = await asyncio.create_subprocess_exec(
        KIPNI,
        *("users", "create", "editor@kipni.example", "--role", "editor", "--organisation", "kip-ni"),
        *("--password-stdin", "--json"),
        env=_environment(url),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    await created.communicate(PASSWORD.encode())
    assert created.returncode == 0
    async with AsyncClient(base_url=base) as client:
        response = await client.post(
            "/api/v1/auth/token",
            data={"grant_type": "password", "username": "editor@kipni.example", "password": PASSWORD},
        )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def test_an_editors_write_on_one_instance_is_served_by_both_within_a_second(
    shared_url: str, instances: list[str]
) -> None:
    clients = [AsyncClient(base_url=base) for base in instances]
    try:
        for client in clients:  # both instances now hold the page in their cache
            assert (await client.get(PAGE)).json()["name"] != "KIP NI, umbenannt"
        editor = await _editor_headers(shared_url, instances[0])
        staff = await clients[0].get(PAGE, headers=editor)

        written = await clients[0].patch(
            PAGE,
            json={"name": {"de": "KIP NI, umbenannt"}},
            headers={**editor, "If-Match": staff.headers["ETag"]},
        )
        assert written.status_code == 200, written.text
        committed = time.monotonic()

        async def serves_new_name(client: AsyncClient) -> float:
            while (await client.get(PAGE)).json()["name"] != "KIP NI, umbenannt":
                assert time.monotonic() - committed < 1.0, f"{client.base_url} still serves the old page"
            return time.monotonic() - committed

        delays = await asyncio.gather(*(serves_new_name(client) for client in clients))
        assert max(delays) < 1.0
    finally:
        for client in clients:
            await client.aclose()
