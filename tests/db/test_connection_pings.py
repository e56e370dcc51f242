"""Pooled PostgreSQL connections are pinged after sitting idle, not on every use, and one
the database dropped meanwhile never reaches a request."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from api.core import db
from api.core.config import Settings
from tests.conftest import create_postgres_database, drop_postgres_database
from tests.faults.harness import await_for


@pytest.fixture
async def engine() -> AsyncIterator[AsyncEngine]:
    url = await create_postgres_database()
    engine = db.create_engine(Settings(database_url=url))
    try:
        yield engine
    finally:
        await engine.dispose()
        await drop_postgres_database(url)


@pytest.fixture
def pings(engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    seen: list[object] = []
    ping = engine.dialect.do_ping

    def counting(dbapi_connection: Any) -> bool:
        seen.append(dbapi_connection)
        return ping(dbapi_connection)

    monkeypatch.setattr(engine.dialect, "do_ping", counting)
    return seen


async def _backend(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one())


async def test_a_connection_used_within_the_window_is_not_pinged(
    engine: AsyncEngine, pings: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 3600.0)

    first = await _backend(engine)
    second = await _backend(engine)

    assert first == second
    assert pings == []


async def test_a_connection_idle_longer_than_the_window_is_pinged_before_use(
    engine: AsyncEngine, pings: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = await _backend(engine)
    monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 0.0)

    second = await _backend(engine)

    assert first == second
    assert len(pings) == 1


async def test_a_connection_the_database_dropped_while_idle_is_replaced_before_use(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    dropped = await _backend(engine)
    admin = make_url(engine.url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute("SELECT pg_terminate_backend(%s)", (dropped,))

        async def gone() -> bool:
            row = connection.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", (dropped,))
            return row.fetchone() == (0,)

        await await_for(gone, timeout=30, what="the backend to end")
    monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 0.0)

    replacement = await _backend(engine)

    assert replacement != dropped
