"""What an import would change: each row created, updated, unchanged or rejected.

Rows are matched to the directory by their natural keys: topics and organisations by
slug, contact channels by id (or, without one, by organisation, kind and value),
relations by subject, kind and object, responsibilities by topic, organisation, role
and region. An id in the file is kept for a new entry, so an export read into an empty
directory reproduces it with the same ids; new entries without one get an id derived
from their key, so the same file gives the same ids everywhere. Nothing is ever deleted.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from api.directory.bulk import DirectoryChanges
from api.directory.editing.contact_channels import channel_problems
from api.directory.opendata.formats import ItemKind, SourceItem
from api.directory.opendata.schemas import ImportCounts, ImportReport, Rejection
from api.directory.records import (
    ChannelRecord,
    DirectoryRecords,
    OrganisationRecord,
    RelationRecord,
    ResponsibilityRecord,
    TopicRecord,
)

IMPORT_NAMESPACE = uuid.UUID("6f1c3a52-0d5e-5b7a-9c2e-4b8f1d7a3e90")
_MERGED_OBJECTS = frozenset({"name", "description", "founded_by", "label", "address"})
R = TypeVar("R", bound=BaseModel)

Advance = Callable[[int], None]


def derived_id(*parts: str) -> uuid.UUID:
    return uuid.uuid5(IMPORT_NAMESPACE, "/".join(parts))


def _merge(current: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """``given`` over ``current``: a key left out keeps its value, texts and addresses
    merge field by field, ``None`` empties."""
    merged = dict(current)
    for key, value in given.items():
        if key in _MERGED_OBJECTS and isinstance(value, dict) and isinstance(current.get(key), dict):
            merged[key] = {**current[key], **value}
        else:
            merged[key] = value
    return merged


def _reason(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        location = ".".join(str(part) for part in error["loc"])
        parts.append(f"{location}: {error['msg']}" if location else str(error["msg"]))
    return "; ".join(parts)


class Rejected(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _validated(model: type[R], data: dict[str, Any]) -> R:
    invalid = data.pop("__invalid__", None)
    if invalid is not None:
        raise Rejected(str(invalid) if isinstance(invalid, str) else "not an object")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise Rejected(_reason(exc)) from None


def _dump(record: BaseModel, *exclude: str) -> dict[str, Any]:
    return record.model_dump(mode="json", exclude={"id", *exclude})


@dataclass
class ImportPlan:
    report: ImportReport
    changes: DirectoryChanges = field(default_factory=DirectoryChanges)


@dataclass
class _Seen:
    """Keys already taken by earlier rows of the file, with where they were."""

    where: dict[tuple[str, ...], str] = field(default_factory=dict)

    def claim(self, key: tuple[str, ...], item: SourceItem) -> None:
        first = self.where.get(key)
        if first is not None:
            raise Rejected(f"the same entry appears earlier in the file ({first})")
        self.where[key] = f"{item.source} {item.where}"


class _Planner:
    def __init__(self, current: DirectoryRecords, advance: Advance) -> None:
        self.advance = advance
        self.report = ImportReport()
        self.changes = DirectoryChanges()
        self.topics = {topic.slug: topic for topic in current.topics}
        self.organisations = {organisation.slug: organisation for organisation in current.organisations}
        self.organisation_ids = {organisation.id for organisation in current.organisations}
        self.topic_ids = {topic.id for topic in current.topics}
        self.channels: dict[uuid.UUID, tuple[str, ChannelRecord]] = {}
        self.channel_keys: dict[tuple[str, str, str], uuid.UUID] = {}
        self.positions: dict[str, int] = {}
        for organisation in current.organisations:
            for channel in organisation.contact_channels:
                assert channel.id is not None
                self.channels[channel.id] = (organisation.slug, channel)
                self.channel_keys[(organisation.slug, channel.kind, channel.value)] = channel.id
                self.positions[organisation.slug] = max(
                    self.positions.get(organisation.slug, -1), channel.position
                )
        self.relations = {(item.subject, item.kind.value, item.object) for item in current.relations}
        self.relation_ids = {item.id for item in current.relations}
        self.responsibilities = {
            (item.topic, item.organisation, item.role.value, item.region or ""): item
            for item in current.responsibilities
        }
        self.responsibility_ids = {item.id for item in current.responsibilities}
        self.seen: dict[ItemKind, _Seen] = {}
        # Organisations accepted from the file, by slug, with the item they came from.
        self.accepted: dict[str, tuple[SourceItem, OrganisationRecord, str]] = {}

    # Bookkeeping

    def count(self, kind: ItemKind, outcome: str) -> None:
        counts: ImportCounts = getattr(
            self.report, f"{kind}s" if kind != "responsibility" else "responsibilities"
        )
        setattr(counts, outcome, getattr(counts, outcome) + 1)

    def reject(self, item: SourceItem, reason: str) -> None:
        self.report.rejected.append(
            Rejection(source=item.source, line=item.line, item=item.where, kind=item.kind, reason=reason)
        )

    def claim(self, item: SourceItem, *key: str) -> None:
        self.seen.setdefault(item.kind, _Seen()).claim(key, item)

    @staticmethod
    def new_id(given: object, taken: set[uuid.UUID | None], *parts: str) -> uuid.UUID:
        """The file's id for a new entry when it is free, else one derived from the key."""
        try:
            candidate = uuid.UUID(str(given)) if given is not None else None
        except ValueError:
            raise Rejected("id: not a UUID") from None
        chosen = candidate if candidate is not None and candidate not in taken else derived_id(*parts)
        taken.add(chosen)
        return chosen

    # Rows

    def topic(self, item: SourceItem) -> None:
        given = dict(item.given)
        slug = str(given.get("slug") or "")
        self.claim(item, slug)
        current = self.topics.get(slug)
        if current is None:
            given["id"] = self.new_id(given.get("id"), self.topic_ids, "topic", slug)
            record = _validated(TopicRecord, given)
            self.changes.topics.append(record)
            self.topics[slug] = record
            self.count("topic", "created")
            return
        record = _validated(TopicRecord, {**_merge(current.model_dump(mode="json"), given), "id": current.id})
        if _dump(record) == _dump(current):
            self.count("topic", "unchanged")
        else:
            self.changes.topics.append(record)
            self.topics[slug] = record
            self.count("topic", "updated")

    def organisation(self, item: SourceItem) -> None:
        given = dict(item.given)
        slug = str(given.get("slug") or "")
        self.claim(item, slug)
        current = self.organisations.get(slug)
        if current is None:
            given["id"] = self.new_id(given.get("id"), self.organisation_ids, "organisation", slug)
            record = _validated(OrganisationRecord, given)
            self.accepted[slug] = (item, record, "created")
            return
        base = current.model_dump(mode="json", exclude={"contact_channels"})
        record = _validated(OrganisationRecord, {**_merge(base, given), "id": current.id})
        outcome = (
            "unchanged"
            if _dump(record, "contact_channels") == _dump(current, "contact_channels")
            else "updated"
        )
        self.accepted[slug] = (item, record, outcome)

    def settle_organisations(self) -> None:
        """Refuses organisations whose parent is unknown or who would sit below themselves;
        repeated, because refusing one may leave its children without a parent."""
        while True:
            parents = {slug: record.parent for slug, record in self.organisations.items()}
            parents.update({slug: record.parent for slug, (_, record, _) in self.accepted.items()})
            refused: dict[str, str] = {}
            for slug, (_, record, _) in self.accepted.items():
                if record.parent is None:
                    continue
                if record.parent not in parents:
                    refused[slug] = f"parent: no organisation {record.parent} in the file or the directory"
                    continue
                trail: set[str] = {slug}
                above: str | None = record.parent
                while above is not None:
                    if above in trail:
                        refused[slug] = "parent: the organisation would be placed below itself"
                        break
                    trail.add(above)
                    above = parents.get(above)
            if not refused:
                break
            for slug, reason in refused.items():
                item, _, _ = self.accepted.pop(slug)
                self.reject(item, reason)
        for slug, (_, record, outcome) in self.accepted.items():
            self.count("organisation", outcome)
            if outcome != "unchanged":
                self.changes.organisations.append(record)
            self.organisations[slug] = record

    def contact_channel(self, item: SourceItem) -> None:
        given = dict(item.given)
        slug = item.organisation
        if not slug or slug not in self.organisations:
            raise Rejected(f"organisation: no organisation {slug or '(empty)'} in the file or the directory")
        raw_id = given.get("id")
        existing: tuple[str, ChannelRecord] | None = None
        if raw_id is not None:
            try:
                channel_id: uuid.UUID | None = uuid.UUID(str(raw_id))
            except ValueError:
                raise Rejected("id: not a UUID") from None
            existing = self.channels.get(channel_id) if channel_id is not None else None
            if existing is not None and existing[0] != slug:
                raise Rejected(f"id: this channel belongs to organisation {existing[0]}")
        else:
            key = (slug, str(given.get("kind") or ""), str(given.get("value") or ""))
            channel_id = self.channel_keys.get(key)
            existing = self.channels.get(channel_id) if channel_id is not None else None
        if existing is None:
            kind, value = str(given.get("kind") or ""), str(given.get("value") or "")
            self.claim(item, str(raw_id) if raw_id is not None else f"{slug}/{kind}/{value}")
            if channel_id is None:
                channel_id = derived_id("contact_channel", slug, kind, value)
            if channel_id in self.channels:
                raise Rejected("id: taken by another channel")
            if given.get("position") is None:
                given["position"] = self.positions.get(slug, -1) + 1
            record = _validated(ChannelRecord, {**given, "id": channel_id})
            outcome = "created"
        else:
            self.claim(item, str(existing[1].id))
            current = existing[1]
            record = _validated(
                ChannelRecord, {**_merge(current.model_dump(mode="json"), given), "id": current.id}
            )
            outcome = "unchanged" if _dump(record) == _dump(current) else "updated"
        record.languages = list(dict.fromkeys(record.languages))
        problems = channel_problems(record.kind, record.value, has_address=record.address is not None)
        if problems:
            raise Rejected("; ".join(f"{field}: {message}" for field, message in problems))
        assert record.id is not None
        self.channels[record.id] = (slug, record)
        self.channel_keys[(slug, record.kind, record.value)] = record.id
        self.positions[slug] = max(self.positions.get(slug, -1), record.position)
        self.count("contact_channel", outcome)
        if outcome != "unchanged":
            self.changes.channels.append((slug, record))

    def relation(self, item: SourceItem) -> None:
        given = dict(item.given)
        record = _validated(RelationRecord, given)
        key = (record.subject, record.kind.value, record.object)
        self.claim(item, *key)
        if record.subject == record.object:
            raise Rejected("object: a relation joins two different organisations")
        for end in (record.subject, record.object):
            if end not in self.organisations:
                raise Rejected(f"no organisation {end} in the file or the directory")
        if key in self.relations:
            self.count("relation", "unchanged")
            return
        record.id = self.new_id(record.id, self.relation_ids, "relation", *key)
        self.relations.add(key)
        self.changes.relations.append(record)
        self.count("relation", "created")

    def responsibility(self, item: SourceItem) -> None:
        given = dict(item.given)
        probe = _validated(ResponsibilityRecord, {**given, "id": None})
        key = (probe.topic, probe.organisation, probe.role.value, probe.region or "")
        self.claim(item, *key)
        if probe.topic not in self.topics:
            raise Rejected(f"topic: no topic {probe.topic} in the file or the directory")
        if probe.organisation not in self.organisations:
            raise Rejected(f"organisation: no organisation {probe.organisation} in the file or the directory")
        current = self.responsibilities.get(key)
        if current is None:
            given["id"] = self.new_id(given.get("id"), self.responsibility_ids, "responsibility", *key)
            record = _validated(ResponsibilityRecord, given)
            outcome = "created"
        else:
            record = _validated(
                ResponsibilityRecord, {**_merge(current.model_dump(mode="json"), given), "id": current.id}
            )
            outcome = "unchanged" if _dump(record) == _dump(current) else "updated"
        self.responsibilities[key] = record
        self.count("responsibility", outcome)
        if outcome != "unchanged":
            self.changes.responsibilities.append(record)

    def run(self, items: list[SourceItem]) -> ImportPlan:
        handlers: dict[ItemKind, Callable[[SourceItem], None]] = {
            "topic": self.topic,
            "organisation": self.organisation,
            "contact_channel": self.contact_channel,
            "relation": self.relation,
            "responsibility": self.responsibility,
        }
        for kind in ("topic", "organisation", "contact_channel", "relation", "responsibility"):
            for item in items:
                if item.kind != kind:
                    continue
                try:
                    handlers[item.kind](item)
                except Rejected as exc:
                    self.reject(item, exc.reason)
                self.advance(1)
            if kind == "organisation":
                self.settle_organisations()
        self.report.rejected.sort(key=lambda rejection: (rejection.source, rejection.line or 0))
        return ImportPlan(report=self.report, changes=self.changes)


def plan_import(current: DirectoryRecords, items: list[SourceItem], *, advance: Advance) -> ImportPlan:
    """Compares the file's items with the directory as it is; changes nothing."""
    return _Planner(current, advance).run(items)
