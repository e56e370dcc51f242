"""Engine, sessions and the declarative base every model builds on.

One ``Database`` per application instance: tests build their own against a throwaway
database, the CLI builds one from the same settings as the server.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, ClassVar, cast

from sqlalchemy import DateTime, MetaData, Table, event, insert, inspect, make_url
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from api.core.config import Settings

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC timestamps on every backend.

    SQLite has no timezone type and hands back naive values; normalising here keeps the
    rest of the code free of ``tzinfo`` checks.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use UTC")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime()}


def one_of(column: str, values: type[StrEnum]) -> str:
    """The SQL of a CHECK constraint keeping ``column`` to the members of ``values``."""
    return f"{column} IN (" + ", ".join(f"'{member.value}'" for member in values) + ")"


class UUIDPrimaryKey:
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)


class Timestamps:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


def _configure_sqlite(engine: AsyncEngine) -> None:
    """Make SQLite behave: foreign keys, WAL, waits on locks, real transactions.

    The driver's own implicit BEGIN breaks SAVEPOINT and transactional DDL, so it is
    switched off and SQLAlchemy's ``begin`` event issues the BEGIN instead (the recipe
    from SQLAlchemy's SQLite dialect documentation). ``IMMEDIATE`` takes the write lock
    up front: a transaction that reads and then writes (the audit chain reads its last
    hash) would otherwise fail with SQLITE_BUSY instead of waiting its turn.
    """

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def create_engine(settings: Settings) -> AsyncEngine:
    url = settings.database_url
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:":
            # A fresh checkout has no var/ yet; the embedded database makes its own home.
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url)
        _configure_sqlite(engine)
        return engine
    engine = create_async_engine(
        url,
        pool_size=settings.database_pool_size,
        pool_timeout=settings.database_timeout_seconds,
        connect_args={"connect_timeout": max(1, int(settings.database_timeout_seconds))},
    )
    _ping_after_idle(engine)
    return engine


# A pooled connection used less than this long ago is taken as it is; one idle longer is
# pinged first (as HikariCP's "alive bypass window" does).
PING_AFTER_IDLE_SECONDS = 1.0
_CHECKED_IN_AT = "kipni.checked_in_at"


def _ping_after_idle(engine: AsyncEngine) -> None:
    """Pings a pooled connection before use when it has been idle a while, and replaces it
    when the ping fails: a connection the database dropped (a restart, an idle timeout)
    never reaches a request.

    Pinging every checkout (``pool_pre_ping``) costs a round trip per transaction: under
    load, a sixth of a batch of submissions' statements, and a wait in which the worker
    had nothing to do. A connection checked in a moment ago was alive a moment ago; if
    the database went away since, the statement fails like any other during an outage
    (503), and the connection is invalidated.
    """

    @event.listens_for(engine.sync_engine, "checkin")
    def _checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info[_CHECKED_IN_AT] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        checked_in_at = record.info.get(_CHECKED_IN_AT)
        if checked_in_at is None or time.monotonic() - checked_in_at < PING_AFTER_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:
            # The pool drops this connection and checks out another (or a new one).
            raise DisconnectionError("a pooled connection did not answer its ping") from exc


class Database:
    """The engine and session factory of one application instance."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sessionmaker = async_sessionmaker(engine, expire_on_commit=False)

    @property
    def concurrent_sessions(self) -> bool:
        """Whether two sessions may work at once, each on a connection of its own: not
        when every session joins one connection (a test's rolled-back transaction)."""
        return not isinstance(getattr(self.sessionmaker, "kw", {}).get("bind"), AsyncConnection)

    @classmethod
    def from_settings(cls, settings: Settings) -> Database:
        return cls(create_engine(settings))

    async def dispose(self) -> None:
        await self.engine.dispose()


# --- write-once rows ------------------------------------------------------------------


def _given_values(row: Base) -> dict[str, Any]:
    state = inspect(row)
    given = state.dict
    return {prop.columns[0].key: given[prop.key] for prop in state.mapper.column_attrs if prop.key in given}


async def insert_new(session: AsyncSession, rows: Sequence[Base], *, returning: str | None = None) -> None:
    """Inserts ``rows`` (new objects of one model, each given the same attributes) with
    one statement in one round trip, past the session's unit of work.

    For rows built complete and never touched again in the transaction that makes them
    (a referral's first history row, its e-mails, its stored answer, audit rows), a flush's
    bookkeeping (sorting every mapper, tracking each object, reading back) is work
    without a purpose: timed in process it was a seventh of storing a submission. The
    objects stay transient, so nothing flushes them again; column defaults apply per row
    to what an object was not given, as in a flush. With ``returning`` (an attribute the
    database generates), each row is given its value, in the order of ``rows``.
    """
    if not rows:
        return
    mapper = inspect(type(rows[0]))
    statement = insert(cast(Table, mapper.local_table))
    values = [_given_values(row) for row in rows]
    if returning is None:
        await session.execute(statement, values)
        return
    column = mapper.column_attrs[returning].columns[0]
    result = await session.execute(statement.returning(column, sort_by_parameter_order=True), values)
    for row, generated in zip(rows, result.scalars(), strict=True):
        setattr(row, returning, generated)
