"""Reading the audit log through `/audit-events`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit import service as audit
from api.core.principal import Actor
from tests.auth_helpers import TOKEN_URL, bearer_for
from tests.factories import make_user

EVENTS = "/api/v1/audit-events"


async def _admin_headers(client: AsyncClient, session: AsyncSession) -> dict[str, str]:
    admin = await make_user(session, role="admin")
    return await bearer_for(client, admin.email)


async def _record(session: AsyncSession, action: str, count: int, **fields: Any) -> None:
    for _ in range(count):
        await audit.record(session, action=action, actor=Actor(kind="system"), **fields)
    await session.commit()


async def test_a_sign_in_appears_in_the_audit_log(client: AsyncClient, session: AsyncSession) -> None:
    user = await make_user(session, role="admin")
    headers = await bearer_for(client, user.email)

    response = await client.get(
        EVENTS, params={"action": "auth.login", "actor_id": str(user.id)}, headers=headers
    )

    assert response.status_code == 200
    [event] = response.json()["items"]
    assert event["outcome"] == "success"
    assert event["actor_kind"] == "user"
    assert event["hash"]


async def test_a_failed_sign_in_is_found_by_its_outcome(client: AsyncClient, session: AsyncSession) -> None:
    headers = await _admin_headers(client, session)
    user = await make_user(session)
    await client.post(
        TOKEN_URL, data={"grant_type": "password", "username": user.email, "password": "not the password"}
    )

    response = await client.get(
        EVENTS,
        params={"action": "auth.login", "outcome": "failure", "actor_id": str(user.id)},
        headers=headers,
    )

    assert len(response.json()["items"]) == 1


async def test_events_are_filtered_by_object(client: AsyncClient, session: AsyncSession) -> None:
    headers = await _admin_headers(client, session)
    await _record(session, "test.object", 2, object_type="widget", object_id="w-1")
    await _record(session, "test.object", 1, object_type="widget", object_id="w-2")

    response = await client.get(EVENTS, params={"object_type": "widget", "object_id": "w-1"}, headers=headers)

    items = response.json()["items"]
    assert len(items) == 2
    assert {item["object_id"] for item in items} == {"w-1"}


async def test_events_page_newest_first_without_gaps(client: AsyncClient, session: AsyncSession) -> None:
    headers = await _admin_headers(client, session)
    await _record(session, "test.paging", 5)

    seqs: list[int] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"action": "test.paging", "limit": 2} | (
            {"cursor": cursor} if cursor else {}
        )
        page = (await client.get(EVENTS, params=params, headers=headers)).json()
        seqs += [item["seq"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert len(seqs) == 5
    assert seqs == sorted(seqs, reverse=True)


async def test_events_are_filtered_by_time(client: AsyncClient, session: AsyncSession) -> None:
    headers = await _admin_headers(client, session)
    start = datetime.now(UTC) - timedelta(seconds=1)
    await _record(session, "test.time", 1)

    recent = await client.get(
        EVENTS, params={"action": "test.time", "occurred_after": start.isoformat()}, headers=headers
    )
    earlier = await client.get(
        EVENTS, params={"action": "test.time", "occurred_before": start.isoformat()}, headers=headers
    )

    assert len(recent.json()["items"]) == 1
    assert earlier.json()["items"] == []


async def test_a_time_without_a_zone_is_a_422(client: AsyncClient, session: AsyncSession) -> None:
    response = await client.get(
        EVENTS,
        params={"occurred_after": "2026-01-01T00:00:00"},
        headers=await _admin_headers(client, session),
    )

    assert response.status_code == 422


async def test_a_forged_cursor_is_a_400(client: AsyncClient, session: AsyncSession) -> None:
    response = await client.get(
        EVENTS, params={"cursor": "bm9wZQ"}, headers=await _admin_headers(client, session)
    )

    assert response.status_code == 400


async def test_a_partner_may_not_read_the_audit_log(client: AsyncClient, session: AsyncSession) -> None:
    partner = await make_user(session, role="partner")

    response = await client.get(EVENTS, headers=await bearer_for(client, partner.email))

    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"


async def test_reading_the_audit_log_needs_a_token(client: AsyncClient) -> None:
    response = await client.get(EVENTS)

    assert response.status_code == 401


async def test_reading_the_audit_log_is_not_itself_audited(
    client: AsyncClient, session: AsyncSession
) -> None:
    headers = await _admin_headers(client, session)
    first = (await client.get(EVENTS, params={"limit": 1}, headers=headers)).json()["items"][0]

    second = (await client.get(EVENTS, params={"limit": 1}, headers=headers)).json()["items"][0]

    assert second["seq"] == first["seq"]
