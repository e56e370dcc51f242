"""The status changes of a message, as the message page of the console shows them."""

from __future__ import annotations

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from tests.auth_helpers import bearer_for
from tests.factories import make_user

MESSAGES = "/api/v1/messages"


async def _send(client: AsyncClient) -> str:
    body = {"subject": "Frage", "text": "Wie erreiche ich Sie?", "privacy_consent": True}
    response = await client.post("/api/v1/organisations/kip-ni/messages", json=body)
    assert response.status_code == 202, response.text
    message_id: str = response.json()["id"]
    return message_id


async def _staff(client: AsyncClient, session: AsyncSession, organisation: str) -> dict[str, str]:
    user = await make_user(session, role="editor", organisation=organisation)
    return await bearer_for(client, user.email)


@pytest.fixture
async def editor(client: AsyncClient, session: AsyncSession) -> dict[str, str]:
    return await _staff(client, session, "kip-ni")


async def test_a_new_message_has_no_status_change(client: AsyncClient, editor: dict[str, str]) -> None:
    message_id = await _send(client)

    response = await client.get(f"{MESSAGES}/{message_id}/history", headers=editor)

    assert response.status_code == 200
    assert response.json() == []
    assert response.headers["cache-control"] == "no-store"


async def test_the_history_lists_each_status_change_oldest_first(
    client: AsyncClient, editor: dict[str, str]
) -> None:
    message_id = await _send(client)
    for status in ("in_progress", "answered"):
        changed = await client.patch(f"{MESSAGES}/{message_id}", json={"status": status}, headers=editor)
        assert changed.status_code == 200

    history = (await client.get(f"{MESSAGES}/{message_id}/history", headers=editor)).json()

    assert [(change["from_status"], change["to_status"]) for change in history] == [
        ("new", "in_progress"),
        ("in_progress", "answered"),
    ]
    assert history[0]["occurred_at"] <= history[1]["occurred_at"]


async def test_a_refused_status_change_is_not_in_the_history(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str]
) -> None:
    message_id = await _send(client)
    outsider = await _staff(client, session, "mk")
    refused = await client.patch(f"{MESSAGES}/{message_id}", json={"status": "closed"}, headers=outsider)
    assert refused.status_code == 404

    history = (await client.get(f"{MESSAGES}/{message_id}/history", headers=editor)).json()

    assert history == []


async def test_another_organisations_message_history_is_404(
    client: AsyncClient, session: AsyncSession
) -> None:
    message_id = await _send(client)
    outsider = await _staff(client, session, "mk")

    response = await client.get(f"{MESSAGES}/{message_id}/history", headers=outsider)

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


async def test_the_history_needs_a_token(client: AsyncClient) -> None:
    message_id = await _send(client)

    response = await client.get(f"{MESSAGES}/{message_id}/history")

    assert response.status_code == 401
