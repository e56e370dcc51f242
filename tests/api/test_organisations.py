"""The organisation list and detail of the public API."""

from __future__ import annotations

from typing import Any

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from tests.factories import make_channel, make_organisation

SEEDED_SLUGS = {
    "kip-ni",
    "mi",
    "lka-ni",
    "lka-ni-praeventionsstelle-pmk",
    "nfv",
    "ms",
    "mj",
    "mk",
    "kosti",
    "aktion-neustart",
    "beraten",
}


async def test_the_centre_shows_its_postal_address_and_web_form_but_no_email(client: AsyncClient) -> None:
    response = await client.get("/api/v1/organisations/kip-ni")

    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Kompetenzstelle Islamismusprävention Niedersachsen"
    assert body["short_name"] == "KIP NI"
    assert body["kind"] == "centre"
    channels = {channel["kind"]: channel for channel in body["contact_channels"]}
    assert channels["postal_address"]["address"] == {
        "street": "Am Waterlooplatz 11",
        "postal_code": "30169",
        "city": "Hannover",
        "state": "Niedersachsen",
        "country": "DE",
    }
    assert channels["web_form"]["label"] == "Nachricht schreiben"
    assert "email" not in channels
    assert "website" in channels


async def test_english_is_returned_when_asked_for(client: AsyncClient) -> None:
    response = await client.get("/api/v1/organisations/kip-ni", params={"lang": "en"})

    assert response.headers["content-language"] == "en"
    assert response.json()["name"] == "Lower Saxony Competence Centre for the Prevention of Islamism"


async def test_accept_language_chooses_the_language(client: AsyncClient) -> None:
    response = await client.get("/api/v1/organisations/kip-ni", headers={"Accept-Language": "fr, en;q=0.8"})

    assert response.headers["content-language"] == "en"


async def test_german_is_the_default_language(client: AsyncClient) -> None:
    response = await client.get("/api/v1/organisations/kip-ni")

    assert response.headers["content-language"] == "de"


async def test_english_falls_back_to_german_where_no_translation_exists(
    client: AsyncClient, session: AsyncSession
) -> None:
    await make_organisation(session, slug="nur-deutsch", name_de="Nur Deutsch", name_en=None)

    response = await client.get("/api/v1/organisations/nur-deutsch", params={"lang": "en"})

    assert response.json()["name"] == "Nur Deutsch"


async def test_the_list_holds_every_seeded_organisation(client: AsyncClient) -> None:
    response = await client.get("/api/v1/organisations", params={"limit": 200})

    slugs = {item["slug"] for item in response.json()["items"]}
    assert slugs >= SEEDED_SLUGS


async def test_search_ignores_case_and_umlaut_spelling(client: AsyncClient) -> None:
    spelled_out = await client.get("/api/v1/organisations", params={"q": "PRAEVENTIONSSTELLE"})
    with_umlaut = await client.get("/api/v1/organisations", params={"q": "präventionsstelle"})

    found = [item["slug"] for item in spelled_out.json()["items"]]
    assert "lka-ni-praeventionsstelle-pmk" in found
    assert "beraten" not in found
    assert spelled_out.json()["items"] == with_umlaut.json()["items"]


async def test_search_treats_like_wildcards_as_text(client: AsyncClient) -> None:
    response = await client.get("/api/v1/organisations", params={"q": "%"})

    assert response.json()["items"] == []


async def test_kind_filters_the_list(client: AsyncClient) -> None:
    response = await client.get("/api/v1/organisations", params={"kind": "ministry"})

    assert {item["slug"] for item in response.json()["items"]} == {"mi", "ms", "mj", "mk"}


async def test_member_of_lists_the_members_of_the_centre(client: AsyncClient) -> None:
    response = await client.get("/api/v1/organisations", params={"member_of": "kip-ni", "limit": 200})

    assert {item["slug"] for item in response.json()["items"]} == {
        "mi",
        "lka-ni",
        "lka-ni-praeventionsstelle-pmk",
        "nfv",
        "ms",
        "mj",
        "mk",
    }


async def test_topic_filters_by_responsibility(client: AsyncClient) -> None:
    response = await client.get("/api/v1/organisations", params={"topic": "management"})

    assert {item["slug"] for item in response.json()["items"]} == {"mi", "nfv", "lka-ni"}


async def test_region_matches_keys_that_start_with_it(client: AsyncClient, session: AsyncSession) -> None:
    await make_organisation(session, slug="hannover-netzwerk", region="032410001001")
    await make_organisation(session, slug="bremen-netzwerk", region="04011")

    response = await client.get("/api/v1/organisations", params={"region": "03241", "limit": 200})

    slugs = {item["slug"] for item in response.json()["items"]}
    assert "hannover-netzwerk" in slugs
    assert "bremen-netzwerk" not in slugs
    assert "kip-ni" not in slugs


