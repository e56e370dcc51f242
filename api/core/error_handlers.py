"""Turns every failure into problem+json (RFC 9457).

Every 4xx and 5xx leaves the service through these handlers, so clients parse a single
error shape and no traceback ever reaches them.
"""

from __future__ import annotations

from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.routing import iter_route_contexts
from sqlalchemy.exc import DataError, DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path

from api.core.errors import PROBLEM_MEDIA_TYPE, AppError, problem_body

DATABASE_RETRY_AFTER_SECONDS = 5
log = structlog.get_logger("api.errors")


def problem_response(
    request: Request,
    status: int,
    *,
    detail: str | None = None,
    type_: str | None = None,
    title: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
    extensions: dict[str, Any] | None = None,
) -> Response:
    body = problem_body(
        status,
        detail=detail,
        instance=request.url.path,
        type_=type_,
        title=title,
        errors=errors,
        extensions=extensions,
    )
    return Response(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def _validation_items(exc: RequestValidationError) -> list[dict[str, Any]]:
    items = []
    for error in exc.errors():
        loc = [part if isinstance(part, int) else str(part) for part in error.get("loc", ())]
        items.append({"loc": loc, "msg": str(error.get("msg", "invalid"))})
    return items


def allowed_methods(request: Request) -> str | None:
    """Every method some route serves at the request's path, for a 405's ``Allow``.

    Starlette names only the methods of the first route that matched the path, though
    one path often has a route per method (``GET`` and ``POST`` of a collection).
    """
    methods: set[str] = set()
    for context in iter_route_contexts(list(request.app.routes)):
        pattern, _, _ = compile_path(str(context.path_format))
        if pattern.match(request.url.path):
            methods.update(context.methods or ())
    return ", ".join(sorted(methods)) or None


def _is_database_unavailable(exc: BaseException) -> bool:
    if isinstance(exc, OperationalError | PoolTimeoutError | ConnectionError | TimeoutError):
        return True
    return isinstance(exc, DBAPIError) and exc.connection_invalidated


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def _app_error(request: Request, exc: AppError) -> Response:
        return problem_response(
            request,
            exc.status,
            detail=exc.detail,
            type_=exc.type,
            title=exc.title,
            headers=exc.headers,
            extensions=exc.extensions,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        return problem_response(
            request,
            422,
            detail="The request does not match the schema.",
            errors=_validation_items(exc),
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        fallback = getattr(request.app.state, "spa_fallback", None)
        if exc.status_code == 404 and fallback is not None:
            page: Response | None = fallback.response_for(request)
            if page is not None:
                return page
        detail = exc.detail if isinstance(exc.detail, str) else None
        headers = dict(exc.headers) if exc.headers else None
        if exc.status_code == 405 and (allow := allowed_methods(request)):
            headers = {**(headers or {}), "Allow": allow}
        return problem_response(request, exc.status_code, detail=detail, headers=headers)

    async def _database_error(request: Request, exc: Exception) -> Response:
        if not _is_database_unavailable(exc):
            log.error("database_error", exc_info=exc)
            return problem_response(request, 500, detail="An unexpected error occurred.")
        log.warning("database_unavailable", error=type(exc).__name__)
        return problem_response(
            request,
            503,
            detail="The database is not reachable. Try again shortly.",
            headers={"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)},
        )

    async def _unstorable_value(request: Request, exc: Exception) -> Response:
        # The database refused a value the schemas let through, such as a NUL character
        # PostgreSQL cannot store: the request is at fault, and nothing was written.
        log.info("unstorable_value", error=type(exc).__name__)
        return problem_response(
            request, 422, detail="The request holds a value that cannot be stored, such as a NUL character."
        )

    app.add_exception_handler(DataError, _unstorable_value)
    app.add_exception_handler(DBAPIError, _database_error)
    app.add_exception_handler(PoolTimeoutError, _database_error)
    app.add_exception_handler(ConnectionError, _database_error)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.error("unhandled_error", exc_info=exc)
        return problem_response(request, 500, detail="An unexpected error occurred.")
