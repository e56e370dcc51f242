"""Messages written through the public contact form. Everything a person typed is
encrypted (``*_enc``); the plain columns say only where it went and how far it is."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.core.db import Base, UUIDPrimaryKey, one_of
from api.core.row_encryption import EncryptedColumns


class MessageStatus(StrEnum):
    new = "new"
    in_progress = "in_progress"
    answered = "answered"
    closed = "closed"


class Message(UUIDPrimaryKey, Base):
    __tablename__ = "messages"
    __table_args__ = (CheckConstraint(one_of("status", MessageStatus), name="status"),)

    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(16), default=MessageStatus.new.value, index=True)
    language: Mapped[str] = mapped_column(String(2), default="de")
    created_at: Mapped[datetime] = mapped_column(index=True)
    updated_at: Mapped[datetime]
    erased_at: Mapped[datetime | None]
    name_enc: Mapped[str | None] = mapped_column(Text)
    reply_to_enc: Mapped[str | None] = mapped_column(Text)
    subject_enc: Mapped[str | None] = mapped_column(Text)
    text_enc: Mapped[str | None] = mapped_column(Text)


# What a sender typed, sealed with the data keys (``kipni keys rotate`` walks these).
ENCRYPTED_COLUMNS = (EncryptedColumns(Message, ("name_enc", "reply_to_enc", "subject_enc", "text_enc")),)
