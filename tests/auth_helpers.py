"""Signing in from tests through the real token endpoint."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient

from tests.factories import DEFAULT_PASSWORD

TOKEN_URL = "/api/v1/auth/token"


async def password_grant(client: AsyncClient, email: str, password: str = DEFAULT_PASSWORD) -> dict[str, Any]:
    response = await client.post(
        TOKEN_URL, data={"grant_type": "password", "username": email, "password": password}
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def bearer_for(client: AsyncClient, email: str, password: str = DEFAULT_PASSWORD) -> dict[str, str]:
    """An Authorization header for the user."""
    return {"Authorization": f"Bearer {(await password_grant(client, email, password))['access_token']}"}


async def client_bearer(client: AsyncClient, client_id: str, secret: str) -> dict[str, str]:
    response = await client.post(
        TOKEN_URL, data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}
