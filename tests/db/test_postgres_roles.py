"""The role the compose stack's API runs as cannot drop, alter or switch off the audit log.

deploy/postgres-roles.sql is run with psql, as the compose stack's PostgreSQL runs it,
on a fresh database of the test server, under role names of this test's own.
"""

from __future__ import annotations

import asyncio
import subprocess
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from api.audit import service as audit
from api.core import migrate
from api.core.config import PROJECT_ROOT, Settings, normalise_database_url
from api.core.db import create_engine
from api.core.principal import SYSTEM
from tests.conftest import postgres_admin_url
from tests.db.test_cli import own_session

ROLES_SQL = PROJECT_ROOT / "deploy" / "postgres-roles.sql"


@dataclass(frozen=True)
class Stack:
    owner_url: str
    api_url: str


async def _admin(statement: str) -> None:
    engine = create_engine(Settings(database_url=normalise_database_url(postgres_admin_url())))
    try:
        async with engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
async def stack() -> AsyncIterator[Stack]:
    suffix = uuid.uuid4().hex[:10]
    owner, api_role, database = f"kipni_owner_{suffix}", f"kipni_api_{suffix}", f"kipni_roles_{suffix}"
    admin = make_url(postgres_admin_url())
    await _admin(f'CREATE ROLE "{owner}" LOGIN')
    await _admin(f'CREATE DATABASE "{database}" OWNER "{owner}"')
    try:
        psql = await asyncio.to_thread(
            subprocess.run,
            [
                "psql", "-v", "ON_ERROR_STOP=1", "-X", "-q",
                "-d", admin.set(database=database).render_as_string(hide_password=False),
                "-v", f"owner={owner}", "-v", f"api_role={api_role}", "-v", f"database={database}",
                "-v", "api_password=not-used-with-trust-auth", "-f", str(ROLES_SQL),
            ],
            capture_output=True,
            text=True,
            check=False,
        )  # fmt: skip
        assert psql.returncode == 0, psql.stderr
        owner_url = normalise_database_url(
            admin.set(username=owner, password=None, database=database).render_as_string(hide_password=False)
        )
        await asyncio.to_thread(migrate.upgrade, owner_url)
        api_url = normalise_database_url(
            admin.set(username=api_role, password=None, database=database).render_as_string(
                hide_password=False
            )
        )
        yield Stack(owner_url, api_url)
    finally:
        await _admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        await _admin(f'DROP ROLE IF EXISTS "{api_role}"')
        await _admin(f'DROP ROLE IF EXISTS "{owner}"')


async def test_the_api_role_writes_and_reads_the_audit_log(stack: Stack) -> None:
    async with own_session(stack.api_url) as session, session.begin():
        event = await audit.record(session, action="test.roles", actor=SYSTEM)
    async with own_session(stack.api_url) as session:
        verification = await audit.verify(session)

    assert event.seq >= 1
    assert verification.intact


@pytest.mark.parametrize(
    "statement",
    [
        "DROP TABLE audit_events",
        "ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only",
        "ALTER TABLE audit_events DROP COLUMN hash",
        "DROP TRIGGER audit_events_append_only ON audit_events",
        "DROP FUNCTION audit_events_append_only()",
        "TRUNCATE audit_events",
        "DELETE FROM audit_events",
        "UPDATE audit_events SET action = 'x'",
        "SET session_replication_role = replica",
        "CREATE TABLE shadow_audit (id integer)",
        "CREATE ROLE helper",
    ],
)
async def test_the_api_role_cannot_remove_the_audit_log_or_its_guard(stack: Stack, statement: str) -> None:
    async with own_session(stack.api_url) as session, session.begin():
        await audit.record(session, action="test.roles", actor=SYSTEM)

    with pytest.raises(DBAPIError):
        async with own_session(stack.api_url) as session, session.begin():
            await session.execute(text(statement))
