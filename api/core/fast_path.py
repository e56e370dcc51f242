"""Repeated public reads answered before FastAPI: a dictionary lookup and two sends.

The layer sits outside the whole application. A GET without ``Authorization`` and
without ``Origin`` is looked up by its path, its query string as sent, and the language
its ``Accept-Language`` asks for; a page found there is sent with the headers the routed
answer had, a fresh request id, and a 304 when ``If-None-Match`` matches. Anything else,
and every first request, goes through the application as usual: routing, validation,
the route's own cache, the middleware. When that answer was a public page (the route
says so in the request's state, see ``mark_public``), the layer keeps the page with the
headers that were sent, so the next identical request is answered here with the same
bytes and headers. Requests with a token or an ``Origin`` always take the long way: the
staff view and CORS stay in one place.

A directory write empties the cache (``PageCache.invalidate``), so the layer never serves
a page older than the write, exactly as the routed path does not.
"""

from __future__ import annotations

import itertools
import time
import uuid
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.core.access_log import AccessLog
from api.core.conditional import none_match
from api.core.header_limit import MAX_HEADER_BYTES
from api.core.i18n import DEFAULT_LANGUAGE, negotiate
from api.core.page_cache import CachedPage, PageCache, Segment

STATE_KEY = "kipni.public_page"
_SKIP = (b"authorization", b"origin")
_NOT_ON_304 = (b"content-length", b"content-type")
_REQUEST_ID = b"x-request-id"
_LANGUAGES: dict[bytes, str] = {}
_MAX_LANGUAGE_HEADERS = 256
_VALID_ID_CHARS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-")

# Request ids: unique per process start, then counted; as unique as uuid4, a tenth of the cost.
_ID_PREFIX = uuid.uuid4().hex[:16]
_ID_COUNTER = itertools.count(1)


def new_request_id() -> str:
    return f"{_ID_PREFIX}{next(_ID_COUNTER):016x}"


def valid_request_id(value: bytes) -> bool:
    return 0 < len(value) <= 128 and all(byte in _VALID_ID_CHARS for byte in value)


def header_language(accept_language: bytes | None) -> str:
    """The language ``Accept-Language`` alone asks for (``?lang=`` is in the query string)."""
    if accept_language is None:
        return DEFAULT_LANGUAGE.value
    language = _LANGUAGES.get(accept_language)
    if language is None:
        language = negotiate(None, accept_language.decode("latin-1")).value
        if len(_LANGUAGES) < _MAX_LANGUAGE_HEADERS:
            _LANGUAGES[accept_language] = language
    return language


def request_key(scope: Scope, accept_language: bytes | None) -> tuple[str, bytes, str]:
    return (scope["path"], scope["query_string"], header_language(accept_language))


@dataclass(frozen=True, slots=True)
class FastEntry:
    """A page as the layer sends it: body, and the headers of the 200 and of the 304."""

    page: CachedPage
    route: str
    ok_headers: list[tuple[bytes, bytes]]
    not_modified_headers: list[tuple[bytes, bytes]]
    etag: bytes  # as clients send it back, for the common exact match

    @property
    def size(self) -> int:
        return self.page.size + sum(len(name) + len(value) for name, value in self.ok_headers)


@dataclass(frozen=True, slots=True)
class PublicMark:
    page: CachedPage
    generation: int
    segment: Segment


def mark_public(scope: Scope, page: CachedPage, generation: int, segment: Segment) -> None:
    """Called by the route that answers a public page: the layer may keep it."""
    scope.setdefault("state", {})[STATE_KEY] = PublicMark(page, generation, segment)


class PublicFastPath:
    def __init__(self, app: ASGIApp, cache: PageCache, access_log: AccessLog) -> None:
        self.app = app
        self.cache = cache
        self.access_log = access_log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        accept_language = if_none_match = request_id = None
        head_bytes = 0
        for name, value in scope["headers"]:
            head_bytes += len(name) + len(value) + 4  # as the header limit counts them
            if head_bytes > MAX_HEADER_BYTES:
                # Oversized heads get their 431 from the header limit further in.
                await self.app(scope, receive, send)
                return
            if name in _SKIP:
                await self.app(scope, receive, send)
                return
            if name == b"accept-language":
                accept_language = value
            elif name == b"accept" and b"ld+json" in value:
                # Another representation (schema.org JSON-LD) of the same URL: the routed app
                # negotiates it; the pages kept here are the JSON ones.
                await self.app(scope, receive, send)
                return
            elif name == b"if-none-match":
                if_none_match = value
            elif name == _REQUEST_ID:
                request_id = value
        started = time.perf_counter()
        key = request_key(scope, accept_language)
        entry = self.cache.get(key)
        if not isinstance(entry, FastEntry):
            await self._through(scope, receive, send, key)
            return
        rid = (
            request_id.decode("latin-1") if request_id and valid_request_id(request_id) else new_request_id()
        )
        if if_none_match is not None and (
            if_none_match == entry.etag or none_match(if_none_match.decode("latin-1"), entry.page.etag)
        ):
            status, headers, body = 304, entry.not_modified_headers, b""
        else:
            status, headers, body = 200, entry.ok_headers, entry.page.body
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [*headers, (_REQUEST_ID, rid.encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})
        self.access_log.record("GET", entry.route, status, time.perf_counter() - started, rid)

    async def _through(self, scope: Scope, receive: Receive, send: Send, key: tuple[str, bytes, str]) -> None:
        """The long way; keeps the answer when it was a public page sent whole."""
        sent: dict[str, Any] = {}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                sent["status"] = message["status"]
                sent["headers"] = message.get("headers", [])
            await send(message)

        await self.app(scope, receive, capture)
        mark = scope.get("state", {}).get(STATE_KEY)
        if not isinstance(mark, PublicMark) or sent.get("status") != 200:
            return
        route = getattr(scope.get("route"), "path", None) or "unmatched"
        ok = [(name, value) for name, value in sent["headers"] if name != _REQUEST_ID]
        not_modified = [(name, value) for name, value in ok if name not in _NOT_ON_304]
        entry = FastEntry(mark.page, route, ok, not_modified, mark.page.etag.encode())
        self.cache.put(key, entry, mark.generation, segment=mark.segment, size=entry.size)
