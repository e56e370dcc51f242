"""The API process is killed (SIGKILL) while twenty partner systems submit referrals."""

from __future__ import annotations

import asyncio
import time

import httpx

from tests.faults.conftest import Stack
from tests.faults.harness import ApiProcess, await_for, running, sign_in
from tests.faults.load import Load, check_database, in_flight_records


async def test_a_killed_api_loses_no_acknowledged_referral_and_leaves_no_key_in_flight(stack: Stack) -> None:
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

        await await_for(some_created, timeout=60, what="twenty referrals before the kill")
        await asyncio.to_thread(api.kill)
        killed_at = time.monotonic()
        # Requests cut off by the kill: their clients do not know whether they were stored.
        await asyncio.to_thread(api.start)
        restarted_at = time.monotonic()

        async def every_client_created_again() -> bool:
            return load.clients_created_since(restarted_at, load.owners) == load.clients

        await await_for(
            every_client_created_again,
            timeout=60,
            what=lambda: f"a 201 for every client after the restart; waiting: {load.unfinished()}",
        )
        load.stop.set()
        await asyncio.wait_for(clients, timeout=120)

    answers = load.answers
    assert answers[0] > 0, f"no request was cut off by the kill: {answers}"
    assert all(status in (0, 201, 503) for status in answers), answers
    assert all(s.created is not None for s in load.submissions)
    check_database(stack.database_url, load.submissions, since=started)
    assert in_flight_records(stack.database_url) == []
    assert restarted_at - killed_at < 60
