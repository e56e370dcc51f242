"""Staff writes of relations between organisations (recorded or deleted, never changed)."""

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
    referenced_organisation,
    write_errors,
)
from api.directory.models import Relation
from api.directory.schemas import (
    RelationCreate,
    RelationDetailOut,
)
from api.directory.service import (
    relation_detail_out,
    relation_row,
)


async def read_relation(
    session: AsyncSession, relation_id: uuid.UUID, *, language: Language
) -> Versioned[RelationDetailOut]:
    relation = await relation_row(session, relation_id)
    return Versioned(
        relation_detail_out(relation, relation.subject, relation.object, language), relation.version
    )


async def create_relation(
    editor: DirectoryEditor, values: RelationCreate, *, language: Language
) -> Versioned[RelationDetailOut]:
    if values.subject == values.object:
        raise invalid(("object", "A relation joins two different organisations."))
    subject = await referenced_organisation(editor.session, values.subject, "subject")
    obj = await referenced_organisation(editor.session, values.object, "object")
    duplicate = "This relation is recorded already."
    if await repository.relation_exists(editor.session, subject.id, values.kind.value, obj.id):
        raise Conflict(duplicate)
    relation = Relation(subject_id=subject.id, kind=values.kind.value, object_id=obj.id)
    with write_errors(conflict=duplicate):
        await repository.add(editor.session, relation)
    details = {"subject": subject.slug, "kind": relation.kind, "object": obj.slug}
    await editor.recorded("create", "relation", relation.id, details)
    return Versioned(relation_detail_out(relation, subject, obj, language), relation.version)


async def delete_relation(editor: DirectoryEditor, relation_id: uuid.UUID, *, if_match: str | None) -> None:
    relation = await relation_row(editor.session, relation_id)
    check_if_match(if_match, relation.version)
    details = {"subject": relation.subject.slug, "kind": relation.kind, "object": relation.object.slug}
    with write_errors(conflict="The relation is still referenced."):
        await repository.remove(editor.session, relation)
    await editor.recorded("delete", "relation", relation.id, details)
