"""The staff inbox: who sees which message, paging, audited reads, status changes."""

from __future__ import annotations

from typing import Any

import pytest
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.models import AuditEvent
from tests.auth_helpers import bearer_for
from tests.factories import make_channel, make_organisation, make_user

MESSAGES = "/api/v1/messages"


async def _send(client: AsyncClient, slug: str = "kip-ni", **overrides: Any) -> str:
    body = {
        "name": "Erika Mustermann",
        "reply_to": "erika@example.org",
        "subject": "Frage zur Beratung",
        "text": "Mein Neffe verändert sich.",
        "privacy_consent": True,
        **overrides,
    }
    response = await client.post(f"/api/v1/organisations/{slug}/messages", json=body)
    assert response.status_code == 202, response.text
    message_id: str = response.json()["id"]
    return message_id


async def _staff(client: AsyncClient, session: AsyncSession, role: str, organisation: str) -> dict[str, str]:
    return await bearer_for(client, (await make_user(session, role=role, organisation=organisation)).email)


@pytest.fixture
async def editor(client: AsyncClient, session: AsyncSession) -> dict[str, str]:
    return await _staff(client, session, "editor", "kip-ni")


async def _audit_rows(session: AsyncSession, message_id: str, action: str) -> list[AuditEvent]:
    return list(
        (
            await session.scalars(
                select(AuditEvent).where(AuditEvent.object_id == message_id, AuditEvent.action == action)
            )
        ).all()
    )


async def test_an_editor_of_kip_ni_lists_and_reads_a_message(
    client: AsyncClient, editor: dict[str, str]
) -> None:
    message_id = await _send(client)

    listed = await client.get(MESSAGES, headers=editor)
    read = await client.get(f"{MESSAGES}/{message_id}", headers=editor)

    assert listed.status_code == 200
    assert [item["id"] for item in listed.json()["items"]] == [message_id]
    assert read.status_code == 200
    message = read.json()
    assert message["organisation"]["slug"] == "kip-ni"
    assert (message["status"], message["language"], message["erased"]) == ("new", "de", False)
    assert (message["name"], message["reply_to"]) == ("Erika Mustermann", "erika@example.org")
    assert (message["subject"], message["text"]) == ("Frage zur Beratung", "Mein Neffe verändert sich.")
    assert read.headers["cache-control"] == "no-store"


async def test_the_list_shows_the_subject_but_not_the_text(
    client: AsyncClient, editor: dict[str, str]
) -> None:
    await _send(client)

    item = (await client.get(MESSAGES, headers=editor)).json()["items"][0]

    assert item["subject"] == "Frage zur Beratung"
    assert {"text", "name", "reply_to"}.isdisjoint(item)


async def test_reading_a_message_is_audited_without_its_texts(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str]
) -> None:
    message_id = await _send(client)

    await client.get(f"{MESSAGES}/{message_id}", headers=editor)

    rows = await _audit_rows(session, message_id, "messages.read")
    assert [(row.outcome, row.actor_kind, row.organisation) for row in rows] == [
        ("success", "user", "kip-ni")
    ]
    assert "Frage zur Beratung" not in repr(rows[0].details)


async def test_an_editor_of_another_organisation_gets_404(client: AsyncClient, session: AsyncSession) -> None:
    message_id = await _send(client)
    outsider = await _staff(client, session, "editor", "mk")

    response = await client.get(f"{MESSAGES}/{message_id}", headers=outsider)

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert "Frage" not in response.text


async def test_a_refused_read_is_audited(client: AsyncClient, session: AsyncSession) -> None:
    message_id = await _send(client)
    outsider = await _staff(client, session, "coordinator", "mk")

    await client.get(f"{MESSAGES}/{message_id}", headers=outsider)

    rows = await _audit_rows(session, message_id, "messages.read")
    assert [(row.outcome, row.organisation) for row in rows] == [("denied", "mk")]


