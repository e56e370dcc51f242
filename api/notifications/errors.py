"""How a delivery attempt fails, in words fit for the outbox's ``last_error``.

Channels translate their libraries' exceptions into ``DeliveryError`` so the worker
decides retries in one place, and so no raw error text (an SMTP server's reply quotes
the recipient's address) ever reaches the database or a log.
"""

from __future__ import annotations


class DeliveryError(Exception):
    """A failed attempt. ``permanent`` ones are dead-lettered at once: trying again
    cannot help (the webhook is gone, or its URL now points inside our network)."""

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason[:500]
        self.permanent = permanent
