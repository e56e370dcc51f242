"""Responses of the public, cacheable read path: ETag, 304, CORS for anyone, caching.

A hit costs a dictionary lookup; only a miss opens a database session. Every public page
is also handed to the fast layer (``api.core.fast_path``), which answers the next
identical request before routing. Free-text searches, and query strings with parameters
the route does not declare (or declares once and gets twice), go to the cache's small
part for searches, so they never push out the pages everyone reads.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable
from urllib.parse import parse_qsl

from fastapi import Request, Response
from fastapi.dependencies.models import Dependant
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.conditional import content_etag, none_match
from api.core.dependencies import app_database, app_page_cache
from api.core.fast_path import mark_public
from api.core.i18n import Language
from api.core.page_cache import CachedPage, Segment

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
    if none_match(request.headers.get("if-none-match"), page.etag):
        return Response(status_code=304, headers=_headers(page))
    return Response(page.body, media_type=page.media_type, headers=_headers(page))


_DECLARED: dict[int, frozenset[str]] = {}


def _query_names(dependant: Dependant) -> set[str]:
    names = {param.alias for param in dependant.query_params}
    for dependency in dependant.dependencies:
        names |= _query_names(dependency)
    return names


def _declared_query_names(request: Request) -> frozenset[str]:
    """The query parameters the route (and its dependencies) declares, read once per route."""
    route = request.scope.get("route")
    names = _DECLARED.get(id(route))
    if names is None:
        dependant = getattr(route, "dependant", None)
        names = frozenset(_query_names(dependant)) if isinstance(dependant, Dependant) else frozenset()
        _DECLARED[id(route)] = names
    return names


def _segment(request: Request, free_text: bool) -> Segment:
    if free_text:
        return "searches"
    declared = _declared_query_names(request)
    seen: set[str] = set()
    for name, _ in parse_qsl(request.scope["query_string"].decode("latin-1"), keep_blank_values=True):
        if name not in declared or name in seen:
            return "searches"
        seen.add(name)
    return "pages"


async def serve_public(
    request: Request,
    key: Hashable,
    language: Language,
    build: Builder,
    *,
    media_type: str = JSON,
    free_text: bool = False,
) -> Response:
    """The cached page of ``key``, built by ``build`` on a miss. ``free_text`` says the
    page answers a search someone typed (kept in the small part of the cache)."""
    cache = app_page_cache(request)
    segment = _segment(request, free_text)
    generation = cache.generation
    page = cache.get(key)
    if not isinstance(page, CachedPage):
        async with app_database(request).sessionmaker() as session:
            body = await build(session)
        page = CachedPage(body=body, etag=content_etag(body), media_type=media_type, language=language.value)
        cache.put(key, page, generation, segment=segment)
    mark_public(request.scope, page, generation, segment)
    return _respond(request, page)
