"""The HSDS 3.0 API under /api/v1/export/hsds, checked against the official schemas."""

from __future__ import annotations

import copy
import uuid
from datetime import date
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.i18n import Language
from api.core.page_cache import PageCache
from api.directory.models import ContactChannel, Organisation, Responsibility
from api.directory.opendata import service
from api.directory.opendata.hsds import hsds_id, lower_saxony_holidays
from api.directory.versions import record_directory_write
from tests.factories import make_channel
from tests.opendata_helpers import hsds_page_envelope, hsds_validator, schema_errors

BASE = "/api/v1/export/hsds"
WEEKDAYS = {
    "weekly": [{"day": day, "opens": "09:00", "closes": "15:30"} for day in ("mon", "tue", "wed", "thu")]
    + [{"day": "fri", "opens": "09:00", "closes": "12:00"}],
    "exceptions": [{"date": "2026-12-24", "closed": True, "note": "Heiligabend"}],
}


async def _organisation(session: AsyncSession, slug: str) -> Organisation:
    found = await session.scalar(select(Organisation).where(Organisation.slug == slug))
    assert found is not None
    return found


@pytest.fixture
async def channels(session: AsyncSession) -> dict[str, ContactChannel]:
    """KIP NI with every kind of channel: public ones with hours, and two that are not public."""
    kip = await _organisation(session, "kip-ni")
    made = {
        "visiting": await make_channel(
            session, kip, kind="visiting_address", label_de="Besuchsadresse", label_en="Visitors' address",
            value="Am Waterlooplatz 11, 30169 Hannover", street="Am Waterlooplatz 11", postal_code="30169",
            city="Hannover", state="Niedersachsen", country="DE", opening_hours=WEEKDAYS,
            languages=["de", "en"],
        ),
        "phone": await make_channel(session, kip, value="+49 511 120 0", opening_hours=WEEKDAYS),
        "fax": await make_channel(session, kip, kind="fax", label_de="Fax", value="+49 511 120 99"),
        "email": await make_channel(
            session, kip, kind="email", label_de="Geschäftsstelle", value="kontakt@kip.example"
        ),
        "internal": await make_channel(
            session, kip, kind="phone", label_de="Lagezentrum", value="+49 511 999 111", visibility="internal"
        ),
        "partners": await make_channel(
            session, kip, kind="email", label_de="Fachkräfte", value="partner@kip.example",
            visibility="partners",
        ),
    }  # fmt: skip
    return made


async def _dataset(client: AsyncClient, lang: str = "de") -> dict[str, Any]:
    response = await client.get(f"{BASE}/dataset", params={"lang": lang})
    assert response.status_code == 200, response.text
    document: dict[str, Any] = response.json()
    return document


def _by_name(document: dict[str, Any], name: str) -> dict[str, Any]:
    return next(item for item in document["organizations"] if item["name"] == name)


async def test_every_exported_object_validates_against_the_official_schemas(
    client: AsyncClient, channels: dict[str, ContactChannel]
) -> None:
    document = await _dataset(client)

    tables = {
        "organization": document["organizations"],
        "service": document["services"],
        "service_at_location": document["service_at_locations"],
        "taxonomy": document["taxonomies"],
        "taxonomy_term": document["taxonomy_terms"],
        "location": [location for item in document["organizations"] for location in item["locations"]],
        "phone": [phone for item in document["organizations"] for phone in item["phones"]],
        "contact": [contact for item in document["organizations"] for contact in item["contacts"]],
    }
    assert all(tables.values()), {table: len(objects) for table, objects in tables.items()}
    problems = {
        f"{table} {item['id']}": errors
        for table, objects in tables.items()
        for item in objects
        if (errors := schema_errors(table, item))
    }
    assert problems == {}
    assert len(document["organizations"]) == 11


async def test_an_export_missing_a_required_field_fails_validation(
    client: AsyncClient, channels: dict[str, ContactChannel]
) -> None:
    document = await _dataset(client)
    broken = copy.deepcopy(_by_name(document, "Kompetenzstelle Islamismusprävention Niedersachsen"))
    del broken["description"]
    del broken["locations"][0]["addresses"][0]["city"]

    errors = schema_errors("organization", broken)

    assert any("'description' is a required property" in error for error in errors)
    assert any("'city' is a required property" in error for error in errors)


