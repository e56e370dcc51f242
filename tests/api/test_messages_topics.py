"""Accessibility feedback travels the contact form marked as such and reaches the inbox."""

from __future__ import annotations

from typing import Any

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from tests.auth_helpers import bearer_for
from tests.factories import make_user

MESSAGES = "/api/v1/messages"


async def _send(client: AsyncClient, **overrides: Any) -> str:
    body = {
        "subject": "Kontrast im Kopfbereich",
        "text": "Die Schrift ist schwer zu lesen.",
        "privacy_consent": True,
    }
    response = await client.post("/api/v1/organisations/kip-ni/messages", json={**body, **overrides})
    assert response.status_code == 202, response.text
    message_id: str = response.json()["id"]
    return message_id


@pytest.fixture
async def editor(client: AsyncClient, session: AsyncSession) -> dict[str, str]:
    return await bearer_for(client, (await make_user(session, role="editor", organisation="kip-ni")).email)


async def test_feedback_marked_accessibility_shows_so_in_the_inbox(
    client: AsyncClient, editor: dict[str, str]
) -> None:
    message_id = await _send(client, topic="accessibility")

    listed = (await client.get(MESSAGES, headers=editor)).json()["items"]
    read = (await client.get(f"{MESSAGES}/{message_id}", headers=editor)).json()

    assert [(item["id"], item["topic"]) for item in listed] == [(message_id, "accessibility")]
    assert read["topic"] == "accessibility"


async def test_a_message_without_a_topic_is_general(client: AsyncClient, editor: dict[str, str]) -> None:
    message_id = await _send(client)

    read = (await client.get(f"{MESSAGES}/{message_id}", headers=editor)).json()

    assert read["topic"] == "general"


async def test_the_inbox_filters_by_topic(client: AsyncClient, editor: dict[str, str]) -> None:
    feedback = await _send(client, topic="accessibility")
    await _send(client, subject="Eine Frage")

    listed = (await client.get(MESSAGES, params={"topic": "accessibility"}, headers=editor)).json()["items"]

    assert [item["id"] for item in listed] == [feedback]


async def test_an_unknown_topic_is_refused(client: AsyncClient) -> None:
    response = await client.post(
        "/api/v1/organisations/kip-ni/messages",
        json={"subject": "x", "text": "y", "privacy_consent": True, "topic": "complaint"},
    )

    assert response.status_code == 422
    assert ["body", "topic"] in [error["loc"] for error in response.json()["errors"]]
