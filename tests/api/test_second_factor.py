"""The second factor: TOTP enrolment, signing in with a code or a recovery code, the roles
that must have one, and the admin's reset."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from httpx import ASGITransport, AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import User
from api.audit.models import AuditEvent
from api.core.config import Settings
from api.core.db import Database
from api.main import create_app
from tests.auth_helpers import bearer_for, password_grant
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.second_factor_helpers import CONFIRM, START, code_for, enrol, sign_in, wrong_code

ME = "/api/v1/auth/me"
STATUS = "/api/v1/auth/second-factor"


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
async def strict(settings: Settings, database: Database) -> AsyncIterator[AsyncClient]:
    """A client of a service where coordinators must have a second factor."""
    app = create_app(settings.model_copy(update={"require_second_factor_roles": ["coordinator"]}), database)
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://testserver") as client:
        yield client


async def _actions(session: AsyncSession, user: User, action: str) -> list[AuditEvent]:
    found = await session.scalars(
        select(AuditEvent).where(AuditEvent.action == action, AuditEvent.object_id == str(user.id))
    )
    return list(found)


async def test_an_enrolled_account_is_asked_for_its_code(client: AsyncClient, session: AsyncSession) -> None:
    user = await make_user(session)
    await enrol(client, user.email)

    response = await sign_in(client, user.email)

    assert response.status_code == 400
    assert response.json()["error"] == "second_factor_required"


async def test_the_password_and_the_current_code_sign_in(client: AsyncClient, session: AsyncSession) -> None:
    user = await make_user(session)
    enrolled = await enrol(client, user.email)

    response = await sign_in(client, user.email, code_for(enrolled.secret, 1))

    assert response.status_code == 200
    me = await client.get(ME, headers=_bearer(response.json()["access_token"]))
    assert me.json()["second_factor"] == {"enrolled": True, "required": False}


async def test_a_wrong_code_is_invalid_second_factor(client: AsyncClient, session: AsyncSession) -> None:
    user = await make_user(session)
    enrolled = await enrol(client, user.email)
    wrong = wrong_code(enrolled.secret)

    response = await sign_in(client, user.email, wrong)

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_second_factor"


async def test_a_code_works_only_once(client: AsyncClient, session: AsyncSession) -> None:
    user = await make_user(session)
    enrolled = await enrol(client, user.email)
    code = code_for(enrolled.secret, 1)
    assert (await sign_in(client, user.email, code)).status_code == 200

    replayed = await sign_in(client, user.email, code)

    assert replayed.status_code == 400
    assert replayed.json()["error"] == "invalid_second_factor"


async def test_the_code_that_confirmed_the_enrolment_does_not_sign_in(
    client: AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)
    enrolled = await enrol(client, user.email)

    response = await sign_in(client, user.email, enrolled.confirming_code)

    assert response.json()["error"] == "invalid_second_factor"


async def test_a_recovery_code_signs_in_once(client: AsyncClient, session: AsyncSession) -> None:
    user = await make_user(session)
    enrolled = await enrol(client, user.email)
    [code, *_] = enrolled.recovery_codes

    first = await sign_in(client, user.email, code.upper().replace("-", " "))
    second = await sign_in(client, user.email, code)

    assert first.status_code == 200
    assert second.json()["error"] == "invalid_second_factor"


async def test_enrolment_gives_ten_different_recovery_codes(
    client: AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)

    enrolled = await enrol(client, user.email)

    assert len(set(enrolled.recovery_codes)) == 10


async def test_wrong_codes_are_throttled_like_passwords(
    settings: Settings, client: AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)
    enrolled = await enrol(client, user.email)
    for _ in range(settings.login_max_failures):
        assert (await sign_in(client, user.email, wrong_code(enrolled.secret))).json()[
            "error"
        ] == "invalid_second_factor"

    response = await sign_in(client, user.email, code_for(enrolled.secret, 1))

    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0


async def test_the_secret_is_sealed_at_rest(client: AsyncClient, session: AsyncSession) -> None:
    user = await make_user(session)
    enrolled = await enrol(client, user.email)

    stored = await session.scalar(select(User.totp_secret_enc).where(User.id == user.id))

    assert stored is not None
    assert enrolled.secret not in stored


async def test_a_wrong_code_does_not_confirm_an_enrolment(client: AsyncClient, session: AsyncSession) -> None:
    user = await make_user(session)
    headers = await bearer_for(client, user.email)
    secret = (await client.post(START, headers=headers)).json()["secret"]
    wrong = wrong_code(secret)

    response = await client.post(CONFIRM, json={"code": wrong}, headers=headers)

    assert response.status_code == 422
    assert (await client.get(STATUS, headers=headers)).json()["enrolled"] is False


async def test_the_enrolment_answer_carries_a_qr_code_of_the_uri(
    client: AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)
    headers = await bearer_for(client, user.email)

    body = (await client.post(START, headers=headers)).json()

    assert body["otpauth_uri"].startswith("otpauth://totp/")
    assert f"secret={body['secret']}" in body["otpauth_uri"]
    assert body["qr_svg"].startswith("<svg")
    assert "style" not in body["qr_svg"]


async def test_an_account_that_must_enrol_gets_a_token_only_for_enrolment(
    strict: AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session, role="coordinator")
    headers = _bearer((await password_grant(strict, user.email))["access_token"])

    me = (await strict.get(ME, headers=headers)).json()
    inbox = await strict.get("/api/v1/referrals", headers=headers)

    assert me["enrolment_required"] is True
    assert me["scopes"] == []
    assert inbox.status_code == 403


async def test_after_enrolment_the_same_session_holds_the_role_s_scopes(
    strict: AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session, role="coordinator")
    headers = _bearer((await password_grant(strict, user.email))["access_token"])
    secret = (await strict.post(START, headers=headers)).json()["secret"]
    assert (await strict.post(CONFIRM, json={"code": code_for(secret)}, headers=headers)).status_code == 200

    me = (await strict.get(ME, headers=headers)).json()
    again = await sign_in(strict, user.email, code_for(secret, 1))

    assert me["enrolment_required"] is False
    assert "referrals:triage" in me["scopes"]
    assert again.status_code == 200


async def test_a_required_factor_cannot_be_disabled(strict: AsyncClient, session: AsyncSession) -> None:
    user = await make_user(session, role="coordinator")
    enrolled = await enrol(strict, user.email)
    token = (await sign_in(strict, user.email, code_for(enrolled.secret, 1))).json()["access_token"]

    response = await strict.post(
        "/api/v1/auth/second-factor/disable",
        json={"password": DEFAULT_PASSWORD},
        headers=_bearer(token),
    )

    assert response.status_code == 409


async def test_an_optional_factor_is_disabled_with_the_password(
    client: AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)
    enrolled = await enrol(client, user.email)
    token = (await sign_in(client, user.email, code_for(enrolled.secret, 1))).json()["access_token"]

    response = await client.post(
        "/api/v1/auth/second-factor/disable",
        json={"password": DEFAULT_PASSWORD},
        headers=_bearer(token),
    )

    assert response.status_code == 204
    assert (await sign_in(client, user.email)).status_code == 200


async def test_new_recovery_codes_replace_the_old_ones(client: AsyncClient, session: AsyncSession) -> None:
    user = await make_user(session)
    enrolled = await enrol(client, user.email)
    token = (await sign_in(client, user.email, code_for(enrolled.secret, 1))).json()["access_token"]

    renewed = await client.post(
        "/api/v1/auth/second-factor/recovery-codes",
        json={"password": DEFAULT_PASSWORD},
        headers=_bearer(token),
    )

    [new, *_] = renewed.json()["recovery_codes"]
    assert (await sign_in(client, user.email, enrolled.recovery_codes[0])).status_code == 400
    assert (await sign_in(client, user.email, new)).status_code == 200


async def test_an_admin_resets_a_second_factor(client: AsyncClient, session: AsyncSession) -> None:
    admin = await make_user(session, role="admin")
    user = await make_user(session)
    await enrol(client, user.email)

    response = await client.post(
        f"/api/v1/users/{user.id}/second-factor/reset", headers=await bearer_for(client, admin.email)
    )

    assert response.status_code == 204
    assert (await sign_in(client, user.email)).status_code == 200


async def test_the_users_list_shows_who_has_a_second_factor(
    client: AsyncClient, session: AsyncSession
) -> None:
    admin = await make_user(session, role="admin")
    user = await make_user(session)
    await enrol(client, user.email)

    response = await client.get(f"/api/v1/users/{user.id}", headers=await bearer_for(client, admin.email))

    assert response.json()["second_factor_enrolled"] is True


async def test_a_reset_ends_the_user_s_sessions(client: AsyncClient, session: AsyncSession) -> None:
    admin = await make_user(session, role="admin")
    user = await make_user(session)
    enrolled = await enrol(client, user.email)
    token = (await sign_in(client, user.email, code_for(enrolled.secret, 1))).json()["access_token"]

    await client.post(
        f"/api/v1/users/{user.id}/second-factor/reset", headers=await bearer_for(client, admin.email)
    )

    assert (await client.get(ME, headers=_bearer(token))).status_code == 401


async def test_only_admins_reset_a_second_factor(client: AsyncClient, session: AsyncSession) -> None:
    editor = await make_user(session)
    user = await make_user(session)

    response = await client.post(
        f"/api/v1/users/{user.id}/second-factor/reset", headers=await bearer_for(client, editor.email)
    )

    assert response.status_code == 403


async def test_enrolment_is_audited(client: AsyncClient, session: AsyncSession) -> None:
    user = await make_user(session)

    await enrol(client, user.email)

    assert len(await _actions(session, user, "auth.second_factor_enrol")) == 1


async def test_using_a_recovery_code_is_audited_with_the_codes_left(
    client: AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)
    enrolled = await enrol(client, user.email)

    await sign_in(client, user.email, enrolled.recovery_codes[0])

    [event] = await _actions(session, user, "auth.recovery_code_used")
    assert event.details == {"left": 9}


async def test_a_reset_is_audited(client: AsyncClient, session: AsyncSession) -> None:
    admin = await make_user(session, role="admin")
    user = await make_user(session)

    await client.post(
        f"/api/v1/users/{user.id}/second-factor/reset", headers=await bearer_for(client, admin.email)
    )

    [event] = await _actions(session, user, "users.second_factor_reset")
    assert event.actor_id == str(admin.id)


async def test_a_wrong_code_is_audited_as_a_failure(client: AsyncClient, session: AsyncSession) -> None:
    user = await make_user(session)
    enrolled = await enrol(client, user.email)

    await sign_in(client, user.email, wrong_code(enrolled.secret))

    failures = await session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "auth.second_factor", AuditEvent.actor_id == str(user.id)
        )
    )
    assert [event.outcome for event in failures] == ["failure"]
