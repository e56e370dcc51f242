"""The whole life of a referral, and who sees what of it."""

from __future__ import annotations

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.models import AuditEvent
from tests.auth_helpers import bearer_for, client_bearer
from tests.factories import make_api_client, make_user
from tests.referral_helpers import REFERRALS, referral_body, submit


async def test_a_referral_lives_from_submission_to_closing(
    client: AsyncClient, session: AsyncSession
) -> None:
    school, secret = await make_api_client(session, organisation="mk")
    partner = await client_bearer(client, school.client_id, secret)
    coordinator = await bearer_for(
        client, (await make_user(session, role="coordinator", organisation="lka-ni")).email
    )
    case_worker = await bearer_for(
        client, (await make_user(session, role="case_worker", organisation="beraten")).email
    )

    created = await submit(client, partner)
    assert created.status_code == 201
    referral_id = created.json()["id"]
    assert created.headers["location"] == f"{REFERRALS}/{referral_id}"
    assert created.json()["reference"].startswith("KIP-")

    moves = [
        (coordinator, {"to": "in_triage", "note": "Triage: Schule bestätigt", "public_note": "In Prüfung."}),
        (coordinator, {"to": "assigned", "assignee": "beraten", "note": "Passt zu beRATen"}),
        (case_worker, {"to": "in_progress", "note": "Erstgespräch vereinbart"}),
        (case_worker, {"to": "closed", "outcome": "successful", "public_note": "Abgeschlossen."}),
    ]
    seen_by_partner = []
    for headers, move in moves:
        response = await client.post(f"{REFERRALS}/{referral_id}/transitions", json=move, headers=headers)
        assert response.status_code == 200, response.text
        seen_by_partner.append(
            (await client.get(f"{REFERRALS}/{referral_id}", headers=partner)).json()["status"]
        )

    assert seen_by_partner == ["in_review", "in_progress", "in_progress", "closed"]
    history = (await client.get(f"{REFERRALS}/{referral_id}/history", headers=partner)).json()
    assert [entry["status"] for entry in history] == ["received", "in_review", "in_progress", "closed"]
    assert [entry["public_note"] for entry in history if entry["public_note"]] == [
        "In Prüfung.",
        "Abgeschlossen.",
    ]
    assert all(entry["note"] is None for entry in history)
    partner_text = str(history) + (await client.get(f"{REFERRALS}/{referral_id}", headers=partner)).text
    for secret_text in ("Triage", "Passt zu", "Erstgespräch", "Falke-17", "Hassprediger"):
        assert secret_text not in partner_text


async def test_staff_see_the_personal_fields_and_internal_notes(
    client: AsyncClient, session: AsyncSession
) -> None:
    partner = await bearer_for(client, (await make_user(session, role="partner", organisation="mk")).email)
    coordinator = await bearer_for(
        client, (await make_user(session, role="coordinator", organisation="lka-ni")).email
    )
    referral_id = (await submit(client, partner)).json()["id"]
    await client.post(
        f"{REFERRALS}/{referral_id}/transitions",
        json={"to": "in_triage", "note": "intern"},
        headers=coordinator,
    )

    body = (await client.get(f"{REFERRALS}/{referral_id}", headers=coordinator)).json()
    history = (await client.get(f"{REFERRALS}/{referral_id}/history", headers=coordinator)).json()

    assert body["details"]["subject"]["pseudonym"] == "Falke-17"
    assert body["details"]["contact_person"]["email"] == "sozial@schule.example"
    assert body["routing_suggestion"]["programme"]["slug"] == "beraten"
    assert history[-1]["note"] == "intern"


async def test_others_get_404_and_the_refusal_is_audited(client: AsyncClient, session: AsyncSession) -> None:
    partner_a = await bearer_for(client, (await make_user(session, role="partner", organisation="mk")).email)
    partner_b = await bearer_for(client, (await make_user(session, role="partner", organisation="mj")).email)
    other_programme = await bearer_for(
        client, (await make_user(session, role="case_worker", organisation="aktion-neustart")).email
    )
    editor = await bearer_for(client, (await make_user(session, role="editor")).email)
    coordinator = await bearer_for(
        client, (await make_user(session, role="coordinator", organisation="lka-ni")).email
    )
    referral_id = (await submit(client, partner_a)).json()["id"]
    await client.post(f"{REFERRALS}/{referral_id}/transitions", json={"to": "in_triage"}, headers=coordinator)
    await client.post(
        f"{REFERRALS}/{referral_id}/transitions",
        json={"to": "assigned", "assignee": "beraten"},
        headers=coordinator,
    )

    for headers in (partner_b, other_programme, editor):
        for path in (f"{REFERRALS}/{referral_id}", f"{REFERRALS}/{referral_id}/history"):
            response = await client.get(path, headers=headers)
            assert response.status_code == 404
            assert "Falke" not in response.text
        listing = await client.get(REFERRALS, headers=headers)
        assert referral_id not in listing.text

    denied = (
        await session.scalars(
            select(AuditEvent).where(AuditEvent.object_id == referral_id, AuditEvent.outcome == "denied")
        )
    ).all()
    assert len(denied) == 6


