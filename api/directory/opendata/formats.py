"""Files of the import and export: the JSON document and the two CSV tables.

Reading turns a file into ``SourceItem``s: the fields a row or object gives, where it
came from (file and line), and nothing checked yet; the import's rules live in
``service``. A field left out (a column missing from the header, a key missing from an
object) keeps the value the directory has; an empty cell or ``null`` empties it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from api.directory.records import FORMAT, DirectoryRecords

ItemKind = Literal["topic", "organisation", "contact_channel", "relation", "responsibility"]

ORGANISATION_COLUMNS = (
    "id",
    "slug",
    "name_de",
    "name_en",
    "short_name",
    "kind",
    "description_de",
    "description_en",
    "parent",
    "region",
    "website",
    "founded",
    "founded_by_de",
    "founded_by_en",
    "assured_at",
)
CHANNEL_COLUMNS = (
    "id",
    "organisation",
    "kind",
    "label_de",
    "label_en",
    "value",
    "visibility",
    "street",
    "postal_code",
    "city",
    "state",
    "country",
    "opening_hours",
    "languages",
    "position",
)
ORGANISATIONS_CSV = "organisations.csv"
CHANNELS_CSV = "contact_channels.csv"
_TEXT_PAIRS = ("name", "description", "founded_by", "label")
_ADDRESS_FIELDS = ("street", "postal_code", "city", "state", "country")
_LANGUAGE_SEPARATORS = re.compile(r"[\s,;]+")


class FileError(Exception):
    """A file that cannot be read at all: not JSON, an unknown header, a wrong format."""


@dataclass(frozen=True)
class SourceItem:
    kind: ItemKind
    given: dict[str, Any]
    source: str
    line: int | None
    where: str
    organisation: str | None = None  # the channel's organisation, for nested channels


# Reading


def read_paths(paths: list[Path]) -> list[SourceItem]:
    """Items of every file, organisations before channels, whatever the order given."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = [path / name for name in (ORGANISATIONS_CSV, CHANNELS_CSV) if (path / name).is_file()]
            if not found:
                raise FileError(f"{path}: no {ORGANISATIONS_CSV} or {CHANNELS_CSV} in this folder")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise FileError(f"{path}: no such file")
    items: list[SourceItem] = []
    for file in files:
        items.extend(read_file(file))
    order = {"topic": 0, "organisation": 1, "contact_channel": 2, "relation": 3, "responsibility": 4}
    return sorted(items, key=lambda item: order[item.kind])


def read_file(path: Path) -> list[SourceItem]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise FileError(f"{path}: cannot be read as UTF-8 text ({exc})") from exc
    if path.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        return list(_json_items(text, path.name))
    return list(_csv_items(text, path.name))


