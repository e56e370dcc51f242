"""Serialized public pages kept in memory, keyed by request and directory version.

The public read path answers from here without touching the database; a directory write
anywhere invalidates every worker's pages (see ``api.directory.versions``). The generation
check in ``put`` stops a page computed before an invalidation from being stored after it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CachedPage:
    body: bytes
    etag: str
    media_type: str
    language: str


class PageCache:
    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self.generation = 0
        self._entries: OrderedDict[Hashable, CachedPage] = OrderedDict()

    def get(self, key: Hashable) -> CachedPage | None:
        page = self._entries.get(key)
        if page is not None:
            self._entries.move_to_end(key)
        return page

    def put(self, key: Hashable, page: CachedPage, generation: int) -> None:
        if generation != self.generation or self.max_entries == 0:
            return
        self._entries[key] = page
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def invalidate(self) -> None:
        self.generation += 1
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
