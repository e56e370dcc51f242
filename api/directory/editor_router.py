"""HTTP face of the staff writes: the same resource URLs as the public reads.

Every route needs ``directory:write``. Changes to an existing entry need ``If-Match``
with the entry's ``ETag`` (from a staff read or the last write); each answer carries
the new one. The routes are included into the public directory router, which carries
the ``/api/v1`` prefix and the ``directory`` tag.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel

from api.core.conditional import Versioned
from api.core.dependencies import MetaDep, PageCacheDep, SessionDep
from api.core.errors import error_responses
from api.core.i18n import Language
from api.core.params import IfMatch, LanguageDep
from api.directory.auth import DirectoryWriter
from api.directory.editing import contact_channels, organisations, relations, responsibilities
from api.directory.editing.common import DirectoryEditor
from api.directory.params import IdPath, SlugPath
from api.directory.schemas import (
    ContactChannelCreate,
    ContactChannelOut,
    ContactChannelPatch,
    OrganisationCreate,
    OrganisationOut,
    OrganisationPatch,
    RelationCreate,
    RelationDetailOut,
    ResponsibilityCreate,
    ResponsibilityOut,
    ResponsibilityPatch,
)
from api.directory.staff_responses import body_and_etag, staff_response

editor_router = APIRouter()


async def _editor(
    session: SessionDep, meta: MetaDep, cache: PageCacheDep, principal: DirectoryWriter
) -> DirectoryEditor:
    return DirectoryEditor(session=session, actor=principal.actor, meta=meta, cache=cache)


Editor = Annotated[DirectoryEditor, Depends(_editor)]

WRITTEN_HEADERS = {
    "ETag": {"description": "The new version of the entry; send it in `If-Match` to change it again."},
    "Content-Language": {"description": "Language of the texts, `de` or `en`."},
}
CREATED_HEADERS = {**WRITTEN_HEADERS, "Location": {"description": "URL of the new entry."}}
WRITE_ERRORS = (401, 403, 422, 503)
CONDITIONAL_ERRORS = (*WRITE_ERRORS, 404, 412, 428)


def _created(model: type[BaseModel], *errors: int) -> dict[int | str, dict[str, Any]]:
    created = {"model": model, "description": "Created.", "headers": CREATED_HEADERS}
    return {201: created, **error_responses(*WRITE_ERRORS, 409, *errors)}


def _changed(model: type[BaseModel], *errors: int) -> dict[int | str, dict[str, Any]]:
    changed = {"model": model, "description": "The entry as changed.", "headers": WRITTEN_HEADERS}
    return {200: changed, **error_responses(*CONDITIONAL_ERRORS, 409, *errors)}


def _deleted(*errors: int) -> dict[int | str, dict[str, Any]]:
    return {204: {"description": "Deleted."}, **error_responses(*CONDITIONAL_ERRORS, *errors)}


def _answer(
    written: Versioned[BaseModel], language: Language, *, status_code: int = 200, location: str | None = None
) -> Response:
    body, etag = body_and_etag(written)
    return staff_response(body, language, etag=etag, status_code=status_code, location=location)


# Organisations


@editor_router.post(
    "/organisations",
    status_code=201,
    summary="Add an organisation",
    response_model=OrganisationOut,
    responses=_created(OrganisationOut),
)
async def create_organisation(
    request: Request,
    editor: Editor,
    body: OrganisationCreate,
    language: LanguageDep,
) -> Response:
    created = await organisations.create_organisation(editor, body, language=language)
    location = request.app.url_path_for("get_organisation", slug=body.slug)
    return _answer(created, language, status_code=201, location=location)


@editor_router.patch(
    "/organisations/{slug}",
    summary="Change an organisation",
    description="Only the fields sent change; `null` empties an optional field. Texts are "
    "replaced as a whole (`{de, en}`). `assured: true` records that an editor checked the "
    "entry now (`assured_at`), with or without other changes. The slug cannot change.",
    response_model=OrganisationOut,
    responses=_changed(OrganisationOut),
)
async def update_organisation(
    editor: Editor,
    slug: SlugPath,
    body: OrganisationPatch,
    language: LanguageDep,
    if_match: IfMatch = None,
) -> Response:
    changed = await organisations.update_organisation(
        editor, slug, body, if_match=if_match, language=language
    )
    return _answer(changed, language)


@editor_router.delete(
    "/organisations/{slug}",
    status_code=204,
    summary="Delete an organisation",
    description="Deletes its contact channels, responsibilities and relations with it; "
    "organisations below it lose their parent. While user accounts or API clients belong "
    "to it, the answer is 409.",
    response_class=Response,
    responses=_deleted(409),
)
async def delete_organisation(editor: Editor, slug: SlugPath, if_match: IfMatch = None) -> Response:
    await organisations.delete_organisation(editor, slug, if_match=if_match)
    return Response(status_code=204)


# Contact channels


@editor_router.post(
    "/organisations/{slug}/contact-channels",
    status_code=201,
    summary="Add a contact channel to an organisation",
    description="Postal and visiting addresses need `address`; other kinds must not have one.",
    response_model=ContactChannelOut,
    responses=_created(ContactChannelOut, 404),
)
async def create_contact_channel(
    request: Request,
    editor: Editor,
    slug: SlugPath,
    body: ContactChannelCreate,
    language: LanguageDep,
) -> Response:
    created = await contact_channels.create_contact_channel(editor, slug, body, language=language)
    location = request.app.url_path_for("get_contact_channel", slug=slug, channel_id=str(created.item.id))
    return _answer(created, language, status_code=201, location=location)


@editor_router.patch(
    "/organisations/{slug}/contact-channels/{channel_id}",
    summary="Change a contact channel",
    description="Only the fields sent change; the rules by kind are checked on the result.",
    response_model=ContactChannelOut,
    responses=_changed(ContactChannelOut),
)
async def update_contact_channel(
    editor: Editor,
    slug: SlugPath,
    channel_id: IdPath,
    body: ContactChannelPatch,
    language: LanguageDep,
    if_match: IfMatch = None,
) -> Response:
    changed = await contact_channels.update_contact_channel(
        editor, slug, channel_id, body, if_match=if_match, language=language
    )
    return _answer(changed, language)


@editor_router.delete(
    "/organisations/{slug}/contact-channels/{channel_id}",
    status_code=204,
    summary="Delete a contact channel",
    response_class=Response,
    responses=_deleted(),
)
async def delete_contact_channel(
    editor: Editor, slug: SlugPath, channel_id: IdPath, if_match: IfMatch = None
) -> Response:
    await contact_channels.delete_contact_channel(editor, slug, channel_id, if_match=if_match)
    return Response(status_code=204)


# Responsibilities


@editor_router.post(
    "/responsibilities",
    status_code=201,
    summary="Record a responsibility",
    description="Topic and organisation are given by slug; no region means the whole state.",
    response_model=ResponsibilityOut,
    responses=_created(ResponsibilityOut),
)
async def create_responsibility(
    request: Request,
    editor: Editor,
    body: ResponsibilityCreate,
    language: LanguageDep,
) -> Response:
    created = await responsibilities.create_responsibility(editor, body, language=language)
    location = request.app.url_path_for("get_responsibility", responsibility_id=str(created.item.id))
    return _answer(created, language, status_code=201, location=location)


@editor_router.patch(
    "/responsibilities/{responsibility_id}",
    summary="Change a responsibility",
    description="Only the fields sent change; `null` empties the region (whole state) or the description.",
    response_model=ResponsibilityOut,
    responses=_changed(ResponsibilityOut, 409),
)
async def update_responsibility(
    editor: Editor,
    responsibility_id: IdPath,
    body: ResponsibilityPatch,
    language: LanguageDep,
    if_match: IfMatch = None,
) -> Response:
    changed = await responsibilities.update_responsibility(
        editor, responsibility_id, body, if_match=if_match, language=language
    )
    return _answer(changed, language)


@editor_router.delete(
    "/responsibilities/{responsibility_id}",
    status_code=204,
    summary="Delete a responsibility",
    response_class=Response,
    responses=_deleted(),
)
async def delete_responsibility(
    editor: Editor, responsibility_id: IdPath, if_match: IfMatch = None
) -> Response:
    await responsibilities.delete_responsibility(editor, responsibility_id, if_match=if_match)
    return Response(status_code=204)


# Relations


@editor_router.post(
    "/relations",
    status_code=201,
    summary="Record a relation between two organisations",
    description="Read subject to object: `{subject: mi, kind: member_of, object: kip-ni}`. "
    "A relation is not changed, only recorded or deleted.",
    response_model=RelationDetailOut,
    responses=_created(RelationDetailOut),
)
async def create_relation(
    request: Request,
    editor: Editor,
    body: RelationCreate,
    language: LanguageDep,
) -> Response:
    created = await relations.create_relation(editor, body, language=language)
    location = request.app.url_path_for("get_relation", relation_id=str(created.item.id))
    return _answer(created, language, status_code=201, location=location)


@editor_router.delete(
    "/relations/{relation_id}",
    status_code=204,
    summary="Delete a relation",
    response_class=Response,
    responses=_deleted(),
)
async def delete_relation(editor: Editor, relation_id: IdPath, if_match: IfMatch = None) -> Response:
    await relations.delete_relation(editor, relation_id, if_match=if_match)
    return Response(status_code=204)
