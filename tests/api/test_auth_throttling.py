"""Failed sign-ins are throttled per account and per address, across workers."""

from __future__ import annotations

from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient, Response
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.config import Settings
from api.core.db import Database
from api.main import create_app
from tests.auth_helpers import TOKEN_URL
from tests.factories import DEFAULT_PASSWORD, make_user


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


async def test_one_address_trying_many_accounts_is_throttled(
    client: AsyncClient, session: AsyncSession
) -> None:
    for number in range(5):
        await _sign_in(client, f"guess{number}@example.org", "wrong password!")

    sixth = await _sign_in(client, "guess-last@example.org", "wrong password!")

    assert sixth.status_code == 429