def _json_items(text: str, source: str) -> Iterator[SourceItem]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileError(f"{source}: not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    if not isinstance(document, dict):
        raise FileError(f"{source}: the document must be a JSON object")
    allowed = set(DirectoryRecords.model_fields)
    unknown = sorted(set(document) - allowed)
    if unknown:
        raise FileError(
            f"{source}: unknown keys {', '.join(unknown)} (expected {', '.join(sorted(allowed))})"
        )
    if document.get("format", FORMAT) != FORMAT or document.get("format_version", 1) != 1:
        raise FileError(f"{source}: not a {FORMAT} document of format_version 1")
    for key, kind in (("topics", "topic"), ("relations", "relation"), ("responsibilities", "responsibility")):
        for index, item in enumerate(_json_list(document, key, source)):
            yield SourceItem(kind, item, source, None, f"{key}[{index}]")  # type: ignore[arg-type]
    for index, item in enumerate(_json_list(document, "organisations", source)):
        channels = item.pop("contact_channels", [])
        where = f"organisations[{index}]"
        yield SourceItem("organisation", item, source, None, where)
        if not isinstance(channels, list):
            channels = [channels]
        for position, channel in enumerate(channels):
            channel_where = f"{where}.contact_channels[{position}]"
            given = channel if isinstance(channel, dict) else {"__invalid__": channel}
            slug = item.get("slug") if isinstance(item.get("slug"), str) else None
            yield SourceItem("contact_channel", given, source, None, channel_where, organisation=slug)


def _json_list(document: dict[str, Any], key: str, source: str) -> list[dict[str, Any]]:
    value = document.get(key, [])
    if not isinstance(value, list):
        raise FileError(f"{source}: {key} must be a list")
    return [item if isinstance(item, dict) else {"__invalid__": item} for item in value]


def _csv_items(text: str, source: str) -> Iterator[SourceItem]:
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [column.strip() for column in next(reader)]
    except StopIteration:
        raise FileError(f"{source}: the file is empty") from None
    if "slug" in header:
        kind: ItemKind = "organisation"
        columns, required = ORGANISATION_COLUMNS, ("slug",)
    elif "organisation" in header:
        kind, columns, required = "contact_channel", CHANNEL_COLUMNS, ("organisation",)
    else:
        raise FileError(
            f"{source}: the header names neither an organisations table (with slug) "
            "nor a contact channels table (with organisation)"
        )
    unknown = [column for column in header if column not in columns]
    if unknown:
        raise FileError(f"{source}: unknown columns {', '.join(unknown)} (allowed: {', '.join(columns)})")
    duplicates = sorted({column for column in header if header.count(column) > 1})
    if duplicates:
        raise FileError(f"{source}: columns appear twice: {', '.join(duplicates)}")
    missing = [column for column in required if column not in header]
    if missing:
        raise FileError(f"{source}: required columns missing: {', '.join(missing)}")
    line = reader.line_num + 1
    for row in reader:
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        organisation = None
        if len(row) != len(header):
            given: dict[str, Any] = {"__invalid__": f"{len(row)} cells where the header has {len(header)}"}
        else:
            cells = {column: (cell.strip() or None) for column, cell in zip(header, row, strict=True)}
            given = _organisation_row(cells) if kind == "organisation" else _channel_row(cells)
            if kind == "contact_channel":
                organisation = given.pop("organisation", None)
        yield SourceItem(kind, given, source, start, f"line {start}", organisation=organisation)


def _text_pairs(cells: dict[str, str | None], given: dict[str, Any]) -> None:
    """``name_de``/``name_en`` become ``name: {de, en}``; a column left out keeps its text."""
    for name in _TEXT_PAIRS:
        german, english = f"{name}_de", f"{name}_en"
        if german in cells:
            german_value = cells.pop(german)
            text: dict[str, Any] = {"de": german_value}
            if english in cells:
                text["en"] = cells.pop(english)
            given[name] = None if german_value is None else text
        elif english in cells:
            given[name] = {"en": cells.pop(english)}


def _organisation_row(cells: dict[str, str | None]) -> dict[str, Any]:
    given: dict[str, Any] = {}
    _text_pairs(cells, given)
    given.update(cells)
    return given


def _channel_row(cells: dict[str, str | None]) -> dict[str, Any]:
    given: dict[str, Any] = {}
    _text_pairs(cells, given)
    address = {field: cells.pop(field) for field in _ADDRESS_FIELDS if field in cells}
    if address:
        if not any(address.get(field) for field in ("street", "postal_code", "city")):
            given["address"] = None
        else:
            if "country" in address and address["country"] is None:
                address["country"] = "DE"
            given["address"] = {
                key: value for key, value in address.items() if value is not None or key == "state"
            }
    if "opening_hours" in cells:
        raw = cells.pop("opening_hours")
        try:
            given["opening_hours"] = json.loads(raw) if raw else None
        except json.JSONDecodeError:
            given["__invalid__"] = "opening_hours: not a JSON object"
    if "languages" in cells:
        raw = cells.pop("languages")
        given["languages"] = [code for code in _LANGUAGE_SEPARATORS.split(raw or "") if code]
    given.update(cells)
    return given


# Writing


def json_document(records: DirectoryRecords) -> bytes:
    return (records.model_dump_json(indent=2, exclude_none=False) + "\n").encode()


def _text(value: Any, language: str) -> str:
    return "" if value is None else (getattr(value, language) or "")


def write_csv(records: DirectoryRecords, folder: Path) -> list[Path]:
    """Writes ``organisations.csv`` and ``contact_channels.csv`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    organisations_path, channels_path = folder / ORGANISATIONS_CSV, folder / CHANNELS_CSV
    with organisations_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(ORGANISATION_COLUMNS)
        for organisation in records.organisations:
            writer.writerow(
                [
                    organisation.id or "",
                    organisation.slug,
                    organisation.name.de,
                    organisation.name.en or "",
                    organisation.short_name or "",
                    organisation.kind,
                    _text(organisation.description, "de"),
                    _text(organisation.description, "en"),
                    organisation.parent or "",
                    organisation.region or "",
                    organisation.website or "",
                    organisation.founded if organisation.founded is not None else "",
                    _text(organisation.founded_by, "de"),
                    _text(organisation.founded_by, "en"),
                    organisation.assured_at.isoformat() if organisation.assured_at else "",
                ]
            )
    with channels_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CHANNEL_COLUMNS)
        for organisation in records.organisations:
            for channel in organisation.contact_channels:
                address = channel.address
                hours = channel.opening_hours
                writer.writerow(
                    [
                        channel.id or "",
                        organisation.slug,
                        channel.kind,
                        channel.label.de,
                        channel.label.en or "",
                        channel.value,
                        channel.visibility,
                        address.street if address else "",
                        address.postal_code if address else "",
                        address.city if address else "",
                        (address.state or "") if address else "",
                        address.country if address else "",
                        hours.model_dump_json() if hours else "",
                        " ".join(channel.languages),
                        channel.position,
                    ]
                )
    return [organisations_path, channels_path]
