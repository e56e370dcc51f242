"""Refresh rotation, reuse detection, logout, and ending access at once."""

from __future__ import annotations

import asyncio
import io
import logging
from typing import Annotated

from fastapi import Depends, FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.dependencies import RequireScopes
from api.accounts.models import ApiClient, User
from api.core.config import Settings
from api.core.db import Database
from api.core.logging import configure_logging
from api.core.principal import Principal
from api.core.scopes import Scope
from api.main import create_app
from tests.auth_helpers import TOKEN_URL, password_grant
from tests.factories import DEFAULT_PASSWORD, make_api_client, make_user

REFRESH = "/api/v1/auth/refresh"
LOGOUT = "/api/v1/auth/logout"
ME = "/api/v1/auth/me"


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_a_refresh_token_gives_new_tokens(client: AsyncClient, session: AsyncSession) -> None:
    user = await make_user(session)
    first = await password_grant(client, user.email)

    response = await client.post(REFRESH, data={"refresh_token": first["refresh_token"]})

    assert response.status_code == 200
    assert response.json()["refresh_token"] != first["refresh_token"]
    assert (await client.get(ME, headers=_bearer(response.json()["access_token"]))).status_code == 200


async def test_a_refresh_token_used_twice_revokes_the_whole_family(
    client: AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)
    first = await password_grant(client, user.email)
    second = (await client.post(REFRESH, data={"refresh_token": first["refresh_token"]})).json()

    reuse = await client.post(REFRESH, data={"refresh_token": first["refresh_token"]})
    after = await client.post(REFRESH, data={"refresh_token": second["refresh_token"]})

    assert reuse.status_code == 401
    assert after.status_code == 401


async def test_a_reused_refresh_token_ends_the_family_s_access_tokens_at_once(
    client: AsyncClient, session: AsyncSession
) -> None:
    """Whoever stole the refresh token may already hold an access token from it."""
    user = await make_user(session)
    first = await password_grant(client, user.email)
    stolen = (await client.post(REFRESH, data={"refresh_token": first["refresh_token"]})).json()
    assert (await client.get(ME, headers=_bearer(stolen["access_token"]))).status_code == 200

    await client.post(REFRESH, data={"refresh_token": first["refresh_token"]})

    assert (await client.get(ME, headers=_bearer(stolen["access_token"]))).status_code == 401
    assert (await client.get(ME, headers=_bearer(first["access_token"]))).status_code == 401


async def test_ending_one_session_family_leaves_the_user_s_other_sessions(
    client: AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)
    laptop = await password_grant(client, user.email)
    phone = await password_grant(client, user.email)
    await client.post(REFRESH, data={"refresh_token": laptop["refresh_token"]})

    await client.post(REFRESH, data={"refresh_token": laptop["refresh_token"]})

    assert (await client.get(ME, headers=_bearer(phone["access_token"]))).status_code == 200


async def test_an_unknown_refresh_token_is_a_401(client: AsyncClient) -> None:
    response = await client.post(REFRESH, data={"refresh_token": "made-up"})

    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


async def test_a_browser_refreshes_with_its_cookie(app: FastAPI, session: AsyncSession) -> None:
    user = await make_user(session)
    browser = {"Sec-Fetch-Site": "same-origin"}
    async with AsyncClient(transport=ASGITransport(app=app), base_url="https://testserver") as client:
        await client.post(
            TOKEN_URL,
            data={"grant_type": "password", "username": user.email, "password": DEFAULT_PASSWORD},
            headers=browser,
        )

        response = await client.post(REFRESH, headers=browser)

    assert response.status_code == 200
    assert "refresh_token" not in response.json()


async def test_logout_ends_the_access_token_at_once(client: AsyncClient, session: AsyncSession) -> None:
    user = await make_user(session)
    grant = await password_grant(client, user.email)

    logout = await client.post(
        LOGOUT, headers=_bearer(grant["access_token"]), data={"refresh_token": grant["refresh_token"]}
    )

    assert logout.status_code == 204
    assert (await client.get(ME, headers=_bearer(grant["access_token"]))).status_code == 401
    assert (await client.post(REFRESH, data={"refresh_token": grant["refresh_token"]})).status_code == 401


async def test_deactivating_a_user_ends_their_access_at_once(
    client: AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)
    token = (await password_grant(client, user.email))["access_token"]

    await session.execute(update(User).where(User.id == user.id).values(is_active=False))
    await session.flush()

    assert (await client.get(ME, headers=_bearer(token))).status_code == 401


