"""Query parameter types shared by several domains."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from pydantic import AwareDatetime

# A naive time would be ambiguous (and cannot be compared with stored UTC times).
MomentQuery = Annotated[
    AwareDatetime | None,
    Query(description="A time with its zone, e.g. 2026-01-31T23:00:00Z.", examples=["2026-01-31T23:00:00Z"]),
]
