"""Retention of contact messages: what the senders typed goes, the row's facts stay."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
from httpx import AsyncClient
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner

from api.audit.models import AuditEvent
from api.cli import app as cli
from api.core.config import Settings, get_settings
from api.core.db import create_engine, utcnow
from api.messages import service
from api.messages.models import Message
from tests.auth_helpers import bearer_for
from tests.factories import make_channel, make_organisation, make_user

RETENTION_DAYS = 180


async def _send(client: AsyncClient) -> uuid.UUID:
    response = await client.post(
        "/api/v1/organisations/kip-ni/messages",
        json={"subject": "Frage", "text": "Mein Neffe verändert sich.", "privacy_consent": True},
    )
    assert response.status_code == 202, response.text
    return uuid.UUID(response.json()["id"])


async def _age(session: AsyncSession, message_id: uuid.UUID, days: int) -> None:
    await session.execute(
        update(Message).where(Message.id == message_id).values(created_at=utcnow() - timedelta(days=days))
    )


async def _message(session: AsyncSession, message_id: uuid.UUID) -> Message:
    message = await session.scalar(
        select(Message).where(Message.id == message_id).execution_options(populate_existing=True)
    )
    assert message is not None
    return message


async def test_purge_expired_erases_old_messages_and_keeps_recent_ones(
    client: AsyncClient, session: AsyncSession
) -> None:
    old, recent = await _send(client), await _send(client)
    await _age(session, old, RETENTION_DAYS + 1)

    erased = await service.purge_expired(session, retention_days=RETENTION_DAYS)

    assert erased == 1
    old_row, recent_row = await _message(session, old), await _message(session, recent)
    assert (old_row.subject_enc, old_row.text_enc, old_row.name_enc, old_row.reply_to_enc) == (None,) * 4
    assert old_row.erased_at is not None
    assert (old_row.status, old_row.organisation_id) == ("new", recent_row.organisation_id)
    assert recent_row.subject_enc is not None
    assert recent_row.erased_at is None


async def test_each_erasure_is_audited_by_the_system_for_retention(
    client: AsyncClient, session: AsyncSession
) -> None:
    old = await _send(client)
    await _age(session, old, RETENTION_DAYS + 1)

    await service.purge_expired(session, retention_days=RETENTION_DAYS)

    rows = (
        await session.scalars(
            select(AuditEvent).where(AuditEvent.object_id == str(old), AuditEvent.action == "messages.erase")
        )
    ).all()
    assert [(row.actor_kind, row.details) for row in rows] == [("system", {"reason": "retention"})]


async def test_an_erased_message_reads_as_erased_in_the_inbox(
    client: AsyncClient, session: AsyncSession
) -> None:
    old = await _send(client)
    await _age(session, old, RETENTION_DAYS + 1)
    await service.purge_expired(session, retention_days=RETENTION_DAYS)
    editor = await bearer_for(client, (await make_user(session, role="editor")).email)

    message = (await client.get(f"/api/v1/messages/{old}", headers=editor)).json()

    assert message["erased"] is True
    assert (message["subject"], message["text"], message["name"], message["reply_to"]) == (None,) * 4


# --- kipni purge, on a database of its own: the CLI commits --------------------------------


@pytest.fixture
def cli_database(scratch_database: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("KIPNI_DATABASE_URL", scratch_database)
    monkeypatch.setenv("KIPNI_MESSAGE_RETENTION_DAYS", str(RETENTION_DAYS))
    get_settings.cache_clear()
    yield scratch_database
    get_settings.cache_clear()


async def test_kipni_purge_erases_expired_messages_and_reports_the_count(cli_database: str) -> None:
    engine = create_engine(Settings(database_url=cli_database))
    try:
        async with AsyncSession(engine, expire_on_commit=False) as session:
            organisation = await make_organisation(session)
            await make_channel(session, organisation, kind="web_form", value="/kontakt")
            now = utcnow()
            message = Message(
                organisation_id=organisation.id,
                created_at=now - timedelta(days=RETENTION_DAYS + 1),
                updated_at=now,
                subject_enc="v1.x.y.z",
            )
            session.add(message)
            await session.commit()

        result = await asyncio.to_thread(CliRunner().invoke, cli, ["purge", "--json"])

        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["messages_erased"] == 1
        async with AsyncSession(engine) as session:
            erased_at = await session.scalar(select(Message.erased_at).where(Message.id == message.id))
        assert erased_at is not None
    finally:
        await engine.dispose()
