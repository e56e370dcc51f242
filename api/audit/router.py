"""HTTP face of the audit log: reading it, for holders of `audit:read`.

Reads are not audited themselves: every page view would add rows and bury the changes
the log exists to show. Exports will be, as they take the data elsewhere.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from api.audit import service
from api.audit.auth import AuditReader
from api.audit.schemas import AuditEventOut, AuditVerificationOut
from api.core.dependencies import SessionDep
from api.core.errors import error_responses
from api.core.pagination import Page
from api.core.params import CursorQuery, LimitQuery, MomentQuery
from api.core.routing import versioned_router

router = versioned_router("audit")

# Timestamps must carry a zone: a naive one could mean any hour of the day.


@router.get(
    "/audit-events",
    summary="Read the audit log",
    description="Newest first. Filters combine with AND; `occurred_after` is inclusive, "
    "`occurred_before` exclusive. Keyset paginated.",
    response_model=Page[AuditEventOut],
    responses=error_responses(400, 401, 403, 422),
)
async def list_audit_events(
    _auditor: AuditReader,
    session: SessionDep,
    action: Annotated[str | None, Query(max_length=64, examples=["auth.login"])] = None,
    actor_id: Annotated[str | None, Query(max_length=64)] = None,
    object_type: Annotated[str | None, Query(max_length=64, examples=["user"])] = None,
    object_id: Annotated[str | None, Query(max_length=128)] = None,
    outcome: Annotated[str | None, Query(max_length=16, examples=["failure"])] = None,
    occurred_after: MomentQuery = None,
    occurred_before: MomentQuery = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Page[AuditEventOut]:
    return await service.list_events(
        session,
        action=action,
        actor_id=actor_id,
        object_type=object_type,
        object_id=object_id,
        outcome=outcome,
        occurred_after=occurred_after,
        occurred_before=occurred_before,
        limit=limit,
        cursor=cursor,
    )


@router.get(
    "/audit-events/verification",
    summary="Verify the audit log's chain",
    description="Recomputes the keyed hash of every row from the first one, as `kipni audit verify` "
    "does, and names the first row where the chain breaks (an edited or deleted row). A cut tail "
    "is found only against a checkpoint kept off the host: `kipni audit verify --checkpoint FILE`. "
    "Walks the whole log, so it takes longer as the log grows.",
    response_model=AuditVerificationOut,
    responses=error_responses(401, 403),
)
async def verify_audit_chain(_auditor: AuditReader, session: SessionDep) -> AuditVerificationOut:
    return await service.verification_report(session)