async def test_each_list_has_the_page_envelope_of_the_hsds_api(client: AsyncClient) -> None:
    envelope = hsds_page_envelope()
    validator = hsds_validator("taxonomy_term")

    for path in ("organizations", "services", "service_at_locations", "taxonomies", "taxonomy_terms"):
        page = (await client.get(f"{BASE}/{path}")).json()

        assert set(envelope["properties"]) | {"contents"} == set(page), path
        if path == "taxonomy_terms":
            for term in page["contents"]:
                validator.validate(term)


async def test_pages_count_from_one_and_say_where_they_are(client: AsyncClient) -> None:
    third = (await client.get(f"{BASE}/organizations", params={"page": 3, "per_page": 4})).json()
    beyond = (await client.get(f"{BASE}/organizations", params={"page": 4, "per_page": 4})).json()

    assert {key: value for key, value in third.items() if key != "contents"} == {
        "total_items": 11,
        "total_pages": 3,
        "page_number": 3,
        "size": 3,
        "first_page": False,
        "last_page": True,
        "empty": False,
    }
    assert beyond["size"] == 0
    assert beyond["empty"] is True
    assert beyond["contents"] == []


async def test_per_page_above_the_maximum_is_a_problem(client: AsyncClient) -> None:
    response = await client.get(f"{BASE}/organizations", params={"per_page": 201})

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


async def test_the_base_url_names_version_profile_and_this_services_openapi(client: AsyncClient) -> None:
    bare = await client.get(BASE)
    slash = await client.get(BASE + "/")

    assert bare.status_code == slash.status_code == 200
    assert bare.json() == slash.json()
    assert bare.json()["version"] == "3.0"
    assert bare.json()["openapi_url"] == "https://kipni.example/api/v1/openapi.json"
    assert bare.json()["profile"].startswith("https://")


async def test_only_public_channels_are_published(
    client: AsyncClient, channels: dict[str, ContactChannel]
) -> None:
    kip = _by_name(await _dataset(client), "Kompetenzstelle Islamismusprävention Niedersachsen")

    assert sorted(phone["number"] for phone in kip["phones"]) == ["+49 511 120 0", "+49 511 120 99"]
    assert [contact["email"] for contact in kip["contacts"]] == ["kontakt@kip.example"]
    assert kip["email"] == "kontakt@kip.example"
    text = str(kip)
    assert "+49 511 999 111" not in text
    assert "partner@kip.example" not in text


async def test_opening_hours_are_weekly_schedules_and_holidays_dated_exceptions(
    session: AsyncSession, channels: dict[str, ContactChannel]
) -> None:
    dataset = await service.hsds_dataset(
        session, language=Language.de, base_url="https://kipni.example", today=date(2026, 1, 10)
    )
    kip = next(item for item in dataset.organizations if item.alternate_name == "KIP NI")
    visiting = next(location for location in kip.locations if location.location_type == "physical")

    weekly = [schedule for schedule in visiting.schedules if schedule.freq == "WEEKLY"]
    dated = {schedule.valid_from: schedule for schedule in visiting.schedules if schedule.valid_from}
    assert [(item.byday, item.opens_at, item.closes_at) for item in weekly] == [
        ("MO,TU,WE,TH", "09:00", "15:30"),
        ("FR", "09:00", "12:00"),
    ]
    assert "2026-04-03" in dated  # Good Friday 2026
    assert "2026-10-31" in dated  # Reformation Day
    assert "2026-01-01" not in dated  # already past on 10 January
    assert dated["2026-12-24"].description == "Heiligabend"
    assert all(item.opens_at is None for item in dated.values())
    assert visiting.addresses[0].address_type == "physical"
    assert [language.code for language in visiting.languages] == ["de", "en"]


def test_the_holidays_of_lower_saxony_follow_easter() -> None:
    holidays = lower_saxony_holidays(2026)

    assert date(2026, 4, 3) in holidays
    assert date(2026, 4, 6) in holidays
    assert date(2026, 5, 14) in holidays
    assert date(2026, 5, 25) in holidays
    assert len(holidays) == 10


