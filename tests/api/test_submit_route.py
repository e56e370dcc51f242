"""A well-formed submission is answered without the route's dependency resolution, with
the bytes the routed endpoint would send; everything else is answered by that endpoint."""

from __future__ import annotations

import json
from typing import Any

import fastapi.dependencies.utils
import fastapi.routing
import pytest
from fastapi import FastAPI
from httpx import AsyncClient, Response
from sqlalchemy.ext.asyncio import AsyncSession

from api.referrals import router, submit_route
from api.referrals.service import Submission, SubmissionAnswer
from tests.auth_helpers import bearer_for
from tests.factories import make_user
from tests.referral_helpers import REFERRALS, referral_body

ANSWER = SubmissionAnswer(201, '{"id": "canned"}', "/api/v1/referrals/canned", replayed=False)


class Calls:
    def __init__(self) -> None:
        self.count = 0


@pytest.fixture
def resolutions(monkeypatch: pytest.MonkeyPatch) -> Calls:
    """How often FastAPI resolved a route's dependencies."""
    seen = Calls()
    solve = fastapi.dependencies.utils.solve_dependencies

    async def counting(*args: Any, **kwargs: Any) -> Any:
        seen.count += 1
        return await solve(*args, **kwargs)

    monkeypatch.setattr(fastapi.routing, "solve_dependencies", counting)  # the name routes call
    return seen


@pytest.fixture
def fast(monkeypatch: pytest.MonkeyPatch) -> Calls:
    """How often the route in front answered a submission itself."""
    seen = Calls()
    answer = router.answer_submission

    async def counting(*args: Any, **kwargs: Any) -> Any:
        seen.count += 1
        return await answer(*args, **kwargs)

    monkeypatch.setattr(submit_route, "answer_submission", counting)  # the name the route in front calls
    return seen


@pytest.fixture
async def partner(client: AsyncClient, session: AsyncSession) -> dict[str, str]:
    return await bearer_for(client, (await make_user(session, role="partner", organisation="mk")).email)


@pytest.fixture
def canned(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> list[Submission]:
    """The intake answers every submission with ``ANSWER`` and keeps what it was given."""
    given: list[Submission] = []

    async def submit(submission: Submission) -> SubmissionAnswer:
        given.append(submission)
        return ANSWER

    monkeypatch.setattr(app.state.intake, "submit", submit)
    return given


async def _post(
    client: AsyncClient,
    headers: dict[str, str],
    *,
    key: str = "key-1",
    content_type: str = "application/json",
    body: bytes | None = None,
) -> Response:
    return await client.post(
        REFERRALS,
        content=body if body is not None else json.dumps(referral_body()).encode(),
        headers={**headers, "Idempotency-Key": key, "Content-Type": content_type},
    )


def _without_request_id(response: Response) -> list[tuple[str, str]]:
    return [(name, value) for name, value in response.headers.multi_items() if name != "x-request-id"]


async def test_a_well_formed_submission_skips_the_routes_dependency_resolution(
    client: AsyncClient, partner: dict[str, str], resolutions: Calls, fast: Calls
) -> None:
    response = await _post(client, partner)

    assert response.status_code == 201, response.text
    assert fast.count == 1
    assert resolutions.count == 0


async def test_the_answer_is_the_one_the_routed_endpoint_sends_byte_for_byte(
    client: AsyncClient, partner: dict[str, str], canned: list[Submission], fast: Calls
) -> None:
    fast_answer = await _post(client, partner)
    # A charset parameter is valid JSON to the route, and no business of the fast path.
    routed = await _post(client, partner, content_type="application/json; charset=utf-8")

    assert fast.count == 1
    assert fast_answer.status_code == routed.status_code == 201
    assert fast_answer.content == routed.content
    assert _without_request_id(fast_answer) == _without_request_id(routed)
    assert canned[0].body == canned[1].body
    assert canned[0].key == canned[1].key == "key-1"
    assert canned[0].token.jti == canned[1].token.jti
    assert canned[0].meta.client_address == canned[1].meta.client_address


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("no token", 401),
        ("a token that is no token", 401),
        ("no key", 400),
        ("a key of spaces", 400),
        ("a body that is no JSON", 422),
        ("a body missing the concern", 422),
        ("an unknown field", 422),
    ],
)
async def test_a_submission_with_anything_wrong_is_answered_by_the_routed_endpoint(
    client: AsyncClient,
    partner: dict[str, str],
    fast: Calls,
    case: str,
    expected: int,
) -> None:
    headers: dict[str, str] = dict(partner)
    key = "key-2"
    body = referral_body()
    raw: bytes | None = None
    if case == "no token":
        headers = {}
    elif case == "a token that is no token":
        headers = {"Authorization": "Bearer not-a-token"}
    elif case == "a key of spaces":
        key = "   "
    elif case == "a body that is no JSON":
        raw = b'{"subject": '
    elif case == "a body missing the concern":
        body.pop("concern")
    elif case == "an unknown field":
        body["status"] = "closed"
    request_headers = {**headers, "Content-Type": "application/json"}
    if case != "no key":
        request_headers["Idempotency-Key"] = key

    response = await client.post(
        REFERRALS, content=raw if raw is not None else json.dumps(body).encode(), headers=request_headers
    )

    assert response.status_code == expected, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert fast.count == 0


async def test_a_token_without_the_submit_scope_is_refused_by_the_routed_endpoint(
    client: AsyncClient, session: AsyncSession, fast: Calls
) -> None:
    coordinator = await bearer_for(client, (await make_user(session, role="coordinator")).email)

    response = await _post(client, coordinator)

    assert response.status_code == 403
    assert fast.count == 0


async def test_a_header_sent_twice_is_left_to_the_routed_endpoint(
    client: AsyncClient, partner: dict[str, str], canned: list[Submission], fast: Calls
) -> None:
    response = await client.post(
        REFERRALS,
        content=json.dumps(referral_body()).encode(),
        headers=[
            ("Authorization", partner["Authorization"]),
            ("Content-Type", "application/json"),
            ("Idempotency-Key", "first"),
            ("Idempotency-Key", "second"),
        ],
    )

    assert response.status_code == 201
    assert fast.count == 0
    assert len(canned) == 1


async def test_a_body_sent_in_pieces_is_read_whole(
    client: AsyncClient, partner: dict[str, str], canned: list[Submission], fast: Calls
) -> None:
    encoded = json.dumps(referral_body()).encode()

    async def pieces() -> Any:
        for start in range(0, len(encoded), 100):
            yield encoded[start : start + 100]

    response = await client.post(
        REFERRALS,
        content=pieces(),
        headers={**partner, "Idempotency-Key": "pieces", "Content-Type": "application/json"},
    )

    assert response.status_code == 201, response.text
    assert fast.count == 1
    assert canned[0].body.concern == referral_body()["concern"]


async def test_other_methods_and_paths_beside_it_are_routed_as_before(
    client: AsyncClient, partner: dict[str, str]
) -> None:
    listed = await client.get(REFERRALS, headers=partner)
    wrong_method = await client.put(REFERRALS, headers=partner, json={})

    assert listed.status_code == 200
    assert wrong_method.status_code == 405
