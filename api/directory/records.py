"""The directory as records with both languages: what an export writes and an import reads.

Unlike the API's output models, a record keeps German and English side by side and
names other entries by slug, so a file written by one installation reads into another.
The field rules are those of the staff writes (same lengths, patterns and single-line
texts), so nothing enters by import that an editor could not have typed.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from api.directory.models import ChannelKind, OrganisationKind, RelationKind, ResponsibilityRole, Visibility
from api.directory.schemas import (
    Address,
    LabelText,
    LanguageCode,
    LongText,
    NameText,
    OpeningHours,
    Region,
    Slug,
    WebAddress,
    single_line,
)

FORMAT: Literal["kipni-directory"] = "kipni-directory"
FORMAT_VERSION: Literal[1] = 1

OneLine = Annotated[str, AfterValidator(single_line)]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class TopicRecord(_Record):
    id: uuid.UUID | None = None
    slug: Slug
    position: int = Field(default=0, ge=0, le=2**31 - 1)
    name: NameText
    description: LongText | None = None


class ChannelRecord(_Record):
    """A contact channel inside its organisation's record."""

    id: uuid.UUID | None = None
    kind: ChannelKind
    label: LabelText
    value: Annotated[OneLine, Field(min_length=1, max_length=500)]
    visibility: Visibility
    address: Address | None = None
    opening_hours: OpeningHours | None = None
    languages: list[LanguageCode] = Field(default_factory=list, max_length=20)
    position: int = Field(default=0, ge=0, le=10_000)


class OrganisationRecord(_Record):
    id: uuid.UUID | None = None
    slug: Slug
    name: NameText
    short_name: Annotated[OneLine, Field(min_length=1, max_length=80)] | None = None
    kind: OrganisationKind
    description: LongText | None = None
    parent: Slug | None = None
    region: Region | None = None
    website: WebAddress | None = None
    founded: int | None = Field(default=None, ge=800, le=2100)
    founded_by: NameText | None = None
    assured_at: datetime | None = None
    contact_channels: list[ChannelRecord] = Field(default_factory=list)


class RelationRecord(_Record):
    id: uuid.UUID | None = None
    subject: Slug
    kind: RelationKind
    object: Slug


class ResponsibilityRecord(_Record):
    id: uuid.UUID | None = None
    topic: Slug
    organisation: Slug
    role: ResponsibilityRole
    region: Region | None = None
    description: LongText | None = None


class DirectoryRecords(_Record):
    """The whole directory (or a part of it) in the export format."""

    format: Literal["kipni-directory"] = FORMAT
    format_version: Literal[1] = FORMAT_VERSION
    topics: list[TopicRecord] = Field(default_factory=list)
    organisations: list[OrganisationRecord] = Field(default_factory=list)
    relations: list[RelationRecord] = Field(default_factory=list)
    responsibilities: list[ResponsibilityRecord] = Field(default_factory=list)
