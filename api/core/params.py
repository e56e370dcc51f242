"""Query parameter types shared by several domains."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Query
from pydantic import AfterValidator, AwareDatetime

from api.core.pagination import in_utc_range


def _exists_in_utc(moment: datetime) -> datetime:
    if not in_utc_range(moment):
        raise ValueError("the time lies outside the years a UTC time can have")
    return moment


# A naive time would be ambiguous (and cannot be compared with stored UTC times).
UtcMoment = Annotated[AwareDatetime, AfterValidator(_exists_in_utc)]
MomentQuery = Annotated[
    UtcMoment | None,
    Query(description="A time with its zone, e.g. 2026-01-31T23:00:00Z.", examples=["2026-01-31T23:00:00Z"]),
]
