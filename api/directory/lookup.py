"""Directory reads that other domains use: organisation references and who leads a topic.

Other domains come through here rather than through the directory's tables, so the
directory can change its storage without them noticing.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from api.core.i18n import Language, pick
from api.directory import repository
from api.directory.schemas import OrganisationRef


async def organisation_refs(
    session: AsyncSession, ids: Iterable[uuid.UUID | None], language: Language = Language.de
) -> dict[uuid.UUID, OrganisationRef]:
    wanted = {organisation_id for organisation_id in ids if organisation_id is not None}
    if not wanted:
        return {}
    rows = await repository.organisation_names(session, wanted)
    return {
        row.id: OrganisationRef(slug=row.slug, name=pick(language, row.name_de, row.name_en)) for row in rows
    }


async def organisation_id_by_slug(session: AsyncSession, slug: str) -> uuid.UUID | None:
    return await repository.find_organisation_id(session, slug)


async def lead_for_topic(session: AsyncSession, topic: str, region: str | None) -> OrganisationRef | None:
    """The organisation leading ``topic`` for ``region`` (an ARS), the most specific first.

    A responsibility without a region covers the whole state; one whose region is a
    prefix of the given key covers that place and wins over the statewide one.
    """
    rows = await repository.leads_of_topic(session, topic)
    matching = [row for row in rows if row.region is None or (region and region.startswith(row.region))]
    if not matching:
        return None
    best = max(matching, key=lambda row: len(row.region or ""))
    return OrganisationRef(slug=best.slug, name=best.name_de)


async def organisation_slugs(session: AsyncSession) -> list[tuple[str, datetime]]:
    """Every organisation's slug with the time of its last change, ordered by slug."""
    return [(row.slug, row.updated_at) for row in await repository.slugs_and_updates(session)]
