"""What the statistics API sends: counts, with small cells suppressed."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Cell(BaseModel):
    key: str = Field(description="The month (YYYY-MM), status, urgency, programme slug or municipality.")
    label: str | None = Field(default=None, description="A readable name where the key is a code.")
    count: int | None = Field(description="Null when suppressed (fewer than `min_cell_size`).")
    suppressed: bool


class ReferralStatistics(BaseModel):
    min_cell_size: int = Field(examples=[5])
    total: int | None
    by_month: list[Cell]
    by_status: list[Cell]
    by_urgency: list[Cell]
    by_programme: list[Cell]
    by_municipality: list[Cell]
    median_days_to_triage: float | None = Field(description="Null when fewer than `min_cell_size` cases.")
    median_days_to_assignment: float | None
