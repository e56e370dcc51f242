"""Every access to a referral leaves an audit row with identifiers only."""

from __future__ import annotations

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.models import AuditEvent
from tests.auth_helpers import bearer_for
from tests.factories import make_user
from tests.referral_helpers import REFERRALS, submit


async def _actions(session: AsyncSession, referral_id: str) -> list[str]:
    rows = await session.scalars(select(AuditEvent.action).where(AuditEvent.object_id == referral_id))
    return list(rows)


async def test_each_access_and_change_is_audited(client: AsyncClient, session: AsyncSession) -> None:
    partner = await bearer_for(client, (await make_user(session, role="partner", organisation="mk")).email)
    coordinator = await bearer_for(
        client, (await make_user(session, role="coordinator", organisation="lka-ni")).email
    )
    admin = await bearer_for(client, (await make_user(session, role="admin")).email)
    first = (await submit(client, partner)).json()["id"]
    second = (await submit(client, partner)).json()["id"]

    await client.get(f"{REFERRALS}/{first}", headers=coordinator)
    await client.get(f"{REFERRALS}/{first}/history", headers=coordinator)
    await client.post(f"{REFERRALS}/{first}/transitions", json={"to": "in_triage"}, headers=coordinator)
    await client.post(f"{REFERRALS}/{second}/withdraw", headers=partner)
    await client.post(f"{REFERRALS}/{second}/erase", headers=admin)
    await client.get(REFERRALS, headers=coordinator)

    assert set(await _actions(session, first)) >= {
        "referrals.create",
        "referrals.read",
        "referrals.history",
        "referrals.transition",
    }
    assert set(await _actions(session, second)) >= {
        "referrals.create",
        "referrals.withdraw",
        "referrals.erase",
    }
    listed = await session.scalar(select(AuditEvent).where(AuditEvent.action == "referrals.list"))
    assert listed is not None
    assert first in listed.details["ids"]


async def test_a_refused_transition_is_audited(client: AsyncClient, session: AsyncSession) -> None:
    partner = await bearer_for(client, (await make_user(session, role="partner", organisation="mk")).email)
    referral_id = (await submit(client, partner)).json()["id"]

    await client.post(f"{REFERRALS}/{referral_id}/transitions", json={"to": "in_triage"}, headers=partner)

    outcomes = await session.scalars(
        select(AuditEvent.outcome).where(
            AuditEvent.object_id == referral_id, AuditEvent.action == "referrals.transition"
        )
    )
    assert list(outcomes) == ["denied"]