async def test_paging_walks_every_organisation_once(client: AsyncClient) -> None:
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, str | int] = {"limit": 3}
        if cursor:
            params["cursor"] = cursor
        page = (await client.get("/api/v1/organisations", params=params)).json()
        assert len(page["items"]) <= 3
        seen.extend(item["slug"] for item in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert len(seen) == len(set(seen))
    assert set(seen) >= SEEDED_SLUGS


async def test_the_last_page_has_no_next_cursor(client: AsyncClient) -> None:
    response = await client.get("/api/v1/organisations", params={"limit": 200})

    assert response.json()["next_cursor"] is None


async def test_only_public_channels_are_shown(client: AsyncClient, session: AsyncSession) -> None:
    organisation = await make_organisation(session, slug="ausstieg-test")
    await make_channel(session, organisation, kind="phone", value="+49 511 111", visibility="public")
    await make_channel(
        session,
        organisation,
        kind="visiting_address",
        value="Geheimer Treffpunkt 1",
        street="Geheimer Treffpunkt 1",
        postal_code="30159",
        city="Hannover",
        visibility="internal",
    )
    await make_channel(
        session, organisation, kind="email", value="partner@example.org", visibility="partners"
    )

    detail = await client.get("/api/v1/organisations/ausstieg-test")
    channels = await client.get("/api/v1/organisations/ausstieg-test/contact-channels")
    listing = await client.get("/api/v1/organisations", params={"q": "ausstieg-test"})
    vcard = await client.get("/api/v1/organisations/ausstieg-test/vcard")

    for payload in (detail.text, channels.text, listing.text, vcard.text):
        assert "Geheimer Treffpunkt" not in payload
        assert "partner@example.org" not in payload
    assert [channel["kind"] for channel in channels.json()] == ["phone"]


async def test_detail_shows_parent_relations_and_responsibilities(client: AsyncClient) -> None:
    body = (await client.get("/api/v1/organisations/aktion-neustart")).json()

    assert body["parent"] == {"slug": "nfv", "name": "Niedersächsischer Verfassungsschutz"}
    assert {(item["kind"], item["organisation"]["slug"]) for item in body["relations"]} == {
        ("integrated_in", "kip-ni")
    }
    assert {(item["kind"], item["organisation"]["slug"]) for item in body["incoming_relations"]} == {
        ("runs", "nfv")
    }
    assert [(item["topic"]["slug"], item["role"]) for item in body["responsibilities"]] == [
        ("exit-support", "lead")
    ]


async def test_unknown_slug_is_a_404_problem(client: AsyncClient) -> None:
    response = await client.get("/api/v1/organisations/gibt-es-nicht")

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 404
    assert response.json()["instance"] == "/api/v1/organisations/gibt-es-nicht"


async def test_contact_channels_of_an_unknown_slug_are_a_404(client: AsyncClient) -> None:
    response = await client.get("/api/v1/organisations/gibt-es-nicht/contact-channels")

    assert response.status_code == 404


async def test_the_vcard_carries_the_address_and_web_form(client: AsyncClient) -> None:
    response = await client.get("/api/v1/organisations/kip-ni/vcard")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/vcard")
    assert 'filename="kip-ni.vcf"' in response.headers["content-disposition"]
    lines = response.text.split("\r\n")
    assert lines[0] == "BEGIN:VCARD"
    assert "ADR;TYPE=postal:;;Am Waterlooplatz 11;Hannover;Niedersachsen;30169;DE" in lines
    assert "URL:https://kipni.example/kontakt/kip-ni" in lines
    assert not any(line.startswith("EMAIL") for line in lines)


async def _listed_and_alone(client: AsyncClient, headers: dict[str, str]) -> list[tuple[Any, Any]]:
    """Each organisation of the list beside its own page."""
    listed = (await client.get("/api/v1/organisations", params={"limit": 200}, headers=headers)).json()
    return [
        (item, (await client.get(f"/api/v1/organisations/{item['slug']}", headers=headers)).json())
        for item in listed["items"]
    ]


@pytest.mark.parametrize("language", ["de", "en"])
async def test_every_organisation_reads_in_the_list_as_on_its_own_page(
    client: AsyncClient, session: AsyncSession, language: str
) -> None:
    """The list reads plain rows, the single entry ORM objects: both answer the same."""
    organisation = await make_organisation(session, slug="mit-allem")
    await make_channel(session, organisation, kind="phone", value="+49 511 222", visibility="public")
    await make_channel(
        session,
        organisation,
        kind="visiting_address",
        value="Am Markt 1",
        street="Am Markt 1",
        postal_code="30159",
        city="Hannover",
        visibility="public",
    )

    pairs = await _listed_and_alone(client, {"Accept-Language": language})

    assert {listed["slug"] for listed, _ in pairs} >= SEEDED_SLUGS | {"mit-allem"}
    for listed, alone in pairs:
        assert listed == alone