async def test_one_service_per_leading_responsibility_with_its_topic_as_a_term(
    client: AsyncClient, session: AsyncSession
) -> None:
    document = await _dataset(client)
    leading = (
        await session.scalars(select(Responsibility).where(Responsibility.role.in_(["lead", "shared_lead"])))
    ).all()

    assert sorted(service["id"] for service in document["services"]) == sorted(
        str(hsds_id("service", item.id)) for item in leading
    )
    codes = {term["code"] for term in document["taxonomy_terms"]}
    for item in document["services"]:
        (attribute,) = item["attributes"]
        assert attribute["taxonomy_term"]["code"] in codes
        assert attribute["link_id"] == item["id"]


async def test_services_reach_the_organisations_locations(client: AsyncClient) -> None:
    document = await _dataset(client)
    networking = next(
        item
        for item in document["services"]
        if item["attributes"][0]["taxonomy_term"]["code"] == "networking"
    )
    kip = _by_name(document, "Kompetenzstelle Islamismusprävention Niedersachsen")

    assert networking["organization_id"] == kip["id"]
    assert {link["location_id"] for link in networking["service_at_locations"]} == {
        location["id"] for location in kip["locations"]
    }
    assert {location["location_type"] for location in kip["locations"]} == {"postal", "virtual"}
    virtual = next(location for location in kip["locations"] if location["location_type"] == "virtual")
    assert virtual["url"] == "https://kipni.example/kontakt/kip-ni"


async def test_ids_are_derived_from_the_entries_and_never_change(
    app: FastAPI, client: AsyncClient, session: AsyncSession
) -> None:
    kip = await _organisation(session, "kip-ni")
    first = _by_name(await _dataset(client), kip.name_de)
    cache: PageCache = app.state.page_cache
    cache.invalidate()

    again = _by_name(await _dataset(client), kip.name_de)

    assert first["id"] == again["id"] == str(hsds_id("organization", kip.id))
    assert uuid.UUID(first["id"]).version == 5
    assert first == again


async def test_parent_organizations_are_linked_by_their_hsds_id(
    client: AsyncClient, session: AsyncSession
) -> None:
    document = await _dataset(client)
    unit = await _organisation(session, "lka-ni-praeventionsstelle-pmk")
    assert unit.parent_id is not None

    (found,) = [
        item for item in document["organizations"] if item["id"] == str(hsds_id("organization", unit.id))
    ]

    assert found["parent_organization_id"] == str(hsds_id("organization", unit.parent_id))


async def test_one_object_by_its_id_and_an_unknown_id_is_not_found(
    client: AsyncClient, session: AsyncSession
) -> None:
    kip = await _organisation(session, "kip-ni")
    wanted = hsds_id("organization", kip.id)

    found = await client.get(f"{BASE}/organizations/{wanted}")
    missing = await client.get(f"{BASE}/organizations/{uuid.uuid4()}")

    assert found.status_code == 200
    assert found.json()["name"] == kip.name_de
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"


async def test_english_texts_on_request_with_the_language_named(client: AsyncClient) -> None:
    response = await client.get(f"{BASE}/taxonomy_terms", headers={"Accept-Language": "en"})

    assert response.headers["content-language"] == "en"
    names = {term["code"]: term for term in response.json()["contents"]}
    assert names["case-coordination"]["name"] == "Coordination of individual case work"
    assert names["case-coordination"]["language"] == "en"


async def test_hsds_reads_are_cached_publicly_and_revalidated(client: AsyncClient) -> None:
    first = await client.get(f"{BASE}/services")

    second = await client.get(f"{BASE}/services", headers={"If-None-Match": first.headers["etag"]})

    assert first.headers["cache-control"] == "public, max-age=60"
    assert second.status_code == 304


async def test_a_directory_write_refreshes_the_hsds_pages(
    app: FastAPI, client: AsyncClient, session: AsyncSession
) -> None:
    before = await client.get(f"{BASE}/organizations", params={"per_page": 200})
    kip = await _organisation(session, "kip-ni")
    kip.short_name = "KIP"
    await session.flush()
    await record_directory_write(session, app.state.page_cache)
    await session.commit()

    after = await client.get(f"{BASE}/organizations", params={"per_page": 200})

    assert after.headers["etag"] != before.headers["etag"]
    assert "KIP" in {item.get("alternate_name") for item in after.json()["contents"]}
