"""``kipni export`` and ``kipni import`` against real databases, on both backends.

The commands open their own engine and commit, so each test works on scratch databases
of its own (migrated, empty or seeded) and checks them through an engine of its own.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner, Result

from api.audit.models import AuditEvent
from api.cli import app as cli
from api.core import migrate
from api.core.config import get_settings
from api.directory import repository
from api.directory.models import ContactChannel, Organisation
from api.directory.seed import seed_directory
from tests.conftest import create_postgres_database, drop_postgres_database
from tests.db.test_cli import own_session
from tests.factories import make_channel

runner = CliRunner()
ScratchFactory = Callable[[], Awaitable[str]]
HOURS = {
    "weekly": [{"day": "mon", "opens": "09:00", "closes": "15:00"}],
    "exceptions": [{"date": "2026-12-24", "closed": True, "note": "Heiligabend"}],
}
ORGANISATIONS_HEADER = "slug,name_de,name_en,kind,parent,region,website,founded\n"


async def kipni(url: str, *args: str) -> Result:
    """Runs the command on ``url`` in a worker thread (it starts its own event loop)."""

    def invoke() -> Result:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("KIPNI_DATABASE_URL", url)
            get_settings.cache_clear()
            try:
                return runner.invoke(cli, list(args))
            finally:
                get_settings.cache_clear()

    return await asyncio.to_thread(invoke)


@pytest.fixture
async def scratch(backend: str, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[ScratchFactory]:
    """Makes migrated, empty databases of the backend; drops them afterwards."""
    made: list[str] = []

    async def make() -> str:
        if backend == "sqlite":
            url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('opendata') / 'directory.sqlite3'}"
        else:
            url = await create_postgres_database()
            made.append(url)
        await asyncio.to_thread(migrate.upgrade, url)
        return url

    try:
        yield make
    finally:
        for url in made:
            await drop_postgres_database(url)


async def _seeded(scratch: ScratchFactory, *, extra_channels: bool = False) -> str:
    url = await scratch()
    async with own_session(url) as session, session.begin():
        await seed_directory(session)
        if extra_channels:
            kip = await session.scalar(select(Organisation).where(Organisation.slug == "kip-ni"))
            assert kip is not None
            await make_channel(session, kip, value="+49 511 120 0", opening_hours=HOURS, position=5)
            await make_channel(
                session, kip, kind="email", label_de="Lage", label_en=None, value="lage@kip.example",
                visibility="internal", languages=[], position=6,
            )  # fmt: skip
            kip.assured_at = kip.updated_at
    return url


async def _count(url: str, model: type[Organisation | ContactChannel | AuditEvent]) -> int:
    async with own_session(url) as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def _version(url: str) -> int:
    async with own_session(url) as session:
        return await repository.read_version(session)


def _report(result: Result) -> dict[str, object]:
    report: dict[str, object] = json.loads(result.stdout)
    return report


async def test_export_then_import_into_an_empty_database_reproduces_the_directory(
    scratch: ScratchFactory, tmp_path: Path
) -> None:
    source, target = await _seeded(scratch, extra_channels=True), await scratch()
    exported, reproduced = tmp_path / "source.json", tmp_path / "target.json"

    assert (await kipni(source, "export", "--format", "json", str(exported))).exit_code == 0
    result = await kipni(target, "import", str(exported), "--apply", "--json")
    assert (await kipni(target, "export", "--format", "json", str(reproduced))).exit_code == 0

    assert result.exit_code == 0, result.output
    assert _report(result)["organisations"] == {"created": 11, "updated": 0, "unchanged": 0}
    assert reproduced.read_bytes() == exported.read_bytes()
    document = json.loads(exported.read_text())
    kip = next(item for item in document["organisations"] if item["slug"] == "kip-ni")
    assert {channel["visibility"] for channel in kip["contact_channels"]} == {"public", "internal"}
    assert kip["assured_at"] is not None


async def test_importing_the_same_file_twice_changes_nothing(scratch: ScratchFactory, tmp_path: Path) -> None:
    source = await _seeded(scratch, extra_channels=True)
    exported = tmp_path / "directory.json"
    await kipni(source, "export", str(exported))
    version = await _version(source)

    result = await kipni(source, "import", str(exported), "--apply", "--json")

    report = _report(result)
    assert result.exit_code == 0
    for name in ("topics", "organisations", "contact_channels", "relations", "responsibilities"):
        assert report[name]["created"] == report[name]["updated"] == 0, name  # type: ignore[index]
    assert report["contact_channels"]["unchanged"] == 12  # type: ignore[index]
    assert await _version(source) == version


async def test_the_csv_export_reads_back_unchanged(scratch: ScratchFactory, tmp_path: Path) -> None:
    source = await _seeded(scratch, extra_channels=True)
    folder = tmp_path / "csv"

    assert (await kipni(source, "export", "--format", "csv", str(folder))).exit_code == 0
    result = await kipni(source, "import", str(folder), "--json")

    report = _report(result)
    assert sorted(path.name for path in folder.iterdir()) == ["contact_channels.csv", "organisations.csv"]
    assert report["organisations"] == {"created": 0, "updated": 0, "unchanged": 11}
    assert report["contact_channels"] == {"created": 0, "updated": 0, "unchanged": 12}


async def test_a_csv_with_three_bad_rows_reports_exactly_those_and_writes_nothing(
    scratch: ScratchFactory, tmp_path: Path
) -> None:
    target = await _seeded(scratch)
    sheet = tmp_path / "organisations.csv"
    sheet.write_text(
        ORGANISATIONS_HEADER
        + "jugendamt-hannover,Jugendamt Hannover,Youth office Hanover,municipality,,03241001,,\n"
        + "jugendamt-celle,Jugendamt Celle,,club,,03351006,,\n"
        + "schulamt-celle,Schulamt Celle,,agency,kip-ni,03351006,,\n"
        + "jobcenter-celle,,,agency,,03351006,,\n"
        + "mk,Niedersächsisches Kultusministerium,,ministry,,03,not a url,\n"
        + "praeventionsrat,Präventionsrat,,network,,03,,1990\n",
        encoding="utf-8",
    )
    organisations, audit_rows, version = (
        await _count(target, Organisation),
        await _count(target, AuditEvent),
        await _version(target),
    )

    result = await kipni(target, "import", str(sheet), "--apply", "--json")

    assert result.exit_code == 1
    report = _report(result)
    rejected = report["rejected"]
    assert [(row["line"], row["source"]) for row in rejected] == [  # type: ignore[attr-defined]
        (3, "organisations.csv"),
        (5, "organisations.csv"),
        (6, "organisations.csv"),
    ]
    reasons = [row["reason"] for row in rejected]  # type: ignore[attr-defined]
    assert "kind" in reasons[0]
    assert "name" in reasons[1]
    assert "website" in reasons[2]
    assert report["applied"] is False
    assert report["organisations"] == {"created": 3, "updated": 0, "unchanged": 0}
    assert await _count(target, Organisation) == organisations
    assert await _count(target, AuditEvent) == audit_rows
    assert await _version(target) == version


async def test_skip_invalid_writes_the_valid_rows_and_audits_the_import(
    scratch: ScratchFactory, tmp_path: Path
) -> None:
    target = await _seeded(scratch)
    sheet = tmp_path / "organisations.csv"
    sheet.write_text(
        ORGANISATIONS_HEADER
        + "jugendamt-celle,Jugendamt Celle,,municipality,,03351006,,\n"
        + "kaputt,,,agency,,,,\n",
        encoding="utf-8",
    )
    channels = tmp_path / "contact_channels.csv"
    channels.write_text(
        "organisation,kind,label_de,value,visibility,languages\n"
        "jugendamt-celle,phone,Telefon,+49 5141 000,public,de en\n"
        "kaputt,phone,Telefon,+49 5141 001,public,de\n",
        encoding="utf-8",
    )
    version = await _version(target)

    result = await kipni(target, "import", str(sheet), str(channels), "--apply", "--skip-invalid", "--json")

    assert result.exit_code == 0, result.output
    report = _report(result)
    assert [row["line"] for row in report["rejected"]] == [3, 3]  # type: ignore[attr-defined]
    assert report["contact_channels"] == {"created": 1, "updated": 0, "unchanged": 0}
    assert await _version(target) == version + 1
    async with own_session(target) as session:
        event = await session.scalar(select(AuditEvent).where(AuditEvent.action == "directory.import"))
        created = await session.scalar(select(ContactChannel).where(ContactChannel.value == "+49 5141 000"))
    assert event is not None
    assert event.details["organisations"]["created"] == 1
    assert created is not None
    assert created.languages == ["de", "en"]


async def test_a_dry_run_prints_the_changes_and_writes_nothing(
    scratch: ScratchFactory, tmp_path: Path
) -> None:
    target = await _seeded(scratch)
    sheet = tmp_path / "organisations.csv"
    sheet.write_text(
        "slug,name_en\nkip-ni,KIP NI in English\njugendamt-celle,Youth office\n", encoding="utf-8"
    )

    result = await kipni(target, "import", str(sheet))

    assert result.exit_code == 1  # the new organisation has no German name and no kind
    assert "Dry run: nothing written" in result.stdout
    assert "organisations: 0 created, 1 updated, 0 unchanged" in result.stdout
    assert "line 3" in result.stdout
    async with own_session(target) as session:
        kip = await session.scalar(select(Organisation).where(Organisation.slug == "kip-ni"))
    assert kip is not None
    assert kip.name_en == "Lower Saxony Competence Centre for the Prevention of Islamism"


async def test_an_unreadable_file_is_refused_as_a_whole(scratch: ScratchFactory, tmp_path: Path) -> None:
    target = await scratch()
    sheet = tmp_path / "organisations.csv"
    sheet.write_text("slug,name_de,colour\nx,X,blue\n", encoding="utf-8")

    result = await kipni(target, "import", str(sheet))

    assert result.exit_code == 2
    assert "unknown columns colour" in result.output


async def test_the_export_is_audited(scratch: ScratchFactory, tmp_path: Path) -> None:
    source = await _seeded(scratch)

    result = await kipni(source, "export", "--format", "hsds", str(tmp_path / "hsds.json"))

    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "hsds.json").read_text())["version"] == "3.0"
    async with own_session(source) as session:
        event = await session.scalar(select(AuditEvent).where(AuditEvent.action == "directory.export"))
    assert event is not None
    assert event.details["format"] == "hsds"
    assert event.details["visibilities"] == ["public"]


def _generated(count: int, path: Path) -> Path:
    organisations = [
        {
            "slug": f"stelle-{number:05d}",
            "name": {"de": f"Beratungsstelle {number}", "en": f"Counselling office {number}"},
            "kind": "agency",
            "parent": f"stelle-{number // 10:05d}" if number >= 10 else None,
            "region": "03241001",
            "contact_channels": [
                {
                    "kind": "phone",
                    "label": {"de": "Telefon"},
                    "value": f"+49 511 {number:06d}",
                    "visibility": "public",
                    "languages": ["de"],
                },
                {
                    "kind": "visiting_address",
                    "label": {"de": "Besuchsadresse"},
                    "value": f"Weg {number}",
                    "visibility": "public",
                    "opening_hours": HOURS,
                    "address": {"street": f"Weg {number}", "postal_code": "30169", "city": "Hannover"},
                },
            ],
        }
        for number in range(count)
    ]
    path.write_text(json.dumps({"organisations": organisations}), encoding="utf-8")
    return path


async def test_a_generated_file_of_many_organisations_imports_in_one_transaction(
    scratch: ScratchFactory, tmp_path: Path, backend: str
) -> None:
    """1,000 here; the 10,000 of the open-data issue are timed with the same command
    (see the README's "Import and export" section)."""
    target = await scratch()
    file = _generated(1000, tmp_path / "many.json")

    started = time.perf_counter()
    result = await kipni(target, "import", str(file), "--apply", "--json")
    elapsed = time.perf_counter() - started

    assert result.exit_code == 0, result.output
    assert _report(result)["contact_channels"] == {"created": 2000, "updated": 0, "unchanged": 0}
    assert await _count(target, Organisation) == 1000
    print(f"imported 1,000 organisations on {backend} in {elapsed:.1f} s")  # noqa: T201
