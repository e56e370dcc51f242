"""What the directory API sends and accepts.

Output models carry texts already resolved to one language; the field names are part of
the public contract.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from api.directory.models import (
    ChannelKind,
    OrganisationKind,
    RelationKind,
    ResponsibilityRole,
    Visibility,
)

REGION_PATTERN = r"^[0-9]{2,12}$"
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


class OrganisationRef(BaseModel):
    slug: str = Field(examples=["kip-ni"])
    name: str = Field(examples=["Kompetenzstelle Islamismusprävention Niedersachsen"])


class TopicRef(BaseModel):
    slug: str = Field(examples=["case-coordination"])
    name: str = Field(examples=["Koordinierung der Einzelfallbearbeitung"])


class Address(BaseModel):
    model_config = ConfigDict(extra="forbid")

    street: str = Field(examples=["Am Waterlooplatz 11"])
    postal_code: str = Field(examples=["30169"])
    city: str = Field(examples=["Hannover"])
    state: str | None = Field(default=None, examples=["Niedersachsen"])
    country: str = Field(default="DE", min_length=2, max_length=2, examples=["DE"])


class WeeklySpan(BaseModel):
    model_config = ConfigDict(extra="forbid")

    day: Weekday
    opens: str = Field(examples=["09:00"])
    closes: str = Field(examples=["15:30"])

    @model_validator(mode="after")
    def _ordered(self) -> WeeklySpan:
        if not (_TIME.match(self.opens) and _TIME.match(self.closes)):
            raise ValueError("times are HH:MM")
        if self.opens >= self.closes:
            raise ValueError("a span opens before it closes")
        return self


class OpeningException(BaseModel):
    """A day that differs from the weekly plan: closed, or other hours."""

    model_config = ConfigDict(extra="forbid")

    date: date
    closed: bool = True
    spans: list[tuple[str, str]] = Field(default_factory=list)
    note: str | None = None


class OpeningHours(BaseModel):
    """Weekly spans plus dated exceptions.

    Lower Saxony's public holidays close the channel unless
    ``open_on_public_holidays`` says otherwise.
    """

    model_config = ConfigDict(extra="forbid")

    weekly: list[WeeklySpan] = Field(default_factory=list)
    exceptions: list[OpeningException] = Field(default_factory=list)
    open_on_public_holidays: bool = False
    timezone: Literal["Europe/Berlin"] = "Europe/Berlin"


class ContactChannelOut(BaseModel):
    id: uuid.UUID
    kind: ChannelKind
    label: str = Field(examples=["Postanschrift"])
    value: str = Field(examples=["Am Waterlooplatz 11, 30169 Hannover"])
    visibility: Visibility
    address: Address | None
    opening_hours: OpeningHours | None
    languages: list[str] = Field(examples=[["de", "en"]])


class RelationOut(BaseModel):
    id: uuid.UUID
    kind: RelationKind
    organisation: OrganisationRef


class ResponsibilityOut(BaseModel):
    id: uuid.UUID
    topic: TopicRef
    organisation: OrganisationRef
    role: ResponsibilityRole
    region: str | None = Field(description="Official regional key (ARS); null means the whole state.")
    description: str


class OrganisationOut(BaseModel):
    id: uuid.UUID
    slug: str = Field(examples=["kip-ni"])
    name: str
    short_name: str | None = Field(examples=["KIP NI"])
    kind: OrganisationKind
    description: str
    parent: OrganisationRef | None
    region: str | None = Field(description="Official regional key (ARS).", examples=["03"])
    website: str | None
    founded: int | None = Field(examples=[2016])
    founded_by: str | None
    updated_at: datetime
    assured_at: datetime | None = Field(description="When an editor last confirmed the entry.")
    contact_channels: list[ContactChannelOut]
    responsibilities: list[ResponsibilityOut]
    relations: list[RelationOut] = Field(
        description="Facts with this organisation as subject: «this kind organisation»."
    )
    incoming_relations: list[RelationOut] = Field(
        description="Facts with this organisation as object: «organisation kind this»."
    )


class TopicOut(BaseModel):
    id: uuid.UUID
    slug: str
    name: str
    description: str
    position: int


class NetworkNode(BaseModel):
    id: str = Field(description="The organisation's slug.", examples=["kip-ni"])
    name: str
    short_name: str | None
    kind: OrganisationKind


class NetworkEdge(BaseModel):
    source: str = Field(examples=["mi"])
    target: str = Field(examples=["kip-ni"])
    kind: RelationKind


class NetworkOut(BaseModel):
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


RegionQuery = Annotated[str, Field(pattern=REGION_PATTERN)]


class OrganisationFilters(BaseModel):
    """Validated filters of the organisation list; also the cache key of a page."""

    q: str | None = None
    kind: OrganisationKind | None = None
    region: str | None = None
    member_of: str | None = None
    topic: str | None = None

    @field_validator("q")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None
