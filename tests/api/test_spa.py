"""The built SPA is served at ``/`` with deep links, beside a JSON-only API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from httpx import ASGITransport, AsyncClient

from api.core.config import Settings
from api.core.db import Database
from api.main import create_app


@pytest.fixture
async def spa_client(settings: Settings, database: Database, tmp_path: Path) -> AsyncIterator[AsyncClient]:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>KIP NI</title>")
    (tmp_path / "assets" / "app-1234.js").write_text("console.log(1)")
    (tmp_path / "robots.txt").write_text("User-agent: *")
    app = create_app(settings.model_copy(update={"frontend_dist": tmp_path}), database)
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://testserver") as client:
        yield client


@pytest.mark.parametrize("path", ["/", "/organisationen/kip-ni", "/en/network"])
async def test_deep_links_get_the_app_shell(spa_client: AsyncClient, path: str) -> None:
    response = await spa_client.get(path)

    assert response.status_code == 200
    assert "<title>KIP NI</title>" in response.text
    assert response.headers["cache-control"] == "no-cache"


async def test_hashed_assets_are_cached_for_good(spa_client: AsyncClient) -> None:
    response = await spa_client.get("/assets/app-1234.js")

    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"


async def test_files_at_the_root_of_the_build_are_served(spa_client: AsyncClient) -> None:
    assert (await spa_client.get("/robots.txt")).text == "User-agent: *"


async def test_unknown_api_paths_stay_json_problems(spa_client: AsyncClient) -> None:
    get = await spa_client.get("/api/v1/nothing")
    post = await spa_client.post("/api/v1/nothing")

    assert get.status_code == post.status_code == 404
    assert get.headers["content-type"] == post.headers["content-type"] == "application/problem+json"


async def test_paths_outside_the_build_are_not_served(spa_client: AsyncClient) -> None:
    response = await spa_client.get("/../../etc/passwd")

    assert "root:" not in response.text


async def test_the_api_still_answers_beside_the_spa(spa_client: AsyncClient) -> None:
    assert (await spa_client.get("/api/v1/organisations/kip-ni")).json()["slug"] == "kip-ni"


@pytest.mark.parametrize(
    "path", ["/%00", "/organisationen/%00kip-ni", "/" + "a" * 256, "/organisationen/" + "x" * 300 + "/more"]
)
async def test_impossible_file_names_get_the_app_shell_not_an_error(
    spa_client: AsyncClient, path: str, caplog: pytest.LogCaptureFixture
) -> None:
    response = await spa_client.get(path)

    assert response.status_code == 200
    assert "<title>KIP NI</title>" in response.text
    assert "unhandled_error" not in caplog.text
    assert "x" * 300 not in caplog.text
    assert "a" * 256 not in caplog.text
