"""On PostgreSQL the statements of a page use the indexes, whatever the directory's size.

The directory here holds 5,000 generated organisations (the benchmark's own data),
enough for the planner to walk the sort index for pages. Each test captures the
statements a real request sends and asks PostgreSQL for their plans. At this size reading
the whole table is still the cheaper way to search, so the search tests ask whether the
trigram index can serve the statement (sequential and plain index scans off): a cast or an unfolded
pattern would make it unusable, and that is what they catch. At 100,000 rows the planner
picks it by itself (``make bench``).
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from httpx import ASGITransport, AsyncClient
from pydantic import SecretStr
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from api.core import migrate
from api.core.config import Environment, Settings
from api.core.db import Database, create_engine
from api.directory.seed import seed_directory
from api.main import create_app
from bench import generate
from tests.conftest import TEST_DATA_KEYS, TEST_JWT_SECRET, create_postgres_database, drop_postgres_database

SIZE = 5000
LIST = "/api/v1/organisations"
# Small tables (the seeded relations and topics) are rightly read whole.
LARGE_TABLES = {"organisations", "contact_channels", "responsibilities"}


@pytest.fixture(scope="module")
async def plain_url() -> AsyncIterator[str]:
    url = await create_postgres_database()
    try:
        await asyncio.to_thread(migrate.upgrade, url)
        engine = create_engine(Settings(database_url=url))
        async with AsyncSession(engine) as session, session.begin():
            await seed_directory(session)
        await engine.dispose()
        plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        await asyncio.to_thread(generate.load, plain, 11, 0, SIZE)
        yield plain
    finally:
        await drop_postgres_database(url)


Captured = list[tuple[str, Any]]


@pytest.fixture
async def planned(plain_url: str) -> AsyncIterator[tuple[AsyncClient, Captured]]:
    settings = Settings(
        environment=Environment.test,
        require_second_factor_roles=[],
        database_url=plain_url,
        directory_version_poll_seconds=0,
        public_cache_mb=0,
        frontend_dist=Path("/nonexistent"),
        jwt_secret=SecretStr(TEST_JWT_SECRET),
        data_keys=SecretStr(TEST_DATA_KEYS),
    )
    database = Database.from_settings(settings)
    captured: Captured = []

    def capture(_conn: object, _cursor: object, statement: str, parameters: Any, *_: object) -> None:
        captured.append((statement, parameters))

    event.listen(database.engine.sync_engine, "before_cursor_execute", capture)
    app = create_app(settings, database)
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://testserver") as client:
        yield client, captured
    await database.dispose()


def _plan(url: str, statement: str, parameters: Any, *, index_if_usable: bool) -> dict[str, Any]:
    with psycopg.connect(url) as connection:
        if index_if_usable:
            # Only bitmap scans left: they need an index that serves a condition.
            connection.execute("SET enable_seqscan = off")
            connection.execute("SET enable_indexscan = off")
        row = connection.execute(f"EXPLAIN (FORMAT JSON) {statement}", parameters).fetchone()
        assert row is not None
        plan: dict[str, Any] = row[0][0]["Plan"]
        return plan


def _nodes(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [plan, *(node for child in plan.get("Plans", []) for node in _nodes(child))]


async def _plans(
    client: AsyncClient, captured: Captured, url: str, *, index_if_usable: bool = False, **params: str
) -> list[dict[str, Any]]:
    captured.clear()
    response = await client.get(LIST, params={"limit": 50, **params})
    assert response.status_code == 200
    selects = [
        (statement, parameters) for statement, parameters in captured if statement.startswith("SELECT")
    ]
    assert selects
    return [_plan(url, s, p, index_if_usable=index_if_usable) for s, p in selects]


def _seq_scans_of_large_tables(plans: list[dict[str, Any]]) -> list[str]:
    return [
        node["Relation Name"]
        for plan in plans
        for node in _nodes(plan)
        if node["Node Type"] == "Seq Scan" and node["Relation Name"] in LARGE_TABLES
    ]


def _indexes(plan: dict[str, Any]) -> set[str]:
    return {node["Index Name"] for node in _nodes(plan) if "Index Name" in node}


async def test_the_first_page_reads_the_sort_index_in_order(
    planned: tuple[AsyncClient, Captured], plain_url: str
) -> None:
    client, captured = planned

    plans = await _plans(client, captured, plain_url)

    assert "ix_organisations_sort" in _indexes(plans[0])
    assert not [node for node in _nodes(plans[0]) if node["Node Type"] == "Sort"]
    assert _seq_scans_of_large_tables(plans) == []


async def test_a_page_deep_in_the_list_starts_at_its_cursor_in_the_index(
    planned: tuple[AsyncClient, Captured], plain_url: str
) -> None:
    client, captured = planned
    cursor = None
    for _ in range(20):
        page = (
            await client.get(LIST, params={"limit": 200, **({"cursor": cursor} if cursor else {})})
        ).json()
        cursor = page["next_cursor"]
    assert cursor

    plans = await _plans(client, captured, plain_url, cursor=cursor)

    scans = [node for node in _nodes(plans[0]) if node.get("Index Name") == "ix_organisations_sort"]
    assert scans
    assert "sort_key" in scans[0].get("Index Cond", "")
    assert _seq_scans_of_large_tables(plans) == []


async def test_a_search_for_a_rare_word_uses_the_trigram_index(
    planned: tuple[AsyncClient, Captured], plain_url: str
) -> None:
    client, captured = planned

    plans = await _plans(client, captured, plain_url, index_if_usable=True, q=f"Zzq{uuid.uuid4().hex[:6]}")

    assert "ix_organisations_search_trgm" in _indexes(plans[0])
    assert _seq_scans_of_large_tables(plans) == []


async def test_a_search_ignoring_umlauts_uses_the_trigram_index(
    planned: tuple[AsyncClient, Captured], plain_url: str
) -> None:
    client, captured = planned

    plans = await _plans(
        client, captured, plain_url, index_if_usable=True, q="Gesamtschule Lüneburg-Südstadt"
    )

    assert "ix_organisations_search_trgm" in _indexes(plans[0])
    assert json.dumps(plans[0]).count("gesamtschule lueneburg-suedstadt") >= 1
