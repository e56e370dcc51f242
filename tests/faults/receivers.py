"""A webhook receiver that fails on purpose until told to recover, and the outbox as the
database holds it."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import psycopg


@dataclass(frozen=True)
class Delivery:
    delivery_id: str
    event: str
    body: bytes
    answered: int


class FlakyReceiver:
    """Answers 500 while ``failing``, then 200; records every request and its answer."""

    def __init__(self) -> None:
        self.failing = True
        self.deliveries: list[Delivery] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver._lock:
                    status = 500 if receiver.failing else 200
                    receiver.deliveries.append(
                        Delivery(
                            self.headers.get("KIPNI-Delivery", ""),
                            self.headers.get("KIPNI-Event", ""),
                            body,
                            status,
                        )
                    )
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet."""

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/kipni/events"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FlakyReceiver:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def accepted(self) -> Counter[str]:
        with self._lock:
            return Counter(d.delivery_id for d in self.deliveries if d.answered == 200)

    def refused(self) -> Counter[str]:
        with self._lock:
            return Counter(d.delivery_id for d in self.deliveries if d.answered == 500)


@dataclass(frozen=True)
class Item:
    id: str
    channel: str
    status: str
    attempts: int


def outbox(url: str) -> list[Item]:
    """Every outbox item of the database at ``url`` (PostgreSQL or an SQLite file)."""
    query = "SELECT id, channel, status, attempts FROM outbox"
    if url.startswith("sqlite"):
        with contextlib.closing(sqlite3.connect(url.split(":///", 1)[1])) as lite:
            return [Item(str(row[0]), str(row[1]), str(row[2]), int(row[3])) for row in lite.execute(query)]
    with psycopg.connect(url) as connection:
        return [Item(str(row[0]), str(row[1]), str(row[2]), int(row[3])) for row in connection.execute(query)]