async def test_deactivating_a_client_ends_its_access_at_once(
    client: AsyncClient, session: AsyncSession
) -> None:
    api_client, secret = await make_api_client(session)
    response = await client.post(
        TOKEN_URL,
        data={"grant_type": "client_credentials", "client_id": api_client.client_id, "client_secret": secret},
    )
    token = response.json()["access_token"]

    await session.execute(update(ApiClient).where(ApiClient.id == api_client.id).values(is_active=False))
    await session.flush()

    assert (await client.get(ME, headers=_bearer(token))).status_code == 401


async def test_a_partner_token_on_an_editor_route_is_403(client: AsyncClient, session: AsyncSession) -> None:
    """Scope checks: the route below needs ``directory:write``."""
    user = await make_user(session, role="partner", organisation="mk")
    token = (await password_grant(client, user.email))["access_token"]
    app: FastAPI = client._transport.app  # type: ignore[attr-defined]

    @app.get("/_test/editor-only")
    async def _editor_only(
        principal: Annotated[Principal, Depends(RequireScopes(Scope.directory_write))],
    ) -> dict[str, str]:
        return {"ok": principal.name}

    response = await client.get("/_test/editor-only", headers=_bearer(token))

    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"


async def test_no_secret_or_token_appears_in_the_logs_of_a_full_sign_in(
    settings: Settings, database: Database, session: AsyncSession
) -> None:
    user = await make_user(session)
    api_client, client_secret = await make_api_client(session)
    configure_logging("DEBUG", json=True)
    output = io.StringIO()
    capture = logging.StreamHandler(output)
    capture.setFormatter(logging.getLogger().handlers[0].formatter)
    logging.getLogger().addHandler(capture)
    app = create_app(settings, database)
    try:
        async with AsyncClient(transport=ASGITransport(app=app), base_url="http://testserver") as client:
            grant = await password_grant(client, user.email)
            refreshed = (await client.post(REFRESH, data={"refresh_token": grant["refresh_token"]})).json()
            await client.get(ME, headers=_bearer(refreshed["access_token"]))
            await client.post(
                TOKEN_URL,
                data={"grant_type": "password", "username": user.email, "password": "a wrong password"},
            )
            await client.post(
                TOKEN_URL,
                data={
                    "grant_type": "client_credentials",
                    "client_id": api_client.client_id,
                    "client_secret": client_secret,
                },
            )
            await client.post(LOGOUT, headers=_bearer(refreshed["access_token"]))
    finally:
        logging.getLogger().removeHandler(capture)
    logged = output.getvalue()

    assert "request" in logged
    for secret in (
        DEFAULT_PASSWORD,
        "a wrong password",
        client_secret,
        grant["access_token"],
        grant["refresh_token"],
        refreshed["access_token"],
        refreshed["refresh_token"],
    ):
        assert secret not in logged


async def test_a_refresh_keeps_the_scopes_the_sign_in_narrowed_to(
    client: AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session, role="coordinator", organisation="lka-ni")
    narrowed = await client.post(
        TOKEN_URL,
        data={
            "grant_type": "password",
            "username": user.email,
            "password": DEFAULT_PASSWORD,
            "scope": "stats:read",
        },
    )

    refreshed = await client.post(REFRESH, data={"refresh_token": narrowed.json()["refresh_token"]})

    assert refreshed.json()["scope"] == "stats:read"


async def test_a_password_reset_ends_the_access_tokens_issued_before(
    client: AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session, role="editor")
    admin = await make_user(session, role="admin")
    stolen = (await password_grant(client, user.email))["access_token"]
    admin_token = (await password_grant(client, admin.email))["access_token"]
    await asyncio.sleep(1.01)  # token times have whole seconds

    reset = await client.post(
        f"/api/v1/users/{user.id}/password",
        json={"password": "a brand new passphrase"},
        headers=_bearer(admin_token),
    )

    assert reset.status_code == 204
    assert (await client.get(ME, headers=_bearer(stolen))).status_code == 401
    fresh = await password_grant(client, user.email, "a brand new passphrase")
    assert (await client.get(ME, headers=_bearer(fresh["access_token"]))).status_code == 200


async def test_rotating_a_client_secret_ends_the_tokens_got_with_the_old_one(
    client: AsyncClient, session: AsyncSession
) -> None:
    api_client, secret = await make_api_client(session)
    admin = await make_user(session, role="admin")
    old = await client.post(
        TOKEN_URL,
        data={"grant_type": "client_credentials", "client_id": api_client.client_id, "client_secret": secret},
    )
    await asyncio.sleep(1.01)

    rotated = await client.post(
        f"/api/v1/api-clients/{api_client.id}/rotate-secret",
        headers=_bearer((await password_grant(client, admin.email))["access_token"]),
    )

    assert rotated.status_code == 200
    assert (await client.get(ME, headers=_bearer(old.json()["access_token"]))).status_code == 401
