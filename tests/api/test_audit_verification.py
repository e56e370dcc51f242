"""Verifying the audit log's chain through `/audit-events/verification`."""

from __future__ import annotations

from httpx import AsyncClient
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit import service as audit
from api.audit.models import AuditEvent
from api.core.principal import Actor
from tests.auth_helpers import bearer_for
from tests.factories import make_user

VERIFICATION = "/api/v1/audit-events/verification"


async def _admin_headers(client: AsyncClient, session: AsyncSession) -> dict[str, str]:
    admin = await make_user(session, role="admin")
    return await bearer_for(client, admin.email)


async def _record(session: AsyncSession, count: int) -> list[AuditEvent]:
    events = [
        await audit.record(session, action="test.verify", actor=Actor(kind="system")) for _ in range(count)
    ]
    await session.commit()
    return events


async def _tamper(session: AsyncSession, statement: str, **parameters: object) -> None:
    """Changes the log as the database owner would, past the PostgreSQL trigger."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SET LOCAL session_replication_role = replica"))
    await session.execute(text(statement), parameters)
    await session.commit()


async def test_an_untouched_log_is_intact_and_every_row_is_checked(
    client: AsyncClient, session: AsyncSession
) -> None:
    headers = await _admin_headers(client, session)
    await _record(session, 3)
    rows = await session.scalar(select(func.count()).select_from(AuditEvent))

    response = await client.get(VERIFICATION, headers=headers)

    assert response.status_code == 200
    body = response.json()
    assert body["intact"] is True
    assert body["checked"] == rows
    assert body["broken"] is None
    assert body["reason"] is None
    assert body["verified_at"]


async def test_an_edited_row_is_named_as_the_break(client: AsyncClient, session: AsyncSession) -> None:
    headers = await _admin_headers(client, session)
    events = await _record(session, 3)
    edited = events[1]
    await _tamper(session, "UPDATE audit_events SET action = 'x' WHERE seq = :seq", seq=edited.seq)

    body = (await client.get(VERIFICATION, headers=headers)).json()

    assert body["intact"] is False
    assert body["broken"]["seq"] == edited.seq
    assert body["broken"]["id"] == str(edited.id)
    assert "hash" in body["broken"]["reason"]
    assert body["reason"].startswith(f"row {edited.seq}:")


async def test_a_deleted_row_breaks_the_chain_at_the_row_after_it(
    client: AsyncClient, session: AsyncSession
) -> None:
    headers = await _admin_headers(client, session)
    events = await _record(session, 3)
    await _tamper(session, "DELETE FROM audit_events WHERE seq = :seq", seq=events[1].seq)

    body = (await client.get(VERIFICATION, headers=headers)).json()

    assert body["intact"] is False
    assert body["broken"]["seq"] == events[2].seq


async def test_verifying_is_not_itself_audited(client: AsyncClient, session: AsyncSession) -> None:
    headers = await _admin_headers(client, session)
    first = (await client.get(VERIFICATION, headers=headers)).json()["checked"]

    second = (await client.get(VERIFICATION, headers=headers)).json()["checked"]

    assert second == first


async def test_a_partner_may_not_verify_the_audit_log(client: AsyncClient, session: AsyncSession) -> None:
    partner = await make_user(session, role="partner")

    response = await client.get(VERIFICATION, headers=await bearer_for(client, partner.email))

    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"


async def test_verifying_the_audit_log_needs_a_token(client: AsyncClient) -> None:
    response = await client.get(VERIFICATION)

    assert response.status_code == 401
