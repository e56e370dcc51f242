"""What the webhook and outbox endpoints accept and send.

A webhook's signing secret appears once, in the answer to its registration; an outbox
item is shown without its recipient, since its payload alone holds no personal data.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.core import json_schema
from api.notifications.models import Channel, DeliveryStatus


class WebhookEvent(StrEnum):
    referral_status_changed = "referral.status_changed"


class WebhookCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, json_schema_extra=json_schema.not_blank
    )

    url: str = Field(
        min_length=1,
        max_length=2000,
        description="An https URL whose host resolves to public addresses only.",
        examples=["https://partner.example/kipni/events"],
    )
    events: list[WebhookEvent] = Field(min_length=1, examples=[["referral.status_changed"]])

    @field_validator("events")
    @classmethod
    def _once_each(cls, events: list[WebhookEvent]) -> list[WebhookEvent]:
        return sorted(set(events))


class WebhookOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    url: str
    events: list[str]
    is_active: bool
    created_at: datetime


class WebhookCreated(WebhookOut):
    secret: str = Field(
        description="Key of the HMAC-SHA256 signature in `KIPNI-Signature`. Shown only now: store it."
    )


class OutboxItemOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    channel: Channel
    event: str
    status: DeliveryStatus
    attempts: int
    last_error: str | None
    payload: dict[str, Any]
    webhook_id: uuid.UUID | None
    created_at: datetime
    next_attempt_at: datetime
    sent_at: datetime | None
