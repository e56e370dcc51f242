"""Failed sign-ins are throttled per account and address pair for the hard block, with
growing delays per account and per address past much higher thresholds, across workers."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient, Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core import security
from api.core.config import Settings
from api.core.db import Database
from api.main import create_app
from api.throttle.models import LoginThrottle
from api.throttle.service import growing_delay
from tests.auth_helpers import TOKEN_URL
from tests.factories import DEFAULT_PASSWORD, make_api_client, make_user


async def _sign_in(client: AsyncClient, email: str, password: str) -> Response:
    return await client.post(
        TOKEN_URL, data={"grant_type": "password", "username": email, "password": password}
    )


def _client_at(app: FastAPI, address: str) -> AsyncClient:
    return AsyncClient(
        transport=ASGITransport(app=app, client=(address, 50000)), base_url="http://testserver"
    )


async def test_the_sixth_bad_password_is_a_429_with_retry_after(
    client: AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)
    answers = [(await _sign_in(client, user.email, "wrong password!")).status_code for _ in range(5)]

    sixth = await _sign_in(client, user.email, "wrong password!")

    assert answers == [400] * 5
    assert sixth.status_code == 429
    assert sixth.headers["content-type"] == "application/problem+json"
    assert 0 < int(sixth.headers["retry-after"]) <= 900


async def test_a_locked_account_is_refused_even_with_the_right_password(
    client: AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)
    for _ in range(5):
        await _sign_in(client, user.email, "wrong password!")

    response = await _sign_in(client, user.email, DEFAULT_PASSWORD)

    assert response.status_code == 429


async def test_a_success_resets_the_account_counter(app: FastAPI, session: AsyncSession) -> None:
    """Each phase comes from another address, so only the account counter links them."""
    user = await make_user(session)
    async with _client_at(app, "192.0.2.1") as first, _client_at(app, "192.0.2.2") as second:
        for _ in range(4):
            await _sign_in(first, user.email, "wrong password!")
        assert (await _sign_in(second, user.email, DEFAULT_PASSWORD)).status_code == 200
    async with _client_at(app, "192.0.2.3") as third:
        answers = [(await _sign_in(third, user.email, "wrong password!")).status_code for _ in range(4)]

    assert answers == [400] * 4


async def test_the_counter_holds_across_two_app_instances_sharing_the_database(
    settings: Settings, database: Database, session: AsyncSession
) -> None:
    user = await make_user(session)
    first, second = create_app(settings, database), create_app(settings, database)
    async with (
        AsyncClient(transport=ASGITransport(app=first), base_url="http://a") as worker_a,
        AsyncClient(transport=ASGITransport(app=second), base_url="http://b") as worker_b,
    ):
        for number in range(5):
            worker = worker_a if number % 2 == 0 else worker_b
            assert (await _sign_in(worker, user.email, "wrong password!")).status_code == 400

        sixth = await _sign_in(worker_b, user.email, "wrong password!")

    assert sixth.status_code == 429


def _app_with(settings: Settings, database: Database, **limits: int) -> FastAPI:
    return create_app(settings.model_copy(update=limits), database)


async def test_one_person_s_typos_do_not_lock_out_an_office_behind_one_address(
    app: FastAPI, session: AsyncSession
) -> None:
    """A school or youth office signs in from one NAT address."""
    typist, colleague = await make_user(session), await make_user(session)
    async with _client_at(app, "192.0.2.50") as office:
        typos = [(await _sign_in(office, typist.email, "wrong password!")).status_code for _ in range(6)]
        colleague_signs_in = await _sign_in(office, colleague.email, DEFAULT_PASSWORD)

    assert typos == [400] * 5 + [429]
    assert colleague_signs_in.status_code == 200


async def test_nobody_can_lock_an_account_s_owner_out_from_elsewhere(
    app: FastAPI, session: AsyncSession
) -> None:
    """Five requests every quarter hour used to keep the coordinator out everywhere."""
    coordinator = await make_user(session, role="coordinator", organisation="lka-ni")
    async with _client_at(app, "203.0.113.66") as attacker, _client_at(app, "192.0.2.77") as owner:
        for _ in range(6):
            await _sign_in(attacker, coordinator.email, "wrong password!")
        answer = await _sign_in(owner, coordinator.email, DEFAULT_PASSWORD)

    assert answer.status_code == 200


async def test_guessing_one_account_from_many_addresses_slows_those_addresses_only(
    settings: Settings, database: Database, session: AsyncSession
) -> None:
    user = await make_user(session)
    app = _app_with(settings, database, login_account_max_failures=3)
    guessers = [_client_at(app, f"198.51.100.{number}") for number in (11, 12, 13)]
    for guesser in guessers:
        async with guesser:
            assert (await _sign_in(guesser, user.email, "wrong password!")).status_code == 400
    async with _client_at(app, "198.51.100.11") as again, _client_at(app, "192.0.2.99") as owner:
        slowed = await _sign_in(again, user.email, DEFAULT_PASSWORD)
        clean = await _sign_in(owner, user.email, DEFAULT_PASSWORD)

    assert slowed.status_code == 429
    assert int(slowed.headers["retry-after"]) >= 1
    assert clean.status_code == 200


async def test_one_address_trying_many_accounts_is_slowed_past_its_much_higher_threshold(
    settings: Settings, database: Database, session: AsyncSession
) -> None:
    app = _app_with(settings, database, login_address_max_failures=8)
    user = await make_user(session)
    async with _client_at(app, "198.51.100.40") as sprayer, _client_at(app, "192.0.2.41") as elsewhere:
        sprayed = [
            (await _sign_in(sprayer, f"guess{number}@example.org", "wrong password!")).status_code
            for number in range(8)
        ]
        next_guess = await _sign_in(sprayer, user.email, "wrong password!")
        other_address = await _sign_in(elsewhere, user.email, DEFAULT_PASSWORD)

    assert sprayed == [400] * 8
    assert next_guess.status_code == 429
    assert other_address.status_code == 200


async def test_ipv6_addresses_are_counted_per_64(app: FastAPI, session: AsyncSession) -> None:
    user = await make_user(session)
    for number in range(1, 6):
        async with _client_at(app, f"2001:db8:1:2::{number}") as client:
            await _sign_in(client, user.email, "wrong password!")
    async with (
        _client_at(app, "2001:db8:1:2:ffff::99") as same_64,
        _client_at(app, "2001:db8:1:3::1") as other_64,
    ):
        blocked = await _sign_in(same_64, user.email, DEFAULT_PASSWORD)
        allowed = await _sign_in(other_64, user.email, DEFAULT_PASSWORD)

    assert blocked.status_code == 429
    assert allowed.status_code == 200


async def _client_sign_in(client: AsyncClient, client_id: str, secret: str) -> Response:
    return await client.post(
        TOKEN_URL, data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    )


async def test_client_credentials_are_throttled_like_passwords(
    client: AsyncClient, session: AsyncSession
) -> None:
    api_client, secret = await make_api_client(session)
    answers = [(await _client_sign_in(client, api_client.client_id, "wrong")).status_code for _ in range(6)]

    assert answers == [401] * 5 + [429]
    assert (await _client_sign_in(client, api_client.client_id, secret)).status_code == 429


async def test_a_client_secret_still_works_from_an_address_that_has_not_been_guessing(
    app: FastAPI, session: AsyncSession
) -> None:
    api_client, secret = await make_api_client(session)
    async with _client_at(app, "203.0.113.5") as attacker, _client_at(app, "192.0.2.5") as partner:
        for _ in range(6):
            await _client_sign_in(attacker, api_client.client_id, "wrong")
        answer = await _client_sign_in(partner, api_client.client_id, secret)

    assert answer.status_code == 200


async def test_counters_hold_neither_what_was_typed_nor_the_address(
    app: FastAPI, session: AsyncSession
) -> None:
    """A password typed into the name field must not land in the database."""
    typed = "Sommer2026!Passwort"
    async with _client_at(app, "198.51.100.123") as client:
        await _sign_in(client, typed, "wrong password!")

    keys = (await session.scalars(select(LoginThrottle.key))).all()
    assert keys
    assert not any(typed.lower() in key or "198.51.100.123" in key for key in keys)


async def test_the_password_is_checked_off_the_event_loop(
    client: AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = await make_user(session)
    threads: list[int] = []
    hasher = security._hasher

    class RecordingHasher:
        def verify(self, hash_: str, password: str) -> bool:
            threads.append(threading.get_ident())
            return hasher.verify(hash_, password)

        def check_needs_rehash(self, hash_: str) -> bool:
            return hasher.check_needs_rehash(hash_)

    monkeypatch.setattr(security, "_hasher", RecordingHasher())

    assert (await _sign_in(client, user.email, DEFAULT_PASSWORD)).status_code == 200
    assert threads
    assert threading.get_ident() not in threads


@pytest.mark.parametrize(
    ("failures", "seconds"), [(50, 1), (51, 2), (52, 4), (55, 32), (60, 900), (500, 900)]
)
def test_the_delay_doubles_with_each_failure_up_to_the_window(failures: int, seconds: int) -> None:
    assert growing_delay(failures, 50, timedelta(seconds=900)) == timedelta(seconds=seconds)
