"""What the server refuses in a request, the document refuses too (and the other way round).

Each test is a rule Schemathesis found stated by the server alone: a request the document
called valid was refused, or one it called invalid was accepted. Every test checks the
document against the server's own answer, so neither can drift alone.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from sqlalchemy.ext.asyncio import AsyncSession

from api.main import create_app
from tests.auth_helpers import bearer_for
from tests.factories import make_user
from tests.referral_helpers import referral_body, submit

DOCUMENT_URI = "urn:kipni:openapi"
REFERRALS = "/api/v1/referrals"


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    app: FastAPI = create_app()
    return app.openapi()


def valid(document: dict[str, Any], schema_name: str, instance: object) -> bool:
    """Whether ``instance`` fits the component schema ``schema_name`` of the document."""
    registry: Registry[Any] = Registry().with_resource(
        DOCUMENT_URI, Resource.from_contents(document, default_specification=DRAFT202012)
    )
    schema = {"$ref": f"{DOCUMENT_URI}#/components/schemas/{schema_name}"}
    return Draft202012Validator(schema, registry=registry).is_valid(instance)


def test_the_document_says_the_privacy_notice_must_be_accepted(document: dict[str, Any]) -> None:
    message = {"subject": "Frage", "text": "Eine Frage.", "privacy_consent": False}

    assert not valid(document, "MessageCreate", message)
    assert valid(document, "MessageCreate", {**message, "privacy_consent": True})


def test_the_document_says_a_required_text_is_more_than_whitespace(document: dict[str, Any]) -> None:
    message = {"subject": "   ", "text": "Eine Frage.", "privacy_consent": True}

    assert not valid(document, "MessageCreate", message)


def test_the_document_says_single_line_texts_hold_no_control_characters(document: dict[str, Any]) -> None:
    assert not valid(document, "NameText", {"de": "Zeile\u0002"})
    assert not valid(document, "MessageCreate", {"subject": "x\b", "text": "y", "privacy_consent": True})
    assert valid(
        document, "MessageCreate", {"subject": "x", "text": "Zeile\nZeile\tmit Tab", "privacy_consent": True}
    )


def test_the_document_says_which_update_fields_refuse_null(document: dict[str, Any]) -> None:
    assert not valid(document, "OrganisationPatch", {"kind": None})
    assert not valid(document, "ResponsibilityPatch", {"role": None})
    assert not valid(document, "ContactChannelPatch", {"value": None})
    assert valid(document, "OrganisationPatch", {"description": None})


def test_the_document_says_a_website_is_an_http_address(document: dict[str, Any]) -> None:
    organisation = {"slug": "neu", "name": {"de": "Neu"}, "kind": "agency"}

    assert not valid(document, "OrganisationCreate", {**organisation, "website": ""})
    assert valid(document, "OrganisationCreate", {**organisation, "website": "https://neu.example/"})


def test_the_document_says_opening_times_are_hours_and_minutes(document: dict[str, Any]) -> None:
    assert not valid(document, "WeeklySpan", {"day": "mon", "opens": "9", "closes": "15:30"})


def test_the_document_says_a_subject_has_a_pseudonym_or_a_full_name(document: dict[str, Any]) -> None:
    assert not valid(document, "SubjectIn", {"municipality": "Celle", "first_name": "Alex"})
    assert valid(document, "SubjectIn", {"municipality": "Celle", "first_name": "Alex", "last_name": "B"})


def test_the_document_says_without_consent_a_reason_is_given(document: dict[str, Any]) -> None:
    assert not valid(document, "ConsentIn", {"person_informed": False, "consent_given": False})
    assert valid(
        document,
        "ConsentIn",
        {"person_informed": False, "consent_given": False, "reason_without_consent": "Gefahr"},
    )


def test_the_document_says_which_fields_each_move_takes(document: dict[str, Any]) -> None:
    assert not valid(document, "TransitionIn", {"to": "rejected", "assignee": "beraten"})
    assert not valid(document, "TransitionIn", {"to": "assigned"})
    assert not valid(document, "TransitionIn", {"to": "closed", "outcome": "not_successful"})
    assert valid(document, "TransitionIn", {"to": "assigned", "assignee": "beraten"})
    assert valid(document, "TransitionIn", {"to": "closed", "outcome": "successful"})


def test_the_document_offers_clients_only_the_partner_system_scopes(document: dict[str, Any]) -> None:
    client = {"name": "Schulamt", "organisation": "mk", "scopes": ["users:manage"]}

    assert not valid(document, "ApiClientCreate", client)
    assert valid(document, "ApiClientCreate", {**client, "scopes": ["referrals:submit"]})


def test_the_document_says_if_match_is_required(document: dict[str, Any]) -> None:
    operation = document["paths"]["/api/v1/organisations/{slug}"]["patch"]
    header = next(parameter for parameter in operation["parameters"] if parameter["name"] == "If-Match")

    assert header["required"] is True


def test_a_created_referral_links_to_reading_moving_and_withdrawing_it(document: dict[str, Any]) -> None:
    links = document["paths"][REFERRALS]["post"]["responses"]["201"]["links"]
    operation_ids = {
        operation["operationId"] for item in document["paths"].values() for operation in item.values()
    }

    assert {link["operationId"] for link in links.values()} == {
        "referrals-get_referral",
        "referrals-get_referral_history",
        "referrals-transition_referral",
        "referrals-withdraw_referral",
    }
    assert {link["operationId"] for link in links.values()} <= operation_ids
    assert all(link["parameters"] == {"referral_id": "$response.body#/id"} for link in links.values())


async def test_a_number_is_no_time_in_a_query(client: AsyncClient, session: AsyncSession) -> None:
    partner = await bearer_for(client, (await make_user(session, role="partner", organisation="mk")).email)

    response = await client.get(REFERRALS, params={"created_after": "0.5"}, headers=partner)

    assert response.status_code == 422


async def test_a_number_is_no_consent_in_a_referral(client: AsyncClient, session: AsyncSession) -> None:
    partner = await bearer_for(client, (await make_user(session, role="partner", organisation="mk")).email)
    body = referral_body()
    body["consent"] = {**body["consent"], "consent_given": 0, "reason_without_consent": "Gefahr"}

    response = await submit(client, partner, body=body)

    assert response.status_code == 422


async def test_an_integer_may_be_written_with_a_zero_fraction(
    client: AsyncClient, session: AsyncSession
) -> None:
    partner = await bearer_for(client, (await make_user(session, role="partner", organisation="mk")).email)
    body = referral_body()
    body["subject"] = {**body["subject"], "birth_year": 2009.0}

    response = await submit(client, partner, body=body)

    assert response.status_code == 201


async def test_text_is_no_integer(client: AsyncClient, session: AsyncSession) -> None:
    partner = await bearer_for(client, (await make_user(session, role="partner", organisation="mk")).email)
    body = referral_body()
    body["subject"] = {**body["subject"], "birth_year": "2009"}

    response = await submit(client, partner, body=body)

    assert response.status_code == 422


def test_a_sign_in_links_to_refreshing_and_ending_the_session(document: dict[str, Any]) -> None:
    for path in ("/api/v1/auth/token", "/api/v1/auth/refresh"):
        links = document["paths"][path]["post"]["responses"]["200"]["links"]

        assert {link["operationId"] for link in links.values()} == {"auth-refresh_token", "auth-logout"}
