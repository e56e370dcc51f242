"""HTTP face of the statistics."""

from __future__ import annotations

from api.audit import service as audit
from api.core.dependencies import MetaDep, SessionDep
from api.core.errors import error_responses
from api.core.params import MomentQuery
from api.core.routing import versioned_router
from api.stats import service
from api.stats.auth import StatisticsReader
from api.stats.schemas import ReferralStatistics

router = versioned_router("stats")


@router.get(
    "/stats/referrals",
    summary="Anonymised referral statistics",
    description="Counts per month, status, urgency, programme and municipality, and median days "
    "from receipt to triage and to assignment. Cells under `min_cell_size` are suppressed.",
    response_model=ReferralStatistics,
    responses=error_responses(401, 403, 422),
)
async def referral_statistics(
    principal: StatisticsReader,
    session: SessionDep,
    meta: MetaDep,
    created_after: MomentQuery = None,
    created_before: MomentQuery = None,
) -> ReferralStatistics:
    result = await service.referral_statistics(
        session, created_after=created_after, created_before=created_before
    )
    await audit.record(
        session, action="stats.read", actor=principal.actor, meta=meta, object_type="statistics"
    )
    return result
