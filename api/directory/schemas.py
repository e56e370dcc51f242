"""What the directory API sends and accepts.

Output models carry texts already resolved to one language; the field names are part of
the public contract.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    field_validator,
    model_validator,
)

from api.core import json_schema
from api.core.json_schema import rules as schema_rules
from api.directory.models import (
    ChannelKind,
    OrganisationKind,
    RelationKind,
    ResponsibilityRole,
    Visibility,
)

REGION_PATTERN = r"^[0-9]{2,12}$"
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


class OrganisationRef(BaseModel):
    slug: str = Field(examples=["kip-ni"])
    name: str = Field(examples=["Kompetenzstelle Islamismusprävention Niedersachsen"])


class TopicRef(BaseModel):
    slug: str = Field(examples=["case-coordination"])
    name: str = Field(examples=["Koordinierung der Einzelfallbearbeitung"])


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def single_line(value: str) -> str:
    """Refuses line breaks and other control characters in one-line texts.

    They would let a value break out of its line in a vCard or a log, and no name,
    label or address needs them.
    """
    if _CONTROL.search(value):
        raise ValueError("must be a single line without control characters")
    return value


# What `_web_address` accepts, as the document states it: http(s), a host, no spaces.
WEB_ADDRESS_PATTERN = r"^https?://[^\s/?#@:]+(:[0-9]*)?([/?#]\S*)?$"


def _web_address(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in value:
        raise ValueError("must be an http or https URL")
    return value


Slug = Annotated[str, Field(min_length=1, max_length=80, pattern=SLUG_PATTERN, examples=["kip-ni"])]
Region = Annotated[str, Field(pattern=REGION_PATTERN, description="Official regional key (ARS).")]
WebAddress = Annotated[
    str,
    Field(max_length=500, pattern=WEB_ADDRESS_PATTERN, examples=["https://www.kip.niedersachsen.de"]),
    AfterValidator(_web_address),
]


class Address(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra=schema_rules(
            json_schema.without(json_schema.ASCII_CONTROLS, "street", "postal_code", "city", "state"),
            json_schema.not_blank,
        ),
    )

    street: str = Field(min_length=1, max_length=200, examples=["Am Waterlooplatz 11"])
    postal_code: str = Field(min_length=1, max_length=10, examples=["30169"])
    city: str = Field(min_length=1, max_length=120, examples=["Hannover"])
    state: str | None = Field(default=None, min_length=1, max_length=120, examples=["Niedersachsen"])
    country: str = Field(default="DE", pattern=r"^[A-Z]{2}$", examples=["DE"])

    @field_validator("street", "postal_code", "city", "state")
    @classmethod
    def _one_line(cls, value: str | None) -> str | None:
        return single_line(value) if value is not None else None


def _written_date(value: object) -> object:
    """Only a written date (as documented): pydantic would also read a number as a time."""
    if not isinstance(value, str | date):
        raise ValueError("give a date, e.g. 2026-12-24")
    return value


class WeeklySpan(BaseModel):
    """Hours of one weekday: the span opens before it closes (hours past midnight belong
    to the next day's span)."""

    model_config = ConfigDict(extra="forbid")

    day: Weekday
    opens: str = Field(pattern=_TIME.pattern, examples=["09:00"])
    closes: str = Field(pattern=_TIME.pattern, examples=["15:30"])

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

    date: Annotated[date, BeforeValidator(_written_date)]
    closed: StrictBool = True
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
    open_on_public_holidays: StrictBool = False
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


# Writes. Every request model forbids unknown fields, so nobody sets `id`, `version`,
# `created_at` or a slug by sending it along; a misspelt field is a 422, not a no-op.


def not_null(value: object) -> object:
    """For partial updates: a required field may be left out, but not emptied."""
    if value is None:
        raise ValueError("may be left out, but not null")
    return value


class _Text(BaseModel):
    """A text people read: German required, English optional (reads fall back to German)."""

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, json_schema_extra=json_schema.not_blank
    )

    de: str
    en: str | None = None

    @field_validator("en")
    @classmethod
    def _blank_english_is_absent(cls, value: str | None) -> str | None:
        return value or None


class _LineText(_Text):
    model_config = ConfigDict(
        json_schema_extra=schema_rules(
            json_schema.without(json_schema.ASCII_CONTROLS, "de", "en"), json_schema.not_blank
        )
    )

    @field_validator("de", "en")
    @classmethod
    def _one_line(cls, value: str | None) -> str | None:
        return single_line(value) if value is not None else None


class NameText(_LineText):
    de: str = Field(min_length=1, max_length=300, examples=["Kompetenzstelle Islamismusprävention"])
    en: str | None = Field(default=None, max_length=300, examples=["Competence Centre for Prevention"])


class LabelText(_LineText):
    de: str = Field(min_length=1, max_length=200, examples=["Postanschrift"])
    en: str | None = Field(default=None, max_length=200, examples=["Postal address"])


class LongText(_Text):
    de: str = Field(min_length=1, max_length=20_000)
    en: str | None = Field(default=None, max_length=20_000)


_ORGANISATION_RULES = schema_rules(
    json_schema.without(json_schema.ASCII_CONTROLS, "short_name"), json_schema.not_blank
)


