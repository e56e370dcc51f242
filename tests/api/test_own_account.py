"""One's own account: changing the password with the current one, signing out everywhere."""

from __future__ import annotations

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from tests.auth_helpers import TOKEN_URL, password_grant
from tests.factories import DEFAULT_PASSWORD, make_api_client, make_user

PASSWORD = "/api/v1/auth/password"
EVERYWHERE = "/api/v1/auth/logout-everywhere"
REFRESH = "/api/v1/auth/refresh"
ME = "/api/v1/auth/me"
NEW_PASSWORD = "a new and long enough password"


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_the_password_changes_with_the_current_one(client: AsyncClient, session: AsyncSession) -> None:
    user = await make_user(session)
    token = (await password_grant(client, user.email))["access_token"]

    response = await client.post(
        PASSWORD,
        json={"current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD},
        headers=_bearer(token),
    )

    assert response.status_code == 204
    assert (await password_grant(client, user.email, NEW_PASSWORD))["access_token"]


async def test_a_wrong_current_password_changes_nothing(client: AsyncClient, session: AsyncSession) -> None:
    user = await make_user(session)
    token = (await password_grant(client, user.email))["access_token"]

    response = await client.post(
        PASSWORD,
        json={"current_password": "not the password at all", "new_password": NEW_PASSWORD},
        headers=_bearer(token),
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "current_password"]
    assert (await password_grant(client, user.email))["access_token"]


async def test_a_password_change_ends_the_other_sessions_only(
    client: AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)
    here = await password_grant(client, user.email)
    elsewhere = await password_grant(client, user.email)

    await client.post(
        PASSWORD,
        json={"current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD},
        headers=_bearer(here["access_token"]),
    )

    assert (await client.get(ME, headers=_bearer(here["access_token"]))).status_code == 200
    assert (await client.get(ME, headers=_bearer(elsewhere["access_token"]))).status_code == 401
    assert (await client.post(REFRESH, data={"refresh_token": elsewhere["refresh_token"]})).status_code == 401


async def test_wrong_current_passwords_are_throttled(client: AsyncClient, session: AsyncSession) -> None:
    user = await make_user(session)
    token = (await password_grant(client, user.email))["access_token"]
    body = {"current_password": "not the password at all", "new_password": NEW_PASSWORD}
    for _ in range(5):
        await client.post(PASSWORD, json=body, headers=_bearer(token))

    response = await client.post(
        PASSWORD, json={**body, "current_password": DEFAULT_PASSWORD}, headers=_bearer(token)
    )

    assert response.status_code == 429


async def test_signing_out_everywhere_ends_every_refresh_token(
    client: AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)
    here = await password_grant(client, user.email)
    elsewhere = await password_grant(client, user.email)

    response = await client.post(EVERYWHERE, headers=_bearer(here["access_token"]))

    assert response.status_code == 204
    assert (await client.post(REFRESH, data={"refresh_token": here["refresh_token"]})).status_code == 401
    assert (await client.post(REFRESH, data={"refresh_token": elsewhere["refresh_token"]})).status_code == 401


async def test_signing_out_everywhere_ends_the_access_tokens_at_once(
    client: AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)
    here = await password_grant(client, user.email)
    elsewhere = await password_grant(client, user.email)

    await client.post(EVERYWHERE, headers=_bearer(here["access_token"]))

    assert (await client.get(ME, headers=_bearer(here["access_token"]))).status_code == 401
    assert (await client.get(ME, headers=_bearer(elsewhere["access_token"]))).status_code == 401


async def test_the_account_can_sign_in_again_after_signing_out_everywhere(
    client: AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)
    await client.post(EVERYWHERE, headers=_bearer((await password_grant(client, user.email))["access_token"]))

    response = await client.post(
        TOKEN_URL, data={"grant_type": "password", "username": user.email, "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 200


async def test_a_partner_system_has_no_password_to_change(client: AsyncClient, session: AsyncSession) -> None:
    api_client, secret = await make_api_client(session)
    token = (
        await client.post(
            TOKEN_URL,
            data={
                "grant_type": "client_credentials",
                "client_id": api_client.client_id,
                "client_secret": secret,
            },
        )
    ).json()["access_token"]

    response = await client.post(
        PASSWORD,
        json={"current_password": secret, "new_password": NEW_PASSWORD},
        headers=_bearer(token),
    )

    assert response.status_code == 403
