"""Keyset pagination: ``?limit=`` and an opaque ``?cursor=`` (the parameters themselves
are declared in ``api.core.params``; this module is free of HTTP).

A cursor is the sort key of the last item of a page, base64url-encoded JSON. Decoding
checks its shape strictly, so a forged cursor is a 400, never a crash.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Generic, Protocol, TypeVar

from pydantic import BaseModel

from api.core.errors import InvalidCursor

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_CURSOR_LENGTH = 1024
# Sort positions and sequence numbers fit in 32 bits; larger numbers overflow SQLite.
MAX_CURSOR_INT = 2**31 - 1

T = TypeVar("T")
R = TypeVar("R")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None


@dataclass(frozen=True)
class KeysetRows(Generic[R]):
    """The rows of one page, and whether another page follows."""

    rows: Sequence[R]
    has_more: bool

    def page(self, item: Callable[[R], T], cursor: Callable[[R], str]) -> Page[T]:
        """The page of ``item(row)``s; its cursor is the last row's sort key."""
        next_cursor = cursor(self.rows[-1]) if self.has_more else None
        return Page(items=[item(row) for row in self.rows], next_cursor=next_cursor)


async def fetch_keyset(fetch: Callable[[int], Awaitable[Sequence[R]]], limit: int) -> KeysetRows[R]:
    """Fetches one row more than the page holds: that row tells whether a next page exists.

    ``fetch(n)`` runs the keyset query for at most ``n`` rows after the cursor.
    """
    rows = await fetch(limit + 1)
    return KeysetRows(rows[:limit], len(rows) > limit)


def encode_cursor(key: list[str | int]) -> str:
    raw = json.dumps(key, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _storable(text: str) -> bool:
    """Text every database takes: no NUL (PostgreSQL), no lone surrogate (UTF-8)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def decode_cursor(cursor: str, types: tuple[type, ...]) -> list[str | int]:
    """The key inside ``cursor``; raises ``InvalidCursor`` unless it has ``types``."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise InvalidCursor("The cursor is not one this service issued.") from exc
    if (
        not isinstance(key, list)
        or len(key) != len(types)
        or not all(type(value) is expected for value, expected in zip(key, types, strict=True))
        or any(isinstance(value, int) and abs(value) > MAX_CURSOR_INT for value in key)
        or any(isinstance(value, str) and not _storable(value) for value in key)
    ):
        raise InvalidCursor("The cursor is not one this service issued.")
    return key


class CreatedRow(Protocol):
    @property
    def created_at(self) -> datetime: ...
    @property
    def id(self) -> uuid.UUID: ...


def encode_time_cursor(created_at: datetime, row_id: uuid.UUID) -> str:
    """The cursor of lists ordered by (creation time, id)."""
    return encode_cursor([created_at.isoformat(), str(row_id)])


def time_cursor(row: CreatedRow) -> str:
    """The cursor after ``row`` in a list ordered by (creation time, id)."""
    return encode_time_cursor(row.created_at, row.id)


def decode_time_cursor(cursor: str | None) -> tuple[datetime, uuid.UUID] | None:
    if cursor is None:
        return None
    created, raw_id = decode_cursor(cursor, (str, str))
    try:
        moment, row_id = datetime.fromisoformat(str(created)), uuid.UUID(str(raw_id))
    except ValueError as exc:
        raise InvalidCursor("The cursor is not one this service issued.") from exc
    if moment.tzinfo is None or not in_utc_range(moment):
        raise InvalidCursor("The cursor is not one this service issued.")
    return moment, row_id


def in_utc_range(moment: datetime) -> bool:
    """Whether the moment exists in UTC (0001-01-01+14:00 does not)."""
    try:
        moment.astimezone(UTC)
    except OverflowError:
        return False
    return True
