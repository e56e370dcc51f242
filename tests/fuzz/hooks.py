"""Schemathesis hooks (``hooks`` in ``schemathesis.toml``): what the document asks of a
client that no schema can state.

``Idempotency-Key`` is "unique per submission of this client": a key sent again with
another body is refused (422, as the IETF draft on the header says). Generated keys
repeat (the coverage phase sends the same boundary value to many cases), so a valid key
is made unique here, as a conforming client makes it; invalid keys (blank, too long) are
sent as generated, and the server's refusal of them is still checked.

A span of the weekly opening hours "opens before it closes" (``WeeklySpan``): a rule
between two fields, which JSON Schema cannot state. Generated spans with two valid times
in the wrong order are put in order, as a conforming client sends them; a span whose
times are not ``HH:MM`` is sent as generated.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import schemathesis

IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
UNIQUE_PART = 32  # hex digits of a UUID
TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
FIRST_MINUTE, LAST_MINUTE = "00:00", "23:59"


def unique_key(key: str) -> str:
    """A key no other submission used, as long as ``key`` where that leaves room for one."""
    fresh = uuid.uuid4().hex
    return fresh + key[UNIQUE_PART:] if len(key) > UNIQUE_PART else fresh


def ordered_span(span: dict[str, Any]) -> None:
    """Puts a weekly span's two valid times in order; the same time twice spans the day."""
    opens, closes = span.get("opens"), span.get("closes")
    if not (isinstance(opens, str) and isinstance(closes, str) and TIME.match(opens) and TIME.match(closes)):
        return
    if opens == closes:
        span["opens"], span["closes"] = FIRST_MINUTE, LAST_MINUTE
    elif opens > closes:
        span["opens"], span["closes"] = closes, opens


def ordered_opening_hours(body: Any) -> None:
    """Every weekly span of the body's ``opening_hours``, put in order."""
    hours = body.get("opening_hours") if isinstance(body, dict) else None
    weekly = hours.get("weekly") if isinstance(hours, dict) else None
    for span in weekly if isinstance(weekly, list) else ():
        if isinstance(span, dict):
            ordered_span(span)


@schemathesis.hook
def before_call(ctx: Any, case: Any, **kwargs: Any) -> None:
    headers = case.headers or {}
    key = headers.get(IDEMPOTENCY_HEADER)
    if isinstance(key, str) and key.strip() and len(key) <= MAX_KEY_LENGTH:
        headers[IDEMPOTENCY_HEADER] = unique_key(key)
    ordered_opening_hours(case.body)
