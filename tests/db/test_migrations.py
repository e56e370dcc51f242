"""Alembic owns the schema: up, down and up again, and no drift from the models."""

from __future__ import annotations

import asyncio

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession

from api.core import migrate
from api.core.config import Settings
from api.core.db import create_engine
from api.core.pipeline import run_one
from api.models import Base
from api.referrals.repository import reference_numbers


async def _tables(url: str) -> set[str]:
    engine = create_engine(Settings(database_url=url))
    try:
        async with engine.connect() as connection:
            return set(await connection.run_sync(lambda sync: inspect(sync).get_table_names()))
    finally:
        await engine.dispose()


async def test_upgrade_downgrade_upgrade_round_trips(scratch_database_url: str) -> None:
    await asyncio.to_thread(migrate.upgrade, scratch_database_url)
    upgraded = await _tables(scratch_database_url)
    await asyncio.to_thread(migrate.downgrade, scratch_database_url)
    downgraded = await _tables(scratch_database_url)
    await asyncio.to_thread(migrate.upgrade, scratch_database_url)

    assert {"organisations", "contact_channels", "responsibilities"} <= upgraded
    assert downgraded <= {"alembic_version"}
    assert await _tables(scratch_database_url) == upgraded


async def test_the_models_match_the_migrations(scratch_database_url: str) -> None:
    await asyncio.to_thread(migrate.upgrade, scratch_database_url)

    def differences(connection: Connection) -> list[object]:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "include_object": migrate.objects_of(connection.dialect.name)},
        )
        return list(compare_metadata(context, Base.metadata))

    engine = create_engine(Settings(database_url=scratch_database_url))
    try:
        async with engine.connect() as connection:
            diff = await connection.run_sync(differences)
    finally:
        await engine.dispose()

    assert diff == []


async def test_reference_numbers_continue_after_the_highest_counted_one(scratch_database_url: str) -> None:
    await asyncio.to_thread(migrate.upgrade, scratch_database_url, "7bd48ee2391b")
    engine = create_engine(Settings(database_url=scratch_database_url))
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text("INSERT INTO reference_counters (year, last) VALUES (2025, 7), (2026, 41)")
            )
        await asyncio.to_thread(migrate.upgrade, scratch_database_url)
        async with AsyncSession(engine) as session:
            numbers = await run_one(session, reference_numbers(session, 2026, 2))
    finally:
        await engine.dispose()

    assert numbers == [42, 43]
