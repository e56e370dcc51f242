"""Every route the application has, found by walking the app itself, answers with the
security headers, and with ``Cache-Control: no-store`` unless it is one of the public
reads answered to an anonymous caller. A route added tomorrow is checked tomorrow."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from httpx import AsyncClient, Response
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.routing import Mount

from tests.auth_helpers import bearer_for
from tests.factories import make_user

SECURITY_HEADERS = {
    "content-security-policy",
    "strict-transport-security",
    "x-content-type-options",
    "referrer-policy",
    "x-frame-options",
    "cross-origin-opener-policy",
    "permissions-policy",
}
# The reads anyone may cache (README: "public reads carry ETag and Cache-Control: public").
PUBLIC_READS = {
    "/api/v1/organisations",
    "/api/v1/organisations/{slug}",
    "/api/v1/organisations/{slug}/contact-channels",
    "/api/v1/organisations/{slug}/vcard",
    "/api/v1/responsibilities",
    "/api/v1/topics",
    "/api/v1/network",
    "/api/v1/site/legal",
    "/media/sign-language/{name}",
    "/sitemap.xml",
    "/robots.txt",
    "/api/v1/export/hsds",
    "/api/v1/export/hsds/",
    "/api/v1/export/hsds/dataset",
    *(
        f"/api/v1/export/hsds/{table}{item}"
        for table in ("organizations", "services", "service_at_locations", "taxonomies", "taxonomy_terms")
        for item in ("", "/{item_id}")
    ),
}
# Swagger UI's own files: versioned, public, the same for everybody.
PUBLIC_ASSETS = {"/api/docs/static"}
PARAMETER = re.compile(r"{([^}:]+)(?::[^}]*)?}")


@dataclass(frozen=True)
class Endpoint:
    template: str
    method: str

    def path(self) -> str:
        return PARAMETER.sub(lambda m: "kip-ni" if m.group(1) == "slug" else str(uuid.uuid4()), self.template)


def endpoints(app: FastAPI) -> list[Endpoint]:
    """Every route as the app resolves it, routers included by other routers too."""
    found = []
    for route in iter_route_contexts(app.routes):
        if isinstance(route.original_route, Mount):
            found.append(Endpoint(f"{route.path}/swagger-ui.css", "GET"))
        elif route.path is not None:
            found.extend(Endpoint(route.path, method) for method in sorted(route.methods or {"GET"}))
    return found


def _check(endpoint: Endpoint, response: Response, *, public_page: bytes | None) -> list[str]:
    """``public_page``: what an anonymous caller got here, when this is a signed-in call."""
    problems = [
        f"{endpoint.method} {endpoint.template}: no {name}"
        for name in SECURITY_HEADERS
        if name not in response.headers
    ]
    cache = response.headers.get("cache-control")
    anonymous = public_page is None
    # A signed-in caller may be given the public page itself (it is the same for all),
    # never a view of its own under a cacheable header.
    public = (
        endpoint.method in ("GET", "HEAD")
        and endpoint.template in PUBLIC_READS
        and (anonymous or response.content == public_page)
    )
    asset = endpoint.template.rsplit("/", 1)[0] in PUBLIC_ASSETS
    if not (public or asset) and cache != "no-store":
        who = "anonymous" if anonymous else "signed in"
        problems.append(f"{endpoint.method} {endpoint.template} ({who}, {response.status_code}): {cache}")
    return problems


async def test_the_walk_finds_every_kind_of_route(app: FastAPI) -> None:
    templates = {endpoint.template for endpoint in endpoints(app)}

    assert {"/healthz", "/api/v1/referrals", "/api/v1/openapi.json", "/api/docs"} <= templates
    assert PUBLIC_READS <= templates
    assert len(templates) > 40


async def test_every_route_answers_with_security_headers_and_no_store_unless_public(
    app: FastAPI, client: AsyncClient, session: AsyncSession
) -> None:
    admin = await make_user(session, role="admin", email=f"{uuid.uuid4().hex}@example.org")
    signed_in = await bearer_for(client, admin.email)
    problems: list[str] = []
    for endpoint in endpoints(app):
        path = endpoint.path()
        public_page: bytes | None = None
        for headers in ({}, signed_in):
            response = await client.request(
                endpoint.method,
                path,
                json={} if endpoint.method in ("POST", "PATCH", "PUT") else None,
                headers={**headers, "If-Match": '"0"', "Idempotency-Key": uuid.uuid4().hex},
            )
            assert response.status_code < 500, f"{endpoint}: {response.status_code} {response.text}"
            problems += _check(endpoint, response, public_page=public_page)
            public_page = response.content
    assert problems == [], "\n".join(problems)
