"""What the contact form accepts and what the staff inbox sends.

The form is public, so its body is strict: unknown fields are refused, every text has a
bound, and control characters (beyond line breaks and tabs in the text) are refused
because they have no place in a message and only serve to confuse the console or a mail
client later.
"""

from __future__ import annotations

import unicodedata
import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StrictBool, field_validator

from api.core import json_schema
from api.directory.schemas import OrganisationRef
from api.messages.models import MessageStatus, MessageTopic

LINE_BREAKS = frozenset("\n\t")


def _control_characters(value: str, allowed: frozenset[str] = frozenset()) -> bool:
    return any(unicodedata.category(char) == "Cc" and char not in allowed for char in value)


# Line breaks and tabs are the control characters a text may hold.
TEXT_CONTROLS = r"\x00-\x08\x0b-\x1f\x7f-\x9f"


class MessageCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra=json_schema.rules(
            json_schema.without(json_schema.CONTROLS, "name", "subject"),
            json_schema.without(TEXT_CONTROLS, "text"),
            json_schema.not_blank,
            # `false` is refused (`if` false `then` true cannot hold); said beside the field,
            # so the field stays a boolean for the forms that hold it before it is ticked.
            {
                "if": {"properties": {"privacy_consent": {"const": False}}},
                "then": {"properties": {"privacy_consent": {"const": True}}},
            },
        ),
    )

    name: str | None = Field(
        default=None, max_length=200, description="How the sender wants to be addressed."
    )
    reply_to: Annotated[EmailStr, Field(max_length=254)] | None = Field(
        default=None, description="Where an answer goes; without it the message is anonymous."
    )
    subject: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1, max_length=5000)
    privacy_consent: StrictBool = Field(description="The sender accepted the privacy notice; must be true.")
    topic: MessageTopic = Field(
        default=MessageTopic.general,
        description="`accessibility` for feedback on barriers of the site (the accessibility "
        "statement's feedback form); otherwise `general`.",
    )
    homepage: str | None = Field(
        default=None,
        max_length=500,
        description="Leave empty. The form hides this field from people; only bots fill it in.",
    )

    @field_validator("name", "reply_to", "homepage", mode="before")
    @classmethod
    def _blank_is_absent(cls, value: object) -> object:
        """Forms send empty inputs as ``""``; that means "not given", not "invalid"."""
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("text", mode="before")
    @classmethod
    def _unix_line_breaks(cls, value: object) -> object:
        """Browsers submit text areas with CRLF; one form of line break is enough."""
        return value.replace("\r\n", "\n") if isinstance(value, str) else value

    @field_validator("name", "subject")
    @classmethod
    def _single_line(cls, value: str | None) -> str | None:
        if value is not None and _control_characters(value):
            raise ValueError("control characters and line breaks are not allowed here")
        return value

    @field_validator("text")
    @classmethod
    def _printable_text(cls, value: str) -> str:
        if _control_characters(value, LINE_BREAKS):
            raise ValueError("control characters other than line breaks and tabs are not allowed")
        return value

    @field_validator("privacy_consent")
    @classmethod
    def _consent_given(cls, value: bool) -> bool:
        if not value:
            raise ValueError("a message can only be sent after accepting the privacy notice")
        return value

    @property
    def is_bot(self) -> bool:
        return self.homepage is not None


class MessageReceipt(BaseModel):
    """The 202 answer: it names no field the sender typed."""

    id: uuid.UUID
    received_at: datetime
    organisation: OrganisationRef


class MessageStatusIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: MessageStatus


class MessageSummary(BaseModel):
    """A row of the inbox: the subject, never the text."""

    id: uuid.UUID
    organisation: OrganisationRef
    status: MessageStatus
    topic: MessageTopic = Field(description="`accessibility` marks feedback on barriers of the site.")
    language: str = Field(description="Language the sender wrote in; answer in it.")
    created_at: datetime
    subject: str | None = Field(description="Null once the message was erased.")


class MessageOut(MessageSummary):
    """One message with what the sender typed (all null once erased)."""

    updated_at: datetime
    name: str | None
    reply_to: str | None
    text: str | None
    erased: bool


class MessageStatusChange(BaseModel):
    """One change of a message's status, as the audit log recorded it."""

    occurred_at: datetime
    from_status: MessageStatus | None = Field(description="Null where the log does not name it.")
    to_status: MessageStatus
