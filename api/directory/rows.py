"""A page of the organisation list as plain rows.

The list is read with plain column selects into the dataclasses here, not as ORM
objects: fifty organisations are some four hundred rows, and the ORM's work on each (an
identity, a state, instrumented attributes) was half the CPU of an uncached page. Pages
are only read, never changed, so nothing of the ORM is needed. The single entry and the
editors' paths keep their ORM objects; the fields here bear the ORM attributes' names, so
``service.organisation_out`` builds the same answer from either.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any


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
