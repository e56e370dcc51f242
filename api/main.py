"""The application factory."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.telemetry import TelemetryConfig
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp

from api import v1
from api.core import health
from api.core.access_log import AccessLog
from api.core.body_limit import BodyLimitMiddleware
from api.core.config import Settings, get_settings
from api.core.crypto import FieldCipher
from api.core.db import Database
from api.core.docs import install_docs
from api.core.error_handlers import install_error_handlers
from api.core.fast_path import PublicFastPath
from api.core.header_limit import HeaderLimitMiddleware
from api.core.logging import configure_logging
from api.core.openapi import install_contract
from api.core.page_cache import PageCache
from api.core.request_context import RequestContextMiddleware
from api.core.row_encryption import Sealer
from api.core.scopes import SCOPE_DESCRIPTIONS
from api.core.security_headers import SecurityHeadersMiddleware
from api.core.spa import install_spa
from api.directory.versions import DirectoryVersionWatcher
from api.notifications.worker import InProcessWorker
from api.referrals import submit_route
from api.referrals.intake import Intake

OPENAPI_URL = f"{v1.API_PREFIX}/openapi.json"
DESCRIPTION = """
Public directory and referral intake of the Lower Saxony Competence Centre for the
Prevention of Islamism (KIP NI): who belongs to the network, who is responsible for
what, and how to reach them.

Errors are `application/problem+json` (RFC 9457). Lists are keyset paginated with
`limit` and `cursor`. Texts come in German or English (`?lang=` or `Accept-Language`).
"""


# The service's metrics are its own (``/metrics``, see ``api.core.metrics``) and no
# OpenTelemetry provider is set up; left on, FastAPI asks the global providers on every
# request whether one has been configured since, which costs more than the fast layer's
# whole answer to a repeated read.
NO_OPENTELEMETRY: TelemetryConfig = {
    "tracing": False,
    "metrics": False,
    "logs": False,
    "operation_spans": False,
}


def _operation_id(route: APIRoute) -> str:
    """Stable ``{tag}-{name}`` ids, so generated client code reads well."""
    tag = route.tags[0] if route.tags else "default"
    return f"{tag}-{route.name}"


class KipniApp(FastAPI):
    """FastAPI with the fast layer in front of everything, error handling included: a
    repeated public read costs a dictionary lookup, not routing and validation."""

    def build_middleware_stack(self) -> ASGIApp:
        return PublicFastPath(super().build_middleware_stack(), self.state.page_cache, self.state.access_log)


def create_app(settings: Settings | None = None, database: Database | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        watcher = DirectoryVersionWatcher(
            app.state.database, app.state.page_cache, poll_seconds=settings.directory_version_poll_seconds
        )
        await watcher.start()
        worker = InProcessWorker(app.state.database, settings, app.state.sealer)
        if settings.worker_in_process:
            worker.start()
        try:
            yield
        finally:
            await worker.stop()
            await watcher.stop()
            if database is None:
                await app.state.database.dispose()

    app = KipniApp(
        title="KIP NI network service",
        version="1.0.0",
        description=DESCRIPTION,
        openapi_url=OPENAPI_URL,
        docs_url=None,
        redoc_url=None,
        generate_unique_id_function=_operation_id,
        lifespan=lifespan,
        telemetry=NO_OPENTELEMETRY,
        openapi_tags=[
            {"name": "directory", "description": "Organisations, responsibilities, topics and the network."},
            {"name": "auth", "description": "Sign-in (OAuth2), refresh, logout, who am I."},
            {"name": "referrals", "description": "Hand over a case, follow it, route it."},
            {
                "name": "notifications",
                "description": "Signed webhooks for partner systems; the outbox of e-mails and deliveries.",
            },
            {"name": "messages", "description": "The public contact form and the staff inbox."},
            {"name": "operations", "description": "Liveness, readiness and metrics."},
        ],
    )
    app.state.settings = settings
    app.state.database = database or Database.from_settings(settings)
    app.state.page_cache = PageCache(
        int(settings.public_cache_mb * 2**20), int(settings.public_search_cache_mb * 2**20)
    )
    app.state.access_log = AccessLog(enabled=settings.access_log, json=settings.log_json)
    app.state.sealer = Sealer(FieldCipher.from_settings(settings))
    app.state.intake = Intake(
        app.state,
        keep=timedelta(hours=settings.idempotency_hours),
        second_factor_roles=settings.second_factor_roles,
    )

    install_error_handlers(app)
    app.include_router(health.router)
    v1.include_routers(app)
    submit_route.install(app)
    install_contract(
        app,
        token_url=f"{v1.API_PREFIX}/auth/token",
        scopes={scope.value: text for scope, text in SCOPE_DESCRIPTIONS.items()},
        versioned_prefix=v1.API_PREFIX,
    )
    install_docs(app, openapi_url=OPENAPI_URL)
    install_spa(app, settings.frontend_dist)

    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(HeaderLimitMiddleware)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST", "PATCH", "DELETE"],
        allow_headers=[
            "Authorization",
            "Content-Type",
            "If-Match",
            "If-None-Match",
            "Idempotency-Key",
            "Accept-Language",
            "X-Request-ID",
        ],
        expose_headers=[
            "ETag",
            "Location",
            "Retry-After",
            "X-Request-ID",
            "Content-Language",
            "Idempotent-Replayed",
        ],
        max_age=600,
    )
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(RequestContextMiddleware, access_log=app.state.access_log)
    return app


def create_production_app() -> FastAPI:
    """Entry point for uvicorn's ``--factory`` (one call per worker process)."""
    settings = get_settings()
    configure_logging(settings.log_level, json=settings.log_json)
    app = create_app(settings)
    # What start-up built (modules, routes, schemas, mappers) lives as long as the
    # process. Out of the cyclic collector's sight, a full collection walks only what
    # came later: walking it all paused a worker for about 100 ms every dozen uncached
    # pages, a third of their CPU.
    gc.freeze()
    return app
