"""The access log writes one JSON line per request, without the query string, in batches."""

from __future__ import annotations

import io
import json
from unittest.mock import patch

from api.core.access_log import AccessLog


def test_a_line_is_the_json_the_rest_of_the_log_is() -> None:
    stream = io.StringIO()
    log = AccessLog(stream=stream)

    log.record("GET", "/api/v1/organisations/{slug}", 200, 0.00123, "abc123")
    log.flush()

    line = json.loads(stream.getvalue())
    assert line["method"] == "GET"
    assert line["route"] == "/api/v1/organisations/{slug}"
    assert (line["status"], line["duration_ms"], line["request_id"]) == (200, 1.23, "abc123")
    assert (line["event"], line["level"], line["logger"]) == ("request", "info", "api.access")
    assert line["timestamp"].endswith("Z")


def test_lines_wait_for_the_flush_and_leave_together() -> None:
    stream = io.StringIO()
    log = AccessLog(stream=stream, interval=3600)

    for number in range(3):
        log.record("GET", "/api/v1/topics", 200, 0.001, f"r{number}")
    written_before = stream.getvalue()
    log.flush()

    assert written_before == ""
    assert [json.loads(line)["request_id"] for line in stream.getvalue().splitlines()] == ["r0", "r1", "r2"]


def test_a_route_with_a_quote_still_makes_valid_json() -> None:
    stream = io.StringIO()
    log = AccessLog(stream=stream)

    log.record("GET", 'odd"route\\', 404, 0.0, "r")
    log.flush()

    assert json.loads(stream.getvalue())["route"] == 'odd"route\\'


def test_switched_off_it_writes_nothing() -> None:
    stream = io.StringIO()
    log = AccessLog(enabled=False, stream=stream)

    log.record("GET", "/healthz", 200, 0.0, "r")
    log.flush()

    assert stream.getvalue() == ""


def test_each_line_carries_its_own_time_to_the_microsecond_across_seconds() -> None:
    stream = io.StringIO()
    log = AccessLog(stream=stream, interval=3600)

    with patch("api.core.access_log._now", side_effect=[0.25, 0.5, 1.000001, 86400.75]):
        for number in range(4):
            log.record("GET", "/api/v1/topics", 200, 0.001, f"r{number}")
    log.flush()

    stamps = [json.loads(line)["timestamp"] for line in stream.getvalue().splitlines()]
    assert stamps == [
        "1970-01-01T00:00:00.250000Z",
        "1970-01-01T00:00:00.500000Z",
        "1970-01-01T00:00:01.000001Z",
        "1970-01-02T00:00:00.750000Z",
    ]
