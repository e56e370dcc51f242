"""The outbox worker: claims due items, delivers them, records what happened.

Three steps, never holding a database transaction while the network is slow:
1. one short transaction claims due items (a lease in ``locked_until``) and commits;
2. each item is delivered outside any transaction;
3. one short transaction per item records ``sent``, a retry with exponential backoff,
   or ``dead`` after ``outbox_max_attempts``.
The lease outlasts the time every claimed item may take (each attempt is cut off), so
no other worker takes an item back while this one is still on it. Delivery is at least
once: a worker that dies after sending and before recording sends that item again when
its lease runs out, which is why webhooks carry a ``KIPNI-Delivery`` id to deduplicate.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import structlog

from api.core.config import Settings
from api.core.crypto import DecryptionError, FieldCipher
from api.core.db import Database, utcnow
from api.core.row_encryption import Sealer
from api.notifications import email, repository, templates, webhooks
from api.notifications.errors import DeliveryError
from api.notifications.models import Channel, DeliveryStatus, Webhook
from api.notifications.outbox import OUTBOX

BATCH = 20
MAX_BACKOFF = timedelta(hours=1)
LEASE_MARGIN = timedelta(seconds=30)
STOP_GRACE_SECONDS = 10.0

log = structlog.get_logger("api.notifications.worker")


@dataclass(frozen=True)
class WebhookTarget:
    id: uuid.UUID
    url: str
    secret_enc: str
    is_active: bool


@dataclass(frozen=True)
class Claimed:
    """What delivering one item needs, read while it was claimed."""

    id: uuid.UUID
    channel: str
    event: str
    payload: dict[str, Any]
    recipient_enc: str | None
    webhook: WebhookTarget | None
    attempts: int


def attempt_seconds(settings: Settings) -> float:
    """The longest one attempt may take: SMTP, or a DNS lookup plus an HTTP request."""
    return max(settings.smtp_timeout_seconds, 2 * settings.webhook_timeout_seconds) + 1


def backoff(settings: Settings, attempts: int) -> timedelta:
    """``outbox_backoff_seconds`` after the first failure, doubled after each further one."""
    seconds = settings.outbox_backoff_seconds * 2 ** min(attempts - 1, 30)
    return min(timedelta(seconds=seconds), MAX_BACKOFF)


def _target(hook: Webhook | None) -> WebhookTarget | None:
    return WebhookTarget(hook.id, hook.url, hook.secret_enc, hook.is_active) if hook else None


async def _claim(database: Database, settings: Settings, limit: int) -> list[Claimed]:
    now = utcnow()
    lease_until = now + timedelta(seconds=attempt_seconds(settings) * limit) + LEASE_MARGIN
    async with database.sessionmaker() as session, session.begin():
        items = await repository.claim_due(session, now=now, lease_until=lease_until, limit=limit)
        hooks = await repository.webhooks_by_id(session, (i.webhook_id for i in items if i.webhook_id))
        return [
            Claimed(
                id=item.id,
                channel=item.channel,
                event=item.event,
                payload=dict(item.payload),
                recipient_enc=item.recipient_enc,
                webhook=_target(hooks.get(item.webhook_id)) if item.webhook_id else None,
                attempts=item.attempts,
            )
            for item in items
        ]


async def _send_email(item: Claimed, settings: Settings, sealer: Sealer) -> None:
    to = sealer.open(OUTBOX, "recipient_enc", item.id, item.recipient_enc)
    if not to:
        raise DeliveryError("the e-mail has no recipient", permanent=True)
    try:
        mail = templates.render(
            str(item.payload.get("template")),
            str(item.payload.get("language", templates.DEFAULT_LANGUAGE)),
            {str(key): str(value) for key, value in dict(item.payload.get("context") or {}).items()},
            base_url=settings.public_base_url,
        )
    except templates.TemplateError as exc:
        raise DeliveryError(str(exc), permanent=True) from exc
    await email.send(settings, email.compose(settings, to=to, mail=mail))


async def _send_webhook(item: Claimed, settings: Settings, sealer: Sealer) -> None:
    hook = item.webhook
    if hook is None or not hook.is_active:
        raise DeliveryError("the webhook was removed or deactivated", permanent=True)
    secret = sealer.open(Webhook.__tablename__, "secret_enc", hook.id, hook.secret_enc)
    if not secret:
        raise DeliveryError("the webhook has no secret", permanent=True)
    await webhooks.deliver(settings, url=hook.url, secret=secret, delivery_id=item.id, event=item.payload)


async def _attempt(item: Claimed, settings: Settings, sealer: Sealer) -> DeliveryError | None:
    """Delivers one item; the failure, if any, in words fit for ``last_error``."""
    try:
        async with asyncio.timeout(attempt_seconds(settings)):
            if item.channel == Channel.email.value:
                await _send_email(item, settings, sealer)
            elif item.channel == Channel.webhook.value:
                await _send_webhook(item, settings, sealer)
            else:
                raise DeliveryError(f"unknown channel {item.channel}", permanent=True)
    except DeliveryError as exc:
        return exc
    except DecryptionError:
        return DeliveryError("a stored value does not decrypt (is its data key gone?)", permanent=True)
    except TimeoutError:
        return DeliveryError("the attempt timed out")
    except Exception as exc:  # a bug must not stop the queue; the item is retried, then dead
        # No traceback: an exception's message may quote a value this log must not hold.
        log.error("outbox_attempt_crashed", item=str(item.id), error=type(exc).__name__)
        return DeliveryError(f"unexpected {type(exc).__name__}")
    return None


async def _record(database: Database, settings: Settings, item: Claimed, error: DeliveryError | None) -> None:
    now = utcnow()
    attempts = item.attempts + 1
    values: dict[str, Any] = {"attempts": attempts}
    if error is None:
        # A sent e-mail needs its address no more: dropping it keeps no personal data around.
        values.update(status=DeliveryStatus.sent.value, sent_at=now, recipient_enc=None)
    elif error.permanent or attempts >= settings.outbox_max_attempts:
        values.update(status=DeliveryStatus.dead.value, last_error=error.reason)
    else:
        values.update(next_attempt_at=now + backoff(settings, attempts), last_error=error.reason)
    async with database.sessionmaker() as session, session.begin():
        await repository.finish_attempt(session, item.id, **values)
    fields = {"item": str(item.id), "channel": item.channel, "notification": item.event, "attempts": attempts}
    if error is None:
        log.info("outbox_delivered", **fields)
    else:
        log.warning(
            "outbox_attempt_failed", status=values.get("status", "pending"), error=error.reason, **fields
        )


async def deliver_due(database: Database, settings: Settings, sealer: Sealer, *, limit: int = BATCH) -> int:
    """One pass over the queue: how many items were attempted (0 when none was due)."""
    claimed = await _claim(database, settings, limit)
    for item in claimed:
        await _record(database, settings, item, await _attempt(item, settings, sealer))
    return len(claimed)


async def run(
    database: Database, settings: Settings, sealer: Sealer, *, stop: asyncio.Event, once: bool = False
) -> None:
    """Delivers until ``stop`` is set (or, with ``once``, until nothing is due).

    A full batch is followed at once by the next; otherwise it waits
    ``worker_poll_seconds``. A database that is down costs a round, not the worker.
    """
    while not stop.is_set():
        try:
            handled = await deliver_due(database, settings, sealer)
        except Exception as exc:
            log.warning("outbox_pass_failed", error=type(exc).__name__)
            handled = 0
        if handled >= BATCH:
            continue
        if once:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), settings.worker_poll_seconds)


class InProcessWorker:
    """The worker as a task of the API process (``KIPNI_WORKER_IN_PROCESS``), for a
    single-process setup such as ``make run``."""

    def __init__(self, database: Database, settings: Settings, sealer: Sealer) -> None:
        self.database = database
        self.settings = settings
        self.sealer = sealer
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._stop.clear()
        self._task = asyncio.create_task(
            run(self.database, self.settings, self.sealer, stop=self._stop), name="outbox-worker"
        )

    async def stop(self) -> None:
        """Lets the item in hand be recorded, then cancels what is left."""
        if self._task is None:
            return
        self._stop.set()
        with contextlib.suppress(TimeoutError, asyncio.CancelledError):
            await asyncio.wait_for(self._task, STOP_GRACE_SECONDS)
        self._task = None


async def _standalone(settings: Settings, once: bool) -> None:
    database = Database.from_settings(settings)
    sealer = Sealer(FieldCipher.from_settings(settings))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    # From this line on SIGINT and SIGTERM stop the worker cleanly; supervisors and tests
    # wait for it instead of guessing how long start-up takes.
    log.info("worker_ready", once=once)
    try:
        await run(database, settings, sealer, stop=stop, once=once)
    finally:
        await database.dispose()


def run_standalone(settings: Settings, *, once: bool) -> None:
    """``kipni worker``: its own process, stopped cleanly by SIGINT or SIGTERM."""
    asyncio.run(_standalone(settings, once))
