"""Submitting: validation, mass assignment, idempotency, references."""

from __future__ import annotations

import uuid

import pytest
from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.pagination import encode_cursor
from api.referrals.models import Referral
from tests.auth_helpers import bearer_for
from tests.factories import make_user
from tests.referral_helpers import REFERRALS, referral_body, submit


@pytest.fixture
async def partner(client: AsyncClient, session: AsyncSession) -> dict[str, str]:
    return await bearer_for(client, (await make_user(session, role="partner", organisation="mk")).email)


async def _count(session: AsyncSession) -> int:
    return await session.scalar(select(func.count()).select_from(Referral)) or 0


async def test_the_minimal_body_of_the_contract_is_accepted(
    client: AsyncClient, partner: dict[str, str]
) -> None:
    body = {
        "subject": {"pseudonym": "K.", "municipality": "Celle"},
        "concern": "Sorge",
        "urgency": "routine",
        "consent": {"person_informed": True, "consent_given": True},
        "contact_person": {"name": "N.", "email": "n@example.org"},
    }

    response = await submit(client, partner, body)

    assert response.status_code == 201


async def test_without_consent_a_reason_is_required(client: AsyncClient, partner: dict[str, str]) -> None:
    body = referral_body(consent={"person_informed": False, "consent_given": False})

    response = await submit(client, partner, body)

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


async def test_without_consent_but_with_a_reason_it_is_accepted(
    client: AsyncClient, partner: dict[str, str]
) -> None:
    body = referral_body(
        consent={
            "person_informed": False,
            "consent_given": False,
            "reason_without_consent": "Gefahr im Verzug",
        }
    )

    assert (await submit(client, partner, body)).status_code == 201


@pytest.mark.parametrize("field", ["status", "reference", "submitted_by", "assignee", "id", "created_at"])
async def test_mass_assignment_is_a_422_and_stores_nothing(
    client: AsyncClient, session: AsyncSession, partner: dict[str, str], field: str
) -> None:
    before = await _count(session)

    response = await submit(client, partner, referral_body(**{field: "closed"}))

    assert response.status_code == 422
    assert await _count(session) == before


async def test_a_subject_needs_a_pseudonym_or_a_full_name(
    client: AsyncClient, partner: dict[str, str]
) -> None:
    response = await submit(
        client, partner, referral_body(subject={"municipality": "Celle", "first_name": "A"})
    )

    assert response.status_code == 422


async def test_an_oversized_body_is_a_413(client: AsyncClient, partner: dict[str, str]) -> None:
    response = await submit(client, partner, referral_body(concern="x" * 2_000_000))

    assert response.status_code == 413


async def test_a_missing_idempotency_key_is_a_400(client: AsyncClient, partner: dict[str, str]) -> None:
    response = await client.post(REFERRALS, json=referral_body(), headers=partner)

    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["detail"]


async def test_an_overlong_idempotency_key_is_a_400(client: AsyncClient, partner: dict[str, str]) -> None:
    assert (await submit(client, partner, key="k" * 256)).status_code == 400


async def test_the_same_key_and_body_replays_the_first_answer(
    client: AsyncClient, session: AsyncSession, partner: dict[str, str]
) -> None:
    first = await submit(client, partner, key="same-key")
    before = await _count(session)

    again = await submit(client, partner, key="same-key")

    assert again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert again.headers["location"] == first.headers["location"]
    assert await _count(session) == before


async def test_the_same_key_with_another_body_is_a_422(client: AsyncClient, partner: dict[str, str]) -> None:
    await submit(client, partner, key="reused")

    response = await submit(client, partner, referral_body(concern="Etwas anderes"), key="reused")

    assert response.status_code == 422


async def test_keys_are_scoped_to_the_submitting_client(client: AsyncClient, session: AsyncSession) -> None:
    first = await bearer_for(client, (await make_user(session, role="partner", organisation="mk")).email)
    second = await bearer_for(client, (await make_user(session, role="partner", organisation="mj")).email)

    a = await submit(client, first, key="shared-key")
    b = await submit(client, second, key="shared-key")

    assert a.json()["id"] != b.json()["id"]


