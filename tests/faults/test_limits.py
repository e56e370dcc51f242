"""Hostile requests against the real server process: each gets a clean 4xx (problem+json)
or a closed connection, and the server goes on serving everybody else.

"Goes on serving" is asserted as answered, within a bound generous enough for a busy
machine, never as a latency that depends on the machine's speed.
"""

from __future__ import annotations

import contextlib
import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.faults.harness import ApiProcess, prepare_database, service_environment

MESSAGES = "/api/v1/organisations/kip-ni/messages"
SERVED_WITHIN = 10.0  # seconds; a generous bound for a loaded machine, not a latency target
MESSAGE = {"subject": "Frage", "text": "Eine Frage.", "privacy_consent": True}


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiProcess]:
    folder: Path = tmp_path_factory.mktemp("limits")
    env = service_environment(f"sqlite:///{folder / 'kipni.sqlite3'}", access_log="false")
    prepare_database(env)
    process = ApiProcess(env, folder / "api.log")
    process.start()
    yield process
    process.stop()


def _still_serving(api: ApiProcess) -> None:
    response = httpx.get(f"{api.base_url}/api/v1/organisations/kip-ni", timeout=SERVED_WITHIN)
    assert response.status_code == 200
    assert api.running


def _assert_clean_refusal(response: httpx.Response, *statuses: int) -> None:
    assert response.status_code in statuses, response.text[:500]
    assert response.headers["content-type"].startswith("application/problem+json"), response.headers
    assert response.json()["status"] == response.status_code
    assert "Traceback" not in response.text


def _raw(api: ApiProcess, request: bytes, *, timeout: float = SERVED_WITHIN) -> bytes:
    """Sends raw bytes; everything the server answers until it closes or goes quiet."""
    with socket.create_connection(("127.0.0.1", api.port), timeout=timeout) as connection:
        connection.sendall(request)
        chunks = []
        with contextlib.suppress(TimeoutError, ConnectionResetError):
            while chunk := connection.recv(65536):
                chunks.append(chunk)
                if b"\r\n\r\n" in b"".join(chunks) and _complete(b"".join(chunks)):
                    break
        return b"".join(chunks)


def _complete(answer: bytes) -> bool:
    head, _, body = answer.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(body) >= int(line.split(b":", 1)[1])
    return False


def _status(answer: bytes) -> int | None:
    """The status of a raw answer; None when the server closed without one."""
    if not answer:
        return None
    return int(answer.split(b" ", 2)[1])


def test_headers_over_8_kib_are_refused(api: ApiProcess) -> None:
    answer = _raw(
        api,
        b"GET /api/v1/topics HTTP/1.1\r\nHost: x\r\nX-Padding: "
        + b"a" * 9000
        + b"\r\nConnection: close\r\n\r\n",
    )
    status = _status(answer)
    assert status is None or status in (400, 431), answer[:300]
    if status is not None:
        assert b"application/problem+json" in answer.lower() or status == 400
    _still_serving(api)


def test_many_headers_adding_up_to_more_than_8_kib_are_refused(api: ApiProcess) -> None:
    headers = b"".join(b"X-H%d: %s\r\n" % (n, b"b" * 100) for n in range(100))
    answer = _raw(api, b"GET /api/v1/topics HTTP/1.1\r\nHost: x\r\n" + headers + b"Connection: close\r\n\r\n")
    status = _status(answer)
    assert status is None or status in (400, 431), answer[:300]
    _still_serving(api)


def test_a_body_over_the_cap_is_413(api: ApiProcess) -> None:
    response = httpx.post(
        f"{api.base_url}{MESSAGES}",
        content=b"x" * 2_000_000,
        timeout=30,
        headers={"Content-Type": "application/json"},
    )
    _assert_clean_refusal(response, 413)
    _still_serving(api)


def test_a_chunked_body_over_the_cap_is_413(api: ApiProcess) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(40):
            yield b"y" * 65536

    response = httpx.post(
        f"{api.base_url}{MESSAGES}",
        content=chunks(),
        timeout=30,
        headers={"Content-Type": "application/json"},
    )
    _assert_clean_refusal(response, 413)
    _still_serving(api)


