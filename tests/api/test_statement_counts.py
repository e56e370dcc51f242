"""What requests cost in SQL statements: a page the same whatever its size, a token one."""

from __future__ import annotations

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.service import codec, resolve_principal
from api.core.config import Settings
from tests.auth_helpers import client_bearer, password_grant
from tests.conftest import StatementCounter
from tests.factories import make_api_client, make_channel, make_organisation, make_relation, make_user


async def _statements_for(
    client: AsyncClient, counter: StatementCounter, path: str, **params: str | int
) -> int:
    before = counter.count
    response = await client.get(path, params=params)
    assert response.status_code == 200
    return counter.count - before


async def test_listing_ten_or_two_hundred_organisations_costs_the_same(
    client: AsyncClient, session: AsyncSession, count_statements: StatementCounter
) -> None:
    hub = await make_organisation(session, slug="zaehl-hub")
    for number in range(200):
        organisation = await make_organisation(
            session, slug=f"zaehl-{number:03d}", name_de=f"Zählstelle {number}"
        )
        await make_channel(session, organisation)
        await make_channel(session, organisation, kind="website", value="https://example.org")
        await make_relation(session, organisation, "member_of", hub)

    ten = await _statements_for(client, count_statements, "/api/v1/organisations", q="zählstelle", limit=10)
    two_hundred = await _statements_for(
        client, count_statements, "/api/v1/organisations", q="zählstelle", limit=200
    )

    assert ten == two_hundred


async def test_an_organisation_with_one_or_thirty_channels_costs_the_same(
    client: AsyncClient, session: AsyncSession, count_statements: StatementCounter
) -> None:
    small = await make_organisation(session, slug="ein-kanal")
    large = await make_organisation(session, slug="dreissig-kanaele")
    await make_channel(session, small)
    for number in range(30):
        await make_channel(session, large, value=f"+49 511 {number:06d}", position=number)

    one = await _statements_for(client, count_statements, "/api/v1/organisations/ein-kanal")
    thirty = await _statements_for(client, count_statements, "/api/v1/organisations/dreissig-kanaele")

    assert one == thirty
    body = (await client.get("/api/v1/organisations/dreissig-kanaele")).json()
    assert len(body["contact_channels"]) == 30


async def test_a_user_token_is_checked_in_one_statement(
    client: AsyncClient, session: AsyncSession, settings: Settings, count_statements: StatementCounter
) -> None:
    user = await make_user(session, role="partner", organisation="mk")
    claims = codec(settings).decode((await password_grant(client, user.email))["access_token"])

    before = count_statements.count
    principal = await resolve_principal(session, claims)

    assert principal.id == user.id
    assert count_statements.count - before == 1


async def test_a_client_token_is_checked_in_one_statement(
    client: AsyncClient, session: AsyncSession, settings: Settings, count_statements: StatementCounter
) -> None:
    api_client, secret = await make_api_client(session, organisation="mk")
    headers = await client_bearer(client, api_client.client_id, secret)
    claims = codec(settings).decode(headers["Authorization"].removeprefix("Bearer "))

    before = count_statements.count
    principal = await resolve_principal(session, claims)

    assert principal.id == api_client.id
    assert count_statements.count - before == 1
