"""Responses of the public, cacheable read path: ETag, 304, CORS for anyone, caching.

A hit costs a dictionary lookup; only a miss opens a database session.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable

from fastapi import Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.dependencies import app_database, app_page_cache
from api.core.i18n import Language
from api.core.page_cache import CachedPage, etag_matches, strong_etag

PUBLIC_CACHE_CONTROL = "public, max-age=60"
JSON = "application/json"

Builder = Callable[[AsyncSession], Awaitable[bytes]]


def _headers(page: CachedPage) -> dict[str, str]:
    return {
        "ETag": page.etag,
        "Cache-Control": PUBLIC_CACHE_CONTROL,
        "Content-Language": page.language,
        "Vary": "Accept, Accept-Language, Authorization",
        "Access-Control-Allow-Origin": "*",
    }


def _respond(request: Request, page: CachedPage) -> Response:
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None and etag_matches(if_none_match, page.etag):
        return Response(status_code=304, headers=_headers(page))
    return Response(page.body, media_type=page.media_type, headers=_headers(page))


async def serve_public(
    request: Request,
    key: Hashable,
    language: Language,
    build: Builder,
    *,
    media_type: str = JSON,
) -> Response:
    cache = app_page_cache(request)
    page = cache.get(key)
    if page is None:
        generation = cache.generation
        async with app_database(request).sessionmaker() as session:
            body = await build(session)
        page = CachedPage(body=body, etag=strong_etag(body), media_type=media_type, language=language.value)
        cache.put(key, page, generation)
    return _respond(request, page)
