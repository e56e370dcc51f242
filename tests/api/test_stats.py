"""Statistics match the referrals and never show a cell small enough to point at a person."""

from __future__ import annotations

from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from api.seed.demo import seed_demo
from tests.auth_helpers import bearer_for
from tests.factories import make_user
from tests.referral_helpers import referral_body, submit

STATS = "/api/v1/stats/referrals"


def _cell(cells: list[dict[str, object]], key: str) -> dict[str, object]:
    return next(cell for cell in cells if cell["key"] == key)


async def test_statistics_match_the_demo_referrals_and_suppress_small_cells(
    app: FastAPI, client: AsyncClient, session: AsyncSession
) -> None:
    await seed_demo(session, app.state.sealer)
    coordinator = await bearer_for(
        client, (await make_user(session, role="coordinator", organisation="lka-ni")).email
    )

    body = (await client.get(STATS, headers=coordinator)).json()

    assert body["min_cell_size"] == 5
    assert body["total"] == 6
    assert _cell(body["by_municipality"], "Hannover")["count"] == 6
    received = _cell(body["by_status"], "received")
    assert received == {"key": "received", "label": None, "count": None, "suppressed": True}
    assert body["median_days_to_triage"] is None  # four were triaged: too few for a median
    assert body["median_days_to_assignment"] is None


async def test_counts_of_five_or_more_are_shown(client: AsyncClient, session: AsyncSession) -> None:
    partner = await bearer_for(client, (await make_user(session, role="partner", organisation="mk")).email)
    coordinator = await bearer_for(
        client, (await make_user(session, role="coordinator", organisation="lka-ni")).email
    )
    for _ in range(5):
        await submit(client, partner, referral_body(subject={"pseudonym": "X", "municipality": "Uelzen"}))

    body = (await client.get(STATS, headers=coordinator)).json()

    assert _cell(body["by_municipality"], "Uelzen")["count"] == 5
    assert _cell(body["by_urgency"], "routine")["count"] == 5


async def test_statistics_need_the_stats_scope(client: AsyncClient, session: AsyncSession) -> None:
    partner = await bearer_for(client, (await make_user(session, role="partner", organisation="mk")).email)

    assert (await client.get(STATS, headers=partner)).status_code == 403


async def test_statistics_hold_no_personal_value(
    app: FastAPI, client: AsyncClient, session: AsyncSession
) -> None:
    await seed_demo(session, app.state.sealer)
    coordinator = await bearer_for(
        client, (await make_user(session, role="coordinator", organisation="lka-ni")).email
    )

    text = (await client.get(STATS, headers=coordinator)).text

    for value in ("Kranich", "Propagandavideos", "Schulsozialarbeit", "sozial@demo"):
        assert value not in text
