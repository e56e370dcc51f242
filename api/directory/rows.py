"""What an organisation's public representation reads, as plain rows or as ORM objects.

A page of the list is read with plain column selects into the dataclasses here, not as
ORM objects: fifty organisations are some four hundred rows, and the ORM's work on each
(an identity, a state, instrumented attributes) was half the CPU of an uncached page.
Pages are only read, never changed, so nothing of the ORM is needed. The single entry and the
editors' paths keep their ORM objects; the protocols say what the representation reads,
so both kinds of row build the same answer (``service.organisation_out``).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol


class Named(Protocol):
    """An organisation or topic as others point at it."""

    @property
    def slug(self) -> str: ...
    @property
    def name_de(self) -> str: ...
    @property
    def name_en(self) -> str | None: ...


class ChannelFields(Protocol):
    @property
    def id(self) -> uuid.UUID: ...
    @property
    def kind(self) -> str: ...
    @property
    def label_de(self) -> str: ...
    @property
    def label_en(self) -> str | None: ...
    @property
    def value(self) -> str: ...
    @property
    def visibility(self) -> str: ...
    @property
    def street(self) -> str | None: ...
    @property
    def postal_code(self) -> str | None: ...
    @property
    def city(self) -> str | None: ...
    @property
    def state(self) -> str | None: ...
    @property
    def country(self) -> str | None: ...
    @property
    def opening_hours(self) -> dict[str, Any] | None: ...
    @property
    def languages(self) -> list[str]: ...


class ResponsibilityFields(Protocol):
    @property
    def id(self) -> uuid.UUID: ...
    @property
    def role(self) -> str: ...
    @property
    def region(self) -> str | None: ...
    @property
    def description_de(self) -> str: ...
    @property
    def description_en(self) -> str | None: ...
    @property
    def topic(self) -> Named: ...


class RelationFields(Protocol):
    @property
    def id(self) -> uuid.UUID: ...
    @property
    def kind(self) -> str: ...


class OutgoingFields(RelationFields, Protocol):
    @property
    def object(self) -> Named: ...


class IncomingFields(RelationFields, Protocol):
    @property
    def subject(self) -> Named: ...


class OrganisationFields(Named, Protocol):
    @property
    def id(self) -> uuid.UUID: ...
    @property
    def short_name(self) -> str | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def description_de(self) -> str: ...
    @property
    def description_en(self) -> str | None: ...
    @property
    def region(self) -> str | None: ...
    @property
    def website(self) -> str | None: ...
    @property
    def founded(self) -> int | None: ...
    @property
    def founded_by_de(self) -> str | None: ...
    @property
    def founded_by_en(self) -> str | None: ...
    @property
    def updated_at(self) -> datetime: ...
    @property
    def assured_at(self) -> datetime | None: ...
    @property
    def parent(self) -> Named | None: ...
    @property
    def contact_channels(self) -> Sequence[ChannelFields]: ...
    @property
    def responsibilities(self) -> Sequence[ResponsibilityFields]: ...
    @property
    def outgoing_relations(self) -> Sequence[OutgoingFields]: ...
    @property
    def incoming_relations(self) -> Sequence[IncomingFields]: ...


@dataclass(frozen=True, slots=True)
class Name:
    slug: str
    name_de: str
    name_en: str | None


@dataclass(frozen=True, slots=True)
class Channel:
    organisation_id: uuid.UUID
    id: uuid.UUID
    kind: str
    label_de: str
    label_en: str | None
    value: str
    visibility: str
    street: str | None
    postal_code: str | None
    city: str | None
    state: str | None
    country: str | None
    opening_hours: dict[str, Any] | None
    languages: list[str]


# The dataclasses below list what is nested first and then the columns of their row, in
# the order the repository selects them: ``Duty(topic, *row)``.


@dataclass(frozen=True, slots=True)
class Duty:
    topic: Name
    organisation_id: uuid.UUID
    id: uuid.UUID
    role: str
    region: str | None
    description_de: str
    description_en: str | None


@dataclass(frozen=True, slots=True)
class Outgoing:
    object: Name
    subject_id: uuid.UUID
    id: uuid.UUID
    kind: str


@dataclass(frozen=True, slots=True)
class Incoming:
    subject: Name
    object_id: uuid.UUID
    id: uuid.UUID
    kind: str


@dataclass(frozen=True, slots=True)
class ListedOrganisation:
    """One organisation of a page, with everything its representation shows."""

    parent: Name | None
    contact_channels: list[Channel]
    responsibilities: list[Duty]
    outgoing_relations: list[Outgoing]
    incoming_relations: list[Incoming]
    id: uuid.UUID
    slug: str
    name_de: str
    name_en: str | None
    short_name: str | None
    kind: str
    description_de: str
    description_en: str | None
    region: str | None
    website: str | None
    founded: int | None
    founded_by_de: str | None
    founded_by_en: str | None
    updated_at: datetime
    assured_at: datetime | None
    sort_key: str
