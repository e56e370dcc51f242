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
# Longer names no file system of the build holds; such a path is a deep link or junk.
_MAX_NAME = 255


class SpaFallback:
    def __init__(self, dist: Path) -> None:
        self.dist = dist.resolve()
        self.index = self.dist / "index.html"

    def response_for(self, request: Request) -> Response | None:
        path = request.url.path
        if request.method not in ("GET", "HEAD") or path.startswith(_RESERVED) or path == "/api":
            return None
        candidate = self._file(path)
        if candidate is not None:
            return FileResponse(candidate)
        return FileResponse(self.index, headers={"Cache-Control": "no-cache"})

    def _file(self, path: str) -> Path | None:
        """The file of the build at ``path``, or None (then the app shell answers).

        A NUL character or an over-long name cannot name a file; asking the file system
        would raise, so such paths never reach it.
        """
        relative = path.lstrip("/")
        if "\0" in relative or any(len(part.encode()) > _MAX_NAME for part in relative.split("/")):
            return None
        try:
            candidate = (self.dist / relative).resolve()
            found = candidate != self.dist and candidate.is_file() and candidate.is_relative_to(self.dist)
        except (OSError, ValueError):
            return None
        return candidate if found else None


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
