"""Rules of open data: what is published, what an export holds, what an import may change.

The HSDS views and the schema.org document show public contact channels only. Exports
for operators (``json``, ``csv``) hold every visibility unless asked for public ones;
they and every applied import leave an audit row. An import that changes anything bumps
the directory version, so every worker drops its cached pages.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable, Sequence
from datetime import date
from typing import Literal, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from api.audit import service as audit
from api.core.errors import NotFound
from api.core.i18n import Language
from api.core.json import dumps
from api.core.principal import Actor
from api.directory import bulk
from api.directory import service as directory_service
from api.directory.models import Visibility
from api.directory.opendata import hsds, jsonld
from api.directory.opendata.formats import SourceItem
from api.directory.opendata.importer import plan_import
from api.directory.opendata.schemas import HsdsDataset, HsdsMeta, HsdsPage, ImportReport
from api.directory.records import DirectoryRecords

T = TypeVar("T")
ExportFormat = Literal["json", "csv", "hsds"]
PUBLIC: tuple[Visibility, ...] = (Visibility.public,)
EVERY_VISIBILITY: tuple[Visibility, ...] = tuple(Visibility)
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200

Advance = Callable[[int], None]


class ImportProgress(Protocol):
    """Where a long import tells how far it is (the command line draws a bar)."""

    def stage(self, name: str, total: int) -> None: ...

    def advance(self, count: int) -> None: ...


class _Silent:
    def stage(self, name: str, total: int) -> None:
        return None

    def advance(self, count: int) -> None:
        return None


# HSDS


def hsds_meta(*, openapi_url: str) -> HsdsMeta:
    return HsdsMeta(version=hsds.HSDS_VERSION, profile=hsds.HSDS_PROFILE, openapi_url=openapi_url)


async def hsds_dataset(
    session: AsyncSession, *, language: Language, base_url: str, today: date | None = None
) -> HsdsDataset:
    records = await bulk.read_records(session, visibilities=PUBLIC)
    return hsds.hsds_dataset(records, language=language, base_url=base_url, today=today or date.today())


def page_of(items: Sequence[T], *, page: int, per_page: int) -> HsdsPage[T]:
    """HSDS's page envelope around ``items[(page - 1) * per_page:][:per_page]``."""
    total = len(items)
    total_pages = math.ceil(total / per_page)
    contents = list(items[(page - 1) * per_page : page * per_page])
    return HsdsPage[T](
        total_items=total,
        total_pages=total_pages,
        page_number=page,
        size=len(contents),
        first_page=page == 1,
        last_page=page >= total_pages,
        empty=not contents,
        contents=contents,
    )


def find_by_id(items: Sequence[T], wanted: uuid.UUID, what: str) -> T:
    for item in items:
        if getattr(item, "id", None) == wanted:
            return item
    raise NotFound(f"No {what} with this id.")


# Export and import


async def export_records(
    session: AsyncSession, *, actor: Actor, export_format: ExportFormat, public_only: bool
) -> DirectoryRecords:
    """The directory in the export format, recorded in the audit log."""
    visibilities = PUBLIC if public_only or export_format == "hsds" else EVERY_VISIBILITY
    records = await bulk.read_records(session, visibilities=visibilities)
    await audit.record(
        session,
        action="directory.export",
        actor=actor,
        object_type="directory",
        details={
            "format": export_format,
            "visibilities": [visibility.value for visibility in visibilities],
            "organisations": len(records.organisations),
            "contact_channels": sum(len(item.contact_channels) for item in records.organisations),
        },
    )
    return records


async def import_items(
    session: AsyncSession,
    items: list[SourceItem],
    *,
    actor: Actor,
    apply: bool,
    skip_invalid: bool,
    sources: list[str],
    progress: ImportProgress | None = None,
) -> ImportReport:
    """Plans the import and, with ``apply``, writes it in the caller's transaction.

    With rejected rows nothing is written unless ``skip_invalid``; then the valid rows
    are. The caller commits (or rolls back a dry run).
    """
    progress = progress or _Silent()
    current = await bulk.read_records(session, visibilities=EVERY_VISIBILITY)
    progress.stage("Checking", len(items))
    plan = plan_import(current, items, advance=progress.advance)
    report = plan.report
    if not apply or (report.rejected and not skip_invalid):
        return report
    progress.stage("Writing", plan.changes.size)
    await bulk.write_records(session, plan.changes, advance=progress.advance)
    report.applied = True
    await audit.record(
        session,
        action="directory.import",
        actor=actor,
        object_type="directory",
        details={
            "sources": sources,
            "rejected": len(report.rejected),
            **{
                name: getattr(report, name).model_dump()
                for name in ("topics", "organisations", "contact_channels", "relations", "responsibilities")
            },
        },
    )
    return report


# schema.org


async def organisation_jsonld(
    session: AsyncSession, slug: str, *, language: Language, base_url: str
) -> bytes:
    """The schema.org document of a public organisation (404 for an unknown slug)."""
    organisation = await directory_service.get_organisation(session, slug, language=language)
    return dumps(jsonld.organisation_jsonld(organisation, base_url=base_url, language=language))
