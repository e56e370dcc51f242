"""The mail server is down and a partner's webhook receiver fails while notifications
are written: everything arrives afterwards, exactly once.

The issue asks for a minute of mail outage; the outage here lasts until every e-mail has
failed at least twice (a few seconds with the test's one-second backoff), which tests the
same property: a mail server that is down delays, never loses, never duplicates.
"""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx

from tests.faults.conftest import Stack
from tests.faults.harness import ApiProcess, WorkerProcess, await_for, running, sign_in
from tests.faults.receivers import FlakyReceiver, outbox
from tests.notification_helpers import SmtpSink
from tests.referral_helpers import REFERRALS, referral_body

REFERRAL_COUNT = 5


async def test_mail_and_webhook_outages_delay_notifications_and_lose_or_repeat_none(stack: Stack) -> None:
    sink = SmtpSink()  # its port is in the settings; it starts listening later
    env = {**stack.env, "KIPNI_SMTP_PORT": str(sink.port)}
    api = ApiProcess(env, stack.logs / "api.log")
    worker = WorkerProcess(env, stack.logs / "worker.log")
    accounts = stack.accounts
    try:
        with FlakyReceiver() as receiver, running(api, worker):
            async with httpx.AsyncClient(base_url=api.base_url, timeout=30) as client:
                partner = await sign_in(client, accounts.emails["partner"], accounts.passwords["partner"])
                coordinator = await sign_in(
                    client, accounts.emails["coordinator"], accounts.passwords["coordinator"]
                )
                hook = await client.post(
                    "/api/v1/webhooks",
                    json={"url": receiver.url, "events": ["referral.status_changed"]},
                    headers=partner,
                )
                assert hook.status_code == 201, hook.text
                for number in range(REFERRAL_COUNT):
                    created = await client.post(
                        REFERRALS,
                        json=referral_body(),
                        headers={**partner, "Idempotency-Key": f"notify-{number}"},
                    )
                    assert created.status_code == 201, created.text
                    moved = await client.post(
                        f"{REFERRALS}/{created.json()['id']}/transitions",
                        json={"to": "in_triage"},
                        headers=coordinator,
                    )
                    assert moved.status_code == 200, moved.text

            async def every_item_failed_twice() -> bool:
                items = await asyncio.to_thread(outbox, stack.database_url)
                return len(items) > 0 and all(i.attempts >= 2 and i.status == "pending" for i in items)

            await await_for(every_item_failed_twice, timeout=60, what="every notification to fail twice")
            sink.start()
            receiver.failing = False

            async def everything_sent() -> bool:
                items = await asyncio.to_thread(outbox, stack.database_url)
                return all(i.status == "sent" for i in items)

            await await_for(everything_sent, timeout=60, what="every notification to be delivered")
    finally:
        sink.stop()

    items = outbox(stack.database_url)
    emails = {i.id for i in items if i.channel == "email"}
    hooks = {i.id for i in items if i.channel == "webhook"}
    assert len(hooks) == REFERRAL_COUNT
    assert len(emails) >= 2 * REFERRAL_COUNT  # coordinators on arrival, the contact person on triage
    received = Counter(str(mail.message["Message-ID"]) for mail in sink.received)
    assert received == Counter({f"<{item}@kipni.example>": 1 for item in emails})
    assert receiver.accepted() == Counter(dict.fromkeys(hooks, 1))
    assert set(receiver.refused()) == hooks  # each was refused first, then came again with its id
    bodies: dict[str, set[bytes]] = {}
    for delivery in receiver.deliveries:
        bodies.setdefault(delivery.delivery_id, set()).add(delivery.body)
    assert all(len(versions) == 1 for versions in bodies.values()), "a retry changed the event"
