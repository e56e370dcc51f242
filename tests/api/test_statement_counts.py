"""A page costs the same number of SQL statements whatever its size."""

from __future__ import annotations

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import StatementCounter
from tests.factories import make_channel, make_organisation, make_relation


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
