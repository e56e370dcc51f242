"""What the audit API sends."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


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
