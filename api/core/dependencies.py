"""Request dependencies every domain uses: the session, the application state, the
request's metadata.

The application keeps its settings, database, sealer and page cache on ``app.state``,
which is untyped; these dependencies are the one place that reads it, so routes get
typed values: ``settings: SettingsDep``, ``sealer: SealerDep``. Services never import
this module (nor FastAPI): routers hand them plain values.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.types import Scope

from api.core.config import Settings
from api.core.db import Database
from api.core.page_cache import PageCache
from api.core.principal import RequestMeta
from api.core.row_encryption import Sealer

T = TypeVar("T")


def app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def app_database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


def app_sealer(request: Request) -> Sealer:
    sealer: Sealer = request.app.state.sealer
    return sealer


def app_page_cache(request: Request) -> PageCache:
    cache: PageCache = request.app.state.page_cache
    return cache


def _on_the_loop(read: Callable[[Request], T]) -> Callable[[Request], Awaitable[T]]:
    """``read`` as an ``async`` dependency: FastAPI runs a plain function dependency in
    a worker thread, a hop that costs more than these reads of the application state."""

    async def dependency(request: Request) -> T:
        return read(request)

    return dependency


SettingsDep = Annotated[Settings, Depends(_on_the_loop(app_settings))]
DatabaseDep = Annotated[Database, Depends(_on_the_loop(app_database))]
SealerDep = Annotated[Sealer, Depends(_on_the_loop(app_sealer))]
PageCacheDep = Annotated[PageCache, Depends(_on_the_loop(app_page_cache))]


async def _request_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One session and one transaction per request, committed before the response.

    ``scope="function"`` makes FastAPI run the exit code before it sends the response,
    so a 2xx is only ever sent for committed work.
    """
    async with app_database(request).sessionmaker() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


SessionDep = Annotated[AsyncSession, Depends(_request_session, scope="function")]


def meta_of(scope: Scope) -> RequestMeta:
    """Where the request of ``scope`` came from, for the audit log."""
    client = scope.get("client")
    return RequestMeta(
        # Bounded like the audit column; a proxy-supplied address is no place for an essay.
        client_address=client[0][:64] if client else None,
        request_id=scope.get("state", {}).get("request_id"),
    )


def request_meta(request: Request) -> RequestMeta:
    return meta_of(request.scope)


MetaDep = Annotated[RequestMeta, Depends(_on_the_loop(request_meta))]
