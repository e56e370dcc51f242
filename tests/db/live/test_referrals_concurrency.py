"""Races on real connections: one referral per key, distinct references, one winner.

These tests use the engine directly (no rolled-back test transaction), so each request
has its own connection and transaction, as in production. Their rows stay in this
module's own database (see ``tests/db/live/conftest.py``).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from api.core.config import Settings
from api.core.db import Database
from api.main import create_app
from api.referrals.models import Referral
from tests.auth_helpers import bearer_for
from tests.factories import make_user
from tests.referral_helpers import REFERRALS, referral_body


@pytest.fixture
async def live_app(settings: Settings, engine: AsyncEngine) -> FastAPI:
    return create_app(settings, Database(engine))


@pytest.fixture
async def live_client(live_app: FastAPI) -> AsyncIterator[AsyncClient]:
    async with AsyncClient(transport=ASGITransport(app=live_app), base_url="http://testserver") as client:
        yield client


async def _committed_user(engine: AsyncEngine, role: str, organisation: str) -> str:
    async with AsyncSession(engine) as session, session.begin():
        user = await make_user(
            session, role=role, organisation=organisation, email=f"{uuid.uuid4().hex}@example.org"
        )
        return user.email


async def _count(engine: AsyncEngine, ids: set[str]) -> int:
    async with AsyncSession(engine) as session:
        wanted = [uuid.UUID(value) for value in ids]
        return (
            await session.scalar(select(func.count()).select_from(Referral).where(Referral.id.in_(wanted)))
            or 0
        )


async def test_twenty_concurrent_submissions_with_one_key_create_one_referral(
    live_client: AsyncClient, engine: AsyncEngine
) -> None:
    partner = await bearer_for(live_client, await _committed_user(engine, "partner", "mk"))
    key = uuid.uuid4().hex

    answers = await asyncio.gather(
        *(
            live_client.post(REFERRALS, json=referral_body(), headers={**partner, "Idempotency-Key": key})
            for _ in range(20)
        )
    )

    statuses = sorted(answer.status_code for answer in answers)
    created = {answer.json()["id"] for answer in answers if answer.status_code == 201}
    assert set(statuses) <= {201, 409}
    assert len(created) == 1
    assert await _count(engine, created) == 1


async def test_twenty_concurrent_submissions_with_different_keys_get_distinct_references(
    live_client: AsyncClient, engine: AsyncEngine
) -> None:
    partner = await bearer_for(live_client, await _committed_user(engine, "partner", "mk"))

    answers = await asyncio.gather(
        *(
            live_client.post(
                REFERRALS, json=referral_body(), headers={**partner, "Idempotency-Key": uuid.uuid4().hex}
            )
            for _ in range(20)
        )
    )

    assert [answer.status_code for answer in answers] == [201] * 20
    assert len({answer.json()["reference"] for answer in answers}) == 20
    assert await _count(engine, {answer.json()["id"] for answer in answers}) == 20


async def test_two_coordinators_moving_one_referral_at_once_one_wins(
    live_client: AsyncClient, engine: AsyncEngine
) -> None:
    partner = await bearer_for(live_client, await _committed_user(engine, "partner", "mk"))
    first = await bearer_for(live_client, await _committed_user(engine, "coordinator", "lka-ni"))
    second = await bearer_for(live_client, await _committed_user(engine, "coordinator", "lka-ni"))
    created = await live_client.post(
        REFERRALS, json=referral_body(), headers={**partner, "Idempotency-Key": uuid.uuid4().hex}
    )
    url = f"{REFERRALS}/{created.json()['id']}/transitions"

    answers = await asyncio.gather(
        live_client.post(url, json={"to": "in_triage"}, headers=first),
        live_client.post(url, json={"to": "in_triage"}, headers=second),
    )

    assert sorted(answer.status_code for answer in answers) == [200, 409]
