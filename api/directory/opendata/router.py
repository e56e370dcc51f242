"""HTTP face of open data: the HSDS 3.0 API under ``/api/v1/export/hsds``.

Paths and the page envelope follow HSDS's own API reference. Every answer is public and
served like the other public reads: from the page cache, with ``ETag``,
``Cache-Control: public, max-age=60`` and 304 on ``If-None-Match``; a directory write
drops the pages. Texts are German unless ``?lang=en`` or ``Accept-Language`` asks for
English.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeVar

from fastapi import Path, Query, Request, Response
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.dependencies import app_settings
from api.core.errors import error_responses
from api.core.i18n import Language
from api.core.params import LanguageDep
from api.core.public_responses import serve_public
from api.core.routing import API_PREFIX, versioned_router
from api.directory.opendata import service
from api.directory.opendata.schemas import (
    HsdsDataset,
    HsdsMeta,
    HsdsOrganization,
    HsdsPage,
    HsdsService,
    HsdsServiceAtLocation,
    HsdsTaxonomy,
    HsdsTaxonomyTerm,
)

router = versioned_router("open-data")
BASE = "/export/hsds"
T = TypeVar("T", bound=BaseModel)

PageQuery = Annotated[int, Query(ge=1, le=2**31 - 1, description="Page number, from 1.")]
PerPageQuery = Annotated[
    int, Query(ge=1, le=service.MAX_PER_PAGE, description=f"Items per page, 1 to {service.MAX_PER_PAGE}.")
]
HsdsId = Annotated[uuid.UUID, Path(description="The HSDS id (a UUID).")]

CACHE_HEADERS = {
    "ETag": {"description": "Version of the representation; send it back in `If-None-Match`."},
    "Cache-Control": {"description": "`public, max-age=60`."},
    "Content-Language": {"description": "Language of the texts, `de` or `en`."},
}
LIST_ERRORS = error_responses(422, 503)
ITEM_ERRORS = error_responses(404, 422, 503)


def _ok(model: object, description: str) -> dict[int | str, dict[str, Any]]:
    return {
        200: {"model": model, "description": description, "headers": CACHE_HEADERS},
        304: {"description": "The representation matching `If-None-Match` is still current."},
    }


def _dump(model: BaseModel) -> bytes:
    return model.model_dump_json(exclude_none=True).encode()


Pick = Callable[[HsdsDataset], Sequence[T]]


async def _serve(
    request: Request, key: tuple[object, ...], language: Language, build: Callable[[HsdsDataset], BaseModel]
) -> Response:
    settings = app_settings(request)

    async def body(session: AsyncSession) -> bytes:
        dataset = await service.hsds_dataset(session, language=language, base_url=settings.public_base_url)
        return _dump(build(dataset))

    return await serve_public(request, ("hsds", *key, language), language, body)


def _list(pick: Pick[T]) -> Callable[[int, int], Callable[[HsdsDataset], BaseModel]]:
    def paged(page: int, per_page: int) -> Callable[[HsdsDataset], BaseModel]:
        return lambda dataset: service.page_of(pick(dataset), page=page, per_page=per_page)

    return paged


def _one(pick: Pick[T], wanted: uuid.UUID, what: str) -> Callable[[HsdsDataset], BaseModel]:
    return lambda dataset: service.find_by_id(pick(dataset), wanted, what)


@router.get(
    BASE,
    summary="HSDS: about this API",
    description="The HSDS version, the profile and the OpenAPI document of this API "
    "(HSDS's `/`; the same with a trailing slash).",
    response_model=HsdsMeta,
    responses={**_ok(HsdsMeta, "Version, profile and OpenAPI URL."), **error_responses(503)},
)
async def hsds_meta(request: Request) -> Response:
    settings = app_settings(request)
    openapi_url = settings.public_base_url.rstrip("/") + f"{API_PREFIX}/openapi.json"
    meta = service.hsds_meta(openapi_url=openapi_url)

    async def body(_: AsyncSession) -> bytes:
        return _dump(meta)

    return await serve_public(request, ("hsds", "meta"), Language.de, body)


router.add_api_route(BASE + "/", hsds_meta, methods=["GET"], include_in_schema=False, name="hsds_meta_slash")


@router.get(
    BASE + "/dataset",
    summary="HSDS: the whole public directory as one document",
    description="Organizations, services, service_at_locations, taxonomies and taxonomy_terms "
    "in one HSDS 3.0 document. Only public contact channels.",
    response_model=HsdsDataset,
    responses={**_ok(HsdsDataset, "The directory in HSDS 3.0."), **LIST_ERRORS},
)
async def hsds_dataset(request: Request, language: LanguageDep) -> Response:
    return await _serve(request, ("dataset",), language, lambda dataset: dataset)


def _organizations(dataset: HsdsDataset) -> list[HsdsOrganization]:
    return dataset.organizations


def _services(dataset: HsdsDataset) -> list[HsdsService]:
    return dataset.services


def _links(dataset: HsdsDataset) -> list[HsdsServiceAtLocation]:
    return dataset.service_at_locations


def _taxonomies(dataset: HsdsDataset) -> list[HsdsTaxonomy]:
    return dataset.taxonomies


def _terms(dataset: HsdsDataset) -> list[HsdsTaxonomyTerm]:
    return dataset.taxonomy_terms


def _register(path: str, name: str, what: str, model: type[BaseModel], pick: Pick[Any]) -> None:
    """``GET {path}`` (a page) and ``GET {path}/{id}`` (one object) for one HSDS table."""

    async def list_items(
        request: Request,
        language: LanguageDep,
        page: PageQuery = 1,
        per_page: PerPageQuery = service.DEFAULT_PER_PAGE,
    ) -> Response:
        return await _serve(request, (name, page, per_page), language, _list(pick)(page, per_page))

    async def get_item(request: Request, item_id: HsdsId, language: LanguageDep) -> Response:
        return await _serve(request, (name, item_id), language, _one(pick, item_id, what))

    router.add_api_route(
        BASE + path,
        list_items,
        methods=["GET"],
        name=f"hsds_list_{name}",
        summary=f"HSDS: a page of {what}s",
        description=f"HSDS page envelope around {what} objects, fully nested.",
        response_model=HsdsPage[model],  # type: ignore[valid-type]
        responses={**_ok(HsdsPage[model], f"A page of {what}s."), **LIST_ERRORS},  # type: ignore[valid-type]
    )
    router.add_api_route(
        BASE + path + "/{item_id}",
        get_item,
        methods=["GET"],
        name=f"hsds_get_{name}",
        summary=f"HSDS: one {what}",
        response_model=model,
        responses={**_ok(model, f"The {what}."), **ITEM_ERRORS},
    )


_register("/organizations", "organizations", "organization", HsdsOrganization, _organizations)
_register("/services", "services", "service", HsdsService, _services)
_register(
    "/service_at_locations", "service_at_locations", "service_at_location", HsdsServiceAtLocation, _links
)
_register("/taxonomies", "taxonomies", "taxonomy", HsdsTaxonomy, _taxonomies)
_register("/taxonomy_terms", "taxonomy_terms", "taxonomy_term", HsdsTaxonomyTerm, _terms)
