"""Anonymised referral statistics.

Any count under ``MIN_CELL_SIZE`` is suppressed, and a median needs as many cases, so
that no single person can be singled out from a small municipality or month.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from api.directory import service as directory
from api.referrals import service as referrals
from api.stats.schemas import Cell, ReferralStatistics

MIN_CELL_SIZE = 5


def _cells(counts: Counter[str], labels: dict[str, str] | None = None) -> list[Cell]:
    return [
        Cell(
            key=key,
            label=(labels or {}).get(key),
            count=count if count >= MIN_CELL_SIZE else None,
            suppressed=count < MIN_CELL_SIZE,
        )
        for key, count in sorted(counts.items())
    ]


def _median_days(spans: Iterable[timedelta]) -> float | None:
    days = [span.total_seconds() / 86400 for span in spans]
    return round(statistics.median(days), 1) if len(days) >= MIN_CELL_SIZE else None


async def referral_statistics(
    session: AsyncSession, *, created_after: datetime | None = None, created_before: datetime | None = None
) -> ReferralStatistics:
    rows = await referrals.statistics_facts(
        session, created_after=created_after, created_before=created_before
    )
    programmes = await directory.organisation_refs(session, [row.assignee_organisation_id for row in rows])
    programme_counts = Counter(
        programmes[row.assignee_organisation_id].slug if row.assignee_organisation_id else "none"
        for row in rows
    )
    labels = {ref.slug: ref.name for ref in programmes.values()}
    total = len(rows)
    return ReferralStatistics(
        min_cell_size=MIN_CELL_SIZE,
        total=total if total >= MIN_CELL_SIZE or total == 0 else None,
        by_month=_cells(Counter(row.created_at.strftime("%Y-%m") for row in rows)),
        by_status=_cells(Counter(row.status for row in rows)),
        by_urgency=_cells(Counter(row.urgency for row in rows)),
        by_programme=_cells(programme_counts, labels),
        by_municipality=_cells(Counter(row.municipality or "unknown" for row in rows)),
        median_days_to_triage=_median_days(row.triaged_at - row.created_at for row in rows if row.triaged_at),
        median_days_to_assignment=_median_days(
            row.assigned_at - row.created_at for row in rows if row.assigned_at
        ),
    )
