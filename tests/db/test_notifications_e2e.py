"""Notifications end to end: API request, outbox, worker, a real SMTP server and a real
webhook receiver on loopback ports.

Like the concurrency tests these use the engine directly, so rows are committed as in
production and stay in the throwaway test database. Other tests leave items in the
queue too, so every assertion looks only at this test's recipients and references.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from httpx import ASGITransport, AsyncClient
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from api.core.config import Settings
from api.core.crypto import FieldCipher
from api.core.db import Database
from api.core.row_encryption import Sealer
from api.main import create_app
from api.notifications import repository
from api.notifications.signing import signature_header
from tests.auth_helpers import bearer_for
from tests.factories import make_channel, make_organisation, make_user
from tests.notification_helpers import SmtpSink, WebhookReceiver, drain, readme_verifier
from tests.referral_helpers import REFERRALS, referral_body, submit

WEBHOOKS = "/api/v1/webhooks"


@pytest.fixture
def smtp() -> Iterator[SmtpSink]:
    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    server = WebhookReceiver()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def notif_settings(settings: Settings, smtp: SmtpSink) -> Settings:
    return settings.model_copy(update={"smtp_port": smtp.port, "webhooks_allow_loopback": True})


@pytest.fixture
def live_database(engine: AsyncEngine) -> Database:
    return Database(engine)


@pytest.fixture
def sealer(notif_settings: Settings) -> Sealer:
    return Sealer(FieldCipher.from_settings(notif_settings))


@pytest.fixture
async def live_client(notif_settings: Settings, live_database: Database) -> AsyncIterator[AsyncClient]:
    app = create_app(notif_settings, live_database)
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://testserver") as client:
        yield client


async def _user(engine: AsyncEngine, role: str, organisation: str) -> str:
    async with AsyncSession(engine) as session, session.begin():
        user = await make_user(
            session, role=role, organisation=organisation, email=f"{uuid.uuid4().hex}@example.org"
        )
        return user.email


async def _partner_organisation(engine: AsyncEngine) -> str:
    async with AsyncSession(engine) as session, session.begin():
        return (await make_organisation(session, slug=f"partner-{uuid.uuid4().hex[:12]}")).slug


def _personal_body(**overrides: Any) -> tuple[dict[str, Any], list[str]]:
    """A referral whose personal values are unique, and those values."""
    tag = uuid.uuid4().hex[:10]
    subject = {"pseudonym": f"Falke-{tag}", "municipality": f"Celle-{tag}"}
    concern = f"Beobachtung {tag}: teilt Videos eines Hasspredigers."
    phone = f"+49 5141 {uuid.uuid4().int % 10**9:09d}"
    contact = {"name": f"Frau Sozialarbeit {tag}", "phone": phone, "email": f"k-{tag}@schule.example"}
    body = referral_body(subject=subject, concern=concern, contact_person=contact, **overrides)
    return body, [subject["pseudonym"], subject["municipality"], concern, contact["name"], phone, tag]


async def _submitted(client: AsyncClient, headers: dict[str, str], body: dict[str, Any] | None = None) -> Any:
    answer = await submit(client, headers, body)
    assert answer.status_code == 201, answer.text
    return answer.json()


async def _move(client: AsyncClient, headers: dict[str, str], referral_id: str, **body: Any) -> None:
    answer = await client.post(f"{REFERRALS}/{referral_id}/transitions", json=body, headers=headers)
    assert answer.status_code == 200, answer.text


async def test_a_new_referral_sends_each_coordinator_one_email_with_the_reference_and_no_personal_value(
    live_client: AsyncClient,
    engine: AsyncEngine,
    live_database: Database,
    notif_settings: Settings,
    sealer: Sealer,
    smtp: SmtpSink,
) -> None:
    coordinator = await _user(engine, "coordinator", "lka-ni")
    partner = await bearer_for(live_client, await _user(engine, "partner", "mk"))
    body, personal = _personal_body()

    created = await _submitted(live_client, partner, body)
    await drain(live_database, notif_settings, sealer)

    async with AsyncSession(engine) as session:
        coordinators = set(await repository.active_emails_with_role(session, "coordinator"))
    mails = smtp.mentioning(created["reference"])
    assert len(smtp.to(coordinator)) == 1
    assert sorted(address for mail in mails for address in mail.recipients) == sorted(coordinators)
    mail = smtp.to(coordinator)[0]
    assert f"https://kipni.example/konsole/meldungen/{created['id']}" in mail.part("plain")
    assert created["reference"] in mail.part("html")
    assert not [value for value in personal if value in mail.everything]
    assert "AKUT" not in str(mail.message["Subject"])


async def test_an_acute_referral_email_is_marked_acute(
    live_client: AsyncClient,
    engine: AsyncEngine,
    live_database: Database,
    notif_settings: Settings,
    sealer: Sealer,
    smtp: SmtpSink,
) -> None:
    coordinator = await _user(engine, "coordinator", "lka-ni")
    partner = await bearer_for(live_client, await _user(engine, "partner", "mk"))

    created = await _submitted(live_client, partner, referral_body(urgency="acute"))
    await drain(live_database, notif_settings, sealer)

    [mail] = [mail for mail in smtp.to(coordinator) if created["reference"] in mail.everything]
    assert str(mail.message["Subject"]).startswith("[AKUT]")


async def test_a_coarse_status_change_sends_one_email_to_the_partner_contact(
    live_client: AsyncClient,
    engine: AsyncEngine,
    live_database: Database,
    notif_settings: Settings,
    sealer: Sealer,
    smtp: SmtpSink,
) -> None:
    partner = await bearer_for(live_client, await _user(engine, "partner", "mk"))
    coordinator = await bearer_for(live_client, await _user(engine, "coordinator", "lka-ni"))
    body, personal = _personal_body()
    contact = body["contact_person"]["email"]
    created = await _submitted(live_client, partner, body)

    await _move(live_client, coordinator, created["id"], to="in_triage", note="Interne Notiz")
    await drain(live_database, notif_settings, sealer)

    [mail] = smtp.to(contact)
    assert created["reference"] in mail.everything
    assert "in Prüfung" in mail.part("plain")
    assert not [value for value in [*personal, "Interne Notiz"] if value in mail.everything]


async def test_a_move_that_keeps_the_coarse_status_sends_no_email(
    live_client: AsyncClient,
    engine: AsyncEngine,
    live_database: Database,
    notif_settings: Settings,
    sealer: Sealer,
    smtp: SmtpSink,
) -> None:
    partner = await bearer_for(live_client, await _user(engine, "partner", "mk"))
    coordinator = await bearer_for(live_client, await _user(engine, "coordinator", "lka-ni"))
    body, _ = _personal_body()
    contact = body["contact_person"]["email"]
    created = await _submitted(live_client, partner, body)
    await _move(live_client, coordinator, created["id"], to="in_triage")
    await _move(live_client, coordinator, created["id"], to="assigned", assignee="aktion-neustart")
    await drain(live_database, notif_settings, sealer)
    before = len(smtp.to(contact))

    await _move(live_client, coordinator, created["id"], to="in_progress")
    await drain(live_database, notif_settings, sealer)

    assert before == 2
    assert len(smtp.to(contact)) == before


async def _register(client: AsyncClient, headers: dict[str, str], url: str) -> dict[str, Any]:
    answer = await client.post(
        WEBHOOKS, json={"url": url, "events": ["referral.status_changed"]}, headers=headers
    )
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


async def test_a_status_change_reaches_the_webhook_signed_so_the_readme_snippet_verifies_it(
    live_client: AsyncClient,
    engine: AsyncEngine,
    live_database: Database,
    notif_settings: Settings,
    sealer: Sealer,
    receiver: WebhookReceiver,
) -> None:
    organisation = await _partner_organisation(engine)
    partner = await bearer_for(live_client, await _user(engine, "partner", organisation))
    coordinator = await bearer_for(live_client, await _user(engine, "coordinator", "lka-ni"))
    webhook = await _register(live_client, partner, receiver.url)
    body, personal = _personal_body()
    created = await _submitted(live_client, partner, body)

    await _move(live_client, coordinator, created["id"], to="in_triage")
    await drain(live_database, notif_settings, sealer)

    [request] = receiver.requests
    verify = readme_verifier()
    assert verify(webhook["secret"], request.headers["KIPNI-Signature"], request.body)
    event = request.json()
    assert event["event"] == "referral.status_changed"
    assert event["data"] == {"id": created["id"], "reference": created["reference"], "status": "in_review"}
    assert set(event) == {"event", "data", "occurred_at"}
    assert request.headers["KIPNI-Event"] == "referral.status_changed"
    assert uuid.UUID(request.headers["KIPNI-Delivery"])
    assert not [value for value in personal if value in request.body.decode()]


async def test_a_forged_signature_does_not_verify(
    live_client: AsyncClient,
    engine: AsyncEngine,
    live_database: Database,
    notif_settings: Settings,
    sealer: Sealer,
    receiver: WebhookReceiver,
) -> None:
    organisation = await _partner_organisation(engine)
    partner = await bearer_for(live_client, await _user(engine, "partner", organisation))
    coordinator = await bearer_for(live_client, await _user(engine, "coordinator", "lka-ni"))
    secret = (await _register(live_client, partner, receiver.url))["secret"]
    created = await _submitted(live_client, partner)
    await _move(live_client, coordinator, created["id"], to="rejected")
    await drain(live_database, notif_settings, sealer)
    [request] = receiver.requests
    header = request.headers["KIPNI-Signature"]
    timestamp = int(header.split(",")[0].removeprefix("t="))
    tampered = json.dumps({**request.json(), "data": {**request.json()["data"], "status": "closed"}}).encode()
    verify = readme_verifier()

    assert verify(secret, header, request.body)
    assert not verify(secret, header, tampered)
    assert not verify("another-secret", header, request.body)
    assert not verify(secret, signature_header("another-secret", request.body, timestamp), request.body)
    assert not verify(secret, signature_header(secret, request.body, timestamp - 600), request.body)
    assert not verify(secret, "v1=" + header.split("v1=")[1], request.body)


async def test_withdrawing_announces_the_new_status_to_the_webhook(
    live_client: AsyncClient,
    engine: AsyncEngine,
    live_database: Database,
    notif_settings: Settings,
    sealer: Sealer,
    receiver: WebhookReceiver,
) -> None:
    organisation = await _partner_organisation(engine)
    partner = await bearer_for(live_client, await _user(engine, "partner", organisation))
    await _register(live_client, partner, receiver.url)
    created = await _submitted(live_client, partner)

    answer = await live_client.post(f"{REFERRALS}/{created['id']}/withdraw", headers=partner)
    await drain(live_database, notif_settings, sealer)

    assert answer.status_code == 200, answer.text
    assert [request.json()["data"]["status"] for request in receiver.requests] == ["withdrawn"]


async def test_a_contact_message_sends_the_organisations_staff_one_email_without_its_content(
    notif_settings: Settings, engine: AsyncEngine, live_database: Database, sealer: Sealer, smtp: SmtpSink
) -> None:
    async with AsyncSession(engine) as session, session.begin():
        organisation = await make_organisation(session, slug=f"beratung-{uuid.uuid4().hex[:12]}")
        await make_channel(session, organisation, kind="web_form", value=f"/kontakt/{organisation.slug}")
        slug = organisation.slug
    editor = await _user(engine, "editor", slug)
    tag = uuid.uuid4().hex[:10]
    app = create_app(notif_settings, live_database)
    transport = ASGITransport(app=app, client=(f"192.0.2.{uuid.uuid4().int % 250 + 1}", 4000))
    async with AsyncClient(transport=transport, base_url="http://testserver") as client:
        answer = await client.post(
            f"/api/v1/organisations/{slug}/messages",
            json={
                "name": f"Mutter {tag}",
                "reply_to": f"m-{tag}@example.org",
                "subject": f"Sorge um meinen Sohn {tag}",
                "text": f"Er hat sich verändert {tag}.",
                "privacy_consent": True,
            },
        )
    assert answer.status_code == 202

    await drain(live_database, notif_settings, sealer)

    mails = smtp.to(editor)
    assert len(mails) == 1
    assert f"/konsole/nachrichten/{answer.json()['id']}" in mails[0].part("plain")
    assert tag not in mails[0].everything