class OrganisationFields(BaseModel):
    """What an editor writes about an organisation; create and update share it."""

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, json_schema_extra=_ORGANISATION_RULES
    )

    name: NameText | None = None
    short_name: str | None = Field(default=None, min_length=1, max_length=80, examples=["KIP NI"])
    kind: OrganisationKind | None = None
    description: LongText | None = None
    parent: Slug | None = Field(default=None, description="Slug of the parent organisation, or null.")
    region: Region | None = None
    website: WebAddress | None = None
    founded: int | None = Field(default=None, ge=800, le=2100, examples=[2016])
    founded_by: NameText | None = None
    assured: Literal[True] | None = Field(
        default=None, description="`true` confirms the entry as checked: sets `assured_at` to now."
    )

    @field_validator("founded", mode="before")
    @classmethod
    def _integer(cls, value: object) -> object:
        return json_schema.a_json_integer(value)

    @field_validator("short_name")
    @classmethod
    def _one_line(cls, value: str | None) -> str | None:
        return single_line(value) if value is not None else None


class OrganisationCreate(OrganisationFields):
    slug: Slug = Field(description="Part of the organisation's URLs; cannot be changed later.")
    name: NameText
    kind: OrganisationKind


class OrganisationPatch(OrganisationFields):
    """Only the fields sent change; `null` empties an optional field."""

    model_config = ConfigDict(
        json_schema_extra=schema_rules(_ORGANISATION_RULES, json_schema.not_null("name", "kind", "assured"))
    )

    @field_validator("name", "kind", "assured")
    @classmethod
    def _required_stays(cls, value: object) -> object:
        return not_null(value)


LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2,3}$", examples=["de"])]


_CHANNEL_RULES = schema_rules(json_schema.without(json_schema.ASCII_CONTROLS, "value"), json_schema.not_blank)


class ContactChannelFields(BaseModel):
    """What an editor writes about a contact channel; create and update share it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra=_CHANNEL_RULES)

    kind: ChannelKind | None = None
    label: LabelText | None = None
    value: str | None = Field(
        default=None,
        min_length=1,
        max_length=500,
        description="By kind: an e-mail address; a phone or fax number (digits, spaces, `+`); "
        "an https URL or a path of this site starting with `/`; the address on one line.",
    )
    visibility: Visibility | None = None
    address: Address | None = Field(
        default=None, description="Required for `postal_address` and `visiting_address`, else null."
    )
    opening_hours: OpeningHours | None = None
    languages: list[LanguageCode] | None = Field(default=None, max_length=20)
    position: int | None = Field(default=None, ge=0, le=10_000, description="Order among the channels.")

    @field_validator("value")
    @classmethod
    def _one_line(cls, value: str | None) -> str | None:
        return single_line(value) if value is not None else None

    @field_validator("position", mode="before")
    @classmethod
    def _integer(cls, value: object) -> object:
        return json_schema.a_json_integer(value)


class ContactChannelCreate(ContactChannelFields):
    kind: ChannelKind
    label: LabelText
    value: str = Field(min_length=1, max_length=500)
    visibility: Visibility = Field(description="Who may see the channel; there is no default on purpose.")
    languages: list[LanguageCode] = Field(default_factory=list, max_length=20)
    position: int | None = Field(default=None, ge=0, le=10_000, description="Left out: after the others.")


class ContactChannelPatch(ContactChannelFields):
    """Only the fields sent change; the rules by kind are checked on the result."""

    model_config = ConfigDict(
        json_schema_extra=schema_rules(
            _CHANNEL_RULES,
            json_schema.not_null("kind", "label", "value", "visibility", "languages", "position"),
        )
    )

    @field_validator("kind", "label", "value", "visibility", "languages", "position")
    @classmethod
    def _required_stays(cls, value: object) -> object:
        return not_null(value)


class ResponsibilityFields(BaseModel):
    """What an editor writes about a responsibility; create and update share it."""

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, json_schema_extra=json_schema.not_blank
    )

    topic: Slug | None = Field(default=None, description="Slug of the topic.")
    organisation: Slug | None = Field(default=None, description="Slug of the responsible organisation.")
    role: ResponsibilityRole | None = None
    region: Region | None = Field(
        default=None, description="Official regional key (ARS); null: the whole state."
    )
    description: LongText | None = None


class ResponsibilityCreate(ResponsibilityFields):
    topic: Slug = Field(description="Slug of the topic.")
    organisation: Slug = Field(description="Slug of the responsible organisation.")
    role: ResponsibilityRole


class ResponsibilityPatch(ResponsibilityFields):
    """Only the fields sent change; `null` empties the region or the description."""

    model_config = ConfigDict(
        json_schema_extra=schema_rules(
            json_schema.not_blank, json_schema.not_null("topic", "organisation", "role")
        )
    )

    @field_validator("topic", "organisation", "role")
    @classmethod
    def _required_stays(cls, value: object) -> object:
        return not_null(value)


class RelationCreate(BaseModel):
    """The fact «subject kind object», e.g. `{"subject": "mi", "kind": "member_of", "object": "kip-ni"}`."""

    model_config = ConfigDict(extra="forbid")

    subject: Slug
    kind: RelationKind
    object: Slug


class RelationDetailOut(BaseModel):
    id: uuid.UUID
    subject: OrganisationRef
    kind: RelationKind
    object: OrganisationRef
