"""``kipni export`` and ``kipni import``: the directory in and out of files.

Both act on the database of ``KIPNI_DATABASE_URL`` like every other command. An import
is a dry run unless ``--apply`` is given; an applied import runs in one transaction.
Exit codes: 0 done, 1 rows were rejected (nothing written unless ``--skip-invalid``),
2 a file could not be read at all.
"""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from api.core.config import get_settings
from api.core.db import Database
from api.core.i18n import Language
from api.core.principal import SYSTEM
from api.directory.opendata import formats, hsds, service
from api.directory.opendata.formats import FileError
from api.directory.opendata.schemas import ImportReport
from api.directory.opendata.service import ExportFormat

COUNTED = ("topics", "organisations", "contact_channels", "relations", "responsibilities")


def export(
    path: Annotated[
        Path,
        typer.Argument(
            help="File to write (json, hsds; `-` for standard output) or folder (csv: "
            "organisations.csv and contact_channels.csv).",
            show_default=False,
        ),
    ],
    export_format: Annotated[
        str, typer.Option("--format", help="json (the import format), csv, or hsds (HSDS 3.0, public only).")
    ] = "json",
    public_only: Annotated[
        bool, typer.Option("--public-only", help="json and csv: only public contact channels.")
    ] = False,
    lang: Annotated[Language, typer.Option("--lang", help="hsds: language of the texts.")] = Language.de,
) -> None:
    """Write the directory to a file. json and csv hold every visibility unless --public-only;
    the export is recorded in the audit log."""
    if export_format not in ("json", "csv", "hsds"):
        typer.echo("Error: --format must be json, csv or hsds.", err=True)
        raise typer.Exit(2)
    chosen: ExportFormat = export_format  # type: ignore[assignment]
    settings = get_settings()

    async def work() -> bytes | list[Path]:
        database = Database.from_settings(settings)
        try:
            async with database.sessionmaker() as session, session.begin():
                records = await service.export_records(
                    session, actor=SYSTEM, export_format=chosen, public_only=public_only
                )
        finally:
            await database.dispose()
        if chosen == "csv":
            return formats.write_csv(records, path)
        if chosen == "hsds":
            dataset = hsds.hsds_dataset(
                records, language=lang, base_url=settings.public_base_url, today=date.today()
            )
            return (dataset.model_dump_json(indent=2, exclude_none=True) + "\n").encode()
        return formats.json_document(records)

    written = asyncio.run(work())
    if isinstance(written, list):
        typer.echo(f"Wrote {', '.join(str(item) for item in written)}.", err=True)
    elif str(path) == "-":
        sys.stdout.buffer.write(written)
        sys.stdout.flush()
    else:
        path.write_bytes(written)
        typer.echo(f"Wrote {path} ({len(written)} bytes).", err=True)


def import_(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="A JSON file in the export format, CSV files (organisations, contact channels), "
            "or a folder holding organisations.csv and contact_channels.csv.",
            show_default=False,
        ),
    ],
    apply: Annotated[bool, typer.Option("--apply", help="Write the changes (one transaction).")] = False,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="With --apply: write the valid rows despite rejected ones.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Read organisations, contact channels, topics, relations and responsibilities from files.

    A dry run unless --apply: prints what would be created, updated, left unchanged, and
    every rejected row with its line and reason. Matching is by slug (organisations,
    topics), id or kind and value (channels), so importing the same file twice changes
    nothing; nothing is ever deleted.
    """
    try:
        items = formats.read_paths(paths)
    except FileError as exc:
        if as_json:
            typer.echo(json.dumps({"error": str(exc)}, ensure_ascii=False), err=True)
        else:
            typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(2) from None
    settings = get_settings()
    console = Console(stderr=True)

    async def work(progress: Progress) -> ImportReport:
        database = Database.from_settings(settings)
        try:
            async with database.sessionmaker() as session:
                transaction = await session.begin()
                report = await service.import_items(
                    session,
                    items,
                    actor=SYSTEM,
                    apply=apply,
                    skip_invalid=skip_invalid,
                    sources=[path.name for path in paths],
                    progress=_Bar(progress),
                )
                if report.applied:
                    await transaction.commit()
                else:
                    await transaction.rollback()
                return report
        finally:
            await database.dispose()

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=as_json,
        transient=False,
    ) as progress:
        report = asyncio.run(work(progress))
    if as_json:
        typer.echo(report.model_dump_json())
    else:
        _print_report(report, apply=apply, skip_invalid=skip_invalid)
    if report.rejected and not skip_invalid:
        raise typer.Exit(1)


class _Bar:
    """One bar per stage of the import (checking the rows, writing them)."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task: TaskID | None = None

    def stage(self, name: str, total: int) -> None:
        self.task = self.progress.add_task(name, total=total)

    def advance(self, count: int) -> None:
        if self.task is not None:
            self.progress.advance(self.task, count)


def _print_report(report: ImportReport, *, apply: bool, skip_invalid: bool) -> None:
    if report.applied:
        typer.echo("Import applied.")
    elif apply:
        typer.echo("Nothing written: rows were rejected (see below; --skip-invalid writes the others).")
    else:
        typer.echo("Dry run: nothing written (--apply writes).")
    for name in COUNTED:
        counts = getattr(report, name)
        typer.echo(
            f"  {name.replace('_', ' ')}: {counts.created} created, {counts.updated} updated, "
            f"{counts.unchanged} unchanged"
        )
    typer.echo(f"  rejected: {len(report.rejected)}")
    for rejection in report.rejected:
        typer.echo(f"    {rejection.source} {rejection.item}: {rejection.reason}")


def register(app: typer.Typer) -> None:
    """Adds ``export`` and ``import`` to the ``kipni`` command."""
    app.command("export")(export)
    app.command("import")(import_)
