"""Every token this service did not issue, or no longer honours, is a 401 with
``WWW-Authenticate: Bearer`` and a problem+json body."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from httpx import AsyncClient, Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import User
from api.audit.models import AuditEvent
from api.throttle.models import LoginThrottle
from tests.auth_helpers import password_grant
from tests.conftest import StatementCounter
from tests.factories import make_user
from tests.jwt_forge import forge, valid_claims

ME = "/api/v1/auth/me"


@pytest.fixture
async def editor(session: AsyncSession) -> User:
    return await make_user(session, role="editor")


def _claims(user: User, **overrides: Any) -> dict[str, Any]:
    scope = overrides.pop("scope", "directory:write messages:read")
    return valid_claims(str(user.id), "kip-ni", scope, **overrides)


def _assert_refused(response: Response) -> None:
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"].startswith("Bearer")


async def _me(client: AsyncClient, token: str) -> Response:
    return await client.get(ME, headers={"Authorization": f"Bearer {token}"})


async def test_a_hand_made_token_with_the_right_secret_is_accepted(client: AsyncClient, editor: User) -> None:
    """The forging helper is faithful, so the refusals below are about the defect tested."""
    response = await _me(client, forge(_claims(editor)))

    assert response.status_code == 200


async def test_alg_none_is_refused(client: AsyncClient, editor: User) -> None:
    _assert_refused(await _me(client, forge(_claims(editor), alg="none")))


async def test_a_token_signed_with_another_secret_is_refused(client: AsyncClient, editor: User) -> None:
    _assert_refused(await _me(client, forge(_claims(editor), secret="another-secret-of-sufficient-length!!")))


async def test_another_hmac_algorithm_is_refused(client: AsyncClient, editor: User) -> None:
    _assert_refused(await _me(client, forge(_claims(editor), alg="HS512")))


@pytest.mark.parametrize("claim", ["exp", "aud", "iss", "iat", "sub", "jti"])
async def test_a_token_missing_a_required_claim_is_refused(
    client: AsyncClient, editor: User, claim: str
) -> None:
    _assert_refused(await _me(client, forge(_claims(editor, **{claim: None}))))


async def test_a_wrong_audience_is_refused(client: AsyncClient, editor: User) -> None:
    _assert_refused(await _me(client, forge(_claims(editor, aud="another-api"))))


async def test_a_wrong_issuer_is_refused(client: AsyncClient, editor: User) -> None:
    _assert_refused(await _me(client, forge(_claims(editor, iss="someone-else"))))


async def test_an_expired_token_is_refused(client: AsyncClient, editor: User) -> None:
    claims = _claims(editor)
    claims["exp"] = claims["iat"] - 1

    _assert_refused(await _me(client, forge(claims)))


async def test_a_token_of_another_type_is_refused(client: AsyncClient, editor: User) -> None:
    _assert_refused(await _me(client, forge(_claims(editor), typ="JWT")))


async def test_a_tampered_payload_is_refused(client: AsyncClient, editor: User) -> None:
    token = (await password_grant(client, editor.email))["access_token"]
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["scope"] = "users:manage audit:read"
    forged_payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")

    _assert_refused(await _me(client, f"{header}.{forged_payload}.{signature}"))


async def test_a_jwe_shaped_token_is_refused(client: AsyncClient) -> None:
    _assert_refused(await _me(client, "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aaaa.bbbb.cccc"))


async def test_an_authorization_header_of_20_kib_is_refused(client: AsyncClient) -> None:
    """Refused before any token work: the request's headers are over their 8 KiB cap."""
    response = await _me(client, "a" * 20 * 1024)

    assert response.status_code == 431
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "token abc", "garbage"])
async def test_malformed_authorization_headers_are_refused(client: AsyncClient, header: str) -> None:
    _assert_refused(await client.get(ME, headers={"Authorization": header}))


async def test_no_token_is_a_401(client: AsyncClient) -> None:
    _assert_refused(await client.get(ME))


async def test_a_token_for_a_claimed_organisation_the_user_is_not_in_is_refused(
    client: AsyncClient, editor: User
) -> None:
    _assert_refused(await _me(client, forge(valid_claims(str(editor.id), "mi", "directory:write"))))


async def test_scopes_in_a_token_beyond_the_role_are_not_granted(client: AsyncClient, editor: User) -> None:
    token = forge(_claims(editor, scope="directory:write users:manage audit:read"))

    body = (await _me(client, token)).json()

    assert set(body["scopes"]) == {"directory:write"}


async def _refusal_audit_rows(session: AsyncSession) -> int:
    return len(
        (await session.scalars(select(AuditEvent).where(AuditEvent.action == "auth.token_refused"))).all()
    )


async def test_refused_tokens_are_counted_in_one_row_per_address_and_minute(
    client: AsyncClient, session: AsyncSession, editor: User
) -> None:
    """Junk tokens used to write one permanent audit row each, with the address."""
    audit_rows, counters = await _refusal_audit_rows(session), await _counter_rows(session)

    for number in range(5):
        _assert_refused(await _me(client, f"junk-{number}"))

    assert await _refusal_audit_rows(session) == audit_rows
    assert await _counter_rows(session) - counters <= 2  # a minute may turn over meanwhile
    assert await _counter_rows(session) > counters


async def _counter_rows(session: AsyncSession) -> int:
    return len((await session.scalars(select(LoginThrottle.key))).all())


async def test_a_junk_token_on_a_public_read_writes_nothing(
    client: AsyncClient, session: AsyncSession, count_statements: StatementCounter
) -> None:
    before = len(count_statements.statements)

    response = await client.get("/api/v1/organisations/kip-ni", headers={"Authorization": "Bearer junk"})

    written = [
        statement
        for statement in count_statements.statements[before:]
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert response.status_code == 401
    assert written == []
