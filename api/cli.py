"""The ``kipni`` command. It reads the same settings as the server (``KIPNI_*``), so it
acts on the database the server uses."""

from __future__ import annotations

import asyncio
import json
from typing import Annotated

import typer
import uvicorn

from api.core import migrate
from api.core.config import get_settings
from api.core.db import Database
from api.core.logging import configure_logging
from api.directory.seed import SeedReport, seed_directory

app = typer.Typer(help="KIP NI network service: serve, migrate, seed.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema (Alembic).", no_args_is_help=True)
app.add_typer(db_app, name="db")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind (KIPNI_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port to bind (KIPNI_PORT).")] = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes (KIPNI_WORKERS).")] = None,
) -> None:
    """Serve the API and the built SPA."""
    settings = get_settings()
    configure_logging(settings.log_level, json=settings.log_json)
    uvicorn.run(
        "api.main:create_production_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers or settings.workers,
        log_config=None,
        access_log=False,
        server_header=False,
        proxy_headers=True,
    )


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument(help="Target revision.")] = "head") -> None:
    """Apply migrations up to REVISION (default: the newest)."""
    migrate.upgrade(get_settings().database_url, revision)


@db_app.command("downgrade")
def db_downgrade(revision: Annotated[str, typer.Argument(help="Target revision.")] = "base") -> None:
    """Revert migrations down to REVISION (default: an empty schema)."""
    migrate.downgrade(get_settings().database_url, revision)


async def _seed() -> SeedReport:
    database = Database.from_settings(get_settings())
    try:
        async with database.sessionmaker() as session, session.begin():
            return await seed_directory(session)
    finally:
        await database.dispose()


@app.command()
def seed(as_json: Annotated[bool, typer.Option("--json", help="Print a JSON report.")] = False) -> None:
    """Load the organisations, relations, topics and responsibilities of the network.

    Inserts only what is missing, so it is safe to run on every start.
    """
    report = asyncio.run(_seed())
    if as_json:
        typer.echo(json.dumps({"inserted": report.inserted}))
    else:
        summary = ", ".join(f"{count} {name}" for name, count in report.inserted.items())
        typer.echo(f"Seed: inserted {summary}." if report.changed else "Seed: nothing to do.")
