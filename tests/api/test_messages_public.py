"""The public contact form: who accepts messages, validation, honeypot, rate limit, notice."""

from __future__ import annotations

import json
import uuid
from typing import Any

from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient, Response
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.config import Settings
from api.core.db import Database
from api.core.row_encryption import Sealer
from api.main import create_app
from api.messages.models import Message
from api.notifications.models import OutboxItem
from tests.factories import make_channel, make_organisation, make_user

PERSONAL_VALUES = ("Erika Mustermann", "erika@example.org", "Frage zur Beratung", "Mein Neffe")


def _url(slug: str = "kip-ni") -> str:
    return f"/api/v1/organisations/{slug}/messages"


def message_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Erika Mustermann",
        "reply_to": "erika@example.org",
        "subject": "Frage zur Beratung",
        "text": "Mein Neffe verändert sich seit Monaten.\nAn wen kann ich mich wenden?",
        "privacy_consent": True,
    }
    body.update(overrides)
    return body


def _client_at(app: FastAPI, address: str) -> AsyncClient:
    return AsyncClient(transport=ASGITransport(app=app, client=(address, 5000)), base_url="http://testserver")


async def _send(client: AsyncClient, slug: str = "kip-ni", **overrides: Any) -> Response:
    return await client.post(_url(slug), json=message_body(**overrides))


async def _count(session: AsyncSession, model: type[Message] | type[OutboxItem]) -> int:
    return await session.scalar(select(func.count()).select_from(model)) or 0


def _error_locations(response: Response) -> list[list[str | int]]:
    return [error["loc"] for error in response.json()["errors"]]


async def test_a_message_to_kip_ni_is_accepted_with_a_receipt(client: AsyncClient) -> None:
    response = await _send(client)

    assert response.status_code == 202
    receipt = response.json()
    assert set(receipt) == {"id", "received_at", "organisation"}
    assert receipt["organisation"]["slug"] == "kip-ni"
    assert response.headers["cache-control"] == "no-store"
    assert not any(value in response.text for value in PERSONAL_VALUES)


async def test_a_message_is_stored_encrypted(client: AsyncClient, session: AsyncSession) -> None:
    message_id = (await _send(client)).json()["id"]

    rows = (await session.execute(text("SELECT * FROM messages"))).all()
    dump = repr(rows)

    assert message_id.replace("-", "") in dump.replace("-", "")
    for value in PERSONAL_VALUES:
        assert value not in dump


async def test_the_stored_fields_decrypt_to_what_was_sent(
    app: FastAPI, client: AsyncClient, session: AsyncSession
) -> None:
    message_id = (await _send(client, text="Zeile eins\r\nZeile zwei\tmit Tab")).json()["id"]
    sealer: Sealer = app.state.sealer
    row = await session.scalar(select(Message).where(Message.id == uuid.UUID(message_id)))

    assert row is not None
    assert sealer.open("messages", "text_enc", row.id, row.text_enc) == "Zeile eins\nZeile zwei\tmit Tab"
    assert sealer.open("messages", "reply_to_enc", row.id, row.reply_to_enc) == "erika@example.org"
    assert (row.status, row.language) == ("new", "de")


async def test_the_language_of_the_sender_is_kept_for_the_answer(
    client: AsyncClient, session: AsyncSession
) -> None:
    response = await client.post(_url(), json=message_body(), headers={"Accept-Language": "en-GB,en;q=0.9"})

    language = await session.scalar(
        select(Message.language).where(Message.id == uuid.UUID(response.json()["id"]))
    )

    assert language == "en"


async def test_an_organisation_without_a_public_web_form_answers_404(client: AsyncClient) -> None:
    response = await _send(client, "mk")

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


async def test_a_web_form_that_is_not_public_does_not_accept_messages(
    client: AsyncClient, session: AsyncSession
) -> None:
    organisation = await make_organisation(session)
    await make_channel(session, organisation, kind="web_form", value="/kontakt", visibility="partners")

    response = await _send(client, organisation.slug)

    assert response.status_code == 404


async def test_an_unknown_slug_answers_404(client: AsyncClient) -> None:
    response = await _send(client, "no-such-organisation")

    assert response.status_code == 404


async def test_without_privacy_consent_the_message_is_refused_with_a_clear_problem(
    client: AsyncClient, session: AsyncSession
) -> None:
    response = await _send(client, privacy_consent=False)

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert ["body", "privacy_consent"] in _error_locations(response)
    assert "privacy notice" in response.text
    assert await _count(session, Message) == 0


async def test_a_missing_subject_is_422(client: AsyncClient) -> None:
    body = message_body()
    del body["subject"]

    response = await client.post(_url(), json=body)

    assert response.status_code == 422
    assert ["body", "subject"] in _error_locations(response)


async def test_a_blank_subject_is_422(client: AsyncClient) -> None:
    response = await _send(client, subject="   ")

    assert response.status_code == 422


