"""Submissions arriving together are stored together: one transaction, the statements of
one submission, and still an answer of its own for each."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import func, literal, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import User
from api.accounts.service import codec
from api.audit import service as audit
from api.audit.models import AuditEvent
from api.core.config import Settings
from api.core.errors import Unauthorized, UnprocessableEntity
from api.core.pipeline import Answer, Query, Round
from api.core.principal import NO_REQUEST
from api.core.tokens import AccessClaims
from api.referrals import service
from api.referrals.intake import Intake
from api.referrals.models import Referral
from api.referrals.schemas import ReferralCreate
from api.referrals.service import Submission, SubmissionAnswer
from tests.auth_helpers import bearer_for, password_grant
from tests.conftest import StatementCounter
from tests.factories import make_user
from tests.referral_helpers import referral_body, submit


@pytest.fixture
def intake(app: FastAPI) -> Intake:
    return app.state.intake  # type: ignore[no-any-return]


async def _token(client: AsyncClient, session: AsyncSession, settings: Settings) -> AccessClaims:
    user = await make_user(session, role="partner", organisation="mk")
    return codec(settings).decode((await password_grant(client, user.email))["access_token"])


def _submission(token: AccessClaims, key: str | None = None, **body: Any) -> Submission:
    return Submission(
        token, ReferralCreate.model_validate(referral_body(**body)), NO_REQUEST, key or uuid.uuid4().hex
    )


async def _at_once(intake: Intake, submissions: list[Submission]) -> list[SubmissionAnswer | BaseException]:
    """Every submission queued before the first batch starts: ``gather`` runs each task
    up to its wait for the batch before the task storing the batch gets its turn."""
    return await asyncio.gather(*(intake.submit(one) for one in submissions), return_exceptions=True)


async def _referrals(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(Referral)) or 0)


async def test_twenty_submissions_at_once_cost_the_statements_of_one(
    client: AsyncClient,
    session: AsyncSession,
    settings: Settings,
    intake: Intake,
    count_statements: StatementCounter,
) -> None:
    token = await _token(client, session, settings)
    await _at_once(intake, [_submission(token)])  # warm: the first batch of a process loads more

    before = count_statements.count
    alone = await _at_once(intake, [_submission(token)])
    one = count_statements.count - before
    before = count_statements.count
    together = await _at_once(intake, [_submission(token) for _ in range(20)])
    twenty = count_statements.count - before

    assert all(isinstance(answer, SubmissionAnswer) and answer.status == 201 for answer in alone + together)
    assert twenty == one
    assert len({answer.body for answer in together if isinstance(answer, SubmissionAnswer)}) == 20


async def test_submissions_reaching_the_queue_a_few_loop_turns_apart_share_one_batch(
    client: AsyncClient,
    session: AsyncSession,
    settings: Settings,
    intake: Intake,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    token = await _token(client, session, settings)
    batches: list[int] = []
    submit_many = service.submit_many

    async def counting(session: AsyncSession, sealer: Any, submissions: Any, **options: Any) -> Any:
        batches.append(len(submissions))
        return await submit_many(session, sealer, submissions, **options)

    monkeypatch.setattr(service, "submit_many", counting)

    async def after_turns(turns: int) -> SubmissionAnswer:
        """A request still being parsed: it reaches the queue ``turns`` loop turns late."""
        for _ in range(turns):
            await asyncio.sleep(0)
        return await intake.submit(_submission(token))

    answers = await asyncio.gather(*(after_turns(turns) for turns in range(6)))

    assert [answer.status for answer in answers] == [201] * 6
    assert batches == [6]


async def test_each_submission_of_a_batch_gets_its_own_answer(
    client: AsyncClient, session: AsyncSession, settings: Settings, intake: Intake
) -> None:
    token = await _token(client, session, settings)
    (first,) = await _at_once(intake, [_submission(token, key="used")])

    replayed, other_body, fresh = await _at_once(
        intake,
        [
            _submission(token, key="used"),
            _submission(token, key="used", concern="Ein anderer Anlass."),
            _submission(token),
        ],
    )

    assert isinstance(first, SubmissionAnswer)
    assert isinstance(replayed, SubmissionAnswer)
    assert replayed.replayed
    assert replayed.body == first.body
    assert isinstance(other_body, UnprocessableEntity)
    assert isinstance(fresh, SubmissionAnswer)
    assert fresh.status == 201
    assert not fresh.replayed


async def test_the_same_key_twice_in_one_burst_makes_one_referral_and_replays_it(
    client: AsyncClient, session: AsyncSession, settings: Settings, intake: Intake
) -> None:
    token = await _token(client, session, settings)
    before = await _referrals(session)

    first, second = await _at_once(intake, [_submission(token, key="twice"), _submission(token, key="twice")])

    assert isinstance(first, SubmissionAnswer)
    assert isinstance(second, SubmissionAnswer)
    assert not first.replayed
    assert second.replayed
    assert second.body == first.body
    assert await _referrals(session) == before + 1


async def test_a_token_revoked_before_its_batch_is_refused_alone(
    client: AsyncClient, session: AsyncSession, settings: Settings, intake: Intake
) -> None:
    live = await _token(client, session, settings)
    revoked = await _token(client, session, settings)
    await session.execute(update(User).where(User.id == uuid.UUID(revoked.sub)).values(is_active=False))
    await session.flush()

    refused, stored = await _at_once(intake, [_submission(revoked), _submission(live)])

    assert isinstance(refused, Unauthorized)
    assert isinstance(stored, SubmissionAnswer)
    assert stored.status == 201


async def test_a_submission_that_breaks_its_batch_fails_alone(
    client: AsyncClient,
    session: AsyncSession,
    settings: Settings,
    intake: Intake,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    token = await _token(client, session, settings)
    rows = service.referral_rows

    def refusing_one(sealer: Any, requests: Any, numbers: Any, now: Any) -> Any:
        if any(body.concern == "bricht" for _, body in requests):
            raise ValueError("a submission the database would not take")
        return rows(sealer, requests, numbers, now)

    monkeypatch.setattr(service, "referral_rows", refusing_one)
    before = await _referrals(session)

    answers = await _at_once(
        intake, [_submission(token), _submission(token, concern="bricht"), _submission(token)]
    )

    assert isinstance(answers[1], ValueError)
    assert [answer.status for answer in answers if isinstance(answer, SubmissionAnswer)] == [201, 201]
    assert await _referrals(session) == before + 2


async def _created_and_audited(
    session: AsyncSession, answers: list[SubmissionAnswer | BaseException]
) -> tuple[list[str], list[str | None]]:
    """The ids of the referrals created, and those the audit log names, in chain order."""
    created = [
        answer.location.rsplit("/", 1)[1]
        for answer in answers
        if isinstance(answer, SubmissionAnswer) and answer.location
    ]
    audited = list(
        await session.scalars(
            select(AuditEvent.object_id)
            .where(AuditEvent.action == "referrals.create", AuditEvent.object_id.in_(created))
            .order_by(AuditEvent.seq)
        )
    )
    return created, audited


async def test_a_batch_appends_to_the_audit_chain_in_order(
    client: AsyncClient, session: AsyncSession, settings: Settings, intake: Intake
) -> None:
    token = await _token(client, session, settings)

    answers = await _at_once(intake, [_submission(token) for _ in range(12)])

    created, audited = await _created_and_audited(session, answers)
    assert audited == created
    assert (await audit.verify(session)).intact


async def test_audit_rows_chain_to_a_row_that_came_between_their_read_and_their_lock(
    client: AsyncClient,
    session: AsyncSession,
    settings: Settings,
    intake: Intake,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    token = await _token(client, session, settings)
    # Another writer's row lands after the batch read the chain's end: the batch
    # expects an end that is no longer the last row.

    def outdated(reads: Round) -> Answer[str]:
        return reads.add(Query(select(literal(1)), {}, lambda _: "f" * 64))

    monkeypatch.setattr(audit, "last_hash", outdated)

    answers = await _at_once(intake, [_submission(token) for _ in range(3)])

    created, audited = await _created_and_audited(session, answers)
    assert len(created) == 3
    assert audited == created
    assert (await audit.verify(session)).intact


async def test_a_lost_database_fails_the_whole_batch_at_once(
    client: AsyncClient,
    session: AsyncSession,
    settings: Settings,
    intake: Intake,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    token = await _token(client, session, settings)
    calls: list[int] = []

    async def database_gone(session: AsyncSession, sealer: Any, submissions: Any, **_: Any) -> Any:
        calls.append(len(submissions))
        raise OperationalError("INSERT", {}, ConnectionResetError("server closed the connection"))

    monkeypatch.setattr(service, "submit_many", database_gone)

    answers = await _at_once(intake, [_submission(token) for _ in range(3)])

    assert all(isinstance(answer, OperationalError) for answer in answers)
    assert calls == [3]


async def test_a_submission_with_the_token_of_a_deactivated_account_is_a_401(
    client: AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session, role="partner", organisation="mk")
    headers = await bearer_for(client, user.email)
    await session.execute(update(User).where(User.id == user.id).values(is_active=False))
    await session.flush()
    before = await _referrals(session)

    response = await submit(client, headers)

    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    assert await _referrals(session) == before
