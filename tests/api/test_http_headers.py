"""Security headers, request ids and CORS."""

from __future__ import annotations

import pytest
from httpx import AsyncClient

CSP = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"


@pytest.mark.parametrize("path", ["/api/v1/organisations", "/api/v1/organisations/nope", "/healthz"])
async def test_every_response_carries_the_security_headers(client: AsyncClient, path: str) -> None:
    response = await client.get(path)

    assert response.headers["content-security-policy"] == CSP
    assert response.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


async def test_non_public_responses_are_not_stored(client: AsyncClient) -> None:
    for path in ("/api/v1/organisations/nope", "/healthz", "/api/v1/openapi.json"):
        assert (await client.get(path)).headers["cache-control"] == "no-store"


async def test_a_request_id_is_created_when_none_is_sent(client: AsyncClient) -> None:
    response = await client.get("/healthz")

    assert len(response.headers["x-request-id"]) >= 16


async def test_a_sent_request_id_is_echoed(client: AsyncClient) -> None:
    response = await client.get("/healthz", headers={"X-Request-ID": "partner-4711"})

    assert response.headers["x-request-id"] == "partner-4711"


async def test_a_request_id_with_odd_characters_is_replaced(client: AsyncClient) -> None:
    response = await client.get("/healthz", headers={"X-Request-ID": "a b\tc<script>"})

    assert response.headers["x-request-id"] != "a b\tc<script>"


async def test_a_configured_origin_passes_a_preflight(client: AsyncClient) -> None:
    response = await client.options(
        "/api/v1/organisations",
        headers={"Origin": "https://partner.example", "Access-Control-Request-Method": "GET"},
    )

    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "https://partner.example"


async def test_an_unknown_origin_fails_a_preflight(client: AsyncClient) -> None:
    response = await client.options(
        "/api/v1/organisations",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )

    assert "access-control-allow-origin" not in response.headers


async def test_public_reads_may_be_embedded_by_any_site(client: AsyncClient) -> None:
    response = await client.get("/api/v1/organisations/kip-ni", headers={"Origin": "https://schule.example"})

    assert response.headers["access-control-allow-origin"] == "*"
