"""Swagger UI from local assets.

FastAPI's built-in page loads its scripts from a CDN and starts them inline; intranets
and the CSP forbid both, so the page here references files the API serves itself.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

SWAGGER_ASSETS = Path(__file__).resolve().parent.parent / "static" / "swagger"
DOCS_PATH = "/api/docs"
DOCS_CSP = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


def _page(openapi_url: str, title: str) -> str:
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="{DOCS_PATH}/static/swagger-ui.css">
<link rel="icon" type="image/png" href="{DOCS_PATH}/static/favicon-32x32.png">
</head>
<body data-openapi-url="{openapi_url}">
<div id="swagger-ui"></div>
<script src="{DOCS_PATH}/static/swagger-ui-bundle.js"></script>
<script src="{DOCS_PATH}/static/swagger-init.js"></script>
</body>
</html>
"""


def install_docs(app: FastAPI, *, openapi_url: str) -> None:
    html = _page(openapi_url, f"{app.title}: API documentation")
    app.mount(f"{DOCS_PATH}/static", StaticFiles(directory=SWAGGER_ASSETS), name="swagger-assets")

    @app.get(DOCS_PATH, include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return HTMLResponse(html, headers={"Content-Security-Policy": DOCS_CSP})
