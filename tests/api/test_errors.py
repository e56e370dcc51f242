"""Every bad input gets a clear problem+json answer, never a 500."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator

import pytest
from httpx import AsyncClient

PROBLEM = "application/problem+json"


def _cursor(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


async def test_a_limit_above_the_maximum_is_a_422_naming_the_parameter(client: AsyncClient) -> None:
    response = await client.get("/api/v1/organisations", params={"limit": 1000})

    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["errors"][0]["loc"] == ["query", "limit"]
    assert {"type", "title", "status", "detail", "instance"} <= body.keys()


@pytest.mark.parametrize("limit", ["0", "-1", "abc", "201"])
async def test_limits_outside_one_to_two_hundred_are_422(client: AsyncClient, limit: str) -> None:
    response = await client.get("/api/v1/responsibilities", params={"limit": limit})

    assert response.status_code == 422


@pytest.mark.parametrize(
    "cursor",
    [
        "not base64 at all!",
        "AAAA",
        _cursor({"a": 1}),
        _cursor(["x"]),
        _cursor([1, 2]),
        _cursor(["name", "not-a-uuid"]),
        _cursor(["name", None]),
        "x" * 1000,
    ],
)
async def test_a_forged_cursor_is_a_400_problem(client: AsyncClient, cursor: str) -> None:
    response = await client.get("/api/v1/organisations", params={"cursor": cursor})

    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"] == "/problems/invalid-cursor"


@pytest.mark.parametrize("path", ["/api/v1/responsibilities", "/api/v1/topics"])
async def test_forged_cursors_of_other_lists_are_400(client: AsyncClient, path: str) -> None:
    response = await client.get(path, params={"cursor": _cursor(["x", 1])})

    assert response.status_code == 400


async def test_an_overlong_cursor_is_a_422(client: AsyncClient) -> None:
    response = await client.get("/api/v1/organisations", params={"cursor": "x" * 5000})

    assert response.status_code == 422


async def test_an_unknown_language_is_a_422(client: AsyncClient) -> None:
    response = await client.get("/api/v1/topics", params={"lang": "fr"})

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["query", "lang"]


async def test_an_unknown_kind_is_a_422(client: AsyncClient) -> None:
    response = await client.get("/api/v1/organisations", params={"kind": "secret_society"})

    assert response.status_code == 422


async def test_a_malformed_region_is_a_422(client: AsyncClient) -> None:
    response = await client.get("/api/v1/organisations", params={"region": "03%"})

    assert response.status_code == 422


async def test_a_slug_with_odd_characters_is_a_422(client: AsyncClient) -> None:
    response = await client.get("/api/v1/organisations/KIP%20NI")

    assert response.status_code == 422


async def test_an_unknown_path_is_a_404_problem(client: AsyncClient) -> None:
    response = await client.get("/api/v1/nothing-here")

    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM


async def test_a_wrong_method_is_a_405_problem(client: AsyncClient) -> None:
    response = await client.delete("/api/v1/topics")

    assert response.status_code == 405
    assert response.headers["content-type"] == PROBLEM


async def test_an_oversized_body_is_a_413_problem(client: AsyncClient) -> None:
    response = await client.post("/api/v1/topics", content=b"x" * (2 * 1024 * 1024))

    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM


async def test_an_oversized_chunked_body_is_a_413_problem(client: AsyncClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"subject": "'
        for _ in range(40):
            yield b"x" * 65536
        yield b'"}'

    response = await client.post(
        "/api/v1/organisations/kip-ni/messages",
        content=chunks(),
        headers={"Content-Type": "application/json"},
    )

    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM


@pytest.mark.parametrize("path", ["/api/v1/topics", "/api/v1/responsibilities"])
async def test_a_cursor_with_a_huge_number_is_a_400(client: AsyncClient, path: str) -> None:
    response = await client.get(
        path, params={"cursor": _cursor([10**30, "x", "y"][: 2 if "topics" in path else 3])}
    )

    assert response.status_code == 400


async def test_a_cursor_holding_a_lone_surrogate_is_a_400(client: AsyncClient) -> None:
    cursor = (
        base64.urlsafe_b64encode(b'["\\ud800","00000000-0000-0000-0000-000000000000"]').decode().rstrip("=")
    )

    assert (await client.get("/api/v1/organisations", params={"cursor": cursor})).status_code == 400


async def test_a_cursor_holding_a_nul_character_is_a_400(client: AsyncClient) -> None:
    assert (await client.get("/api/v1/topics", params={"cursor": _cursor([1, "a\u0000"])})).status_code == 400
