"""Staff writes of the directory: create, change, delete, preconditions, staff reads, audit."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from api.audit.models import AuditEvent
from api.core.errors import PreconditionFailed
from api.core.i18n import Language
from api.core.principal import Actor, RequestMeta
from api.directory.editing import organisations
from api.directory.editing.common import DirectoryEditor
from api.directory.models import ContactChannel, Organisation, Relation, Responsibility
from api.directory.schemas import OrganisationPatch
from tests.auth_helpers import bearer_for
from tests.factories import (
    make_channel,
    make_organisation,
    make_relation,
    make_responsibility,
    make_topic,
    make_user,
)

V1 = "/api/v1"
NEW_ORGANISATION: dict[str, Any] = {
    "slug": "jugendamt-testhausen",
    "name": {"de": "Jugendamt Testhausen", "en": "Youth Office Testhausen"},
    "short_name": "JA Testhausen",
    "kind": "agency",
    "description": {"de": "Vertraulicher Beschreibungstext."},
    "parent": None,
    "region": "03241",
    "website": "https://testhausen.example",
    "founded": 1990,
}
PHONE: dict[str, Any] = {
    "kind": "phone",
    "label": {"de": "Telefon", "en": "Phone"},
    "value": "+49 511 123456",
    "visibility": "public",
}
VISITING_ADDRESS: dict[str, Any] = {
    "kind": "visiting_address",
    "label": {"de": "Besuchsadresse"},
    "value": "Geheimweg 1, 30159 Hannover",
    "visibility": "internal",
    "address": {"street": "Geheimweg 1", "postal_code": "30159", "city": "Hannover"},
}


@pytest.fixture
async def editor(client: AsyncClient, session: AsyncSession) -> dict[str, str]:
    """The Authorization header of an editor of KIP NI."""
    user = await make_user(session, role="editor")
    return await bearer_for(client, user.email)


def organisation_url(slug: str) -> str:
    return f"{V1}/organisations/{slug}"


def channels_url(slug: str) -> str:
    return f"{V1}/organisations/{slug}/contact-channels"


async def directory_audit(session: AsyncSession) -> list[AuditEvent]:
    statement = select(AuditEvent).where(AuditEvent.action.startswith("directory.")).order_by(AuditEvent.seq)
    return list((await session.scalars(statement)).all())


# Organisations


async def test_an_editor_creates_an_organisation(client: AsyncClient, editor: dict[str, str]) -> None:
    response = await client.post(f"{V1}/organisations", json=NEW_ORGANISATION, headers=editor)

    assert response.status_code == 201
    assert response.headers["location"] == organisation_url("jugendamt-testhausen")
    assert response.headers["etag"] == '"1"'
    assert response.json()["name"] == "Jugendamt Testhausen"
    public = await client.get(organisation_url("jugendamt-testhausen"), params={"lang": "en"})
    assert public.json()["name"] == "Youth Office Testhausen"


async def test_a_created_organisation_is_found_by_search(client: AsyncClient, editor: dict[str, str]) -> None:
    await client.post(f"{V1}/organisations", json=NEW_ORGANISATION, headers=editor)

    found = await client.get(f"{V1}/organisations", params={"q": "TESTHAUSEN"})

    assert [item["slug"] for item in found.json()["items"]] == ["jugendamt-testhausen"]


async def test_an_editor_updates_an_organisation(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str]
) -> None:
    organisation = await make_organisation(session, short_name="Alt")

    response = await client.patch(
        organisation_url(organisation.slug),
        json={"name": {"de": "Neuer Name"}, "short_name": None},
        headers={**editor, "If-Match": '"1"'},
    )

    assert response.status_code == 200
    assert response.headers["etag"] == '"2"'
    assert (response.json()["name"], response.json()["short_name"]) == ("Neuer Name", None)


async def test_an_editor_deletes_an_organisation(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str]
) -> None:
    organisation = await make_organisation(session)
    await client.get(organisation_url(organisation.slug))

    response = await client.delete(organisation_url(organisation.slug), headers={**editor, "If-Match": '"1"'})

    assert response.status_code == 204
    assert (await client.get(organisation_url(organisation.slug))).status_code == 404


async def test_deleting_an_organisation_removes_its_channels_responsibilities_and_relations(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str]
) -> None:
    organisation = await make_organisation(session)
    other = await make_organisation(session)
    await make_channel(session, organisation)
    await make_responsibility(session, await make_topic(session), organisation)
    await make_relation(session, organisation, "member_of", other)
    await make_relation(session, other, "funds", organisation)

    await client.delete(organisation_url(organisation.slug), headers={**editor, "If-Match": '"1"'})

    for column, key in (
        (ContactChannel.organisation_id, organisation.id),
        (Responsibility.organisation_id, organisation.id),
        (Relation.subject_id, organisation.id),
        (Relation.object_id, organisation.id),
    ):
        assert await session.scalar(select(func.count()).where(column == key)) == 0
    assert (await client.get(organisation_url(other.slug))).json()["relations"] == []


async def test_organisations_below_a_deleted_one_lose_their_parent(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str]
) -> None:
    top = await make_organisation(session)
    below = await make_organisation(session, parent_id=top.id)

    await client.delete(organisation_url(top.slug), headers={**editor, "If-Match": '"1"'})

    assert (await client.get(organisation_url(below.slug))).json()["parent"] is None


async def test_an_organisation_with_user_accounts_cannot_be_deleted(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str]
) -> None:
    version = await session.scalar(select(Organisation.version).where(Organisation.slug == "kip-ni"))

    response = await client.delete(organisation_url("kip-ni"), headers={**editor, "If-Match": f'"{version}"'})

    assert response.status_code == 409
    assert (await client.get(organisation_url("kip-ni"))).status_code == 200


async def test_a_duplicate_slug_is_a_409(client: AsyncClient, editor: dict[str, str]) -> None:
    response = await client.post(
        f"{V1}/organisations", json={**NEW_ORGANISATION, "slug": "kip-ni"}, headers=editor
    )

    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("field", "value"),
    [("id", str(uuid.uuid4())), ("version", 7), ("created_at", "2020-01-01T00:00:00Z"), ("assured_at", None)],
)
async def test_unknown_fields_on_create_are_a_422_and_store_nothing(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str], field: str, value: object
) -> None:
    response = await client.post(
        f"{V1}/organisations", json={**NEW_ORGANISATION, field: value}, headers=editor
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", field]
    assert (
        await session.scalar(select(Organisation.id).where(Organisation.slug == NEW_ORGANISATION["slug"]))
        is None
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id", str(uuid.uuid4())),
        ("version", 7),
        ("slug", "umbenannt"),
        ("created_at", "2020-01-01T00:00:00Z"),
    ],
)
async def test_unknown_fields_on_update_are_a_422_and_change_nothing(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str], field: str, value: object
) -> None:
    organisation = await make_organisation(session, name_de="Unverändert")

    response = await client.patch(
        organisation_url(organisation.slug),
        json={"name": {"de": "Geändert"}, field: value},
        headers={**editor, "If-Match": '"1"'},
    )

    assert response.status_code == 422
    stored = await session.execute(
        select(Organisation.slug, Organisation.name_de, Organisation.version).where(
            Organisation.id == organisation.id
        )
    )
    assert stored.one() == (organisation.slug, "Unverändert", 1)


async def test_a_required_field_cannot_be_emptied(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str]
) -> None:
    organisation = await make_organisation(session)

    response = await client.patch(
        organisation_url(organisation.slug), json={"name": None}, headers={**editor, "If-Match": '"1"'}
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "name"]


async def test_assured_sets_assured_at(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str]
) -> None:
    organisation = await make_organisation(session)

    response = await client.patch(
        organisation_url(organisation.slug), json={"assured": True}, headers={**editor, "If-Match": '"1"'}
    )

    assert response.json()["assured_at"] is not None
    assert (await client.get(organisation_url(organisation.slug))).json()["assured_at"] is not None


async def test_an_organisation_cannot_be_placed_below_itself(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str]
) -> None:
    top = await make_organisation(session)
    below = await make_organisation(session, parent_id=top.id)

    response = await client.patch(
        organisation_url(top.slug), json={"parent": below.slug}, headers={**editor, "If-Match": '"1"'}
    )

    assert response.status_code == 409
    assert response.json()["errors"] == [
        {"loc": ["body", "parent"], "msg": "An organisation cannot be placed below itself."}
    ]


async def test_an_unknown_parent_is_a_409(client: AsyncClient, editor: dict[str, str]) -> None:
    response = await client.post(
        f"{V1}/organisations", json={**NEW_ORGANISATION, "parent": "gibt-es-nicht"}, headers=editor
    )

    assert response.status_code == 409
    assert response.json()["errors"][0]["loc"] == ["body", "parent"]


async def test_the_public_read_reflects_a_write_at_once(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str]
) -> None:
    organisation = await make_organisation(session, name_de="Vorher")
    assert (await client.get(organisation_url(organisation.slug))).json()["name"] == "Vorher"

    await client.patch(
        organisation_url(organisation.slug),
        json={"name": {"de": "Nachher"}},
        headers={**editor, "If-Match": '"1"'},
    )

    assert (await client.get(organisation_url(organisation.slug))).json()["name"] == "Nachher"


# Preconditions


async def test_a_change_without_if_match_is_a_428(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str]
) -> None:
    organisation = await make_organisation(session)

    response = await client.patch(organisation_url(organisation.slug), json={"founded": 2001}, headers=editor)

    assert response.status_code == 428
    assert response.headers["content-type"] == "application/problem+json"


async def test_a_delete_without_if_match_is_a_428(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str]
) -> None:
    organisation = await make_organisation(session)

    response = await client.delete(organisation_url(organisation.slug), headers=editor)

    assert response.status_code == 428
    assert (await client.get(organisation_url(organisation.slug))).status_code == 200


async def test_a_stale_etag_is_a_412_and_changes_nothing(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str]
) -> None:
    organisation = await make_organisation(session, founded=1999)

    response = await client.patch(
        organisation_url(organisation.slug), json={"founded": 2001}, headers={**editor, "If-Match": '"7"'}
    )

    assert response.status_code == 412
    assert response.headers["content-type"] == "application/problem+json"
    assert (
        await session.scalar(select(Organisation.founded).where(Organisation.id == organisation.id)) == 1999
    )


async def test_a_stale_etag_on_delete_is_a_412_and_deletes_nothing(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str]
) -> None:
    organisation = await make_organisation(session)

    response = await client.delete(organisation_url(organisation.slug), headers={**editor, "If-Match": '"2"'})

    assert response.status_code == 412
    assert (await client.get(organisation_url(organisation.slug))).status_code == 200


async def test_if_match_star_matches_the_current_version(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str]
) -> None:
    organisation = await make_organisation(session)

    response = await client.patch(
        organisation_url(organisation.slug), json={"founded": 2001}, headers={**editor, "If-Match": "*"}
    )

    assert response.status_code == 200


async def test_of_two_editors_the_first_wins_and_the_second_gets_412(
    client: AsyncClient, session: AsyncSession
) -> None:
    organisation = await make_organisation(session)
    first = await bearer_for(client, (await make_user(session, role="editor")).email)
    second = await bearer_for(client, (await make_user(session, role="editor", organisation="lka-ni")).email)
    url = organisation_url(organisation.slug)
    etag_first = (await client.get(url, headers=first)).headers["etag"]
    etag_second = (await client.get(url, headers=second)).headers["etag"]
    assert etag_first == etag_second

    won = await client.patch(url, json={"short_name": "Erste"}, headers={**first, "If-Match": etag_first})
    lost = await client.patch(url, json={"short_name": "Zweite"}, headers={**second, "If-Match": etag_second})

    assert (won.status_code, lost.status_code) == (200, 412)
    assert (await client.get(url)).json()["short_name"] == "Erste"


async def test_a_concurrent_change_found_only_at_flush_is_a_412(app: FastAPI, session: AsyncSession) -> None:
    organisation = await make_organisation(session)
    # Another transaction changes the row after this one read version 1.
    await session.execute(
        update(Organisation)
        .where(Organisation.id == organisation.id)
        .values(version=Organisation.version + 1)
        .execution_options(synchronize_session=False)
    )
    editor = DirectoryEditor(session, Actor(kind="user"), RequestMeta(), app.state.page_cache)

    with pytest.raises(PreconditionFailed) as refused:
        await organisations.update_organisation(
            editor, organisation.slug, OrganisationPatch(founded=2001), if_match='"1"', language=Language.de
        )

    assert isinstance(refused.value.__cause__, StaleDataError)


# Staff reads


async def test_staff_read_shows_internal_channels_while_the_public_read_does_not(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str]
) -> None:
    organisation = await make_organisation(session)
    await make_channel(session, organisation, value="+49 511 111")
    await make_channel(session, organisation, kind="email", value="intern@example.org", visibility="internal")

    staff = await client.get(organisation_url(organisation.slug), headers=editor)
    public = await client.get(organisation_url(organisation.slug))

    assert {channel["visibility"] for channel in staff.json()["contact_channels"]} == {"public", "internal"}
    assert "intern@example.org" not in public.text


async def test_a_staff_read_carries_the_row_etag_and_is_not_cached(
    app: FastAPI, client: AsyncClient, session: AsyncSession, editor: dict[str, str]
) -> None:
    organisation = await make_organisation(session)
    app.state.page_cache.invalidate()

    response = await client.get(organisation_url(organisation.slug), headers=editor)

    assert response.headers["etag"] == '"1"'
    assert response.headers["cache-control"] == "no-store"
    assert len(app.state.page_cache) == 0


async def test_the_staff_list_of_channels_shows_every_visibility(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str]
) -> None:
    organisation = await make_organisation(session)
    for visibility in ("public", "partners", "internal"):
        await make_channel(session, organisation, visibility=visibility)

    staff = await client.get(channels_url(organisation.slug), headers=editor)
    public = await client.get(channels_url(organisation.slug))

    assert sorted(channel["visibility"] for channel in staff.json()) == ["internal", "partners", "public"]
    assert [channel["visibility"] for channel in public.json()] == ["public"]


async def test_a_token_without_directory_write_gets_the_public_view(
    client: AsyncClient, session: AsyncSession
) -> None:
    organisation = await make_organisation(session)
    await make_channel(session, organisation, kind="email", value="intern@example.org", visibility="internal")
    partner = await bearer_for(client, (await make_user(session, role="partner")).email)

    response = await client.get(organisation_url(organisation.slug), headers=partner)

    assert response.status_code == 200
    assert response.json()["contact_channels"] == []
    assert response.headers["cache-control"] == "public, max-age=60"


async def test_a_bad_token_on_a_public_read_is_a_401(client: AsyncClient) -> None:
    response = await client.get(organisation_url("kip-ni"), headers={"Authorization": "Bearer nonsense"})

    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


# Who may write


async def test_a_partner_token_cannot_write(client: AsyncClient, session: AsyncSession) -> None:
    partner = await bearer_for(client, (await make_user(session, role="partner")).email)

    response = await client.post(f"{V1}/organisations", json=NEW_ORGANISATION, headers=partner)

    assert response.status_code == 403


async def test_writing_without_a_token_is_a_401(client: AsyncClient) -> None:
    response = await client.post(f"{V1}/organisations", json=NEW_ORGANISATION)

    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")


# Contact channels


async def test_an_editor_adds_a_contact_channel(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str]
) -> None:
    organisation = await make_organisation(session)

    response = await client.post(channels_url(organisation.slug), json=VISITING_ADDRESS, headers=editor)

    assert response.status_code == 201
    assert response.headers["etag"] == '"1"'
    read = await client.get(response.headers["location"], headers=editor)
    assert read.json()["address"]["street"] == "Geheimweg 1"
    assert read.json()["visibility"] == "internal"


async def test_an_internal_channel_is_not_found_at_its_public_url(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str]
) -> None:
    organisation = await make_organisation(session)
    created = await client.post(channels_url(organisation.slug), json=VISITING_ADDRESS, headers=editor)

    response = await client.get(created.headers["location"])

    assert response.status_code == 404


async def test_an_editor_changes_a_contact_channel(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str]
) -> None:
    organisation = await make_organisation(session)
    channel = await make_channel(session, organisation)

    response = await client.patch(
        f"{channels_url(organisation.slug)}/{channel.id}",
        json={"kind": "email", "value": "info@example.org", "label": {"de": "E-Mail"}},
        headers={**editor, "If-Match": '"1"'},
    )

    assert response.status_code == 200
    assert response.headers["etag"] == '"2"'
    assert (response.json()["kind"], response.json()["value"]) == ("email", "info@example.org")


async def test_an_editor_deletes_a_contact_channel(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str]
) -> None:
    organisation = await make_organisation(session)
    channel = await make_channel(session, organisation)

    response = await client.delete(
        f"{channels_url(organisation.slug)}/{channel.id}", headers={**editor, "If-Match": '"1"'}
    )

    assert response.status_code == 204
    assert (await client.get(channels_url(organisation.slug))).json() == []


async def test_an_address_channel_needs_an_address(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str]
) -> None:
    organisation = await make_organisation(session)

    response = await client.post(
        channels_url(organisation.slug), json={**VISITING_ADDRESS, "address": None}, headers=editor
    )

    assert response.status_code == 409
    assert response.json()["errors"][0]["loc"] == ["body", "address"]


async def test_other_channels_have_no_address(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str]
) -> None:
    organisation = await make_organisation(session)

    response = await client.post(
        channels_url(organisation.slug),
        json={**PHONE, "address": VISITING_ADDRESS["address"]},
        headers=editor,
    )

    assert response.status_code == 409
    assert response.json()["errors"][0]["loc"] == ["body", "address"]


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("email", "keine-adresse"),
        ("phone", "0511 / 123-456 ext"),
        ("fax", "call me"),
        ("website", "http://unsicher.example"),
        ("web_form", "//fremd.example/form"),
        ("web_form", "javascript:alert(1)"),
    ],
)
async def test_channel_values_are_checked_by_kind(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str], kind: str, value: str
) -> None:
    organisation = await make_organisation(session)

    response = await client.post(
        channels_url(organisation.slug), json={**PHONE, "kind": kind, "value": value}, headers=editor
    )

    assert response.status_code == 409
    assert response.json()["errors"][0]["loc"] == ["body", "value"]


async def test_a_change_of_kind_is_checked_against_the_stored_value(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str]
) -> None:
    organisation = await make_organisation(session)
    channel = await make_channel(session, organisation, value="+49 511 000000")

    response = await client.patch(
        f"{channels_url(organisation.slug)}/{channel.id}",
        json={"kind": "email"},
        headers={**editor, "If-Match": '"1"'},
    )

    assert response.status_code == 409


async def test_a_channel_of_another_organisation_is_not_found(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str]
) -> None:
    mine = await make_organisation(session)
    theirs = await make_organisation(session)
    channel = await make_channel(session, theirs, value="+49 511 999")

    read = await client.get(f"{channels_url(mine.slug)}/{channel.id}", headers=editor)
    change = await client.patch(
        f"{channels_url(mine.slug)}/{channel.id}",
        json={"value": "+49 1"},
        headers={**editor, "If-Match": '"1"'},
    )
    delete = await client.delete(
        f"{channels_url(mine.slug)}/{channel.id}", headers={**editor, "If-Match": '"1"'}
    )

    assert (read.status_code, change.status_code, delete.status_code) == (404, 404, 404)
    assert (
        await session.scalar(select(ContactChannel.value).where(ContactChannel.id == channel.id))
        == "+49 511 999"
    )


# Responsibilities


async def test_an_editor_records_a_responsibility(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str]
) -> None:
    organisation = await make_organisation(session)
    body = {"topic": "counselling", "organisation": organisation.slug, "role": "support", "region": "03241"}

    response = await client.post(f"{V1}/responsibilities", json=body, headers=editor)

    assert response.status_code == 201
    public = await client.get(response.headers["location"])
    assert (public.json()["topic"]["slug"], public.json()["role"]) == ("counselling", "support")


async def test_an_editor_changes_a_responsibility(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str]
) -> None:
    organisation = await make_organisation(session)
    responsibility = await make_responsibility(session, await make_topic(session), organisation, region="03")

    response = await client.patch(
        f"{V1}/responsibilities/{responsibility.id}",
        json={"role": "shared_lead", "region": None, "description": {"de": "Für das ganze Land."}},
        headers={**editor, "If-Match": '"1"'},
    )

    assert response.status_code == 200
    assert response.headers["etag"] == '"2"'
    body = response.json()
    assert (body["role"], body["region"], body["description"]) == ("shared_lead", None, "Für das ganze Land.")


async def test_an_editor_moves_a_responsibility_to_another_organisation(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str]
) -> None:
    responsibility = await make_responsibility(
        session, await make_topic(session), await make_organisation(session)
    )
    other = await make_organisation(session)

    response = await client.patch(
        f"{V1}/responsibilities/{responsibility.id}",
        json={"organisation": other.slug},
        headers={**editor, "If-Match": '"1"'},
    )

    assert response.json()["organisation"]["slug"] == other.slug
    assert len((await client.get(organisation_url(other.slug))).json()["responsibilities"]) == 1


async def test_an_editor_deletes_a_responsibility(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str]
) -> None:
    responsibility = await make_responsibility(
        session, await make_topic(session), await make_organisation(session)
    )

    response = await client.delete(
        f"{V1}/responsibilities/{responsibility.id}", headers={**editor, "If-Match": '"1"'}
    )

    assert response.status_code == 204
    assert (await client.get(f"{V1}/responsibilities/{responsibility.id}")).status_code == 404


async def test_a_duplicate_responsibility_is_a_409(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str]
) -> None:
    body = {"topic": "management", "organisation": "mi", "role": "formal"}

    response = await client.post(f"{V1}/responsibilities", json=body, headers=editor)

    assert response.status_code == 409


async def test_an_unknown_topic_is_a_409(client: AsyncClient, editor: dict[str, str]) -> None:
    body = {"topic": "gibt-es-nicht", "organisation": "mi", "role": "lead"}

    response = await client.post(f"{V1}/responsibilities", json=body, headers=editor)

    assert response.status_code == 409
    assert response.json()["errors"][0]["loc"] == ["body", "topic"]


# Relations


async def test_an_editor_records_a_relation(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str]
) -> None:
    organisation = await make_organisation(session)

    response = await client.post(
        f"{V1}/relations",
        json={"subject": organisation.slug, "kind": "member_of", "object": "kip-ni"},
        headers=editor,
    )

    assert response.status_code == 201
    assert response.headers["etag"] == '"1"'
    relation = (await client.get(response.headers["location"])).json()
    assert (relation["subject"]["slug"], relation["kind"], relation["object"]["slug"]) == (
        organisation.slug,
        "member_of",
        "kip-ni",
    )
    members = await client.get(f"{V1}/organisations", params={"member_of": "kip-ni", "limit": 200})
    assert organisation.slug in {item["slug"] for item in members.json()["items"]}


async def test_an_editor_deletes_a_relation(
    client: AsyncClient, session: AsyncSession, editor: dict[str, str]
) -> None:
    organisation = await make_organisation(session)
    relation = await make_relation(session, organisation, "part_of", await make_organisation(session))

    response = await client.delete(f"{V1}/relations/{relation.id}", headers={**editor, "If-Match": '"1"'})

    assert response.status_code == 204
    assert (await client.get(organisation_url(organisation.slug))).json()["relations"] == []


async def test_a_relation_to_itself_is_a_409(client: AsyncClient, editor: dict[str, str]) -> None:
    response = await client.post(
        f"{V1}/relations", json={"subject": "mi", "kind": "member_of", "object": "mi"}, headers=editor
    )

    assert response.status_code == 409


async def test_a_duplicate_relation_is_a_409(client: AsyncClient, editor: dict[str, str]) -> None:
    response = await client.post(
        f"{V1}/relations", json={"subject": "mi", "kind": "member_of", "object": "kip-ni"}, headers=editor
    )

    assert response.status_code == 409


# Audit


async def test_each_write_leaves_an_audit_row_with_the_actor_and_no_texts(
    client: AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session, role="editor")
    editor = await bearer_for(client, user.email)
    slug = NEW_ORGANISATION["slug"]
    await client.post(f"{V1}/organisations", json=NEW_ORGANISATION, headers=editor)
    await client.patch(
        organisation_url(slug),
        json={"description": {"de": "Geheimer Text"}},
        headers={**editor, "If-Match": '"1"'},
    )
    channel = (await client.post(channels_url(slug), json=VISITING_ADDRESS, headers=editor)).json()
    await client.delete(f"{channels_url(slug)}/{channel['id']}", headers={**editor, "If-Match": '"1"'})
    await client.delete(organisation_url(slug), headers={**editor, "If-Match": '"2"'})

    events = await directory_audit(session)

    assert [event.action for event in events] == [
        "directory.organisation.create",
        "directory.organisation.update",
        "directory.contact_channel.create",
        "directory.contact_channel.delete",
        "directory.organisation.delete",
    ]
    assert {event.actor_id for event in events} == {str(user.id)}
    assert events[1].details == {"slug": slug, "fields": ["description"]}
    details = json.dumps([event.details for event in events])
    for text in ("Geheimer Text", "Jugendamt", "Geheimweg", "Vertraulich", "Besuchsadresse"):
        assert text not in details


# OpenAPI


async def test_the_write_operations_are_documented(client: AsyncClient) -> None:
    schema = (await client.get(f"{V1}/openapi.json")).json()

    operation = schema["paths"][f"{V1}/organisations/{{slug}}"]["patch"]
    assert operation["operationId"] == "directory-update_organisation"
    assert {"412", "428", "403"} <= operation["responses"].keys()
    assert "If-Match" in {parameter["name"] for parameter in operation["parameters"]}
    assert schema["paths"][f"{V1}/relations"]["post"]["operationId"] == "directory-create_relation"
