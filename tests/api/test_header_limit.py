"""Request headers are limited to 8 KiB in all: more is 431 problem+json, before any
route or database work."""

from __future__ import annotations

from httpx import AsyncClient

PROBLEM = "application/problem+json"


async def test_one_header_over_8_kib_is_431(client: AsyncClient) -> None:
    response = await client.get("/api/v1/topics", headers={"X-Padding": "a" * 9000})

    assert response.status_code == 431
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["status"] == 431
    assert response.headers["cache-control"] == "no-store"


async def test_many_headers_adding_up_to_over_8_kib_are_431(client: AsyncClient) -> None:
    headers = {f"X-H{number}": "b" * 100 for number in range(100)}

    response = await client.get("/api/v1/topics", headers=headers)

    assert response.status_code == 431


async def test_headers_just_under_the_limit_are_served(client: AsyncClient) -> None:
    response = await client.get("/api/v1/topics", headers={"X-Padding": "c" * 7000})

    assert response.status_code == 200
