"""Caps the request head: more than ``MAX_HEADER_BYTES`` of headers is 431 problem+json.

The HTTP parser in front of the app accepts header blocks of any size; a client that sends
megabytes of headers would cost memory and work in every middleware that reads them. The
limit is counted the way the bytes arrived: each name, value and its ``: `` and CRLF.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from api.core.errors import PROBLEM_MEDIA_TYPE, problem_body

MAX_HEADER_BYTES = 8192


def header_bytes(scope: Scope) -> int:
    return sum(len(name) + len(value) + 4 for name, value in scope["headers"])


class HeaderLimitMiddleware:
    def __init__(self, app: ASGIApp, *, max_bytes: int = MAX_HEADER_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or header_bytes(scope) <= self.max_bytes:
            await self.app(scope, receive, send)
            return
        body = problem_body(
            431,
            detail=f"Request headers are limited to {self.max_bytes} bytes in all.",
            instance=scope["path"],
        )
        await send(
            {
                "type": "http.response.start",
                "status": 431,
                "headers": [
                    (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
