"""Fixtures shared by every suite.

Each database test runs twice, on SQLite and on PostgreSQL. The schema is built once per
database by Alembic and seeded with the network's facts; each test then runs inside a
transaction that is rolled back, so tests never see each other's rows.
"""

from __future__ import annotations

import asyncio
import logging
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from pydantic import SecretStr
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from api.core import migrate
from api.core.config import Environment, Settings, normalise_database_url
from api.core.db import Database, create_engine
from api.directory.seed import seed_directory
from api.main import create_app

DEFAULT_TEST_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
TEST_AUDIT_KEYS = (
    "a2:test-only-audit-key-two-with-32-bytes-or-more,a1:test-only-audit-key-one-with-32-bytes-or-more"
)
# The audit chain is keyed by the process's settings; the tests' process uses test keys,
# and so do the `kipni` commands the tests start.
os.environ["KIPNI_AUDIT_KEYS"] = TEST_AUDIT_KEYS
TEST_JWT_SECRET = "test-only-secret-with-more-than-32-bytes-of-length"
# Two data keys, newest first: tests of rotation drop the older one.
TEST_DATA_KEYS = (
    "t2:MjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjI=,t1:MTExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTE="
)


def postgres_admin_url() -> str:
    return os.environ.get("KIPNI_TEST_POSTGRES_URL", DEFAULT_TEST_POSTGRES_URL)


async def create_postgres_database() -> str:
    """A fresh, uniquely named database on the test server; returns its URL."""
    admin_url = normalise_database_url(postgres_admin_url())
    name = f"kipni_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(Settings(database_url=admin_url))
    async with admin.connect() as connection:
        await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    await admin.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


async def drop_postgres_database(url: str) -> None:
    admin_url = normalise_database_url(postgres_admin_url())
    name = make_url(url).database
    admin = create_engine(Settings(database_url=admin_url))
    async with admin.connect() as connection:
        await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await admin.dispose()


@pytest.fixture(autouse=True)
def root_logger_restored() -> Iterator[None]:
    """A test that configures logging (as ``kipni`` does) leaves the next test the root
    logger it found, so what a later test captures never depends on the order."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@asynccontextmanager
async def throwaway_database(backend: str, directory: Path) -> AsyncIterator[str]:
    """An empty database of the backend (a file in ``directory`` for SQLite), dropped after."""
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{directory / 'kipni.sqlite3'}"
        return
    url = await create_postgres_database()
    try:
        yield url
    finally:
        await drop_postgres_database(url)


async def migrate_and_seed(url: str) -> None:
    """Builds the schema with Alembic and loads the network's facts, as ``make run`` does."""
    await asyncio.to_thread(migrate.upgrade, url)
    engine = create_engine(Settings(database_url=url))
    async with AsyncSession(engine) as session, session.begin():
        await seed_directory(session)
    await engine.dispose()


@asynccontextmanager
async def disposed_engine(url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(Settings(database_url=url))
    try:
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
async def empty_database_url(backend: str, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    """An empty database of the backend, dropped after the session."""
    async with throwaway_database(backend, tmp_path_factory.mktemp(backend)) as url:
        yield url


@pytest.fixture(scope="session")
async def database_url(empty_database_url: str) -> str:
    """The migrated and seeded database of the backend."""
    await migrate_and_seed(empty_database_url)
    return empty_database_url


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    async with disposed_engine(database_url) as engine:
        yield engine


@pytest.fixture
async def connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection whose outer transaction is rolled back after the test."""
    async with engine.connect() as connection:
        transaction = await connection.begin()
        try:
            yield connection
        finally:
            await transaction.rollback()


@pytest.fixture
def database(engine: AsyncEngine, connection: AsyncConnection) -> Database:
    """The app's database, with every session joined to the test's transaction."""
    database = Database(engine)
    database.sessionmaker = async_sessionmaker(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )
    return database


@pytest.fixture
async def session(database: Database) -> AsyncIterator[AsyncSession]:
    async with database.sessionmaker() as session:
        yield session


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        environment=Environment.test,
        require_second_factor_roles=[],
        database_url=database_url,
        directory_version_poll_seconds=0,
        cors_origins=["https://partner.example"],
        public_base_url="https://kipni.example",
        frontend_dist=Path("/nonexistent"),
        jwt_secret=SecretStr(TEST_JWT_SECRET),
        data_keys=SecretStr(TEST_DATA_KEYS),
        audit_keys=SecretStr(TEST_AUDIT_KEYS),
    )


@pytest.fixture
def app(settings: Settings, database: Database) -> FastAPI:
    return create_app(settings, database)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[AsyncClient]:
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://testserver") as client:
        yield client


class StatementCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, conn: object, cursor: object, statement: str, *args: object) -> None:
        self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_statements(engine: AsyncEngine) -> Iterator[StatementCounter]:
    counter = StatementCounter()
    event.listen(engine.sync_engine, "before_cursor_execute", counter)
    yield counter
    event.remove(engine.sync_engine, "before_cursor_execute", counter)
