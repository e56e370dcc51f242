"""The staff view of the public read URLs.

A GET with an Authorization header lands here instead of the page cache. A token with
``directory:write`` sees every visibility and the row's ``ETag`` (its version, to send
back in ``If-Match``); the answer is built fresh, never cached, and leaves without a
``Cache-Control``, so the security headers make it ``no-store``. Any other valid token
gets the public view; an invalid one is a 401 as everywhere.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable

from fastapi import Request, Response
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.dependencies import principal_of
from api.core.dependencies import app_database, request_meta
from api.core.i18n import Language
from api.core.public_responses import JSON, Builder, serve_public
from api.core.scopes import Scope
from api.directory.editor_service import Versioned

StaffBuilder = Callable[[AsyncSession], Awaitable[tuple[bytes, str | None]]]


async def staff_view(request: Request, language: Language, build: StaffBuilder) -> Response | None:
    """The staff representation, or None when the caller may only see the public one.

    ``build`` returns the body and the ETag of the row it shows (None for a list).
    """
    async with app_database(request).sessionmaker() as session:
        principal = await principal_of(request, session, request_meta(request))
        if not principal.has(Scope.directory_write):
            return None
        body, etag = await build(session)
    return staff_response(body, language, etag=etag)


async def serve_read(
    request: Request, language: Language, key: Hashable, build: Builder, staff: StaffBuilder
) -> Response:
    """A read URL shared by public and staff: the staff view for a caller with
    ``directory:write``, the cached public page for everyone else.

    Only a request carrying a token pays for the check; the public path stays as fast.
    """
    if "authorization" in request.headers:
        response = await staff_view(request, language, staff)
        if response is not None:
            return response
    return await serve_public(request, key, language, build)


def body_and_etag(found: Versioned[BaseModel]) -> tuple[bytes, str | None]:
    return found.item.model_dump_json().encode(), found.etag


def staff_response(
    body: bytes, language: Language, *, etag: str | None, status_code: int = 200, location: str | None = None
) -> Response:
    """A JSON answer for staff: never cached, with the row's ETag where there is one row."""
    headers = {"Content-Language": language.value, "Vary": "Accept-Language, Authorization"}
    if etag is not None:
        headers["ETag"] = etag
    if location is not None:
        headers["Location"] = location
    return Response(body, status_code=status_code, media_type=JSON, headers=headers)
