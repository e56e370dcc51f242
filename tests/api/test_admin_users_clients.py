"""The admin API for people (`/users`) and partner systems (`/api-clients`)."""

from __future__ import annotations

import uuid
from typing import Any

from httpx import AsyncClient
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import User
from api.audit.models import AuditEvent
from api.core.security import verify_password
from tests.auth_helpers import TOKEN_URL, bearer_for, client_bearer, password_grant
from tests.factories import DEFAULT_PASSWORD, make_api_client, make_user

USERS = "/api/v1/users"
CLIENTS = "/api/v1/api-clients"
ME = "/api/v1/auth/me"
REFRESH = "/api/v1/auth/refresh"
NEW_PASSWORD = "a brand new passphrase"


async def _admin(client: AsyncClient, session: AsyncSession) -> dict[str, str]:
    admin = await make_user(session, role="admin")
    return await bearer_for(client, admin.email)


def _new_user(**fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "email": f"new-{uuid.uuid4().hex[:10]}@example.org",
        "name": "Neue Person",
        "role": "coordinator",
        "organisation": "lka-ni",
        "password": NEW_PASSWORD,
    }
    body.update(fields)
    return body


def _new_client(**fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Schulverwaltungssystem",
        "organisation": "mk",
        "scopes": ["referrals:submit", "referrals:read-own"],
    }
    body.update(fields)
    return body


async def _create_user(client: AsyncClient, headers: dict[str, str], **fields: Any) -> dict[str, Any]:
    response = await client.post(USERS, json=_new_user(**fields), headers=headers)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def _create_client(client: AsyncClient, headers: dict[str, str], **fields: Any) -> dict[str, Any]:
    response = await client.post(CLIENTS, json=_new_client(**fields), headers=headers)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def _refresh(client: AsyncClient, refresh_token: str) -> int:
    return (await client.post(REFRESH, data={"refresh_token": refresh_token})).status_code


async def _sign_in_status(client: AsyncClient, email: str, password: str) -> int:
    response = await client.post(
        TOKEN_URL, data={"grant_type": "password", "username": email, "password": password}
    )
    return response.status_code


# --- users ------------------------------------------------------------------------------


async def test_an_admin_creates_a_user(client: AsyncClient, session: AsyncSession) -> None:
    headers = await _admin(client, session)
    body = _new_user(email="Mixed.Case@Example.org")

    response = await client.post(USERS, json=body, headers=headers)

    assert response.status_code == 201
    created = response.json()
    assert created["email"] == "mixed.case@example.org"
    assert created["role"] == "coordinator"
    assert created["organisation"] == {"slug": "lka-ni", "name": "Landeskriminalamt Niedersachsen"}
    assert created["is_active"] is True
    assert "password" not in created
    assert "password_hash" not in created
    assert response.headers["location"] == f"{USERS}/{created['id']}"


async def test_a_created_user_signs_in_with_the_given_password(
    client: AsyncClient, session: AsyncSession
) -> None:
    created = await _create_user(client, await _admin(client, session))

    grant = await password_grant(client, created["email"], NEW_PASSWORD)

    assert "referrals:triage" in grant["scope"].split()


