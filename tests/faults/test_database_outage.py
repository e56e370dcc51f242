"""The database goes away for five seconds while twenty partner systems submit referrals."""

from __future__ import annotations

import asyncio
import time

import httpx

from tests.faults.conftest import Stack
from tests.faults.harness import ApiProcess, await_for, running, sign_in
from tests.faults.load import Load, check_database

OUTAGE_SECONDS = 5.0


async def _readyz(client: httpx.AsyncClient) -> int:
    try:
        return (await client.get("/readyz", timeout=5)).status_code
    except httpx.TransportError:
        return 0


async def test_a_database_outage_delays_submissions_and_loses_none(stack: Stack) -> None:
    api = ApiProcess(stack.env, stack.logs / "api.log")
    started = time.time()
    with running(api):
        async with httpx.AsyncClient(base_url=api.base_url) as client:
            headers = await sign_in(
                client, stack.accounts.emails["partner"], stack.accounts.passwords["partner"]
            )
            load = Load(api.base_url, headers)
            clients = asyncio.create_task(load.run())

            async def some_created() -> bool:
                return load.created_since(0) >= 20

            await await_for(some_created, timeout=60, what="twenty referrals before the outage")
            await asyncio.to_thread(stack.cluster.stop)
            down_since = time.monotonic()

            async def not_ready() -> bool:
                return await _readyz(client) == 503

            await await_for(not_ready, timeout=10, what="/readyz to say 503")
            readiness_during_outage: list[int] = []
            while time.monotonic() - down_since < OUTAGE_SECONDS:
                readiness_during_outage.append(await _readyz(client))
            await asyncio.to_thread(stack.cluster.start)
            back_since = time.monotonic()

            async def every_client_created_again() -> bool:
                return load.clients_created_since(back_since, load.owners) == load.clients

            await await_for(
                every_client_created_again,
                timeout=60,
                what=lambda: f"a 201 for every client again; waiting: {load.unfinished()}",
            )
            load.stop.set()
            await asyncio.wait_for(clients, timeout=120)

    answers = load.answers
    assert set(readiness_during_outage) == {503}, readiness_during_outage
    assert all(status < 500 or status == 503 for status in answers), answers
    assert answers[503] > 0, f"no client saw the outage: {answers}"
    assert all(s.created is not None for s in load.submissions), [
        (s.key, s.answers) for s in load.submissions if s.created is None
    ]
    check_database(stack.database_url, load.submissions, since=started)
    assert "Traceback" not in api.output
