"""The versioned API: every domain router, each under ``/api/v1``."""

from __future__ import annotations

from fastapi import FastAPI

from api.accounts.admin_router import clients_router, users_router
from api.accounts.router import router as auth_router
from api.audit.router import router as audit_router
from api.core.routing import API_PREFIX
from api.directory.opendata.router import router as opendata_router
from api.directory.router import router as directory_router
from api.messages.router import router as messages_router
from api.notifications.router import router as notifications_router
from api.referrals.router import router as referrals_router
from api.site.router import router as site_router
from api.stats.router import router as stats_router

__all__ = ["API_PREFIX", "include_routers"]


def include_routers(app: FastAPI) -> None:
    """Requests are matched against the routers in this order, route by route. The
    submissions come first: a partner's burst of them is the busiest path that routing
    decides (the public reads it would otherwise come after are mostly answered from the
    page cache before routing), and scanning the routes of the others first cost each
    submission a quarter of its time outside the intake. No two routers share a path, so
    the order decides nothing else; the OpenAPI document groups by its list of tags."""
    app.include_router(referrals_router)
    app.include_router(directory_router)
    app.include_router(auth_router)
    app.include_router(users_router)
    app.include_router(clients_router)
    app.include_router(audit_router)
    app.include_router(notifications_router)
    app.include_router(messages_router)
    app.include_router(stats_router)
    app.include_router(site_router)
    app.include_router(opendata_router)
