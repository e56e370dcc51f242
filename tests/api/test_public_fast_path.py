"""Repeated public reads are answered before the application, exactly as it would answer.

Each test first reads a page the long way (routing, validation, middleware), then swaps
the application behind the fast layer for one that answers 299, so an answer that is not
299 can only have come from the layer.
"""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

from fastapi import FastAPI
from httpx import AsyncClient
from starlette.types import Receive, Scope, Send

from api.core import metrics
from api.core.fast_path import PublicFastPath
from api.core.page_cache import PageCache

PAGE = "/api/v1/organisations/mj"
LIST = "/api/v1/organisations"


async def _marker(scope: Scope, receive: Receive, send: Send) -> None:
    await send({"type": "http.response.start", "status": 299, "headers": []})
    await send({"type": "http.response.body", "body": b""})


def _layer(app: FastAPI) -> PublicFastPath:
    stack = app.middleware_stack
    assert isinstance(stack, PublicFastPath)
    return stack


def _without_request_id(headers: Any) -> dict[str, str]:
    return {name: value for name, value in headers.items() if name != "x-request-id"}


async def _only_the_layer_answers(app: FastAPI) -> None:
    _layer(app).app = _marker


async def test_a_repeated_read_is_answered_without_the_application(app: FastAPI, client: AsyncClient) -> None:
    routed = await client.get(PAGE)
    await _only_the_layer_answers(app)

    fast = await client.get(PAGE)

    assert fast.status_code == 200
    assert fast.content == routed.content


async def test_the_fast_answer_carries_the_headers_of_the_routed_one(
    app: FastAPI, client: AsyncClient
) -> None:
    routed = await client.get(LIST, params={"limit": 5})
    await _only_the_layer_answers(app)

    fast = await client.get(LIST, params={"limit": 5})

    assert _without_request_id(fast.headers) == _without_request_id(routed.headers)
    assert fast.headers["x-request-id"] != routed.headers["x-request-id"]


async def test_a_matching_etag_gets_the_304_the_application_would_send(
    app: FastAPI, client: AsyncClient
) -> None:
    etag = (await client.get(PAGE)).headers["etag"]
    cache: PageCache = app.state.page_cache
    cache.invalidate()
    routed = await client.get(PAGE, headers={"If-None-Match": etag})
    await client.get(PAGE)
    inner = _layer(app).app
    await _only_the_layer_answers(app)

    fast = await client.get(PAGE, headers={"If-None-Match": etag})

    _layer(app).app = inner
    assert (routed.status_code, fast.status_code) == (304, 304)
    assert fast.content == b""
    assert _without_request_id(fast.headers) == _without_request_id(routed.headers)


async def test_each_language_is_kept_apart(app: FastAPI, client: AsyncClient) -> None:
    german = await client.get(PAGE)
    english = await client.get(PAGE, headers={"Accept-Language": "en-GB, en;q=0.9"})
    await _only_the_layer_answers(app)

    again_english = await client.get(PAGE, headers={"Accept-Language": "en-GB, en;q=0.9"})
    again_german = await client.get(PAGE)

    assert (german.headers["content-language"], english.headers["content-language"]) == ("de", "en")
    assert again_english.content == english.content
    assert again_german.content == german.content


async def test_a_request_with_a_token_or_an_origin_takes_the_long_way(
    app: FastAPI, client: AsyncClient
) -> None:
    await client.get(PAGE)
    await _only_the_layer_answers(app)

    with_token = await client.get(PAGE, headers={"Authorization": "Bearer x"})
    with_origin = await client.get(PAGE, headers={"Origin": "https://partner.example"})
    head = await client.head(PAGE)

    assert (with_token.status_code, with_origin.status_code, head.status_code) == (299, 299, 299)


async def test_after_a_write_the_layer_answers_nothing_old(app: FastAPI, client: AsyncClient) -> None:
    await client.get(PAGE)
    await _only_the_layer_answers(app)
    cache: PageCache = app.state.page_cache

    cache.invalidate()

    assert (await client.get(PAGE)).status_code == 299


async def test_searches_and_unknown_parameters_are_kept_apart_from_the_pages(
    app: FastAPI, client: AsyncClient
) -> None:
    cache: PageCache = app.state.page_cache
    await client.get(LIST)
    pages = cache.bytes_used("pages")

    await client.get(LIST, params={"q": "präventionsstelle"})
    await client.get(LIST, params={"utm_source": "newsletter"})

    assert cache.bytes_used("pages") == pages
    assert cache.bytes_used("searches") > 0


async def test_a_fast_answer_echoes_a_valid_request_id_and_is_counted(
    app: FastAPI, client: AsyncClient
) -> None:
    await client.get(PAGE)
    await _only_the_layer_answers(app)
    counter = metrics.REQUESTS.labels("GET", "/api/v1/organisations/{slug}", "200")
    before = counter._value.get()

    fast = await client.get(PAGE, headers={"X-Request-ID": "trace-42"})
    invalid = await client.get(PAGE, headers={"X-Request-ID": "not valid!"})

    assert fast.headers["x-request-id"] == "trace-42"
    assert invalid.headers["x-request-id"] not in ("not valid!", "")
    assert counter._value.get() == before + 2


async def test_a_request_does_not_ask_opentelemetry_for_a_provider(client: AsyncClient) -> None:
    """FastAPI's own tracing, left on, looks for a configured provider on every request,
    which costs more than the layer's whole answer; the service's metrics are its own."""
    await client.get(PAGE)

    with patch("opentelemetry.trace.get_tracer_provider", side_effect=AssertionError("asked")) as asked:
        answers = [(await client.get(path)).status_code for path in (PAGE, LIST, "/api/v1/topics")]

    assert answers == [200, 200, 200]
    assert asked.call_count == 0