async def test_an_editor_of_another_organisation_lists_none_of_its_messages(
    client: AsyncClient, session: AsyncSession
) -> None:
    await _send(client)
    outsider = await _staff(client, session, "editor", "mk")

    response = await client.get(MESSAGES, headers=outsider)

    assert response.status_code == 200
    assert response.json()["items"] == []


async def test_a_partner_token_gets_403(client: AsyncClient, session: AsyncSession) -> None:
    partner = await _staff(client, session, "partner", "kip-ni")

    response = await client.get(MESSAGES, headers=partner)

    assert response.status_code == 403


async def test_without_a_token_the_inbox_is_401(client: AsyncClient) -> None:
    response = await client.get(MESSAGES)

    assert response.status_code == 401


async def test_an_admin_filters_the_messages_of_every_organisation_by_organisation(
    client: AsyncClient, session: AsyncSession
) -> None:
    other = await make_organisation(session)
    await make_channel(session, other, kind="web_form", value="/kontakt", visibility="public")
    ours, theirs = await _send(client), await _send(client, other.slug)
    admin = await _staff(client, session, "admin", "mk")

    everything = (await client.get(MESSAGES, headers=admin)).json()["items"]
    filtered = (await client.get(MESSAGES, params={"organisation": other.slug}, headers=admin)).json()

    assert {ours, theirs} <= {item["id"] for item in everything}
    assert [item["id"] for item in filtered["items"]] == [theirs]


async def test_the_list_filters_by_status(client: AsyncClient, editor: dict[str, str]) -> None:
    first, second = await _send(client), await _send(client)
    await client.patch(f"{MESSAGES}/{first}", json={"status": "closed"}, headers=editor)

    response = await client.get(MESSAGES, params={"status": "new"}, headers=editor)

    assert [item["id"] for item in response.json()["items"]] == [second]


async def test_the_list_pages_newest_first(client: AsyncClient, editor: dict[str, str]) -> None:
    sent = [await _send(client, subject=f"Frage {number}") for number in range(3)]

    first = (await client.get(MESSAGES, params={"limit": 2}, headers=editor)).json()
    second = (
        await client.get(MESSAGES, params={"limit": 2, "cursor": first["next_cursor"]}, headers=editor)
    ).json()

    assert [item["id"] for item in first["items"] + second["items"]] == sent[::-1]
    assert second["next_cursor"] is None


async def test_a_forged_cursor_is_400(client: AsyncClient, editor: dict[str, str]) -> None:
    response = await client.get(MESSAGES, params={"cursor": "bm9wZQ"}, headers=editor)

    assert response.status_code == 400


async def test_a_status_change_is_saved_and_audited(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str]
) -> None:
    message_id = await _send(client)

    response = await client.patch(f"{MESSAGES}/{message_id}", json={"status": "in_progress"}, headers=editor)

    assert response.status_code == 200
    assert response.json()["status"] == "in_progress"
    assert (await client.get(f"{MESSAGES}/{message_id}", headers=editor)).json()["status"] == "in_progress"
    rows = await _audit_rows(session, message_id, "messages.update")
    assert [row.details for row in rows] == [{"from": "new", "to": "in_progress"}]


async def test_an_unknown_status_is_422(client: AsyncClient, editor: dict[str, str]) -> None:
    message_id = await _send(client)

    response = await client.patch(f"{MESSAGES}/{message_id}", json={"status": "deleted"}, headers=editor)

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


async def test_a_status_change_takes_no_other_field(client: AsyncClient, editor: dict[str, str]) -> None:
    message_id = await _send(client)

    response = await client.patch(
        f"{MESSAGES}/{message_id}", json={"status": "closed", "organisation_id": "x"}, headers=editor
    )

    assert response.status_code == 422


async def test_another_organisation_cannot_change_the_status(
    client: AsyncClient, session: AsyncSession
) -> None:
    message_id = await _send(client)
    outsider = await _staff(client, session, "editor", "mk")

    response = await client.patch(f"{MESSAGES}/{message_id}", json={"status": "closed"}, headers=outsider)

    assert response.status_code == 404
