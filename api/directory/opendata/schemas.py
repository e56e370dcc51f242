"""What the open-data domain sends: HSDS 3 objects, the HSDS page envelope, import reports.

HSDS fields are optional strings, never null: absent fields are left out of the JSON
(``exclude_none``), as the HSDS schemas require. Only the fields this directory fills
are modelled.
"""

from __future__ import annotations

import uuid
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")


class _Hsds(BaseModel):
    """Field names and meanings are HSDS's own (Open Referral HSDS 3.0)."""


class HsdsMeta(_Hsds):
    version: str = Field(examples=["3.0"], description="HSDS version of this API.")
    profile: str = Field(description="URL of the HSDS profile this API follows (the base specification).")
    openapi_url: str = Field(description="URL of the OpenAPI document that defines this API.")


class HsdsLanguage(_Hsds):
    id: uuid.UUID
    service_id: uuid.UUID | None = None
    location_id: uuid.UUID | None = None
    phone_id: uuid.UUID | None = None
    name: str | None = None
    code: str | None = Field(default=None, examples=["de"])


class HsdsPhone(_Hsds):
    id: uuid.UUID
    organization_id: uuid.UUID | None = None
    location_id: uuid.UUID | None = None
    number: str
    type: Literal["voice", "fax"] | None = None
    description: str | None = None
    languages: list[HsdsLanguage] = Field(default_factory=list)


class HsdsContact(_Hsds):
    id: uuid.UUID
    organization_id: uuid.UUID | None = None
    name: str | None = None
    email: str | None = None
    phones: list[HsdsPhone] = Field(default_factory=list)


class HsdsSchedule(_Hsds):
    id: uuid.UUID
    location_id: uuid.UUID | None = None
    service_id: uuid.UUID | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    freq: Literal["WEEKLY", "MONTHLY"] | None = None
    wkst: str | None = None
    byday: str | None = Field(default=None, examples=["MO,TU,WE,TH,FR"])
    opens_at: str | None = Field(default=None, examples=["09:00"])
    closes_at: str | None = Field(default=None, examples=["15:30"])
    description: str | None = None
    notes: str | None = None


class HsdsAddress(_Hsds):
    id: uuid.UUID
    location_id: uuid.UUID | None = None
    address_1: str
    city: str
    state_province: str
    postal_code: str
    country: str
    address_type: Literal["physical", "postal", "virtual"]


class HsdsLocation(_Hsds):
    id: uuid.UUID
    location_type: Literal["physical", "postal", "virtual"]
    url: str | None = None
    organization_id: uuid.UUID | None = None
    name: str | None = None
    description: str | None = None
    languages: list[HsdsLanguage] = Field(default_factory=list)
    addresses: list[HsdsAddress] = Field(default_factory=list)
    schedules: list[HsdsSchedule] = Field(default_factory=list)


class HsdsTaxonomy(_Hsds):
    id: uuid.UUID
    name: str
    description: str
    uri: str | None = None
    version: str | None = None


class HsdsTaxonomyTerm(_Hsds):
    id: uuid.UUID
    code: str | None = None
    name: str
    description: str
    taxonomy: str | None = None
    taxonomy_id: uuid.UUID | None = None
    language: str | None = Field(default=None, description="Language of `name` and `description`.")
    term_uri: str | None = None


class HsdsAttribute(_Hsds):
    id: uuid.UUID
    link_id: uuid.UUID | None = None
    taxonomy_term_id: uuid.UUID | None = None
    link_type: str | None = None
    link_entity: str | None = None
    value: str | None = None
    taxonomy_term: HsdsTaxonomyTerm | None = None


class HsdsServiceArea(_Hsds):
    id: uuid.UUID
    service_id: uuid.UUID | None = None
    name: str | None = None
    description: str | None = None
    extent_type: str | None = None
    extent: str | None = None


class HsdsOrganization(_Hsds):
    id: uuid.UUID
    name: str
    alternate_name: str | None = None
    description: str
    email: str | None = None
    website: str | None = None
    year_incorporated: int | None = None
    uri: str | None = None
    parent_organization_id: uuid.UUID | None = None
    contacts: list[HsdsContact] = Field(default_factory=list)
    phones: list[HsdsPhone] = Field(default_factory=list)
    locations: list[HsdsLocation] = Field(default_factory=list)


class HsdsServiceAtLocation(_Hsds):
    id: uuid.UUID
    service_id: uuid.UUID | None = None
    location_id: uuid.UUID | None = None
    description: str | None = None
    location: HsdsLocation | None = None


class HsdsService(_Hsds):
    id: uuid.UUID
    organization_id: uuid.UUID | None = None
    name: str
    alternate_name: str | None = None
    description: str | None = None
    url: str | None = None
    email: str | None = None
    status: Literal["active", "inactive", "defunct", "temporarily closed"]
    assured_date: str | None = None
    service_areas: list[HsdsServiceArea] = Field(default_factory=list)
    service_at_locations: list[HsdsServiceAtLocation] = Field(default_factory=list)
    attributes: list[HsdsAttribute] = Field(default_factory=list)
    organization: HsdsOrganization | None = None


class HsdsPage(_Hsds, Generic[T]):
    """HSDS's page envelope; `page` counts from 1."""

    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    empty: bool
    contents: list[T]


class HsdsDataset(_Hsds):
    """The whole public directory as one HSDS document."""

    version: str = Field(examples=["3.0"])
    profile: str
    organizations: list[HsdsOrganization]
    services: list[HsdsService]
    service_at_locations: list[HsdsServiceAtLocation]
    taxonomies: list[HsdsTaxonomy]
    taxonomy_terms: list[HsdsTaxonomyTerm]


# Import reports


class ImportCounts(BaseModel):
    created: int = 0
    updated: int = 0
    unchanged: int = 0


class Rejection(BaseModel):
    source: str = Field(description="Name of the file the row came from.")
    line: int | None = Field(description="Line of the row in a CSV file; null in a JSON file.")
    item: str = Field(description="`line N`, or the place in a JSON file, e.g. `organisations[3]`.")
    kind: str
    reason: str


class ImportReport(BaseModel):
    applied: bool = False
    topics: ImportCounts = Field(default_factory=ImportCounts)
    organisations: ImportCounts = Field(default_factory=ImportCounts)
    contact_channels: ImportCounts = Field(default_factory=ImportCounts)
    relations: ImportCounts = Field(default_factory=ImportCounts)
    responsibilities: ImportCounts = Field(default_factory=ImportCounts)
    rejected: list[Rejection] = Field(default_factory=list)

    @property
    def changed(self) -> int:
        return sum(
            counts.created + counts.updated
            for counts in (
                self.topics,
                self.organisations,
                self.contact_channels,
                self.relations,
                self.responsibilities,
            )
        )
