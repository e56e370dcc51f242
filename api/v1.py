"""The versioned API: every domain router, each under ``/api/v1``."""

from __future__ import annotations

from fastapi import FastAPI

from api.accounts.router import router as auth_router
from api.core.routing import API_PREFIX
from api.directory.router import router as directory_router

__all__ = ["API_PREFIX", "include_routers"]


def include_routers(app: FastAPI) -> None:
    app.include_router(directory_router)
    app.include_router(auth_router)
