"""The page cache is bounded by bytes, and searches cannot push out the pages everyone reads."""

from __future__ import annotations

from api.core.page_cache import ENTRY_OVERHEAD, CachedPage, PageCache


def _page(size: int) -> CachedPage:
    return CachedPage(b"x" * size, '"e"', "application/json", "de")


def test_the_pages_never_take_more_bytes_than_allowed() -> None:
    cache = PageCache(max_bytes=10 * (1000 + ENTRY_OVERHEAD + 3))

    for number in range(100):
        cache.put(("page", number), _page(1000), cache.generation)

    assert cache.bytes_used("pages") <= 10 * (1000 + ENTRY_OVERHEAD + 3)
    assert len(cache) == 10
    assert cache.get(("page", 99)) is not None
    assert cache.get(("page", 0)) is None


def test_a_page_read_again_outlives_pages_read_once() -> None:
    cache = PageCache(max_bytes=5 * (1000 + ENTRY_OVERHEAD + 3))
    cache.put("hot", _page(1000), cache.generation)

    for number in range(50):
        cache.put(("walk", number), _page(1000), cache.generation)
        assert cache.get("hot") is not None


def test_new_searches_never_push_out_the_pages_everyone_reads() -> None:
    cache = PageCache(max_bytes=1_000_000, search_max_bytes=20_000)
    cache.put("front page", _page(5000), cache.generation)

    for number in range(10_000):
        cache.put(("search", number), _page(500), cache.generation, segment="searches")

    assert cache.get("front page") is not None
    assert cache.bytes_used("searches") <= 20_000
    assert cache.bytes_used("pages") == 5000 + ENTRY_OVERHEAD + 3


def test_a_page_larger_than_the_bound_is_not_kept() -> None:
    cache = PageCache(max_bytes=2000)

    cache.put("huge", _page(5000), cache.generation)

    assert cache.get("huge") is None
    assert cache.bytes_used("pages") == 0


def test_replacing_a_page_counts_its_bytes_once() -> None:
    cache = PageCache(max_bytes=1_000_000)

    cache.put("page", _page(1000), cache.generation)
    cache.put("page", _page(1000), cache.generation)

    assert cache.bytes_used("pages") == 1000 + ENTRY_OVERHEAD + 3


def test_an_invalidation_empties_both_parts() -> None:
    cache = PageCache(max_bytes=1_000_000)
    cache.put("page", _page(10), cache.generation)
    cache.put("search", _page(10), cache.generation, segment="searches")

    cache.invalidate()

    assert len(cache) == 0
    assert cache.bytes_used("pages") == cache.bytes_used("searches") == 0


def test_a_page_built_before_an_invalidation_is_not_stored() -> None:
    cache = PageCache(max_bytes=1_000_000)
    generation = cache.generation
    cache.invalidate()

    cache.put("key", _page(3), generation)

    assert cache.get("key") is None
