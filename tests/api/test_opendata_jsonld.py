"""schema.org JSON-LD of an organisation, by content negotiation on its URL."""

from __future__ import annotations

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.directory.models import Organisation
from api.directory.opendata.jsonld import prefers_jsonld
from tests.factories import make_channel

LD = {"Accept": "application/ld+json"}


async def test_the_organisation_url_answers_json_ld_when_asked(client: AsyncClient) -> None:
    response = await client.get("/api/v1/organisations/kip-ni", headers=LD)

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/ld+json"
    assert "Accept" in response.headers["vary"]
    document = response.json()
    assert document["@context"] == "https://schema.org"
    assert document["@type"] == "GovernmentOrganization"
    assert document["@id"] == "https://kipni.example/organisationen/kip-ni"
    assert document["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Am Waterlooplatz 11",
        "postalCode": "30169",
        "addressLocality": "Hannover",
        "addressRegion": "Niedersachsen",
        "addressCountry": "DE",
    }
    (form,) = document["contactPoint"]
    assert form == {
        "@type": "ContactPoint",
        "contactType": "Nachricht schreiben",
        "url": "https://kipni.example/kontakt/kip-ni",
        "availableLanguage": ["de", "en"],
    }


async def test_without_the_media_type_the_url_still_answers_json(client: AsyncClient) -> None:
    response = await client.get("/api/v1/organisations/kip-ni", headers={"Accept": "application/json, */*"})

    assert response.headers["content-type"] == "application/json"
    assert response.json()["slug"] == "kip-ni"


async def test_an_association_is_an_organization_in_english_with_member_links(client: AsyncClient) -> None:
    document = (await client.get("/api/v1/organisations/mi", headers={**LD, "Accept-Language": "en"})).json()
    beraten = (await client.get("/api/v1/organisations/beraten", headers=LD)).json()

    assert beraten["@type"] == "Organization"
    assert document["@id"] == "https://kipni.example/en/organisations/mi"
    assert {"@type": "Organization", "name": "Lower Saxony Competence Centre for the Prevention of Islamism",
            "url": "https://kipni.example/en/organisations/kip-ni"} in document["memberOf"]  # fmt: skip


async def test_opening_hours_become_opening_hours_specifications(
    client: AsyncClient, session: AsyncSession
) -> None:
    kip = await session.scalar(select(Organisation).where(Organisation.slug == "kip-ni"))
    assert kip is not None
    hours = {
        "weekly": [{"day": "mon", "opens": "09:00", "closes": "15:00"}],
        "exceptions": [{"date": "2026-12-24", "closed": True}],
    }
    await make_channel(session, kip, value="+49 511 120 0", opening_hours=hours)
    await make_channel(session, kip, value="+49 511 999 111", visibility="internal")

    document = (await client.get("/api/v1/organisations/kip-ni", headers=LD)).json()

    assert document["telephone"] == "+49 511 120 0"
    phone = next(point for point in document["contactPoint"] if point.get("telephone"))
    assert phone["hoursAvailable"] == [
        {"@type": "OpeningHoursSpecification", "dayOfWeek": "https://schema.org/Monday",
         "opens": "09:00", "closes": "15:00"},
        {"@type": "OpeningHoursSpecification", "validFrom": "2026-12-24", "validThrough": "2026-12-24",
         "opens": "00:00", "closes": "00:00"},
    ]  # fmt: skip
    assert "+49 511 999 111" not in str(document)


async def test_json_ld_is_cached_and_revalidated_like_the_json(client: AsyncClient) -> None:
    first = await client.get("/api/v1/organisations/kip-ni", headers=LD)
    json_etag = (await client.get("/api/v1/organisations/kip-ni")).headers["etag"]

    again = await client.get(
        "/api/v1/organisations/kip-ni", headers={**LD, "If-None-Match": first.headers["etag"]}
    )

    assert first.headers["cache-control"] == "public, max-age=60"
    assert again.status_code == 304
    assert json_etag != first.headers["etag"]


async def test_an_unknown_organisation_is_a_problem_in_any_media_type(client: AsyncClient) -> None:
    response = await client.get("/api/v1/organisations/nobody", headers=LD)

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_json_ld_is_chosen_only_when_ranked_at_least_as_high_as_json() -> None:
    assert prefers_jsonld("application/ld+json")
    assert prefers_jsonld("application/ld+json, application/json;q=0.5")
    assert not prefers_jsonld("application/json, application/ld+json;q=0.5")
    assert not prefers_jsonld("application/ld+json;q=0")
    assert not prefers_jsonld("*/*")
    assert not prefers_jsonld(None)
