"""Signing in and the token endpoint."""

from __future__ import annotations

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import User
from tests.auth_helpers import TOKEN_URL, bearer_for, client_bearer, password_grant
from tests.factories import DEFAULT_PASSWORD, make_api_client, make_user


async def test_a_user_signs_in_with_a_password(client: AsyncClient, session: AsyncSession) -> None:
    user = await make_user(session, role="editor")

    body = await password_grant(client, user.email)

    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 900
    assert set(body["scope"].split()) == {"directory:write", "messages:read"}
    assert body["refresh_token"]


async def test_me_describes_the_signed_in_user(client: AsyncClient, session: AsyncSession) -> None:
    user = await make_user(session, role="coordinator", organisation="lka-ni")

    response = await client.get("/api/v1/auth/me", headers=await bearer_for(client, user.email))

    body = response.json()
    assert body["kind"] == "user"
    assert body["email"] == user.email
    assert body["role"] == "coordinator"
    assert body["organisation"]["slug"] == "lka-ni"
    assert "referrals:triage" in body["scopes"]


async def test_a_partner_system_signs_in_with_client_credentials(
    client: AsyncClient, session: AsyncSession
) -> None:
    api_client, secret = await make_api_client(session, organisation="mk")

    headers = await client_bearer(client, api_client.client_id, secret)
    me = (await client.get("/api/v1/auth/me", headers=headers)).json()

    assert me["kind"] == "client"
    assert me["organisation"]["slug"] == "mk"
    assert set(me["scopes"]) == {"referrals:submit", "referrals:read-own"}


async def test_client_credentials_also_work_as_http_basic(client: AsyncClient, session: AsyncSession) -> None:
    api_client, secret = await make_api_client(session)

    response = await client.post(
        TOKEN_URL, data={"grant_type": "client_credentials"}, auth=(api_client.client_id, secret)
    )

    assert response.status_code == 200
    assert "refresh_token" not in response.json()


async def test_a_wrong_password_is_refused_as_invalid_grant(
    client: AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)

    response = await client.post(
        TOKEN_URL, data={"grant_type": "password", "username": user.email, "password": "wrong password!!"}
    )

    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["error"] == "invalid_grant"


async def test_an_unknown_account_gets_the_same_answer_as_a_wrong_password(client: AsyncClient) -> None:
    response = await client.post(
        TOKEN_URL, data={"grant_type": "password", "username": "nobody@example.org", "password": "x" * 12}
    )

    assert response.status_code == 400
    assert response.json()["detail"] == "The e-mail address or the password is not correct."


async def test_a_wrong_client_secret_is_a_401(client: AsyncClient, session: AsyncSession) -> None:
    api_client, _ = await make_api_client(session)

    response = await client.post(
        TOKEN_URL,
        data={"grant_type": "client_credentials", "client_id": api_client.client_id, "client_secret": "nope"},
    )

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


async def test_an_unknown_grant_type_is_refused(client: AsyncClient) -> None:
    response = await client.post(TOKEN_URL, data={"grant_type": "implicit"})

    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"


async def test_a_scope_beyond_the_role_is_refused(client: AsyncClient, session: AsyncSession) -> None:
    user = await make_user(session, role="partner")

    response = await client.post(
        TOKEN_URL,
        data={
            "grant_type": "password",
            "username": user.email,
            "password": DEFAULT_PASSWORD,
            "scope": "users:manage",
        },
    )

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"


async def test_a_deactivated_user_cannot_sign_in(client: AsyncClient, session: AsyncSession) -> None:
    user = await make_user(session, is_active=False)

    response = await client.post(
        TOKEN_URL, data={"grant_type": "password", "username": user.email, "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 400


async def test_stored_password_hashes_are_argon2id(session: AsyncSession) -> None:
    user = await make_user(session)

    stored = await session.scalar(select(User.password_hash).where(User.id == user.id))

    assert stored is not None
    assert stored.startswith("$argon2id$")


async def test_browsers_get_the_refresh_token_only_as_a_strict_cookie(
    client: AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)

    response = await client.post(
        TOKEN_URL,
        data={"grant_type": "password", "username": user.email, "password": DEFAULT_PASSWORD},
        headers={"Sec-Fetch-Site": "same-origin"},
    )

    assert "refresh_token" not in response.json()
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "Secure" in cookie
    assert "SameSite=strict" in cookie
    assert "Path=/api/v1/auth" in cookie