def test_json_nested_ten_thousand_deep_is_a_client_error(api: ApiProcess) -> None:
    for body in ("[" * 10_000 + "]" * 10_000, '{"a":' * 10_000 + "1" + "}" * 10_000):
        response = httpx.post(
            f"{api.base_url}{MESSAGES}",
            content=body.encode(),
            timeout=30,
            headers={"Content-Type": "application/json"},
        )
        _assert_clean_refusal(response, 400, 422)
    _still_serving(api)


def test_a_string_of_10_mb_is_413(api: ApiProcess) -> None:
    body = json.dumps({**MESSAGE, "text": "z" * 10_000_000}).encode()
    response = httpx.post(
        f"{api.base_url}{MESSAGES}", content=body, timeout=60, headers={"Content-Type": "application/json"}
    )
    _assert_clean_refusal(response, 413)
    _still_serving(api)


def test_a_query_string_of_10_mb_is_refused_or_closed(api: ApiProcess) -> None:
    answer = _raw(api, b"GET /api/v1/organisations?q=" + b"q" * 10_000_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    status = _status(answer)
    assert status is None or 400 <= status < 500, answer[:300]
    _still_serving(api)


def test_invalid_utf8_in_a_json_body_is_a_client_error(api: ApiProcess) -> None:
    body = b'{"subject": "\xff\xfe\xfa", "text": "x", "privacy_consent": true}'
    response = httpx.post(
        f"{api.base_url}{MESSAGES}", content=body, timeout=30, headers={"Content-Type": "application/json"}
    )
    _assert_clean_refusal(response, 400, 422)
    _still_serving(api)


def test_invalid_utf8_in_the_query_is_a_client_error(api: ApiProcess) -> None:
    response = httpx.get(f"{api.base_url}/api/v1/organisations?q=%FF%FE%C3", timeout=30)
    assert response.status_code in (200, 400, 422), response.text
    if response.status_code != 200:
        _assert_clean_refusal(response, 400, 422)
    answer = _raw(
        api, b"GET /api/v1/organisations?q=\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    status = _status(answer)
    assert status is None or status < 500, answer[:300]
    _still_serving(api)


def test_invalid_utf8_in_a_form_is_a_client_error(api: ApiProcess) -> None:
    response = httpx.post(
        f"{api.base_url}/api/v1/auth/token",
        content=b"grant_type=password&username=\xff\xfe&password=%FF%FE",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        timeout=30,
    )
    _assert_clean_refusal(response, 400, 401, 422)
    _still_serving(api)


def test_a_slow_client_sending_a_byte_a_second_does_not_stop_others(api: ApiProcess) -> None:
    request = b"GET /api/v1/topics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    with socket.create_connection(("127.0.0.1", api.port), timeout=SERVED_WITHIN) as slow:
        for byte in request[:6]:  # six seconds of trickling, bounded
            started = time.monotonic()
            slow.sendall(bytes([byte]))
            _still_serving(api)  # others are answered while the slow one trickles
            # One byte a second is the attack's own pace; the served request may have used it up.
            time.sleep(max(0.0, 1.0 - (time.monotonic() - started)))
        slow.sendall(request[6:])
        answer = b""
        with contextlib.suppress(TimeoutError, ConnectionResetError):
            while chunk := slow.recv(65536):
                answer += chunk
    status = _status(answer)
    assert status is None or status in (200, 408), answer[:300]
    _still_serving(api)


def test_five_hundred_idle_connections_do_not_stop_others(api: ApiProcess) -> None:
    idle: list[socket.socket] = []
    try:
        for _ in range(500):
            idle.append(socket.create_connection(("127.0.0.1", api.port), timeout=SERVED_WITHIN))
        for _ in range(5):
            _still_serving(api)
    finally:
        for connection in idle:
            connection.close()
    _still_serving(api)
