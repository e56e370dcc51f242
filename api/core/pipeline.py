"""Several statements in one round trip, in the session's transaction.

Storing a batch of submissions runs a dozen small statements, and through SQLAlchemy's
execution machinery each one costs about 190 µs of CPU before the database sees it
(adapting, greenlet hops, parameter and result processing, measured in process); the
driver alone sends it for 80 µs, and in pipeline mode, with the others of its round,
for 40 µs. So on PostgreSQL the statements of a round go to the driver's own connection
(psycopg's pipeline mode), one round trip for the round; elsewhere (SQLite: one writer
and no network) they run one after another through the session.

What the driver sees is what SQLAlchemy would send: each statement is compiled once for
the dialect, values pass through the column types' bind processors and rows through
their result processors. Listeners of ``before_cursor_execute`` see every statement, a
driver error becomes SQLAlchemy's own exception, and a broken connection is invalidated,
so error handling and the pool behave as for any other statement.

The statements are module constants (built once, values bound at each use) without
expanding parameters (IN lists; arrays do their work on PostgreSQL); an insert gets every
column the table fills from Python, because nobody computes defaults on this path.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Generic, TypeVar, cast

import psycopg
from sqlalchemy import Insert
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql import ClauseElement, Executable, TableClause
from sqlalchemy.sql.compiler import SQLCompiler

T = TypeVar("T")
U = TypeVar("U")
Rows = Sequence[Sequence[Any]]
Values = Mapping[str, Any]
Processor = Callable[[Any], Any]

# Compiled statements, by statement, dialect and inserted columns. The statements are
# constants of the code, so this stays small; the bound guards against a caller that
# builds statements per call.
_MAX_COMPILED = 512


@dataclass(frozen=True, slots=True)
class Query(Generic[T]):
    """A statement with its values, and how its rows become an answer.

    ``values`` is one mapping, or a list of them for a statement run once per mapping (an
    insert of many rows; an empty list runs nothing). ``read`` turns the rows into the
    answer; without it the statement's answer is None.
    """

    statement: Executable
    values: Values | Sequence[Values] = field(default_factory=dict)
    read: Callable[[Rows], T] | None = None

    @property
    def many(self) -> bool:
        return not isinstance(self.values, Mapping)

    def then(self, follow: Callable[[T], U]) -> Query[U]:
        """The same statement, its answer passed on through ``follow``."""
        read = self.read

        def answer(rows: Rows) -> U:
            return follow(cast(T, read(rows) if read is not None else None))

        return Query(self.statement, self.values, answer)


async def run_together(session: AsyncSession, queries: Sequence[Query[Any]]) -> list[Any]:
    """The answers of ``queries``, run in order in the transaction of ``session``."""
    for query in queries:
        _check_insert(query)
    connection = await session.connection()
    if connection.dialect.name == "postgresql":
        return await _pipelined(connection, queries)
    return [await _through_session(session, query) for query in queries]


async def run_one(session: AsyncSession, query: Query[T]) -> T:
    (answer,) = await run_together(session, [query])
    return cast(T, answer)


class Answer(Generic[T]):
    """The answer of a query added to a ``Round``, there once the round has run."""

    __slots__ = ("_ready", "_value")

    def __init__(self) -> None:
        self._ready = False
        self._value: T | None = None

    @property
    def value(self) -> T:
        if not self._ready:
            raise RuntimeError("the round of this query has not run yet")
        return cast(T, self._value)

    def _set(self, value: T) -> None:
        self._value, self._ready = value, True


class Round:
    """Queries gathered from several domains that go to the database together: each
    domain adds its own and reads its answers once the round has run."""

    def __init__(self) -> None:
        self._queries: list[Query[Any]] = []
        self._answers: list[Answer[Any]] = []

    def add(self, query: Query[T]) -> Answer[T]:
        answer: Answer[T] = Answer()
        self._queries.append(query)
        self._answers.append(answer)
        return answer

    async def run(self, session: AsyncSession) -> None:
        values = await run_together(session, self._queries)
        for answer, value in zip(self._answers, values, strict=True):
            answer._set(value)


async def _through_session(session: AsyncSession, query: Query[Any]) -> Any:
    if query.many and not query.values:
        return query.read([]) if query.read is not None else None
    values: Any = list(query.values) if query.many else query.values
    result = await session.execute(query.statement, values)
    return query.read(result.all()) if query.read is not None else None


# --- PostgreSQL: the driver's connection, in pipeline mode ---------------------------------


@dataclass(frozen=True, slots=True)
class _Compiled:
    sql: str
    fixed: dict[str, Any]  # values the statement carries itself (a LIMIT, a literal)
    binds: tuple[tuple[str, Processor], ...]  # the bind processors of the statement's values
    results: tuple[tuple[int, Processor], ...]  # the result processors, by column

    def values(self, given: Values) -> dict[str, Any]:
        values = {**self.fixed, **given} if self.fixed else dict(given)
        for name, process in self.binds:
            if name in values:
                values[name] = process(values[name])
        return values

    def rows(self, rows: list[tuple[Any, ...]]) -> Rows:
        if not self.results:
            return rows
        processed = []
        for row in rows:
            columns = list(row)
            for index, process in self.results:
                columns[index] = process(columns[index])
            processed.append(columns)
        return processed


_compiled: dict[tuple[Executable, str, tuple[str, ...]], _Compiled] = {}


def _compile(statement: Executable, dialect: Dialect, columns: tuple[str, ...]) -> _Compiled:
    key = (statement, dialect.name, columns)
    found = _compiled.get(key)
    if found is not None:
        return found
    options: dict[str, Any] = {"column_keys": list(columns)} if columns else {}
    compiled = cast(SQLCompiler, cast(ClauseElement, statement).compile(dialect=dialect, **options))
    if compiled.escaped_bind_names:
        raise ValueError("a statement sent together has parameter names that need no escaping")
    if compiled.post_compile_params:
        # An IN list is rendered per call; PostgreSQL takes an array (= ANY) instead.
        raise ValueError("a statement sent together has no expanding parameters (IN lists)")
    fixed = {name: bind.effective_value for bind, name in compiled.bind_names.items() if not bind.required}
    binds = tuple(
        (name, process)
        for bind, name in compiled.bind_names.items()
        if (process := bind.type.dialect_impl(dialect).bind_processor(dialect)) is not None
    )
    results = tuple(
        (index, process)
        for index, column in enumerate(getattr(statement, "selected_columns", ()))
        if (process := column.type.dialect_impl(dialect).result_processor(dialect, None)) is not None
    )
    entry = _Compiled(compiled.string, fixed, binds, results)
    if len(_compiled) < _MAX_COMPILED:
        _compiled[key] = entry
    return entry


@lru_cache(maxsize=_MAX_COMPILED)
def _unfilled(table: TableClause, columns: tuple[str, ...]) -> tuple[str, ...]:
    """The columns of ``table`` that get a Python-side default and are not in ``columns``."""
    return tuple(
        sorted(
            column.key for column in table.columns if column.default is not None and column.key not in columns
        )
    )


def _check_insert(query: Query[Any]) -> None:
    """An insert names every column that SQLAlchemy would fill from Python: the driver's
    path computes no defaults, and both paths must write the same rows."""
    if isinstance(query.statement, Insert) and not (query.many and not query.values):
        missing = _unfilled(query.statement.table, _columns_of(query))
        if missing:
            raise ValueError(f"an insert run together is given every column it fills: {', '.join(missing)}")


def _columns_of(query: Query[Any]) -> tuple[str, ...]:
    if not isinstance(query.statement, Insert):
        return ()
    first = cast(Sequence[Values], query.values)[0] if query.many else cast(Values, query.values)
    return tuple(first)


async def _pipelined(connection: AsyncConnection, queries: Sequence[Query[Any]]) -> list[Any]:
    dialect = connection.dialect
    sync = connection.sync_connection
    assert sync is not None
    announce = bool(sync.dispatch.before_cursor_execute)
    driver = cast(psycopg.AsyncConnection[Any], (await connection.get_raw_connection()).driver_connection)
    sent: list[tuple[Query[Any], _Compiled | None, psycopg.AsyncCursor[Any] | None]] = []
    sql: str | None = None
    values: Any = None
    try:
        async with driver.pipeline():
            for query in queries:
                if query.many and not query.values:
                    sent.append((query, None, None))
                    continue
                compiled = _compile(query.statement, dialect, _columns_of(query))
                sql = compiled.sql
                cursor = driver.cursor()
                if query.many:
                    values = [compiled.values(row) for row in cast(Sequence[Values], query.values)]
                    if announce:
                        sync.dispatch.before_cursor_execute(sync, cursor, sql, values, None, True)
                    await cursor.executemany(sql, values)
                else:
                    values = compiled.values(cast(Values, query.values))
                    if announce:
                        sync.dispatch.before_cursor_execute(sync, cursor, sql, values, None, False)
                    await cursor.execute(sql, values)
                sent.append((query, compiled, cursor))
        answers: list[Any] = []
        for query, compiled_or_none, cursor_or_none in sent:
            if query.read is None:
                answers.append(None)
            elif compiled_or_none is None or cursor_or_none is None:
                answers.append(query.read([]))
            else:
                answers.append(query.read(compiled_or_none.rows(await cursor_or_none.fetchall())))
        return answers
    except psycopg.Error as exc:
        invalidated = driver.closed or driver.broken
        if invalidated:
            await connection.invalidate(exc)
        raise DBAPIError.instance(
            sql,
            values,
            exc,
            psycopg.Error,
            hide_parameters=True,
            connection_invalidated=invalidated,
            dialect=dialect,
        ) from exc
    finally:
        for _, _, opened in sent:
            if opened is not None:
                await opened.close()