async def test_an_overlong_text_is_422(client: AsyncClient) -> None:
    response = await _send(client, text="x" * 5001)

    assert response.status_code == 422
    assert ["body", "text"] in _error_locations(response)


async def test_an_invalid_reply_address_is_422(client: AsyncClient) -> None:
    response = await _send(client, reply_to="not an address")

    assert response.status_code == 422
    assert ["body", "reply_to"] in _error_locations(response)


async def test_control_characters_in_the_text_are_422(client: AsyncClient) -> None:
    response = await _send(client, text="Hallo\x1b[31m")

    assert response.status_code == 422


async def test_a_line_break_in_the_subject_is_422(client: AsyncClient) -> None:
    response = await _send(client, subject="Frage\nBcc: someone@example.org")

    assert response.status_code == 422


async def test_an_unknown_field_is_422(client: AsyncClient, session: AsyncSession) -> None:
    response = await _send(client, status="closed")

    assert response.status_code == 422
    assert await _count(session, Message) == 0


async def test_the_validation_problem_does_not_echo_what_was_typed(client: AsyncClient) -> None:
    response = await _send(client, reply_to="Erika Mustermann at home")

    assert response.status_code == 422
    assert "Erika Mustermann" not in response.text


async def test_blank_optional_fields_count_as_absent(client: AsyncClient, session: AsyncSession) -> None:
    response = await _send(client, name="", reply_to="", homepage="")

    assert response.status_code == 202
    assert await _count(session, Message) == 1


async def test_the_honeypot_answers_202_and_stores_and_sends_nothing(
    client: AsyncClient, session: AsyncSession
) -> None:
    await make_user(session, role="editor", organisation="kip-ni")
    messages, outbox = await _count(session, Message), await _count(session, OutboxItem)

    response = await _send(client, homepage="https://spam.example")

    assert response.status_code == 202
    assert set(response.json()) == {"id", "received_at", "organisation"}
    assert await _count(session, Message) == messages
    assert await _count(session, OutboxItem) == outbox


async def test_the_sixth_message_from_one_address_is_429_with_retry_after(app: FastAPI) -> None:
    async with _client_at(app, "192.0.2.10") as sender:
        answers = [(await _send(sender)).status_code for _ in range(5)]
        sixth = await _send(sender)

    assert answers == [202] * 5
    assert sixth.status_code == 429
    assert sixth.headers["content-type"] == "application/problem+json"
    assert 0 < int(sixth.headers["retry-after"]) <= 600


async def test_the_limit_counts_per_address(app: FastAPI) -> None:
    async with _client_at(app, "192.0.2.11") as first, _client_at(app, "192.0.2.12") as second:
        for _ in range(5):
            await _send(first)

        other = await _send(second)

    assert other.status_code == 202


async def test_honeypot_submissions_count_towards_the_limit(app: FastAPI) -> None:
    async with _client_at(app, "192.0.2.13") as sender:
        for _ in range(5):
            await _send(sender, homepage="https://spam.example")

        sixth = await _send(sender)

    assert sixth.status_code == 429


async def test_the_limit_holds_across_two_app_instances_sharing_the_database(
    settings: Settings, database: Database
) -> None:
    first, second = create_app(settings, database), create_app(settings, database)
    async with _client_at(first, "192.0.2.14") as worker_a, _client_at(second, "192.0.2.14") as worker_b:
        for number in range(5):
            worker = worker_a if number % 2 == 0 else worker_b
            assert (await _send(worker)).status_code == 202

        sixth = await _send(worker_b)

    assert sixth.status_code == 429


async def test_a_new_message_enqueues_one_email_per_inbox_reader_without_personal_values(
    app: FastAPI, client: AsyncClient, session: AsyncSession
) -> None:
    organisation = await make_organisation(session)
    await make_channel(session, organisation, kind="web_form", value="/kontakt", visibility="public")
    readers = {
        (await make_user(session, role=role, organisation=organisation.slug)).email
        for role in ("editor", "coordinator", "admin")
    }
    await make_user(session, role="partner", organisation=organisation.slug)
    await make_user(session, role="editor", organisation=organisation.slug, is_active=False)
    await make_user(session, role="editor", organisation="kip-ni")

    message_id = (await _send(client, organisation.slug)).json()["id"]

    sealer: Sealer = app.state.sealer
    items = (await session.scalars(select(OutboxItem).where(OutboxItem.event == "message.received"))).all()
    ours = [item for item in items if item.payload["context"]["organisation"] == organisation.slug]
    recipients = [sealer.open("outbox", "recipient_enc", item.id, item.recipient_enc) for item in ours]
    assert sorted(str(recipient) for recipient in recipients) == sorted(readers)
    for item in ours:
        assert item.channel == "email"
        assert item.payload["context"] == {
            "receipt": message_id[:8],
            "organisation": organisation.slug,
            "link": f"https://kipni.example/konsole/nachrichten/{message_id}",
        }
        stored = json.dumps(item.payload, ensure_ascii=False) + str(item.recipient_enc)
        assert not any(value in stored for value in PERSONAL_VALUES)