async def test_users_are_listed_in_pages_ordered_by_email(client: AsyncClient, session: AsyncSession) -> None:
    headers = await _admin(client, session)
    mine = {
        (await make_user(session, email=f"page-{n}-{uuid.uuid4().hex[:6]}@example.org")).email
        for n in range(3)
    }

    emails: list[str] = []
    cursor: str | None = None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = (await client.get(USERS, params=params, headers=headers)).json()
        assert len(page["items"]) <= 2
        emails += [item["email"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert mine <= set(emails)
    assert emails == sorted(emails)
    assert len(emails) == len(set(emails))


async def test_an_admin_reads_one_user(client: AsyncClient, session: AsyncSession) -> None:
    headers = await _admin(client, session)
    user = await make_user(session, role="editor", organisation="kip-ni")

    response = await client.get(f"{USERS}/{user.id}", headers=headers)

    assert response.status_code == 200
    assert response.json()["email"] == user.email
    assert response.json()["organisation"]["slug"] == "kip-ni"


async def test_an_unknown_user_is_a_404_problem(client: AsyncClient, session: AsyncSession) -> None:
    response = await client.get(f"{USERS}/{uuid.uuid4()}", headers=await _admin(client, session))

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


async def test_an_admin_changes_role_and_organisation(client: AsyncClient, session: AsyncSession) -> None:
    headers = await _admin(client, session)
    user = await make_user(session, role="partner", organisation="mk")

    response = await client.patch(
        f"{USERS}/{user.id}", json={"role": "case_worker", "organisation": "beraten"}, headers=headers
    )

    assert response.status_code == 200
    assert response.json()["role"] == "case_worker"
    assert response.json()["organisation"]["slug"] == "beraten"


async def test_a_role_change_takes_effect_on_the_next_request(
    client: AsyncClient, session: AsyncSession
) -> None:
    headers = await _admin(client, session)
    user = await make_user(session, role="editor")
    user_headers = await bearer_for(client, user.email)

    await client.patch(f"{USERS}/{user.id}", json={"role": "partner"}, headers=headers)
    me = (await client.get(ME, headers=user_headers)).json()

    assert me["role"] == "partner"
    assert "directory:write" not in me["scopes"]


async def test_deactivation_ends_the_users_access_token_at_once(
    client: AsyncClient, session: AsyncSession
) -> None:
    headers = await _admin(client, session)
    user = await make_user(session)
    user_headers = await bearer_for(client, user.email)

    response = await client.post(f"{USERS}/{user.id}/deactivate", headers=headers)

    assert response.status_code == 200
    assert response.json()["is_active"] is False
    assert (await client.get(ME, headers=user_headers)).status_code == 401


async def test_deactivation_revokes_the_users_refresh_token(
    client: AsyncClient, session: AsyncSession
) -> None:
    headers = await _admin(client, session)
    user = await make_user(session)
    grant = await password_grant(client, user.email)

    await client.post(f"{USERS}/{user.id}/deactivate", headers=headers)
    await client.patch(f"{USERS}/{user.id}", json={"is_active": True}, headers=headers)

    assert await _refresh(client, grant["refresh_token"]) == 401


async def test_deactivation_through_patch_also_ends_the_sessions(
    client: AsyncClient, session: AsyncSession
) -> None:
    headers = await _admin(client, session)
    user = await make_user(session)
    grant = await password_grant(client, user.email)

    await client.patch(f"{USERS}/{user.id}", json={"is_active": False}, headers=headers)

    assert await _refresh(client, grant["refresh_token"]) == 401
    assert await _sign_in_status(client, user.email, DEFAULT_PASSWORD) == 400


async def test_an_admin_cannot_deactivate_their_own_account(
    client: AsyncClient, session: AsyncSession
) -> None:
    admin = await make_user(session, role="admin")
    headers = await bearer_for(client, admin.email)

    response = await client.post(f"{USERS}/{admin.id}/deactivate", headers=headers)

    assert response.status_code == 409
    assert (await client.get(ME, headers=headers)).status_code == 200


async def test_a_password_reset_replaces_the_old_password(client: AsyncClient, session: AsyncSession) -> None:
    headers = await _admin(client, session)
    user = await make_user(session)

    response = await client.post(
        f"{USERS}/{user.id}/password", json={"password": NEW_PASSWORD}, headers=headers
    )

    assert response.status_code == 204
    assert await _sign_in_status(client, user.email, DEFAULT_PASSWORD) == 400
    assert await _sign_in_status(client, user.email, NEW_PASSWORD) == 200


async def test_a_password_reset_revokes_the_refresh_tokens(
    client: AsyncClient, session: AsyncSession
) -> None:
    headers = await _admin(client, session)
    user = await make_user(session)
    grant = await password_grant(client, user.email)

    await client.post(f"{USERS}/{user.id}/password", json={"password": NEW_PASSWORD}, headers=headers)

    assert await _refresh(client, grant["refresh_token"]) == 401


async def test_a_password_shorter_than_twelve_characters_is_refused(
    client: AsyncClient, session: AsyncSession
) -> None:
    headers = await _admin(client, session)
    user = await make_user(session)

    response = await client.post(
        f"{USERS}/{user.id}/password", json={"password": "too short"}, headers=headers
    )

    assert response.status_code == 422
    assert await _sign_in_status(client, user.email, DEFAULT_PASSWORD) == 200


async def test_an_editor_may_not_manage_users(client: AsyncClient, session: AsyncSession) -> None:
    editor = await make_user(session, role="editor")

    response = await client.get(USERS, headers=await bearer_for(client, editor.email))

    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"


async def test_a_partner_may_not_create_users(client: AsyncClient, session: AsyncSession) -> None:
    partner = await make_user(session, role="partner")

    response = await client.post(
        USERS, json=_new_user(role="admin"), headers=await bearer_for(client, partner.email)
    )

    assert response.status_code == 403


async def test_users_without_a_token_is_a_401(client: AsyncClient) -> None:
    response = await client.get(USERS)

    assert response.status_code == 401


async def test_extra_fields_are_refused_and_nothing_is_stored(
    client: AsyncClient, session: AsyncSession
) -> None:
    headers = await _admin(client, session)
    body = _new_user(is_active=False, created_by="someone")

    response = await client.post(USERS, json=body, headers=headers)

    assert response.status_code == 422
    stored = await session.scalar(select(func.count()).select_from(User).where(User.email == body["email"]))
    assert stored == 0


async def test_a_duplicate_email_is_a_409(client: AsyncClient, session: AsyncSession) -> None:
    headers = await _admin(client, session)
    existing = await make_user(session)

    response = await client.post(USERS, json=_new_user(email=existing.email.upper()), headers=headers)

    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"


async def test_an_unknown_organisation_is_a_409(client: AsyncClient, session: AsyncSession) -> None:
    response = await client.post(
        USERS, json=_new_user(organisation="no-such-org"), headers=await _admin(client, session)
    )

    assert response.status_code == 409
    assert response.json()["errors"][0]["loc"] == ["body", "organisation"]


# --- API clients ------------------------------------------------------------------------


async def test_a_created_client_shows_its_secret_once(client: AsyncClient, session: AsyncSession) -> None:
    headers = await _admin(client, session)

    created = await _create_client(client, headers)
    fetched = (await client.get(f"{CLIENTS}/{created['id']}", headers=headers)).json()
    listed = (await client.get(CLIENTS, params={"limit": 200}, headers=headers)).text

    assert created["client_id"].startswith("kc_")
    assert len(created["client_secret"]) >= 43
    assert "client_secret" not in fetched
    assert created["client_secret"] not in listed
    assert fetched["scopes"] == ["referrals:read-own", "referrals:submit"]
    assert fetched["organisation"]["slug"] == "mk"


async def test_a_created_client_signs_in_with_its_secret(client: AsyncClient, session: AsyncSession) -> None:
    created = await _create_client(client, await _admin(client, session))

    me = await client.get(
        ME, headers=await client_bearer(client, created["client_id"], created["client_secret"])
    )

    assert me.json()["kind"] == "client"
    assert me.json()["organisation"]["slug"] == "mk"


async def test_a_rotated_secret_replaces_the_old_one(client: AsyncClient, session: AsyncSession) -> None:
    headers = await _admin(client, session)
    created = await _create_client(client, headers)

    rotated = await client.post(f"{CLIENTS}/{created['id']}/rotate-secret", headers=headers)

    new_secret = rotated.json()["client_secret"]
    assert new_secret != created["client_secret"]
    old = await client.post(
        TOKEN_URL,
        data={
            "grant_type": "client_credentials",
            "client_id": created["client_id"],
            "client_secret": created["client_secret"],
        },
    )
    assert old.status_code == 401
    assert await client_bearer(client, created["client_id"], new_secret)


async def test_client_scopes_beyond_partner_systems_are_a_422(
    client: AsyncClient, session: AsyncSession
) -> None:
    response = await client.post(
        CLIENTS,
        json=_new_client(scopes=["referrals:submit", "users:manage"]),
        headers=await _admin(client, session),
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


async def test_an_admin_changes_a_clients_scopes(client: AsyncClient, session: AsyncSession) -> None:
    headers = await _admin(client, session)
    api_client, _ = await make_api_client(session)

    response = await client.patch(
        f"{CLIENTS}/{api_client.id}", json={"scopes": ["directory:write"]}, headers=headers
    )

    assert response.status_code == 200
    assert response.json()["scopes"] == ["directory:write"]


async def test_a_deactivated_clients_token_stops_working(client: AsyncClient, session: AsyncSession) -> None:
    headers = await _admin(client, session)
    api_client, secret = await make_api_client(session)
    client_headers = await client_bearer(client, api_client.client_id, secret)

    response = await client.post(f"{CLIENTS}/{api_client.id}/deactivate", headers=headers)

    assert response.json()["is_active"] is False
    assert (await client.get(ME, headers=client_headers)).status_code == 401


async def test_an_unknown_client_is_a_404_problem(client: AsyncClient, session: AsyncSession) -> None:
    response = await client.post(
        f"{CLIENTS}/{uuid.uuid4()}/rotate-secret", headers=await _admin(client, session)
    )

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


async def test_a_partner_system_may_not_manage_clients(client: AsyncClient, session: AsyncSession) -> None:
    api_client, secret = await make_api_client(session, scopes=["directory:write"])

    response = await client.get(CLIENTS, headers=await client_bearer(client, api_client.client_id, secret))

    assert response.status_code == 403


# --- audit ------------------------------------------------------------------------------


async def _actions_on(session: AsyncSession, object_id: str) -> list[str]:
    rows = await session.scalars(
        select(AuditEvent.action).where(AuditEvent.object_id == object_id).order_by(AuditEvent.seq)
    )
    return list(rows)


async def test_every_user_change_leaves_an_audit_row(client: AsyncClient, session: AsyncSession) -> None:
    headers = await _admin(client, session)
    user_id = (await _create_user(client, headers))["id"]

    await client.patch(f"{USERS}/{user_id}", json={"name": "Umbenannt"}, headers=headers)
    await client.post(
        f"{USERS}/{user_id}/password", json={"password": "yet another passphrase"}, headers=headers
    )
    await client.post(f"{USERS}/{user_id}/deactivate", headers=headers)

    assert await _actions_on(session, user_id) == [
        "users.create",
        "users.update",
        "users.password_reset",
        "users.deactivate",
    ]


async def test_an_update_is_audited_with_the_changed_field_names_only(
    client: AsyncClient, session: AsyncSession
) -> None:
    headers = await _admin(client, session)
    user = await make_user(session, role="editor")

    await client.patch(f"{USERS}/{user.id}", json={"name": "Geheimname", "role": "editor"}, headers=headers)

    event = await session.scalar(select(AuditEvent).where(AuditEvent.object_id == str(user.id)))
    assert event is not None
    assert event.details == {"changed": ["name"]}


async def test_every_client_change_leaves_an_audit_row(client: AsyncClient, session: AsyncSession) -> None:
    headers = await _admin(client, session)
    client_pk = (await _create_client(client, headers))["id"]

    await client.patch(f"{CLIENTS}/{client_pk}", json={"name": "Neuer Name"}, headers=headers)
    await client.post(f"{CLIENTS}/{client_pk}/rotate-secret", headers=headers)
    await client.post(f"{CLIENTS}/{client_pk}/deactivate", headers=headers)

    assert await _actions_on(session, client_pk) == [
        "clients.create",
        "clients.update",
        "clients.rotate_secret",
        "clients.deactivate",
    ]


async def test_no_password_or_secret_reaches_the_audit_table(
    client: AsyncClient, session: AsyncSession
) -> None:
    headers = await _admin(client, session)
    user_id = (await _create_user(client, headers))["id"]
    reset_password = "the reset passphrase"
    await client.post(f"{USERS}/{user_id}/password", json={"password": reset_password}, headers=headers)
    created = await _create_client(client, headers)
    rotated = (await client.post(f"{CLIENTS}/{created['id']}/rotate-secret", headers=headers)).json()
    hashes = [await session.scalar(select(User.password_hash).where(User.id == uuid.UUID(user_id)))]

    rows = (await session.execute(text("SELECT * FROM audit_events"))).all()
    table = "\n".join(" ".join(str(value) for value in row) for row in rows)

    assert "users.password_reset" in table
    for secret in (NEW_PASSWORD, reset_password, created["client_secret"], rotated["client_secret"], *hashes):
        assert secret is not None
        assert secret not in table


async def test_the_reset_password_is_stored_only_as_a_hash(
    client: AsyncClient, session: AsyncSession
) -> None:
    headers = await _admin(client, session)
    user = await make_user(session)

    await client.post(f"{USERS}/{user.id}/password", json={"password": NEW_PASSWORD}, headers=headers)

    stored = await session.scalar(select(User.password_hash).where(User.id == user.id))
    assert stored is not None
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, NEW_PASSWORD)


async def test_a_value_the_database_cannot_store_is_a_422_not_a_500(
    client: AsyncClient, session: AsyncSession, backend: str
) -> None:
    admin = await bearer_for(client, (await make_user(session, role="admin")).email)

    response = await client.post(
        "/api/v1/users",
        json={
            "email": "nul@example.org",
            "name": "Nul\u0000Byte",
            "role": "editor",
            "organisation": "kip-ni",
            "password": "a long enough passphrase",
        },
        headers=admin,
    )

    # PostgreSQL cannot store NUL characters in text; SQLite can.
    assert response.status_code == (422 if backend == "postgresql" else 201)
