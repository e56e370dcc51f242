"""HTTP face of the public directory: parse, negotiate the language, answer from cache.

Every route here is public and cacheable; the builders run only on a cache miss. The
reads of single entries also serve the staff: ``serve_read`` sends a request with an
Authorization header to the staff view before anything else, so the public path stays a
dictionary lookup.
The staff writes live in ``editor_router`` and are included at the end.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.dependencies import SettingsDep
from api.core.errors import error_responses
from api.core.pagination import Page
from api.core.params import CursorQuery, LanguageDep, LimitQuery
from api.core.public_responses import serve_public
from api.core.routing import versioned_router
from api.directory import service
from api.directory.editing import contact_channels, organisations, relations, responsibilities
from api.directory.editor_router import editor_router
from api.directory.models import OrganisationKind
from api.directory.opendata.http import prefers_jsonld, serve_organisation_jsonld
from api.directory.params import IdPath, SlugPath, SlugQuery
from api.directory.schemas import (
    REGION_PATTERN,
    ContactChannelOut,
    NetworkOut,
    OrganisationFilters,
    OrganisationOut,
    RelationDetailOut,
    ResponsibilityOut,
    TopicOut,
)
from api.directory.service import EVERY_VISIBILITY
from api.directory.staff_responses import body_and_etag, serve_read

router = versioned_router("directory")

RegionFilter = Annotated[
    str | None,
    Query(
        pattern=REGION_PATTERN, description="Official regional key (ARS) or a prefix of one.", examples=["03"]
    ),
]

CACHE_HEADERS = {
    "ETag": {"description": "Version of the representation; send it back in `If-None-Match`."},
    "Cache-Control": {"description": "`public, max-age=60`."},
    "Content-Language": {"description": "Language of the texts, `de` or `en`."},
}
NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "The representation matching `If-None-Match` is still current."}
}
LIST_ERRORS = error_responses(400, 422, 503)
ITEM_ERRORS = error_responses(404, 422, 503)
# The reads that also serve the staff: an Authorization header with a bad token is a 401.
STAFF_ITEM_ERRORS = error_responses(401, 404, 422, 503)
STAFF_VIEW = (
    "With a `directory:write` token the answer shows channels of every visibility, carries "
    "the entry's `ETag` (its version, for `If-Match`) and is not cacheable (`no-store`)."
)


def _ok(model: object, description: str) -> dict[int | str, dict[str, Any]]:
    return {200: {"model": model, "description": description, "headers": CACHE_HEADERS}, **NOT_MODIFIED}


@router.get(
    "/organisations",
    summary="List organisations of the network",
    description="Searches names, short names and descriptions ignoring case and umlaut spelling "
    "(`praevention` finds `Prävention`). Keyset paginated.",
    response_model=Page[OrganisationOut],
    responses={**_ok(Page[OrganisationOut], "A page of organisations."), **LIST_ERRORS},
)
async def list_organisations(
    request: Request,
    language: LanguageDep,
    q: Annotated[
        str | None, Query(max_length=200, description="Search text.", examples=["prävention"])
    ] = None,
    kind: Annotated[OrganisationKind | None, Query()] = None,
    region: RegionFilter = None,
    member_of: Annotated[
        SlugQuery, Query(description="Slug of an organisation the results are members of.")
    ] = None,
    topic: Annotated[SlugQuery, Query(description="Slug of a topic the results are responsible for.")] = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Response:
    search = q.strip() or None if q is not None else None
    key = ("organisations", search, kind, region, member_of, topic, limit, cursor, language)

    async def build(session: AsyncSession) -> bytes:
        filters = OrganisationFilters(q=search, kind=kind, region=region, member_of=member_of, topic=topic)
        page = await service.list_organisations(
            session, filters, limit=limit, cursor=cursor, language=language
        )
        return page.model_dump_json().encode()

    return await serve_public(request, key, language, build, free_text=search is not None)


@router.get(
    "/organisations/{slug}",
    summary="Show one organisation",
    description="With its public contact channels, responsibilities, parent and relations. "
    + STAFF_VIEW
    + " With `Accept: application/ld+json`: the schema.org document the public page embeds.",
    response_model=OrganisationOut,
    responses={**_ok(OrganisationOut, "The organisation."), **STAFF_ITEM_ERRORS},
)
async def get_organisation(
    request: Request,
    slug: SlugPath,
    language: LanguageDep,
) -> Response:
    if prefers_jsonld(request.headers.get("accept")):
        return await serve_organisation_jsonld(request, slug, language)

    async def staff(session: AsyncSession) -> tuple[bytes, str | None]:
        return body_and_etag(await organisations.read_organisation(session, slug, language=language))

    async def build(session: AsyncSession) -> bytes:
        organisation = await service.get_organisation(session, slug, language=language)
        return organisation.model_dump_json().encode()

    return await serve_read(request, language, ("organisation", slug, language), build, staff)


def _json_list(items: list[ContactChannelOut]) -> bytes:
    return b"[" + b",".join(item.model_dump_json().encode() for item in items) + b"]"


@router.get(
    "/organisations/{slug}/contact-channels",
    summary="List the public contact channels of an organisation",
    description="With a `directory:write` token: channels of every visibility, not cacheable. "
    "Each channel's `ETag` comes with its own read.",
    response_model=list[ContactChannelOut],
    responses={**_ok(list[ContactChannelOut], "The public contact channels."), **STAFF_ITEM_ERRORS},
)
async def list_contact_channels(
    request: Request,
    slug: SlugPath,
    language: LanguageDep,
) -> Response:

    async def staff(session: AsyncSession) -> tuple[bytes, str | None]:
        channels = await service.list_contact_channels(
            session, slug, language=language, visibilities=EVERY_VISIBILITY
        )
        return _json_list(channels), None

    async def build(session: AsyncSession) -> bytes:
        return _json_list(await service.list_contact_channels(session, slug, language=language))

    return await serve_read(request, language, ("contact-channels", slug, language), build, staff)


@router.get(
    "/organisations/{slug}/contact-channels/{channel_id}",
    summary="Show one contact channel of an organisation",
    description="Public channels only; a channel of another organisation is not found. " + STAFF_VIEW,
    response_model=ContactChannelOut,
    responses={**_ok(ContactChannelOut, "The contact channel."), **STAFF_ITEM_ERRORS},
)
async def get_contact_channel(
    request: Request,
    slug: SlugPath,
    channel_id: IdPath,
    language: LanguageDep,
) -> Response:

    async def staff(session: AsyncSession) -> tuple[bytes, str | None]:
        return body_and_etag(
            await contact_channels.read_contact_channel(session, slug, channel_id, language=language)
        )

    async def build(session: AsyncSession) -> bytes:
        channel = await service.get_contact_channel(session, slug, channel_id, language=language)
        return channel.model_dump_json().encode()

    return await serve_read(request, language, ("contact-channel", slug, channel_id, language), build, staff)


@router.get(
    "/organisations/{slug}/vcard",
    summary="Download an organisation as a vCard",
    response_class=Response,
    responses={
        200: {"content": {"text/vcard": {}}, "description": "vCard 4.0 of the public contact data."},
        **NOT_MODIFIED,
        **ITEM_ERRORS,
    },
)
async def get_vcard(
    request: Request,
    settings: SettingsDep,
    slug: SlugPath,
    language: LanguageDep,
) -> Response:

    async def build(session: AsyncSession) -> bytes:
        card = await service.get_vcard(session, slug, language=language, base_url=settings.public_base_url)
        return card.encode()

    response = await serve_public(
        request, ("vcard", slug, language), language, build, media_type="text/vcard; charset=utf-8"
    )
    response.headers["Content-Disposition"] = f'attachment; filename="{slug}.vcf"'
    return response


@router.get(
    "/responsibilities",
    summary="Who is responsible for what",
    description="Responsibilities by topic; a responsibility without region covers the whole state.",
    response_model=Page[ResponsibilityOut],
    responses={**_ok(Page[ResponsibilityOut], "A page of responsibilities."), **LIST_ERRORS},
)
async def list_responsibilities(
    request: Request,
    language: LanguageDep,
    topic: SlugQuery = None,
    organisation: SlugQuery = None,
    region: RegionFilter = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Response:
    key = ("responsibilities", topic, organisation, region, limit, cursor, language)

    async def build(session: AsyncSession) -> bytes:
        page = await service.list_responsibilities(
            session,
            topic=topic,
            organisation=organisation,
            region=region,
            limit=limit,
            cursor=cursor,
            language=language,
        )
        return page.model_dump_json().encode()

    return await serve_public(request, key, language, build)


@router.get(
    "/responsibilities/{responsibility_id}",
    summary="Show one responsibility",
    description=STAFF_VIEW,
    response_model=ResponsibilityOut,
    responses={**_ok(ResponsibilityOut, "The responsibility."), **STAFF_ITEM_ERRORS},
)
async def get_responsibility(
    request: Request,
    responsibility_id: IdPath,
    language: LanguageDep,
) -> Response:

    async def staff(session: AsyncSession) -> tuple[bytes, str | None]:
        return body_and_etag(
            await responsibilities.read_responsibility(session, responsibility_id, language=language)
        )

    async def build(session: AsyncSession) -> bytes:
        responsibility = await service.get_responsibility(session, responsibility_id, language=language)
        return responsibility.model_dump_json().encode()

    return await serve_read(request, language, ("responsibility", responsibility_id, language), build, staff)


@router.get(
    "/relations/{relation_id}",
    summary="Show one relation between organisations",
    description="The fact «subject kind object». " + STAFF_VIEW,
    response_model=RelationDetailOut,
    responses={**_ok(RelationDetailOut, "The relation."), **STAFF_ITEM_ERRORS},
)
async def get_relation(
    request: Request,
    relation_id: IdPath,
    language: LanguageDep,
) -> Response:

    async def staff(session: AsyncSession) -> tuple[bytes, str | None]:
        return body_and_etag(await relations.read_relation(session, relation_id, language=language))

    async def build(session: AsyncSession) -> bytes:
        relation = await service.get_relation(session, relation_id, language=language)
        return relation.model_dump_json().encode()

    return await serve_read(request, language, ("relation", relation_id, language), build, staff)


@router.get(
    "/topics",
    summary="List the topics responsibilities are about",
    response_model=Page[TopicOut],
    responses={**_ok(Page[TopicOut], "A page of topics."), **LIST_ERRORS},
)
async def list_topics(
    request: Request,
    language: LanguageDep,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Response:

    async def build(session: AsyncSession) -> bytes:
        page = await service.list_topics(session, limit=limit, cursor=cursor, language=language)
        return page.model_dump_json().encode()

    return await serve_public(request, ("topics", limit, cursor, language), language, build)


@router.get(
    "/network",
    summary="The network as nodes and edges",
    description="Organisations as nodes and their relations as directed edges (subject to object), "
    "for drawing the network picture.",
    response_model=NetworkOut,
    responses={**_ok(NetworkOut, "Nodes and edges."), **error_responses(422, 503)},
)
async def get_network(
    request: Request,
    language: LanguageDep,
) -> Response:

    async def build(session: AsyncSession) -> bytes:
        return (await service.get_network(session, language=language)).model_dump_json().encode()

    return await serve_public(request, ("network", language), language, build)


router.include_router(editor_router)