async def test_the_acute_urgency_answers_with_the_emergency_advice(
    client: AsyncClient, session: AsyncSession
) -> None:
    partner = await bearer_for(client, (await make_user(session, role="partner", organisation="mk")).email)

    response = await submit(client, partner, referral_body(urgency="acute"))

    assert "110" in response.json()["emergency_advice"]["de"]
    assert "110" in response.json()["emergency_advice"]["en"]


async def test_the_submitting_partner_withdraws_before_triage(
    client: AsyncClient, session: AsyncSession
) -> None:
    partner = await bearer_for(client, (await make_user(session, role="partner", organisation="mk")).email)
    referral_id = (await submit(client, partner)).json()["id"]

    response = await client.post(f"{REFERRALS}/{referral_id}/withdraw", headers=partner)

    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"


async def test_withdrawing_after_triage_began_is_409(client: AsyncClient, session: AsyncSession) -> None:
    partner = await bearer_for(client, (await make_user(session, role="partner", organisation="mk")).email)
    coordinator = await bearer_for(
        client, (await make_user(session, role="coordinator", organisation="lka-ni")).email
    )
    referral_id = (await submit(client, partner)).json()["id"]
    await client.post(f"{REFERRALS}/{referral_id}/transitions", json={"to": "in_triage"}, headers=coordinator)

    response = await client.post(f"{REFERRALS}/{referral_id}/withdraw", headers=partner)

    assert response.status_code == 409


async def test_partners_cannot_learn_the_assignee_or_the_exact_status_through_filters(
    client: AsyncClient, session: AsyncSession
) -> None:
    partner = await bearer_for(client, (await make_user(session, role="partner", organisation="mk")).email)
    coordinator = await bearer_for(
        client, (await make_user(session, role="coordinator", organisation="lka-ni")).email
    )
    referral_id = (await submit(client, partner)).json()["id"]
    for move in ({"to": "in_triage"}, {"to": "assigned", "assignee": "aktion-neustart"}):
        await client.post(f"{REFERRALS}/{referral_id}/transitions", json=move, headers=coordinator)

    by_assignee = await client.get(REFERRALS, params={"assignee": "aktion-neustart"}, headers=partner)
    assigned = (await client.get(REFERRALS, params={"status": "assigned"}, headers=partner)).json()["items"]
    in_progress = (await client.get(REFERRALS, params={"status": "in_progress"}, headers=partner)).json()[
        "items"
    ]

    assert by_assignee.status_code == 403
    assert [item["id"] for item in assigned] == [item["id"] for item in in_progress] == [referral_id]


async def test_a_partner_s_change_time_moves_only_with_what_the_partner_sees(
    client: AsyncClient, session: AsyncSession
) -> None:
    """An internal step (assigned -> in_progress shows as in_progress both times) must not
    show through ``updated_at``, on the referral or in the list."""
    partner = await bearer_for(client, (await make_user(session, role="partner", organisation="mk")).email)
    coordinator = await bearer_for(
        client, (await make_user(session, role="coordinator", organisation="lka-ni")).email
    )
    case_worker = await bearer_for(
        client, (await make_user(session, role="case_worker", organisation="beraten")).email
    )
    referral_id = (await submit(client, partner)).json()["id"]
    url = f"{REFERRALS}/{referral_id}"
    await client.post(f"{url}/transitions", json={"to": "in_triage"}, headers=coordinator)
    await client.post(
        f"{url}/transitions", json={"to": "assigned", "assignee": "beraten"}, headers=coordinator
    )
    before = (await client.get(url, headers=partner)).json()

    await client.post(f"{url}/transitions", json={"to": "in_progress", "note": "intern"}, headers=case_worker)

    after = (await client.get(url, headers=partner)).json()
    [listed] = (await client.get(REFERRALS, headers=partner)).json()["items"]
    history = (await client.get(f"{url}/history", headers=partner)).json()
    staff = (await client.get(url, headers=coordinator)).json()
    assert after["status"] == before["status"] == "in_progress"
    assert after["updated_at"] == before["updated_at"] == listed["updated_at"]
    assert after["updated_at"] == history[-1]["occurred_at"]
    assert staff["updated_at"] > after["updated_at"]


async def test_a_public_note_is_a_change_the_partner_sees(client: AsyncClient, session: AsyncSession) -> None:
    partner = await bearer_for(client, (await make_user(session, role="partner", organisation="mk")).email)
    coordinator = await bearer_for(
        client, (await make_user(session, role="coordinator", organisation="lka-ni")).email
    )
    case_worker = await bearer_for(
        client, (await make_user(session, role="case_worker", organisation="beraten")).email
    )
    referral_id = (await submit(client, partner)).json()["id"]
    url = f"{REFERRALS}/{referral_id}"
    await client.post(f"{url}/transitions", json={"to": "in_triage"}, headers=coordinator)
    await client.post(
        f"{url}/transitions", json={"to": "assigned", "assignee": "beraten"}, headers=coordinator
    )
    await client.post(
        f"{url}/transitions", json={"to": "in_progress", "public_note": "Termin steht."}, headers=case_worker
    )

    seen = (await client.get(url, headers=partner)).json()
    staff = (await client.get(url, headers=coordinator)).json()

    assert seen["updated_at"] == staff["updated_at"]
