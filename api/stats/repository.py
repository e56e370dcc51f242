"""The few referral columns statistics need: codes and dates, never a personal field."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.referrals.models import Referral


async def referral_facts(
    session: AsyncSession, *, created_after: datetime | None, created_before: datetime | None
) -> Sequence[Row[datetime, str, str, uuid.UUID | None, str | None, datetime | None, datetime | None]]:
    statement = select(
        Referral.created_at,
        Referral.status,
        Referral.urgency,
        Referral.assignee_organisation_id,
        Referral.municipality,
        Referral.triaged_at,
        Referral.assigned_at,
    )
    if created_after is not None:
        statement = statement.where(Referral.created_at >= created_after)
    if created_before is not None:
        statement = statement.where(Referral.created_at < created_before)
    return (await session.execute(statement)).all()
