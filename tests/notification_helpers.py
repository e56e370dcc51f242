"""A real SMTP server and a real webhook receiver for notification tests, the README's
signature check, and a way to run the worker until nothing is due."""

from __future__ import annotations

import json
import re
import socket
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, cast

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from api.core.config import Settings
from api.core.db import Database, utcnow
from api.core.row_encryption import Sealer
from api.notifications.models import OutboxItem
from api.notifications.worker import deliver_due

README = Path(__file__).resolve().parents[1] / "README.md"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class ReceivedMail:
    recipients: list[str]
    message: EmailMessage

    @property
    def everything(self) -> str:
        """Headers and the decoded text and HTML parts: where a leaked value would show."""
        parts = [str(self.message.get("Subject", ""))]
        for part in self.message.walk():
            if part.get_content_maintype() == "text":
                parts.append(part.get_content())
        return "\n".join(parts)

    def part(self, subtype: str) -> str:
        body = self.message.get_body(preferencelist=(subtype,))
        assert body is not None
        return str(body.get_content())


class SmtpSink:
    """aiosmtpd on a loopback port, keeping every message it accepts."""

    def __init__(self) -> None:
        self.port = free_port()
        self.received: list[ReceivedMail] = []
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.content if isinstance(envelope.content, bytes) else b""
        message = message_from_bytes(content, policy=policy.default)
        self.received.append(ReceivedMail([str(rcpt) for rcpt in envelope.rcpt_tos], message))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[ReceivedMail]:
        return [mail for mail in self.received if address in mail.recipients]

    def mentioning(self, text: str) -> list[ReceivedMail]:
        return [mail for mail in self.received if text in mail.everything]


@dataclass(frozen=True)
class ReceivedRequest:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class WebhookReceiver:
    """A plain HTTP server in a thread that records every POST and answers ``status``."""

    def __init__(self) -> None:
        self.requests: list[ReceivedRequest] = []
        self.status = 204
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                receiver.requests.append(ReceivedRequest(self.path, dict(self.headers.items()), body))
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: the test output is no place for access lines."""

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/kipni/events"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


def readme_verifier() -> Callable[[str, str, bytes], bool]:
    """``verify_kipni_signature`` exactly as the README's Webhooks section shows it."""
    section = README.read_text().split("## Webhooks", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match is not None, "the README's Webhooks section has no Python snippet"
    namespace: dict[str, Any] = {}
    exec(compile(match.group(1), str(README), "exec"), namespace)
    return cast(Callable[[str, str, bytes], bool], namespace["verify_kipni_signature"])


async def drain(database: Database, settings: Settings, sealer: Sealer) -> None:
    """Runs the worker until nothing is due (failed items wait for their backoff)."""
    while await deliver_due(database, settings, sealer):
        pass


async def make_due(engine: AsyncEngine, ids: Iterable[uuid.UUID]) -> None:
    """Moves time forward for these items: their next attempt is due now."""
    async with AsyncSession(engine) as session, session.begin():
        await session.execute(
            update(OutboxItem)
            .where(OutboxItem.id.in_(list(ids)))
            .values(next_attempt_at=utcnow() - timedelta(seconds=1))
        )


async def outbox_items(engine: AsyncEngine, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, OutboxItem]:
    async with AsyncSession(engine) as session:
        rows = await session.scalars(select(OutboxItem).where(OutboxItem.id.in_(list(ids))))
        return {row.id: row for row in rows}


async def webhook_items(engine: AsyncEngine, webhook_id: uuid.UUID) -> list[OutboxItem]:
    async with AsyncSession(engine) as session:
        return list(await session.scalars(select(OutboxItem).where(OutboxItem.webhook_id == webhook_id)))
