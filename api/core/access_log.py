"""The access log and the HTTP metrics, at a few microseconds per request.

A request adds one tuple to a list; a thread turns the list into lines every quarter of a
second and writes them in one go, to the streams the log's handlers write to. The lines
are the same JSON the rest of the log is (``event``, ``level``, ``logger``,
``timestamp``, and ``method``, ``route``, ``status``, ``duration_ms``, ``request_id``),
formatted without a JSON encoder: every value is a
route template, a method, a number or a checked request id, none of which needs escaping.
The line holds the route template, never the raw path or query string: those may carry
what a citizen typed into a search box.

Metrics are Prometheus counters and histograms by method, route template and status; the
labelled children are looked up once per combination, not per request.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TextIO

from api.core import metrics

Entry = tuple[float, str, str, int, float, str]
_now = time.time


class _Seconds:
    """The formatted second of a timestamp, kept while the lines of that second are written:
    a flush holds a quarter of a second of lines, so one ``strftime`` serves thousands."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.second = -1
        self.text = ""

    def __call__(self, second: int) -> str:
        if second != self.second:
            self.second, self.text = second, datetime.fromtimestamp(second, UTC).strftime(self.pattern)
        return self.text


def _json_formatter() -> Callable[[Entry], str]:
    seconds = _Seconds("%Y-%m-%dT%H:%M:%S")

    def line(entry: Entry) -> str:
        at, method, route, status, duration, request_id = entry
        second, micro = divmod(round(at * 1_000_000), 1_000_000)
        return (
            f'{{"method": "{method}", "route": "{route}", "status": {status}, '
            f'"duration_ms": {round(duration * 1000, 2)}, "event": "request", "request_id": "{request_id}", '
            f'"level": "info", "logger": "api.access", '
            f'"timestamp": "{seconds(second)}.{micro:06d}Z"}}\n'
        )

    return line


def _console_formatter() -> Callable[[Entry], str]:
    seconds = _Seconds("%Y-%m-%d %H:%M:%S")

    def line(entry: Entry) -> str:
        at, method, route, status, duration, request_id = entry
        return (
            f"{seconds(int(at))} [info     ] request                        "
            f"duration_ms={round(duration * 1000, 2)} "
            f"method={method} request_id={request_id} route={route} status={status}\n"
        )

    return line


def _safe(text: str) -> str:
    """Route templates and methods never hold quotes or backslashes; if one ever did, the
    line would still be valid JSON."""
    return text if '"' not in text and "\\" not in text else text.replace("\\", "\\\\").replace('"', '\\"')


class AccessLog:
    def __init__(
        self, *, enabled: bool = True, json: bool = True, stream: TextIO | None = None, interval: float = 0.25
    ) -> None:
        self.enabled = enabled
        self._format = _json_formatter() if json else _console_formatter()
        self._stream = stream
        self._interval = interval
        self._pending: list[Entry] = []
        # Per method, route and status: its two metric children and its route as a line holds it.
        self._known: dict[tuple[str, str, int], tuple[Any, Any, str]] = {}
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def record(self, method: str, route: str, status: int, seconds: float, request_id: str) -> None:
        """Counts the request in the metrics and queues its access line."""
        known = self._known.get((method, route, status))
        if known is None:
            known = (
                metrics.REQUESTS.labels(method, route, str(status)),
                metrics.LATENCY.labels(method, route),
                _safe(route),
            )
            self._known[(method, route, status)] = known
        known[0].inc()
        known[1].observe(seconds)
        if self.enabled:
            self._pending.append((_now(), method, known[2], status, seconds, request_id))
            if self._thread is None:
                self._start()

    def _start(self) -> None:
        with self._lock:
            if self._thread is not None:
                return
            self._thread = threading.Thread(target=self._run, name="access-log", daemon=True)
            self._thread.start()
            atexit.register(self.flush)

    def _run(self) -> None:
        while True:
            self._wake.wait(self._interval)
            self._wake.clear()
            self.flush()

    def flush(self) -> None:
        """Writes every queued line now (the thread does this four times a second)."""
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        text = "".join(self._format(entry) for entry in pending)
        if self._stream is not None:
            self._write(self._stream, text)
            return
        # The lines go where the log goes: to the streams of the root logger's handlers.
        for handler in logging.getLogger().handlers:
            if isinstance(handler, logging.StreamHandler):
                with handler.lock or contextlib.nullcontext():
                    self._write(handler.stream, text)

    @staticmethod
    def _write(stream: TextIO, text: str) -> None:
        try:
            stream.write(text)
            stream.flush()
        except (OSError, ValueError):  # a closed or broken stream must not take the server down
            pass
