"""The bulk loader writes rows the service reads like its own (PostgreSQL, ``COPY``)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import psycopg
import pytest
from httpx import ASGITransport, AsyncClient
from pydantic import SecretStr
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from api.core import migrate
from api.core.config import Environment, Settings
from api.core.db import Database, create_engine
from api.directory.seed import seed_directory
from api.main import create_app
from bench import generate
from tests.conftest import TEST_DATA_KEYS, TEST_JWT_SECRET, create_postgres_database, drop_postgres_database

# Organisations and channels do not depend on the topics; only the responsibilities do.
ANY_TOPICS = [uuid.UUID(int=number) for number in range(1, 9)]


@pytest.fixture(scope="module")
async def loaded_url() -> AsyncIterator[str]:
    url = await create_postgres_database()
    try:
        await asyncio.to_thread(migrate.upgrade, url)
        engine = create_engine(Settings(database_url=url))
        async with AsyncSession(engine) as session, session.begin():
            await seed_directory(session)
        await engine.dispose()
        plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        await asyncio.to_thread(generate.load, plain, 7, 0, 40, batch=15)
        yield url
    finally:
        await drop_postgres_database(url)


@pytest.fixture
async def loaded_client(loaded_url: str) -> AsyncIterator[AsyncClient]:
    settings = Settings(
        environment=Environment.test,
        require_second_factor_roles=[],
        database_url=loaded_url,
        directory_version_poll_seconds=0,
        frontend_dist=Path("/nonexistent"),
        jwt_secret=SecretStr(TEST_JWT_SECRET),
        data_keys=SecretStr(TEST_DATA_KEYS),
    )
    database = Database.from_settings(settings)
    app = create_app(settings, database)
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://testserver") as client:
        yield client
    await database.dispose()


async def test_every_loaded_organisation_is_listed(loaded_client: AsyncClient) -> None:
    expected = {
        str(item.organisation[generate.ORGANISATION_COLUMNS.index("slug")])
        for item in generate.organisations(7, 0, 40, ANY_TOPICS)
    }

    response = await loaded_client.get("/api/v1/organisations", params={"limit": 200})

    assert response.status_code == 200
    assert expected <= {item["slug"] for item in response.json()["items"]}


async def test_a_loaded_organisation_shows_its_public_channels_and_duties(loaded_client: AsyncClient) -> None:
    generated = generate.organisation(7, 3, ANY_TOPICS)
    slug = generated.organisation[generate.ORGANISATION_COLUMNS.index("slug")]
    public = [
        row for row in generated.channels if row[generate.CHANNEL_COLUMNS.index("visibility")] == "public"
    ]

    response = await loaded_client.get(f"/api/v1/organisations/{slug}")

    assert response.status_code == 200
    body = response.json()
    assert len(body["contact_channels"]) == len(public)
    assert 1 <= len(body["responsibilities"]) <= 3


async def test_loading_leaves_the_referral_tables_to_the_planner_s_own_estimate(loaded_url: str) -> None:
    """Statistics of an empty table make every foreign-key check on it a full scan."""
    plain = make_url(loaded_url).set(drivername="postgresql").render_as_string(hide_password=False)
    check = "SELECT 1 FROM ONLY referrals x WHERE id = %s FOR KEY SHARE OF x"

    with psycopg.connect(plain) as connection:
        plan = "\n".join(row[0] for row in connection.execute(f"EXPLAIN {check}", [uuid.uuid4()]))

    assert "Index Scan using pk_referrals" in plan, plan
