"""Liveness, readiness, metrics, and what a client sees when the database is down."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from httpx import ASGITransport, AsyncClient
from pydantic import SecretStr

from api.core.config import Environment, Settings
from api.core.db import Database
from api.main import create_app
from tests.conftest import TEST_DATA_KEYS, TEST_JWT_SECRET


@pytest.fixture
async def client_without_database() -> AsyncIterator[AsyncClient]:
    settings = Settings(
        environment=Environment.test,
        require_second_factor_roles=[],
        database_url="postgresql://nobody@127.0.0.1:9/nowhere",
        database_timeout_seconds=1,
        frontend_dist=Path("/nonexistent"),
        jwt_secret=SecretStr(TEST_JWT_SECRET),
        data_keys=SecretStr(TEST_DATA_KEYS),
    )
    database = Database.from_settings(settings)
    app = create_app(settings, database)
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://testserver") as client:
        yield client
    await database.dispose()


async def test_healthz_answers_ok(client: AsyncClient) -> None:
    response = await client.get("/healthz")

    assert response.json() == {"status": "ok"}


async def test_readyz_answers_ready_when_the_database_answers(client: AsyncClient) -> None:
    response = await client.get("/readyz")

    assert response.status_code == 200


async def test_readyz_is_a_503_problem_when_the_database_is_unreachable(
    client_without_database: AsyncClient,
) -> None:
    response = await client_without_database.get("/readyz")

    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"]


async def test_a_read_is_a_503_with_retry_after_when_the_database_is_unreachable(
    client_without_database: AsyncClient,
) -> None:
    response = await client_without_database.get("/api/v1/organisations")

    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"] == "5"
    assert "Traceback" not in response.text


async def test_metrics_count_requests_by_route_template(client: AsyncClient) -> None:
    await client.get("/api/v1/organisations/kip-ni")

    body = (await client.get("/metrics")).text

    assert 'kipni_http_requests_total{method="GET",route="/api/v1/organisations/{slug}",status="200"}' in body
    assert "kipni_http_request_duration_seconds_bucket" in body
    assert "/api/v1/organisations/kip-ni" not in body