async def test_references_increase_within_the_year(client: AsyncClient, partner: dict[str, str]) -> None:
    first = (await submit(client, partner)).json()["reference"]
    second = (await submit(client, partner)).json()["reference"]

    assert first[:9] == second[:9]
    assert int(second[-6:]) == int(first[-6:]) + 1


async def test_a_partner_cannot_move_a_referral(client: AsyncClient, partner: dict[str, str]) -> None:
    referral_id = (await submit(client, partner)).json()["id"]

    response = await client.post(
        f"{REFERRALS}/{referral_id}/transitions", json={"to": "in_triage"}, headers=partner
    )

    assert response.status_code == 403


async def test_an_editor_cannot_submit(client: AsyncClient, session: AsyncSession) -> None:
    editor = await bearer_for(client, (await make_user(session, role="editor")).email)

    assert (await submit(client, editor)).status_code == 403


async def test_an_unknown_referral_id_is_a_404(client: AsyncClient, partner: dict[str, str]) -> None:
    assert (await client.get(f"{REFERRALS}/{uuid.uuid4()}", headers=partner)).status_code == 404


async def test_a_malformed_referral_id_is_a_422(client: AsyncClient, partner: dict[str, str]) -> None:
    assert (await client.get(f"{REFERRALS}/not-a-uuid", headers=partner)).status_code == 422


async def test_twenty_sequential_retries_create_one_referral(
    client: AsyncClient, session: AsyncSession, partner: dict[str, str]
) -> None:
    before = await _count(session)

    answers = [await submit(client, partner, key="retry-storm") for _ in range(20)]

    assert {answer.json()["id"] for answer in answers} == {answers[0].json()["id"]}
    assert await _count(session) == before + 1


async def test_the_list_filters_and_pages(
    client: AsyncClient, session: AsyncSession, partner: dict[str, str]
) -> None:
    coordinator = await bearer_for(
        client, (await make_user(session, role="coordinator", organisation="lka-ni")).email
    )
    for _ in range(3):
        await submit(client, partner, referral_body(urgency="urgent"))
    await submit(client, partner, referral_body(urgency="acute"))

    acute = (await client.get(REFERRALS, params={"urgency": "acute"}, headers=coordinator)).json()["items"]
    first = (
        await client.get(REFERRALS, params={"urgency": "urgent", "limit": 2}, headers=coordinator)
    ).json()
    rest = (
        await client.get(
            REFERRALS,
            params={"urgency": "urgent", "limit": 2, "cursor": first["next_cursor"]},
            headers=coordinator,
        )
    ).json()

    assert all(item["needs_immediate_attention"] for item in acute)
    ids = [item["id"] for item in first["items"] + rest["items"]]
    assert len(ids) == len(set(ids)) >= 3


async def test_a_time_without_zone_is_a_422(client: AsyncClient, partner: dict[str, str]) -> None:
    response = await client.get(REFERRALS, params={"created_after": "2020-01-01T00:00:00"}, headers=partner)

    assert response.status_code == 422


async def test_a_cursor_with_a_time_without_zone_is_a_400(
    client: AsyncClient, partner: dict[str, str]
) -> None:

    cursor = encode_cursor(["2020-01-01T00:00:00", str(uuid.uuid4())])

    assert (await client.get(REFERRALS, params={"cursor": cursor}, headers=partner)).status_code == 400


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
async def test_a_time_outside_the_utc_range_is_a_422(
    client: AsyncClient, partner: dict[str, str], moment: str
) -> None:
    response = await client.get(REFERRALS, params={"created_after": moment}, headers=partner)

    assert response.status_code == 422


async def test_a_cursor_time_outside_the_utc_range_is_a_400(
    client: AsyncClient, partner: dict[str, str]
) -> None:
    cursor = encode_cursor(["0001-01-01T00:00:00+14:00", str(uuid.uuid4())])

    assert (await client.get(REFERRALS, params={"cursor": cursor}, headers=partner)).status_code == 400
