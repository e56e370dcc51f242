"""The versioned API: every domain router under ``/api/v1``."""

from __future__ import annotations

from fastapi import APIRouter

from api.directory.router import router as directory_router

API_PREFIX = "/api/v1"

router = APIRouter(prefix=API_PREFIX)
router.include_router(directory_router)
