"""Cursors are signed by the server: a forged one is a 400 before any work is done.

The attack: every forged cursor (or a cursor of another list) made a new key of the
public page cache and a new query, so anonymous requests could flush the cache and
grow the process.
"""

from __future__ import annotations

import base64
import json
import uuid

import pytest
from httpx import AsyncClient

from api.core.pagination import encode_cursor
from tests.conftest import StatementCounter


def _unsigned(key: list[str | int]) -> str:
    """A cursor as anyone can make one: the sort key, base64url-encoded JSON."""
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


def _with_other_signature(cursor: str) -> str:
    payload, _, signature = cursor.partition(".")
    return f"{payload}.{'A' * len(signature)}"


FORGED = [
    _unsigned(["zzz", str(uuid.uuid4())]),
    _unsigned(["x", str(uuid.uuid4())]) + ".c2lnbmF0dXJl",
]


@pytest.mark.parametrize("cursor", FORGED)
async def test_a_forged_cursor_is_a_400_that_costs_no_query(
    client: AsyncClient, count_statements: StatementCounter, cursor: str
) -> None:
    before = count_statements.count

    response = await client.get("/api/v1/organisations", params={"cursor": cursor, "q": "präv"})

    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert count_statements.count == before


async def test_a_signed_cursor_with_its_signature_changed_is_refused(client: AsyncClient) -> None:
    first = (await client.get("/api/v1/organisations", params={"limit": 2})).json()

    response = await client.get(
        "/api/v1/organisations", params={"limit": 2, "cursor": _with_other_signature(first["next_cursor"])}
    )

    assert response.status_code == 400


async def test_the_cursor_the_server_issued_leads_to_the_next_page(client: AsyncClient) -> None:
    first = (await client.get("/api/v1/organisations", params={"limit": 2})).json()

    second = await client.get("/api/v1/organisations", params={"limit": 2, "cursor": first["next_cursor"]})

    assert second.status_code == 200
    assert {item["slug"] for item in second.json()["items"]}.isdisjoint(
        {item["slug"] for item in first["items"]}
    )


@pytest.mark.parametrize("path", ["/api/v1/responsibilities", "/api/v1/topics"])
async def test_every_public_list_refuses_forged_cursors(client: AsyncClient, path: str) -> None:
    assert (await client.get(path, params={"cursor": _unsigned([1, "a", "b"])})).status_code == 400


async def test_a_signed_cursor_of_another_list_is_still_refused(client: AsyncClient) -> None:
    """Signed, but its shape belongs to the users list: the shape check still holds."""
    assert (
        await client.get("/api/v1/organisations", params={"cursor": encode_cursor(["someone@example.org"])})
    ).status_code == 400
