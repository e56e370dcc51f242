"""The schema.org answer of the organisation URL, for the directory's router.

``GET /api/v1/organisations/{slug}`` with ``Accept: application/ld+json`` is served from
the page cache like the JSON of the same URL (its own key, the same invalidation).
"""

from __future__ import annotations

from fastapi import Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.dependencies import app_settings
from api.core.i18n import Language
from api.core.public_responses import serve_public
from api.directory.opendata import service
from api.directory.opendata.jsonld import JSONLD, prefers_jsonld

__all__ = ["JSONLD", "prefers_jsonld", "serve_organisation_jsonld"]


async def serve_organisation_jsonld(request: Request, slug: str, language: Language) -> Response:
    settings = app_settings(request)

    async def build(session: AsyncSession) -> bytes:
        return await service.organisation_jsonld(
            session, slug, language=language, base_url=settings.public_base_url
        )

    return await serve_public(
        request, ("organisation-jsonld", slug, language), language, build, media_type=JSONLD
    )
