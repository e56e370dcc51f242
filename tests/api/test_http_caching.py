"""ETag, 304 and the in-memory page cache of the public read path."""

from __future__ import annotations

from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.page_cache import PageCache
from api.directory.models import Organisation
from api.directory.versions import DirectoryVersionWatcher, record_directory_write
from tests.conftest import StatementCounter


async def test_public_reads_are_cacheable_for_a_minute(client: AsyncClient) -> None:
    response = await client.get("/api/v1/organisations")

    assert response.headers["cache-control"] == "public, max-age=60"
    assert response.headers["etag"].startswith('"')
    assert response.headers["access-control-allow-origin"] == "*"


async def test_if_none_match_with_the_current_etag_is_a_304_without_body(client: AsyncClient) -> None:
    first = await client.get("/api/v1/organisations/kip-ni")

    second = await client.get(
        "/api/v1/organisations/kip-ni", headers={"If-None-Match": first.headers["etag"]}
    )

    assert second.status_code == 304
    assert second.content == b""
    assert second.headers["etag"] == first.headers["etag"]


async def test_a_weak_or_listed_etag_also_matches(client: AsyncClient) -> None:
    etag = (await client.get("/api/v1/topics")).headers["etag"]

    response = await client.get("/api/v1/topics", headers={"If-None-Match": f'"other", W/{etag}'})

    assert response.status_code == 304


async def test_a_stale_etag_gets_the_full_page(client: AsyncClient) -> None:
    response = await client.get("/api/v1/topics", headers={"If-None-Match": '"stale"'})

    assert response.status_code == 200
    assert response.json()["items"]


async def test_the_languages_have_different_etags(client: AsyncClient) -> None:
    german = await client.get("/api/v1/organisations/kip-ni")
    english = await client.get("/api/v1/organisations/kip-ni", params={"lang": "en"})

    assert german.headers["etag"] != english.headers["etag"]
    assert "Accept-Language" in german.headers["vary"]


async def test_a_repeated_read_is_answered_without_the_database(
    client: AsyncClient, count_statements: StatementCounter
) -> None:
    await client.get("/api/v1/organisations", params={"limit": 5})
    before = count_statements.count

    await client.get("/api/v1/organisations", params={"limit": 5})
    await client.get("/api/v1/organisations", params={"limit": 5}, headers={"If-None-Match": '"x"'})

    assert count_statements.count == before


async def test_a_directory_write_seen_by_the_watcher_drops_cached_pages(
    app: FastAPI, client: AsyncClient, session: AsyncSession
) -> None:
    cache: PageCache = app.state.page_cache
    watcher = DirectoryVersionWatcher(app.state.database, cache, poll_seconds=0)
    await watcher.check()
    before = (await client.get("/api/v1/organisations/mj")).json()["short_name"]

    await session.execute(update(Organisation).where(Organisation.slug == "mj").values(short_name="MJ-neu"))
    await record_directory_write(session)
    await session.commit()
    await watcher.check()

    after = (await client.get("/api/v1/organisations/mj")).json()["short_name"]
    assert (before, after) == ("MJ", "MJ-neu")


def test_a_page_built_before_an_invalidation_is_not_stored() -> None:
    from api.core.page_cache import CachedPage

    cache = PageCache(1_000_000)
    generation = cache.generation
    cache.invalidate()

    cache.put("key", CachedPage(b"old", '"1"', "application/json", "de"), generation)

    assert cache.get("key") is None


async def test_a_write_in_this_worker_drops_its_pages_once_committed(
    app: FastAPI, session: AsyncSession
) -> None:
    from api.core.page_cache import CachedPage

    cache: PageCache = app.state.page_cache
    cache.put("page", CachedPage(b"{}", '"1"', "application/json", "de"), cache.generation)

    await record_directory_write(session, cache)
    assert len(cache) == 1
    await session.commit()

    assert len(cache) == 0
