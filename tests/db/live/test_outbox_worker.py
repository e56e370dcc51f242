"""The outbox worker on real connections: retries with backoff, dead letters, several
workers on one queue, the address check at delivery, the in-process loop and the CLI.

Rows are committed (the worker commits its own transactions) and stay in the throwaway
test database; items of other tests may be in the queue too, so every assertion looks
only at this test's ids and recipients. Time moves forward by setting
``next_attempt_at`` into the past, never by sleeping.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import IO

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from api.core.config import Settings
from api.core.db import Database, create_engine, utcnow
from api.core.row_encryption import Sealer
from api.main import create_app
from api.notifications import repository
from api.notifications.models import DeliveryStatus, OutboxItem, Webhook
from api.notifications.service import enqueue_email, enqueue_webhooks
from api.notifications.url_guard import UNREACHABLE
from api.notifications.worker import backoff, deliver_due
from tests.auth_helpers import bearer_for
from tests.conftest import TEST_DATA_KEYS, TEST_JWT_SECRET
from tests.factories import make_organisation, make_user
from tests.notification_helpers import SmtpSink, drain, make_due, outbox_items, webhook_items

OUTBOX = "/api/v1/outbox"
KIPNI = Path(sys.executable).with_name("kipni")


@pytest.fixture
def smtp(smtp_sink: SmtpSink) -> SmtpSink:
    """A mail server that is not running yet: tests start it when they need it."""
    return smtp_sink


async def _emails(engine: AsyncEngine, sealer: Sealer, count: int) -> dict[uuid.UUID, str]:
    """``count`` committed e-mails to fresh addresses: item id -> recipient."""
    tag = uuid.uuid4().hex[:8]
    items = {}
    async with AsyncSession(engine) as session, session.begin():
        for number in range(count):
            to = f"r{number}-{tag}@example.org"
            item = await enqueue_email(
                session,
                sealer,
                to=to,
                template="referral.received",
                language="en",
                context={"referral_id": str(uuid.uuid4()), "reference": f"KIP-2026-{tag}{number}"},
            )
            items[item.id] = to
    return items


async def test_with_the_mail_server_down_the_worker_retries_with_backoff_and_delivers_once_it_is_back(
    engine: AsyncEngine, live_database: Database, notif_settings: Settings, sealer: Sealer, smtp: SmtpSink
) -> None:
    items = await _emails(engine, sealer, 3)

    await drain(live_database, notif_settings, sealer)
    first = await outbox_items(engine, items)
    await drain(live_database, notif_settings, sealer)
    not_yet_due = await outbox_items(engine, items)
    await make_due(engine, items)
    started = utcnow()
    await drain(live_database, notif_settings, sealer)
    ended = utcnow()
    second = await outbox_items(engine, items)
    smtp.start()
    await make_due(engine, items)
    await drain(live_database, notif_settings, sealer)
    await make_due(engine, items)
    await drain(live_database, notif_settings, sealer)
    final = await outbox_items(engine, items)

    assert {(item.status, item.attempts) for item in first.values()} == {("pending", 1)}
    assert all("SMTP" in (item.last_error or "") for item in first.values())
    assert [item.attempts for item in not_yet_due.values()] == [1, 1, 1]
    for item in second.values():
        assert item.attempts == 2
        assert started + timedelta(seconds=60) <= item.next_attempt_at <= ended + timedelta(seconds=60)
    assert {(item.status, item.attempts) for item in final.values()} == {("sent", 3)}
    assert {item.recipient_enc for item in final.values()} == {None}
    assert sorted(len(smtp.to(to)) for to in items.values()) == [1, 1, 1]


async def test_an_e_mail_sent_again_carries_the_message_id_of_its_outbox_item(
    engine: AsyncEngine, live_database: Database, notif_settings: Settings, sealer: Sealer, smtp: SmtpSink
) -> None:
    items = await _emails(engine, sealer, 2)
    smtp.start()
    await drain(live_database, notif_settings, sealer)
    # As if the worker had died after sending and before recording: the items come back.
    async with AsyncSession(engine) as session, session.begin():
        for item_id, to in items.items():
            await session.execute(
                update(OutboxItem)
                .where(OutboxItem.id == item_id)
                .values(
                    status=DeliveryStatus.pending.value,
                    next_attempt_at=utcnow() - timedelta(seconds=1),
                    recipient_enc=sealer.seal(OutboxItem.__tablename__, "recipient_enc", item_id, to),
                )
            )
    await drain(live_database, notif_settings, sealer)

    for item_id, to in items.items():
        ids = [str(mail.message["Message-ID"]) for mail in smtp.to(to)]
        assert ids == [f"<{item_id}@kipni.example>"] * 2


async def test_acute_referral_emails_are_claimed_before_older_routine_ones(
    session: AsyncSession, sealer: Sealer
) -> None:
    context = {"referral_id": str(uuid.uuid4()), "reference": "KIP-2026-000001"}
    routine = await enqueue_email(
        session, sealer, to="a@example.org", template="referral.received", language="de", context=context
    )
    acute = await enqueue_email(
        session,
        sealer,
        to="b@example.org",
        template="referral.received_acute",
        language="de",
        context=context,
    )
    now = utcnow() + timedelta(seconds=1)

    claimed = await repository.claim_due(
        session, now=now, lease_until=now + timedelta(minutes=5), limit=10_000
    )

    order = [item.id for item in claimed]
    assert order.index(acute.id) < order.index(routine.id)


def test_backoff_doubles_up_to_an_hour(notif_settings: Settings) -> None:
    assert [backoff(notif_settings, n).total_seconds() for n in (1, 2, 3, 7, 8, 20)] == [
        30,
        60,
        120,
        1920,
        3600,
        3600,
    ]


@pytest.fixture
async def admin_client(notif_settings: Settings, live_database: Database) -> AsyncIterator[AsyncClient]:
    app = create_app(notif_settings, live_database)
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://testserver") as client:
        yield client


async def _user(engine: AsyncEngine, role: str) -> str:
    async with AsyncSession(engine) as session, session.begin():
        return (await make_user(session, role=role, email=f"{uuid.uuid4().hex}@example.org")).email


async def test_after_the_maximum_attempts_an_item_is_dead_and_admins_see_it(
    engine: AsyncEngine,
    live_database: Database,
    notif_settings: Settings,
    sealer: Sealer,
    admin_client: AsyncClient,
) -> None:
    settings = notif_settings.model_copy(update={"outbox_max_attempts": 2})
    [item_id] = await _emails(engine, sealer, 1)
    admin = await bearer_for(admin_client, await _user(engine, "admin"))
    coordinator = await bearer_for(admin_client, await _user(engine, "coordinator"))

    await drain(live_database, settings, sealer)
    await make_due(engine, [item_id])
    await drain(live_database, settings, sealer)
    await make_due(engine, [item_id])
    await drain(live_database, settings, sealer)
    dead = await admin_client.get(OUTBOX, params={"status": "dead", "limit": 200}, headers=admin)
    refused = await admin_client.get(OUTBOX, params={"status": "dead"}, headers=coordinator)

    item = (await outbox_items(engine, [item_id]))[item_id]
    assert (item.status, item.attempts) == ("dead", 2)
    assert dead.status_code == 200
    [shown] = [row for row in dead.json()["items"] if row["id"] == str(item_id)]
    assert shown["status"] == "dead"
    assert shown["attempts"] == 2
    assert "SMTP" in shown["last_error"]
    assert shown["event"] == "referral.received"
    assert "example.org" not in str(shown)
    assert refused.status_code == 403


async def test_an_admin_puts_a_dead_item_back_in_the_queue(
    engine: AsyncEngine,
    live_database: Database,
    notif_settings: Settings,
    sealer: Sealer,
    smtp: SmtpSink,
    admin_client: AsyncClient,
) -> None:
    settings = notif_settings.model_copy(update={"outbox_max_attempts": 1})
    [item_id] = await _emails(engine, sealer, 1)
    await drain(live_database, settings, sealer)
    admin = await bearer_for(admin_client, await _user(engine, "admin"))

    answer = await admin_client.post(f"{OUTBOX}/{item_id}/retry", headers=admin)
    again = await admin_client.post(f"{OUTBOX}/{item_id}/retry", headers=admin)
    smtp.start()
    await drain(live_database, settings, sealer)

    assert answer.status_code == 200, answer.text
    assert (answer.json()["status"], answer.json()["attempts"]) == ("pending", 0)
    assert again.status_code == 409
    assert (await outbox_items(engine, [item_id]))[item_id].status == "sent"


async def _worker(database: Database, settings: Settings, sealer: Sealer) -> int:
    handled = 0
    while count := await deliver_due(database, settings, sealer, limit=3):
        handled += count
    return handled


async def test_two_workers_on_one_queue_deliver_each_item_exactly_once(
    engine: AsyncEngine, database_url: str, notif_settings: Settings, sealer: Sealer, smtp: SmtpSink
) -> None:
    items = await _emails(engine, sealer, 24)
    smtp.start()
    engines = [create_engine(Settings(database_url=database_url)) for _ in range(2)]
    try:
        handled = await asyncio.gather(*(_worker(Database(each), notif_settings, sealer) for each in engines))
    finally:
        for each in engines:
            await each.dispose()

    assert sum(handled) >= 24
    assert sorted(len(smtp.to(to)) for to in items.values()) == [1] * 24
    assert {item.status for item in (await outbox_items(engine, items)).values()} == {"sent"}


async def test_a_webhook_whose_host_now_resolves_to_a_private_address_is_dead_lettered(
    engine: AsyncEngine, live_database: Database, settings: Settings, sealer: Sealer
) -> None:
    async with AsyncSession(engine) as session, session.begin():
        organisation = await make_organisation(session, slug=f"partner-{uuid.uuid4().hex[:12]}")
        webhook_id = uuid.uuid4()
        session.add(
            Webhook(
                id=webhook_id,
                organisation_id=organisation.id,
                url="https://127.0.0.1/kipni/events",
                secret_enc=sealer.seal("webhooks", "secret_enc", webhook_id, "secret"),
                events=["referral.status_changed"],
                is_active=True,
            )
        )
        await session.flush()
        await enqueue_webhooks(
            session,
            organisation_id=organisation.id,
            event="referral.status_changed",
            data={"id": str(uuid.uuid4()), "reference": "KIP-2026-999999", "status": "closed"},
            occurred_at=utcnow(),
        )

    await drain(live_database, settings, sealer)

    [item] = await webhook_items(engine, webhook_id)
    assert item.status == DeliveryStatus.dead.value
    assert item.attempts == 1
    assert UNREACHABLE in (item.last_error or "")


async def test_the_in_process_worker_delivers_while_the_app_runs(
    engine: AsyncEngine, live_database: Database, notif_settings: Settings, sealer: Sealer, smtp: SmtpSink
) -> None:
    settings = notif_settings.model_copy(update={"worker_in_process": True, "worker_poll_seconds": 0.05})
    app: FastAPI = create_app(settings, live_database)
    smtp.start()

    async with app.router.lifespan_context(app):
        items = await _emails(engine, sealer, 2)
        for _ in range(200):
            if all(smtp.to(to) for to in items.values()):
                break
            await asyncio.sleep(0.05)

    assert sorted(len(smtp.to(to)) for to in items.values()) == [1, 1]


def _cli_environment(database_url: str, smtp: SmtpSink) -> dict[str, str]:
    return {
        **os.environ,
        "KIPNI_ENVIRONMENT": "test",
        "KIPNI_REQUIRE_SECOND_FACTOR_ROLES": "",
        "KIPNI_DATABASE_URL": database_url,
        "KIPNI_JWT_SECRET": TEST_JWT_SECRET,
        "KIPNI_DATA_KEYS": TEST_DATA_KEYS,
        "KIPNI_SMTP_PORT": str(smtp.port),
        "KIPNI_WORKER_POLL_SECONDS": "0.1",
    }


async def test_kipni_worker_once_delivers_what_is_due_and_exits(
    engine: AsyncEngine, database_url: str, sealer: Sealer, smtp: SmtpSink
) -> None:
    items = await _emails(engine, sealer, 2)
    smtp.start()

    done = await asyncio.to_thread(
        subprocess.run,
        [str(KIPNI), "worker", "--once"],
        env=_cli_environment(database_url, smtp),
        capture_output=True,
        timeout=60,
    )

    assert done.returncode == 0, done.stderr.decode()
    assert sorted(len(smtp.to(to)) for to in items.values()) == [1, 1]


def _read_until(stream: IO[bytes], marker: bytes) -> None:
    """Reads lines until one holds ``marker``; fails when the stream ends first."""
    for line in iter(stream.readline, b""):
        if marker in line:
            return
    raise AssertionError(f"the process ended its output without {marker.decode()!r}")


async def test_kipni_worker_stops_cleanly_on_sigterm(database_url: str, smtp: SmtpSink) -> None:
    process = subprocess.Popen(
        [str(KIPNI), "worker"],
        env=_cli_environment(database_url, smtp),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        assert process.stderr is not None
        await asyncio.wait_for(asyncio.to_thread(_read_until, process.stderr, b"worker_ready"), 60)
        process.send_signal(signal.SIGTERM)
        returncode = await asyncio.to_thread(process.wait, 20)
    finally:
        process.kill()
        process.wait()
        if process.stderr:
            process.stderr.close()

    assert returncode == 0
