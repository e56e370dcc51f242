"""``kipni backup PATH``: a consistent copy of the database, taken while the service runs.

SQLite: the online backup API copies the database page by page into PATH; writers are
not stopped, and the copy is the state of one moment. PostgreSQL: ``pg_dump`` in its
custom format (one snapshot; restored with ``pg_restore``, see the README). The copy
holds personal fields encrypted: it is useless without the data keys, which belong in a
separate, equally safe place.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.engine import make_url

from api.core.config import Settings, get_settings

PAGES_PER_STEP = 1024


class BackupError(RuntimeError):
    """The copy could not be made; the message says why, without any secret."""


def _sqlite_backup(database: str, target: Path) -> None:
    if not Path(database).exists():
        raise BackupError(f"There is no database at {database}.")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    with closing(sqlite3.connect(database)) as source, closing(sqlite3.connect(partial)) as copy:
        source.backup(copy, pages=PAGES_PER_STEP)
    partial.replace(target)  # a finished copy or none: never half a file under PATH


def _pg_environment(settings: Settings) -> dict[str, str]:
    """libpq's variables: the password never appears on a command line."""
    url = make_url(settings.database_url)
    env = {name: value for name, value in os.environ.items() if not name.startswith("PG")}
    values = {
        "PGHOST": url.host,
        "PGPORT": str(url.port) if url.port else None,
        "PGUSER": url.username,
        "PGPASSWORD": url.password if isinstance(url.password, str) else None,
        "PGDATABASE": url.database,
    }
    env.update({name: value for name, value in values.items() if value})
    return env


def _postgres_backup(settings: Settings, target: Path) -> None:
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupError("pg_dump is not installed (Debian: postgresql-client).")
    partial = target.with_name(target.name + ".partial")
    done = subprocess.run(
        [pg_dump, "--format=custom", f"--file={partial}"],
        env=_pg_environment(settings),
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
    partial.replace(target)


def backup(settings: Settings, target: Path) -> None:
    """Writes a copy of the service's database to ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if settings.is_sqlite:
        database = make_url(settings.database_url).database
        if not database or database == ":memory:":
            raise BackupError("An in-memory database cannot be backed up.")
        _sqlite_backup(database, target)
    else:
        _postgres_backup(settings, target)


def command(
    path: Annotated[Path, typer.Argument(help="File to write the copy to.", show_default=False)],
) -> None:
    """Copy the database to PATH while the service runs (SQLite: online backup; PostgreSQL:
    pg_dump custom format). Restore as the README describes; keep the data keys apart."""
    try:
        backup(get_settings(), path)
    except BackupError as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"Backup written to {path}.")
