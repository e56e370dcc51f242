"""Refuses cross-site browser requests to the endpoints that set or use the session cookie.

``SameSite=Strict`` keeps the refresh cookie from being sent along by another site, but
not a cross-site form post from setting one: a page elsewhere could sign a visitor's
browser in to an account of its choosing (login CSRF), or make it rotate its session.
Browsers say where a request comes from in ``Sec-Fetch-Site`` and ``Origin``; a request
that names another site in either is refused. Partner systems and scripts send neither
header, and are not affected.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import Request

from api.core.config import Settings
from api.core.errors import Forbidden

# ``none``: the user typed the address or opened a bookmark; ``same-origin``: our pages.
_OWN_FETCH_SITES = frozenset({"none", "same-origin"})


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def own_origins(request: Request, settings: Settings) -> frozenset[str]:
    """The service's public origin, and the one the browser asked for (``Host``)."""
    return frozenset({_origin_of(settings.public_base_url), _origin_of(str(request.base_url))})


def is_cross_site(request: Request, settings: Settings) -> bool:
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site.lower() not in _OWN_FETCH_SITES:
        return True
    origin = request.headers.get("origin")
    return origin is not None and origin.lower() not in own_origins(request, settings)


async def refuse_cross_site(request: Request) -> None:
    """A dependency: 403 for a browser request that another site started."""
    if is_cross_site(request, request.app.state.settings):
        raise Forbidden("Sign-in and session requests are accepted only from the service's own pages.")
