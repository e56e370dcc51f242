"""On connections of their own, the next batch of submissions is stored while the one
before it commits, and still one referral per key, in one unbroken audit chain."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from api.accounts.service import codec
from api.audit import service as audit
from api.core.config import Settings
from api.core.db import Database
from api.core.principal import NO_REQUEST
from api.core.tokens import AccessClaims
from api.main import create_app
from api.referrals import service
from api.referrals.intake import Intake
from api.referrals.schemas import ReferralCreate
from api.referrals.service import Submission, SubmissionAnswer
from tests.auth_helpers import password_grant
from tests.factories import make_user
from tests.referral_helpers import referral_body

# Generous: it only ends a test that is failing anyway.
DEADLOCK_SECONDS = 30


@pytest.fixture
def live_app(settings: Settings, engine: AsyncEngine) -> FastAPI:
    return create_app(settings, Database(engine))


@pytest.fixture
def intake(live_app: FastAPI) -> Intake:
    return live_app.state.intake  # type: ignore[no-any-return]


@pytest.fixture
async def token(live_app: FastAPI, engine: AsyncEngine, settings: Settings) -> AsyncIterator[AccessClaims]:
    async with AsyncSession(engine) as session, session.begin():
        email = f"{uuid.uuid4().hex}@example.org"
        await make_user(session, role="partner", organisation="mk", email=email)
    async with AsyncClient(transport=ASGITransport(app=live_app), base_url="http://testserver") as client:
        yield codec(settings).decode((await password_grant(client, email))["access_token"])


def _submission(token: AccessClaims, key: str | None = None) -> Submission:
    return Submission(
        token, ReferralCreate.model_validate(referral_body()), NO_REQUEST, key or uuid.uuid4().hex
    )


class CommitHeldOpen:
    """The first batch's commit waits until the next batch has begun to be stored."""

    def __init__(self, intake: Intake, later: list[Submission], monkeypatch: pytest.MonkeyPatch) -> None:
        self.later_started = asyncio.Event()
        self.later_answers: list[asyncio.Task[SubmissionAnswer]] = []
        self.batches: list[int] = []
        submit_many = service.submit_many
        commit = AsyncSession.commit

        async def counting(session: AsyncSession, sealer: Any, submissions: Any, **options: Any) -> Any:
            self.batches.append(len(submissions))
            if len(self.batches) == 2:
                self.later_started.set()
            return await submit_many(session, sealer, submissions, **options)

        async def held(session: AsyncSession) -> None:
            if len(self.batches) == 1 and not self.later_answers:
                loop = asyncio.get_running_loop()
                self.later_answers = [loop.create_task(intake.submit(one)) for one in later]
                await asyncio.wait_for(self.later_started.wait(), DEADLOCK_SECONDS)
            await commit(session)

        monkeypatch.setattr(service, "submit_many", counting)
        monkeypatch.setattr(AsyncSession, "commit", held)


async def test_the_next_batch_is_stored_while_the_one_before_commits(
    intake: Intake, token: AccessClaims, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = [_submission(token) for _ in range(3)]
    later = [_submission(token) for _ in range(2)]
    held = CommitHeldOpen(intake, later, monkeypatch)

    answers = await asyncio.gather(*(intake.submit(one) for one in first))
    later_answers = await asyncio.gather(*held.later_answers)

    assert [answer.status for answer in [*answers, *later_answers]] == [201] * 5
    assert held.batches == [3, 2]
    async with AsyncSession(engine) as session:
        assert (await audit.verify(session)).intact


async def test_a_key_whose_batch_is_committing_waits_for_it_and_replays_its_answer(
    intake: Intake, token: AccessClaims, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = uuid.uuid4().hex
    held = CommitHeldOpen(intake, [_submission(token, key), _submission(token)], monkeypatch)

    (answer,) = await asyncio.gather(intake.submit(_submission(token, key)))
    again, other = await asyncio.gather(*held.later_answers)

    assert answer.status == other.status == 201
    assert again.replayed
    assert again.body == answer.body
    assert held.batches == [1, 1, 1]
