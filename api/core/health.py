"""Operations endpoints outside the version prefix: liveness, readiness, metrics."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Response
from sqlalchemy import text

from api.core import metrics
from api.core.dependencies import DatabaseDep, SettingsDep
from api.core.error_handlers import DATABASE_RETRY_AFTER_SECONDS
from api.core.errors import ServiceUnavailable, error_responses

router = APIRouter(tags=["operations"])


@router.get("/healthz", summary="Liveness: the process answers")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="Readiness: the database answers",
    responses=error_responses(503),
)
async def readyz(database: DatabaseDep, settings: SettingsDep) -> dict[str, str]:
    timeout = settings.database_timeout_seconds
    try:
        async with asyncio.timeout(timeout), database.sessionmaker() as session:
            await session.execute(text("SELECT 1"))
    except Exception as exc:
        raise ServiceUnavailable(
            "The database is not reachable.", headers={"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)}
        ) from exc
    return {"status": "ready"}


@router.get("/metrics", summary="Prometheus metrics", response_class=Response)
async def prometheus_metrics() -> Response:
    body, content_type = metrics.render()
    return Response(body, media_type=content_type)
