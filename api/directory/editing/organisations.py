"""Staff writes of organisations."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from api.core.conditional import Versioned, check_if_match
from api.core.db import utcnow
from api.core.errors import Conflict
from api.core.i18n import Language
from api.directory import repository
from api.directory.editing.common import (
    DirectoryEditor,
    invalid,
    long_text,
    referenced_organisation,
    write_errors,
)
from api.directory.models import Organisation
from api.directory.schemas import (
    OrganisationCreate,
    OrganisationFields,
    OrganisationOut,
    OrganisationPatch,
)
from api.directory.service import (
    EVERY_VISIBILITY,
    organisation_out,
    organisation_row,
    refresh_derived_fields,
)


async def read_organisation(
    session: AsyncSession, slug: str, *, language: Language
) -> Versioned[OrganisationOut]:
    organisation = await organisation_row(session, slug, EVERY_VISIBILITY)
    return Versioned(organisation_out(organisation, language), organisation.version)


async def _parent(
    session: AsyncSession, organisation_id: uuid.UUID | None, slug: str | None
) -> Organisation | None:
    """The new parent; refuses one that would put the organisation below itself."""
    if slug is None:
        return None
    parent = await referenced_organisation(session, slug, "parent")
    if organisation_id is not None and organisation_id in await repository.ancestor_ids(session, parent.id):
        raise invalid(("parent", "An organisation cannot be placed below itself."))
    return parent


def _write_organisation(
    organisation: Organisation, values: OrganisationFields, fields: set[str], parent: Organisation | None
) -> None:
    """Copies ``fields`` of ``values`` onto the row (left-out fields stay as they are)."""
    if values.name is not None:
        organisation.name_de, organisation.name_en = values.name.de, values.name.en
    if values.kind is not None:
        organisation.kind = values.kind.value
    if "short_name" in fields:
        organisation.short_name = values.short_name
    if "description" in fields:
        organisation.description_de, organisation.description_en = long_text(values.description)
    if "parent" in fields:
        organisation.parent = parent
    if "region" in fields:
        organisation.region = values.region
    if "website" in fields:
        organisation.website = values.website
    if "founded" in fields:
        organisation.founded = values.founded
    if "founded_by" in fields:
        founded_by = values.founded_by
        organisation.founded_by_de = founded_by.de if founded_by else None
        organisation.founded_by_en = founded_by.en if founded_by else None
    if values.assured:
        organisation.assured_at = utcnow()
    if fields & {"name", "short_name", "description"}:
        refresh_derived_fields(organisation)


async def create_organisation(
    editor: DirectoryEditor, values: OrganisationCreate, *, language: Language
) -> Versioned[OrganisationOut]:
    taken = "An organisation with this slug exists already."
    if await repository.find_organisation_id(editor.session, values.slug) is not None:
        raise Conflict(taken)
    parent = await _parent(editor.session, None, values.parent)
    organisation = Organisation(
        slug=values.slug,
        contact_channels=[],
        responsibilities=[],
        outgoing_relations=[],
        incoming_relations=[],
    )
    _write_organisation(organisation, values, set(OrganisationCreate.model_fields), parent)
    with write_errors(conflict=taken):
        await repository.add(editor.session, organisation)
    await editor.recorded("create", "organisation", organisation.id, {"slug": organisation.slug})
    return Versioned(organisation_out(organisation, language), organisation.version)


async def update_organisation(
    editor: DirectoryEditor,
    slug: str,
    changes: OrganisationPatch,
    *,
    if_match: str | None,
    language: Language,
) -> Versioned[OrganisationOut]:
    organisation = await organisation_row(editor.session, slug, EVERY_VISIBILITY)
    check_if_match(if_match, organisation.version)
    fields = changes.model_fields_set
    parent = await _parent(editor.session, organisation.id, changes.parent) if "parent" in fields else None
    _write_organisation(organisation, changes, fields, parent)
    with write_errors(conflict="The change conflicts with another entry."):
        await repository.save(editor.session)
    await editor.recorded("update", "organisation", organisation.id, {"slug": slug, "fields": sorted(fields)})
    return Versioned(organisation_out(organisation, language), organisation.version)


async def delete_organisation(editor: DirectoryEditor, slug: str, *, if_match: str | None) -> None:
    """Deletes the organisation with its channels, responsibilities and relations.

    Organisations below it lose their parent; user accounts and API clients of it keep
    it alive (409), because they must be moved or removed on purpose first.
    """
    organisation = await organisation_row(editor.session, slug, EVERY_VISIBILITY)
    check_if_match(if_match, organisation.version)
    with write_errors(conflict="User accounts or API clients still belong to this organisation."):
        await repository.remove(editor.session, organisation)
    await editor.recorded("delete", "organisation", organisation.id, {"slug": slug})
