"""HTTP face of the site's own duties: the legal data (public, cacheable), the
sign-language media files, and ``sitemap.xml`` and ``robots.txt`` at the root."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import FileResponse
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.conditional import content_etag, none_match
from api.core.dependencies import SettingsDep
from api.core.errors import NotFound, error_responses
from api.core.i18n import Language
from api.core.public_responses import PUBLIC_CACHE_CONTROL, serve_public
from api.core.routing import COMMON_ERRORS, versioned_router
from api.site import media, service
from api.site.schemas import LegalOut

api_router = versioned_router("site")
# Files of the site at its root, not operations of the versioned API: outside the document.
root_router = APIRouter(tags=["site"], responses=COMMON_ERRORS, include_in_schema=False)

CACHE_HEADERS = {
    "ETag": {"description": "Version of the representation; send it back in `If-None-Match`."},
    "Cache-Control": {"description": "`public, max-age=60`."},
}
NOT_MODIFIED: dict[int | str, dict[str, Any]] = {304: {"description": "Unchanged since `If-None-Match`."}}
MEDIA_CACHE_CONTROL = "public, max-age=3600"
MediaName = Annotated[str, Path(max_length=121, pattern=media.SAFE_NAME.pattern)]


def _public(request: Request, body: bytes, media_type: str) -> Response:
    etag = content_etag(body)
    headers = {"ETag": etag, "Cache-Control": PUBLIC_CACHE_CONTROL, "Access-Control-Allow-Origin": "*"}
    if_none_match = request.headers.get("if-none-match")
    if none_match(if_none_match, etag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


@api_router.get(
    "/site/legal",
    summary="What the legal notice, privacy and accessibility pages must state",
    description="Public, no token. The operator data from the settings (null where not set, and "
    "the required ones that are empty listed in `missing`), the retention periods and throttles "
    "the service applies, and the sign-language videos an editor provided.",
    response_model=LegalOut,
    responses={
        200: {"model": LegalOut, "description": "The legal data.", "headers": CACHE_HEADERS},
        **NOT_MODIFIED,
    },
)
async def get_legal(request: Request, settings: SettingsDep) -> Response:
    body = service.legal(settings).model_dump_json().encode()
    return _public(request, body, "application/json")


@root_router.get(
    "/media/sign-language/{name}",
    summary="A sign-language video or its WebVTT captions",
    response_class=FileResponse,
    responses={
        200: {"content": {"video/mp4": {}, "video/webm": {}, "text/vtt": {}}, "description": "The file."},
        **error_responses(404, 422),
    },
)
async def get_sign_language_file(settings: SettingsDep, name: MediaName) -> FileResponse:
    found = media.served_file(settings.sign_language_dir, name)
    if found is None:
        raise NotFound("No sign-language file with this name.")
    path, media_type = found
    if media_type == media.CAPTIONS_TYPE:
        media_type += "; charset=utf-8"
    return FileResponse(path, media_type=media_type, headers={"Cache-Control": MEDIA_CACHE_CONTROL})


@root_router.get(
    "/sitemap.xml",
    summary="Every public page and organisation, in both languages with hreflang pairs",
    response_class=Response,
    responses={200: {"content": {"application/xml": {}}, "description": "The sitemap."}, **NOT_MODIFIED},
)
async def get_sitemap(request: Request, settings: SettingsDep) -> Response:
    base_url = settings.public_base_url

    async def build(session: AsyncSession) -> bytes:
        return await service.sitemap(session, base_url)

    return await serve_public(request, ("sitemap.xml",), Language.de, build, media_type="application/xml")


@root_router.get(
    "/robots.txt",
    summary="Rules for crawlers, naming the sitemap",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}, "description": "robots.txt."}, **NOT_MODIFIED},
)
async def get_robots(request: Request, settings: SettingsDep) -> Response:
    return _public(request, service.robots(settings.public_base_url).encode(), "text/plain")


router = APIRouter()
router.include_router(api_router)
router.include_router(root_router)
