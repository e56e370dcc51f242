"""HTTP face of the referral intake: parse, authorise, call the service, shape the answer."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Header, Query, Request, Response

from api.accounts.dependencies import refused_token_apart
from api.core.dependencies import MetaDep, SealerDep, SessionDep
from api.core.errors import Unauthorized, error_responses
from api.core.openapi import required_header
from api.core.pagination import Page
from api.core.params import CursorQuery, LimitQuery, MomentQuery
from api.core.routing import versioned_router
from api.referrals import idempotency, service
from api.referrals.auth import (
    ReferralCaller,
    ReferralEraser,
    ReferralReader,
    ReferralSubmitterToken,
    ReferralWithdrawer,
)
from api.referrals.intake import Intake
from api.referrals.models import Status, Urgency
from api.referrals.schemas import HistoryEntry, ReferralCreate, ReferralOut, ReferralReceipt, TransitionIn

router = versioned_router("referrals")


async def app_intake(request: Request) -> Intake:
    intake: Intake = request.app.state.intake
    return intake


IntakeDep = Annotated[Intake, Depends(app_intake)]

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        description="Opaque key up to 255 characters, unique per submission of this client. "
        "Retrying with the same key and body replays the first answer.",
        json_schema_extra=required_header(minLength=1, maxLength=255, pattern=r"\S"),
    ),
]


# What a client can do next with the referral it created (OpenAPI links): read it and
# its history, move it, withdraw it.
_BY_ID = {"referral_id": "$response.body#/id"}
REFERRAL_LINKS = {
    "GetReferral": {
        "operationId": "referrals-get_referral",
        "parameters": _BY_ID,
        "description": "The referral just created.",
    },
    "GetReferralHistory": {
        "operationId": "referrals-get_referral_history",
        "parameters": _BY_ID,
        "description": "Its history of moves.",
    },
    "TransitionReferral": {
        "operationId": "referrals-transition_referral",
        "parameters": _BY_ID,
        "description": "Move it to another status (staff).",
    },
    "WithdrawReferral": {
        "operationId": "referrals-withdraw_referral",
        "parameters": _BY_ID,
        "description": "Withdraw it before triage (the submitting partner).",
    },
}


@router.post(
    "/referrals",
    summary="Submit a referral",
    description="Hands over a case to the KIP NI case coordination. Needs `Idempotency-Key`. "
    "A 201 means the referral is stored. For `acute` urgency the answer carries the emergency "
    "advice: a referral never replaces calling the police (110).",
    status_code=201,
    response_model=ReferralReceipt,
    responses={
        201: {"headers": {"Location": {"description": "URL of the new referral."}}, "links": REFERRAL_LINKS},
        **error_responses(400, 401, 403, 409, 413, 422, 503),
    },
)
async def submit_referral(
    intake: IntakeDep,
    body: ReferralCreate,
    token: ReferralSubmitterToken,
    request: Request,
    meta: MetaDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    submission = service.Submission(token, body, meta, idempotency.check_key(idempotency_key))
    return await answer_submission(intake, submission, request)


async def answer_submission(intake: Intake, submission: service.Submission, request: Request) -> Response:
    """The answer to a submission once its batch is committed: the route's, and the one
    ``submit_route`` gives a well-formed submission without the route's dependencies."""
    try:
        answer = await intake.submit(submission)
    except Unauthorized as exc:  # revoked or disabled since the token was issued
        raise await refused_token_apart(request, submission.meta) from exc
    headers = {"Idempotent-Replayed": "true"} if answer.replayed else {}
    if answer.location:
        headers["Location"] = answer.location
    return Response(answer.body, status_code=answer.status, media_type="application/json", headers=headers)


@router.get(
    "/referrals",
    summary="List the referrals this caller may see",
    description="Partners see their organisation's referrals with a coarse status; case workers "
    "those assigned to their programme; coordinators all. Newest first.",
    response_model=Page[ReferralOut],
    responses=error_responses(400, 401, 422),
)
async def list_referrals(
    sealer: SealerDep,
    principal: ReferralReader,
    session: SessionDep,
    meta: MetaDep,
    status: Annotated[Status | None, Query()] = None,
    urgency: Annotated[Urgency | None, Query()] = None,
    assignee: Annotated[str | None, Query(max_length=80, pattern=r"^[a-z0-9][a-z0-9-]*$")] = None,
    created_after: MomentQuery = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Page[ReferralOut]:
    return await service.list_referrals(
        session,
        sealer,
        principal,
        meta,
        status=status,
        urgency=urgency,
        assignee=assignee,
        created_after=created_after,
        limit=limit,
        cursor=cursor,
    )


@router.get(
    "/referrals/{referral_id}",
    summary="Show one referral",
    response_model=ReferralOut,
    responses=error_responses(401, 404, 422),
)
async def get_referral(
    sealer: SealerDep, referral_id: uuid.UUID, principal: ReferralCaller, session: SessionDep, meta: MetaDep
) -> ReferralOut:
    return await service.get(session, sealer, principal, referral_id, meta)


@router.get(
    "/referrals/{referral_id}/history",
    summary="The status changes of a referral",
    description="Partners see the coarse status, the date and public notes of each change only.",
    response_model=list[HistoryEntry],
    responses=error_responses(401, 404, 422),
)
async def get_referral_history(
    sealer: SealerDep, referral_id: uuid.UUID, principal: ReferralCaller, session: SessionDep, meta: MetaDep
) -> list[HistoryEntry]:
    return await service.history(session, sealer, principal, referral_id, meta)


@router.post(
    "/referrals/{referral_id}/transitions",
    summary="Move a referral to another status",
    description="`received -> in_triage -> assigned -> in_progress -> closed`, and "
    "`received|in_triage -> rejected`. `assignee` (a programme's slug) when moving to `assigned`; "
    "`outcome`, and `outcome_reason` when not successful, when moving to `closed`. Any other move, "
    "and the loser of two simultaneous moves, is 409. Triage moves (`in_triage`, `assigned`, "
    "`rejected`) need `referrals:triage`, the programme's (`in_progress`, `closed`) "
    "`referrals:update-assigned`; a refused move is audited.",
    response_model=ReferralOut,
    responses=error_responses(401, 403, 404, 409, 422),
)
async def transition_referral(
    sealer: SealerDep,
    referral_id: uuid.UUID,
    body: TransitionIn,
    principal: ReferralCaller,
    session: SessionDep,
    meta: MetaDep,
) -> ReferralOut:
    return await service.transition(session, sealer, principal, referral_id, body, meta)


@router.post(
    "/referrals/{referral_id}/withdraw",
    summary="Withdraw a referral before triage",
    description="Only the submitting partner, and only while the referral is `received`.",
    response_model=ReferralOut,
    responses=error_responses(401, 403, 404, 409, 422),
)
async def withdraw_referral(
    sealer: SealerDep,
    referral_id: uuid.UUID,
    principal: ReferralWithdrawer,
    session: SessionDep,
    meta: MetaDep,
) -> ReferralOut:
    return await service.withdraw(session, sealer, principal, referral_id, meta)


@router.post(
    "/referrals/{referral_id}/erase",
    summary="Erase the personal data of a referral",
    description="For erasure requests (GDPR Art. 17). Status, dates, urgency, programme and outcome "
    "remain for anonymised statistics. Admins only.",
    status_code=204,
    responses=error_responses(401, 403, 404, 422),
)
async def erase_referral(
    referral_id: uuid.UUID, principal: ReferralEraser, session: SessionDep, meta: MetaDep
) -> Response:
    await service.erase(session, principal, referral_id, meta)
    return Response(status_code=204)
