"""What the audit API sends."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class AuditEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    seq: int
    occurred_at: datetime
    actor_kind: str
    actor_id: str | None
    organisation: str | None
    action: str
    outcome: str
    object_type: str | None
    object_id: str | None
    client_address: str | None
    request_id: str | None
    details: dict[str, Any]
    hash: str


class ChainBreakOut(BaseModel):
    seq: int = Field(description="The first row where the chain breaks.")
    id: uuid.UUID
    reason: str


class AuditVerificationOut(BaseModel):
    """The keyed chain recomputed from its first row, as `kipni audit verify` does."""

    intact: bool
    checked: int = Field(description="Rows checked before the first break (all rows when intact).")
    verified_at: datetime
    reason: str | None = Field(default=None, description="Why the chain is broken; null when intact.")
    broken: ChainBreakOut | None = None
