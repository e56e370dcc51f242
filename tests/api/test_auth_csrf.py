"""Sign-in CSRF: a page on another site cannot sign a browser in, or refresh its session.

A cross-site form post to the token endpoint would set the refresh cookie of an account
the attacker chose (login CSRF); one to the refresh endpoint would rotate the victim's
cookie. Browsers say where a request comes from (``Origin``, ``Sec-Fetch-Site``);
partner systems and scripts send neither and are not affected.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from tests.auth_helpers import TOKEN_URL, password_grant
from tests.factories import DEFAULT_PASSWORD, make_user

REFRESH = "/api/v1/auth/refresh"
ORIGIN = "https://kipni.example"
CROSS_SITE = [
    {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
    {"Origin": "https://evil.example"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Origin": "null", "Sec-Fetch-Site": "cross-site"},
    {"Origin": "https://kipni.example.evil.example", "Sec-Fetch-Site": "same-site"},
]


@pytest.fixture
async def browser(app: FastAPI) -> AsyncIterator[AsyncClient]:
    """A browser on the service's own origin (``KIPNI_PUBLIC_BASE_URL`` of the tests)."""
    async with AsyncClient(transport=ASGITransport(app=app), base_url=ORIGIN) as client:
        yield client


def _sign_in(email: str) -> dict[str, str]:
    return {"grant_type": "password", "username": email, "password": DEFAULT_PASSWORD}


@pytest.mark.parametrize("headers", CROSS_SITE)
async def test_a_cross_site_sign_in_is_refused_and_sets_no_cookie(
    browser: AsyncClient, session: AsyncSession, headers: dict[str, str]
) -> None:
    user = await make_user(session)

    response = await browser.post(TOKEN_URL, data=_sign_in(user.email), headers=headers)

    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert "set-cookie" not in response.headers
    assert "access_token" not in response.text


@pytest.mark.parametrize("headers", CROSS_SITE)
async def test_a_cross_site_refresh_with_the_cookie_is_refused(
    browser: AsyncClient, session: AsyncSession, headers: dict[str, str]
) -> None:
    user = await make_user(session)
    own = {"Origin": ORIGIN, "Sec-Fetch-Site": "same-origin"}
    signed_in = await browser.post(TOKEN_URL, data=_sign_in(user.email), headers=own)
    assert "kipni_refresh" in signed_in.headers["set-cookie"]

    refused = await browser.post(REFRESH, headers=headers)
    still_valid = await browser.post(REFRESH, headers=own)

    assert refused.status_code == 403
    assert "set-cookie" not in refused.headers
    assert still_valid.status_code == 200


async def test_a_sign_in_from_the_service_s_own_pages_sets_the_cookie(
    browser: AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)

    response = await browser.post(
        TOKEN_URL, data=_sign_in(user.email), headers={"Origin": ORIGIN, "Sec-Fetch-Site": "same-origin"}
    )

    assert response.status_code == 200
    assert "kipni_refresh" in response.headers["set-cookie"]


async def test_the_origin_of_the_host_asked_for_counts_as_the_service_s_own(
    app: FastAPI, session: AsyncSession
) -> None:
    user = await make_user(session)
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://127.0.0.1:8000") as local:
        response = await local.post(
            TOKEN_URL,
            data=_sign_in(user.email),
            headers={"Origin": "http://127.0.0.1:8000", "Sec-Fetch-Site": "same-origin"},
        )

    assert response.status_code == 200


async def test_a_typed_address_bar_request_is_no_cross_site_request(
    browser: AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)

    response = await browser.post(TOKEN_URL, data=_sign_in(user.email), headers={"Sec-Fetch-Site": "none"})

    assert response.status_code == 200


async def test_partner_systems_without_browser_headers_still_sign_in(
    client: AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)

    grant = await password_grant(client, user.email)

    assert grant["refresh_token"]
