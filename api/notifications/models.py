"""The outbox and the webhooks partner systems register.

An outbox row is written in the same transaction as the change it announces, so a
notification exists exactly when the change does. Its payload holds identifiers, codes
and references only; an e-mail recipient is encrypted like any personal field.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.core.db import Base, Timestamps, UUIDPrimaryKey
from api.core.row_encryption import EncryptedColumns


class Channel(StrEnum):
    email = "email"
    webhook = "webhook"


class DeliveryStatus(StrEnum):
    pending = "pending"
    sent = "sent"
    dead = "dead"


class OutboxItem(UUIDPrimaryKey, Base):
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    channel: Mapped[str] = mapped_column(String(16))
    event: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    recipient_enc: Mapped[str | None] = mapped_column(Text)
    webhook_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("webhooks.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default=DeliveryStatus.pending.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    locked_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]


class Webhook(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "webhooks"

    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(String(2000))
    secret_enc: Mapped[str] = mapped_column(Text)
    events: Mapped[list[str]] = mapped_column(JSON, default=list)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


# Recipients and signing secrets, sealed with the data keys (``kipni keys rotate`` walks these).
ENCRYPTED_COLUMNS = (
    EncryptedColumns(OutboxItem, ("recipient_enc",)),
    EncryptedColumns(Webhook, ("secret_enc",)),
)
