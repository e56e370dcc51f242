"""Serves the built single-page app at ``/`` with a fallback to ``index.html``.

Deep links such as ``/organisationen/kip-ni`` are routes of the SPA, so any GET that is
not an API, docs or operations path and matches no file gets the app shell.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles

from api.core.errors import NotFound

_RESERVED = ("api/", "healthz", "readyz", "metrics")
IMMUTABLE = "public, max-age=31536000, immutable"


def install_spa(app: FastAPI, dist: Path) -> None:
    index = dist / "index.html"
    if not index.is_file():
        return
    assets = dist / "assets"
    if assets.is_dir():
        app.mount("/assets", _ImmutableFiles(directory=assets), name="spa-assets")

    @app.get("/{path:path}", include_in_schema=False)
    async def spa(path: str, request: Request) -> Response:
        if path.startswith(_RESERVED):
            raise NotFound("No resource at this address.")
        candidate = (dist / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(dist.resolve()):
            return FileResponse(candidate)
        return FileResponse(index, headers={"Cache-Control": "no-cache"})


class _ImmutableFiles(StaticFiles):
    """Hashed build assets never change under one name, so browsers may keep them."""

    def file_response(self, *args, **kwargs) -> Response:  # type: ignore[no-untyped-def]
        response = super().file_response(*args, **kwargs)
        response.headers["Cache-Control"] = IMMUTABLE
        return response
