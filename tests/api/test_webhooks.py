"""Registering webhooks: own organisation only, secret shown once, no internal targets."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
from httpx import ASGITransport, AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.config import Settings
from api.core.db import Database
from api.main import create_app
from api.notifications.models import Webhook
from api.notifications.url_guard import UNREACHABLE
from tests.auth_helpers import bearer_for, client_bearer
from tests.factories import make_api_client, make_user

WEBHOOKS = "/api/v1/webhooks"
EVENTS = ["referral.status_changed"]


@pytest.fixture
async def loopback_client(settings: Settings, database: Database) -> AsyncIterator[AsyncClient]:
    """The app as the tests configure it to reach a receiver on this machine."""
    app = create_app(settings.model_copy(update={"webhooks_allow_loopback": True}), database)
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://testserver") as client:
        yield client


async def _partner(client: AsyncClient, session: AsyncSession, organisation: str = "mk") -> dict[str, str]:
    return await bearer_for(
        client, (await make_user(session, role="partner", organisation=organisation)).email
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://10.0.0.1/hook",
        "https://192.168.1.1/hook",
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://[::1]/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::ffff:10.0.0.1]/hook",
        "https://0.0.0.0/hook",
        "https://224.0.0.1/hook",
        "https://[2002:a00:1::1]/hook",
        "https://[64:ff9b::a00:1]/hook",
    ],
)
async def test_private_loopback_and_link_local_urls_are_refused(
    client: AsyncClient, session: AsyncSession, url: str
) -> None:
    partner = await _partner(client, session)

    answer = await client.post(WEBHOOKS, json={"url": url, "events": EVENTS}, headers=partner)

    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["detail"] == UNREACHABLE


async def test_a_port_other_than_443_is_refused(client: AsyncClient, session: AsyncSession) -> None:
    partner = await _partner(client, session)

    answer = await client.post(
        WEBHOOKS, json={"url": "https://8.8.8.8:8443/hook", "events": EVENTS}, headers=partner
    )

    assert answer.status_code == 422
    assert "443" in answer.json()["detail"]


async def test_a_missing_host_and_an_internal_one_are_refused_alike(
    client: AsyncClient, session: AsyncSession
) -> None:
    partner = await _partner(client, session)
    details = set()
    for url in ("https://kipni-test.invalid/hook", "https://localhost/hook", "https://[2002:a00:1::1]/hook"):
        answer = await client.post(WEBHOOKS, json={"url": url, "events": EVENTS}, headers=partner)
        assert answer.status_code == 422
        details.add(answer.json()["detail"])

    assert details == {UNREACHABLE}


@pytest.mark.parametrize(
    "url", ["http://example.org/hook", "ftp://example.org/hook", "https://user:pw@example.org/hook", "hook"]
)
async def test_urls_other_than_plain_https_are_refused(
    client: AsyncClient, session: AsyncSession, url: str
) -> None:
    partner = await _partner(client, session)

    answer = await client.post(WEBHOOKS, json={"url": url, "events": EVENTS}, headers=partner)

    assert answer.status_code == 422, answer.text


async def test_unknown_events_and_fields_are_refused(client: AsyncClient, session: AsyncSession) -> None:
    partner = await _partner(client, session)
    url = "https://partner.example/hook"

    unknown_event = await client.post(
        WEBHOOKS, json={"url": url, "events": ["referral.read"]}, headers=partner
    )
    no_event = await client.post(WEBHOOKS, json={"url": url, "events": []}, headers=partner)
    extra = await client.post(
        WEBHOOKS, json={"url": url, "events": EVENTS, "organisation": "lka-ni"}, headers=partner
    )

    assert [unknown_event.status_code, no_event.status_code, extra.status_code] == [422, 422, 422]


async def test_a_partner_registers_a_webhook_and_sees_the_secret_only_once(
    loopback_client: AsyncClient, session: AsyncSession
) -> None:
    partner = await _partner(loopback_client, session)

    created = await loopback_client.post(
        WEBHOOKS, json={"url": "http://127.0.0.1:9/hook", "events": EVENTS * 2}, headers=partner
    )
    listed = await loopback_client.get(WEBHOOKS, headers=partner)

    assert created.status_code == 201, created.text
    body = created.json()
    assert body["events"] == EVENTS
    assert len(body["secret"]) >= 40
    assert [item["id"] for item in listed.json()["items"]] == [body["id"]]
    assert "secret" not in listed.json()["items"][0]
    stored = await session.scalar(select(Webhook.secret_enc).where(Webhook.id == uuid.UUID(body["id"])))
    assert stored is not None
    assert body["secret"] not in stored


async def test_a_partner_system_registers_with_client_credentials(
    loopback_client: AsyncClient, session: AsyncSession
) -> None:
    api_client, secret = await make_api_client(session, organisation="mk")
    headers = await client_bearer(loopback_client, api_client.client_id, secret)

    answer = await loopback_client.post(
        WEBHOOKS, json={"url": "http://localhost:9/hook", "events": EVENTS}, headers=headers
    )

    assert answer.status_code == 201, answer.text


async def test_the_list_shows_only_the_callers_organisation(
    loopback_client: AsyncClient, session: AsyncSession
) -> None:
    ours = await _partner(loopback_client, session, "mk")
    theirs = await _partner(loopback_client, session, "lka-ni")
    await loopback_client.post(WEBHOOKS, json={"url": "http://127.0.0.1:9/a", "events": EVENTS}, headers=ours)

    listed = await loopback_client.get(WEBHOOKS, headers=theirs)

    assert listed.json() == {"items": [], "next_cursor": None}


async def test_deleting_another_organisations_webhook_is_404(
    loopback_client: AsyncClient, session: AsyncSession
) -> None:
    owner = await _partner(loopback_client, session, "mk")
    stranger = await _partner(loopback_client, session, "lka-ni")
    created = await loopback_client.post(
        WEBHOOKS, json={"url": "http://127.0.0.1:9/hook", "events": EVENTS}, headers=owner
    )
    url = f"{WEBHOOKS}/{created.json()['id']}"

    foreign = await loopback_client.delete(url, headers=stranger)
    own = await loopback_client.delete(url, headers=owner)
    gone = await loopback_client.delete(url, headers=owner)

    assert [foreign.status_code, own.status_code, gone.status_code] == [404, 204, 404]


async def test_an_organisation_has_at_most_ten_webhooks(
    loopback_client: AsyncClient, session: AsyncSession
) -> None:
    partner = await _partner(loopback_client, session)
    body = {"url": "http://127.0.0.1:9/hook", "events": EVENTS}

    answers = [await loopback_client.post(WEBHOOKS, json=body, headers=partner) for _ in range(11)]

    assert [answer.status_code for answer in answers] == [201] * 10 + [409]


async def test_staff_without_the_partner_scope_get_403(client: AsyncClient, session: AsyncSession) -> None:
    coordinator = await bearer_for(client, (await make_user(session, role="coordinator")).email)

    answer = await client.get(WEBHOOKS, headers=coordinator)

    assert answer.status_code == 403
