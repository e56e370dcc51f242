"""Serialized public pages kept in memory, keyed by request and directory version.

The public read path answers from here without touching the database; a directory write
anywhere invalidates every worker's pages (see ``api.directory.versions``). The generation
check in ``put`` stops a page computed before an invalidation from being stored after it.

The cache is bounded by bytes, not entries (a page of fifty organisations is a hundred
times a detail page), in two parts: the pages everyone reads, and free-text searches (and
any query string with parameters a route does not know), which have a small bound of
their own. A client sending a new search every time fills only that part, never pushing
out the pages everyone reads; both parts drop their least recently used entries first.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Literal, Protocol

Segment = Literal["pages", "searches"]
# What an entry costs beyond its body: the key, the entry object, the dictionary slot.
ENTRY_OVERHEAD = 256


@dataclass(frozen=True, slots=True)
class CachedPage:
    body: bytes
    etag: str
    media_type: str
    language: str

    @property
    def size(self) -> int:
        return len(self.body) + len(self.etag) + ENTRY_OVERHEAD


class Sized(Protocol):
    @property
    def size(self) -> int: ...


class _Part:
    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self.entries: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()

    def put(self, key: Hashable, value: object, size: int) -> None:
        if size > self.max_bytes:
            return
        old = self.entries.pop(key, None)
        if old is not None:
            self.bytes -= old[1]
        self.entries[key] = (value, size)
        self.bytes += size
        while self.bytes > self.max_bytes:
            _, (_, dropped) = self.entries.popitem(last=False)
            self.bytes -= dropped

    def clear(self) -> None:
        self.entries.clear()
        self.bytes = 0


class PageCache:
    def __init__(self, max_bytes: int, search_max_bytes: int | None = None) -> None:
        self.generation = 0
        self._pages = _Part(max_bytes)
        self._searches = _Part(max_bytes // 8 if search_max_bytes is None else search_max_bytes)

    def get(self, key: Hashable) -> object | None:
        for part in (self._pages, self._searches):
            found = part.entries.get(key)
            if found is not None:
                part.entries.move_to_end(key)
                return found[0]
        return None

    def put(
        self,
        key: Hashable,
        value: Sized,
        generation: int,
        *,
        segment: Segment = "pages",
        size: int | None = None,
    ) -> None:
        """Keeps ``value`` unless the directory changed since ``generation`` was read."""
        if generation != self.generation:
            return
        part = self._searches if segment == "searches" else self._pages
        part.put(key, value, value.size if size is None else size)

    def invalidate(self) -> None:
        self.generation += 1
        self._pages.clear()
        self._searches.clear()

    def bytes_used(self, segment: Segment) -> int:
        return (self._searches if segment == "searches" else self._pages).bytes

    def __len__(self) -> int:
        return len(self._pages.entries) + len(self._searches.entries)
