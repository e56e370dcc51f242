"""Schemathesis hooks (``hooks`` in ``schemathesis.toml``): what the document asks of a
client that no schema can state.

``Idempotency-Key`` is "unique per submission of this client": a key sent again with
another body is refused (422, as the IETF draft on the header says). Generated keys
repeat (the coverage phase sends the same boundary value to many cases), so a valid key
is made unique here, as a conforming client makes it; invalid keys (blank, too long) are
sent as generated, and the server's refusal of them is still checked.
"""

from __future__ import annotations

import uuid
from typing import Any

import schemathesis

IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
UNIQUE_PART = 32  # hex digits of a UUID


def unique_key(key: str) -> str:
    """A key no other submission used, as long as ``key`` where that leaves room for one."""
    fresh = uuid.uuid4().hex
    return fresh + key[UNIQUE_PART:] if len(key) > UNIQUE_PART else fresh


@schemathesis.hook
def before_call(ctx: Any, case: Any, **kwargs: Any) -> None:
    headers = case.headers or {}
    key = headers.get(IDEMPOTENCY_HEADER)
    if isinstance(key, str) and key.strip() and len(key) <= MAX_KEY_LENGTH:
        headers[IDEMPOTENCY_HEADER] = unique_key(key)
