"""Serves the built single-page app at ``/``, falling back to ``index.html``.

Deep links such as ``/organisationen/kip-ni`` are routes of the SPA. Rather than a
catch-all route (which would turn a POST to an unknown API path into a 405), the SPA
answers where routing found nothing: a GET outside the API that matches no route gets a
file of the build or the app shell.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles

_RESERVED = ("/api/", "/healthz", "/readyz", "/metrics")
IMMUTABLE = "public, max-age=31536000, immutable"


class SpaFallback:
    def __init__(self, dist: Path) -> None:
        self.dist = dist.resolve()
        self.index = self.dist / "index.html"

    def response_for(self, request: Request) -> Response | None:
        path = request.url.path
        if request.method not in ("GET", "HEAD") or path.startswith(_RESERVED) or path == "/api":
            return None
        candidate = (self.dist / path.lstrip("/")).resolve()
        if candidate != self.dist and candidate.is_file() and candidate.is_relative_to(self.dist):
            return FileResponse(candidate)
        return FileResponse(self.index, headers={"Cache-Control": "no-cache"})


def install_spa(app: FastAPI, dist: Path) -> None:
    if not (dist / "index.html").is_file():
        return
    assets = dist / "assets"
    if assets.is_dir():
        app.mount("/assets", _ImmutableFiles(directory=assets), name="spa-assets")
    app.state.spa_fallback = SpaFallback(dist)


class _ImmutableFiles(StaticFiles):
    """Hashed build assets never change under one name, so browsers may keep them."""

    def file_response(self, *args, **kwargs) -> Response:  # type: ignore[no-untyped-def]
        response = super().file_response(*args, **kwargs)
        response.headers["Cache-Control"] = IMMUTABLE
        return response
