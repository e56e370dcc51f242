"""Staff writes of responsibilities: who is responsible for which topic, where."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from api.core.conditional import Versioned, check_if_match
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
from api.directory.models import Organisation, Responsibility, Topic
from api.directory.schemas import (
    ResponsibilityCreate,
    ResponsibilityFields,
    ResponsibilityOut,
    ResponsibilityPatch,
)
from api.directory.service import (
    responsibility_out,
    responsibility_row,
)


async def read_responsibility(
    session: AsyncSession, responsibility_id: uuid.UUID, *, language: Language
) -> Versioned[ResponsibilityOut]:
    responsibility = await responsibility_row(session, responsibility_id)
    return Versioned(
        responsibility_out(responsibility, responsibility.organisation, language), responsibility.version
    )


async def _topic(session: AsyncSession, slug: str) -> Topic:
    topic = await repository.find_topic(session, slug)
    if topic is None:
        raise invalid(("topic", "No topic with this slug."))
    return topic


async def _refuse_duplicate(
    session: AsyncSession,
    topic: Topic,
    organisation: Organisation,
    role: str,
    region: str | None,
    other_than: uuid.UUID | None = None,
) -> None:
    if await repository.responsibility_exists(
        session,
        topic_id=topic.id,
        organisation_id=organisation.id,
        role=role,
        region=region,
        other_than=other_than,
    ):
        raise Conflict("This responsibility is recorded already.")


def _write_responsibility(
    responsibility: Responsibility,
    values: ResponsibilityFields,
    fields: set[str],
    topic: Topic,
    organisation: Organisation,
) -> None:
    """Copies ``fields`` of ``values`` onto the row, with the resolved topic and organisation."""
    responsibility.topic = topic
    responsibility.organisation = organisation
    if values.role is not None:
        responsibility.role = values.role.value
    if "region" in fields:
        responsibility.region = values.region
    if "description" in fields:
        responsibility.description_de, responsibility.description_en = long_text(values.description)


async def create_responsibility(
    editor: DirectoryEditor, values: ResponsibilityCreate, *, language: Language
) -> Versioned[ResponsibilityOut]:
    topic = await _topic(editor.session, values.topic)
    organisation = await referenced_organisation(editor.session, values.organisation, "organisation")
    await _refuse_duplicate(editor.session, topic, organisation, values.role.value, values.region)
    responsibility = Responsibility()
    _write_responsibility(
        responsibility, values, set(ResponsibilityCreate.model_fields), topic=topic, organisation=organisation
    )
    with write_errors(conflict="This responsibility is recorded already."):
        await repository.add(editor.session, responsibility)
    details = {"topic": topic.slug, "organisation": organisation.slug}
    await editor.recorded("create", "responsibility", responsibility.id, details)
    return Versioned(responsibility_out(responsibility, organisation, language), responsibility.version)


async def update_responsibility(
    editor: DirectoryEditor,
    responsibility_id: uuid.UUID,
    changes: ResponsibilityPatch,
    *,
    if_match: str | None,
    language: Language,
) -> Versioned[ResponsibilityOut]:
    responsibility = await responsibility_row(editor.session, responsibility_id)
    check_if_match(if_match, responsibility.version)
    fields = changes.model_fields_set
    topic = await _topic(editor.session, changes.topic) if changes.topic else responsibility.topic
    organisation = responsibility.organisation
    if changes.organisation:
        organisation = await referenced_organisation(editor.session, changes.organisation, "organisation")
    role = changes.role.value if changes.role else responsibility.role
    region = changes.region if "region" in fields else responsibility.region
    await _refuse_duplicate(editor.session, topic, organisation, role, region, other_than=responsibility.id)
    _write_responsibility(responsibility, changes, fields, topic=topic, organisation=organisation)
    with write_errors(conflict="This responsibility is recorded already."):
        await repository.save(editor.session)
    details = {"topic": topic.slug, "organisation": organisation.slug, "fields": sorted(fields)}
    await editor.recorded("update", "responsibility", responsibility.id, details)
    return Versioned(responsibility_out(responsibility, organisation, language), responsibility.version)


async def delete_responsibility(
    editor: DirectoryEditor, responsibility_id: uuid.UUID, *, if_match: str | None
) -> None:
    responsibility = await responsibility_row(editor.session, responsibility_id)
    check_if_match(if_match, responsibility.version)
    details = {"topic": responsibility.topic.slug, "organisation": responsibility.organisation.slug}
    with write_errors(conflict="The responsibility is still referenced."):
        await repository.remove(editor.session, responsibility)
    await editor.recorded("delete", "responsibility", responsibility.id, details)
