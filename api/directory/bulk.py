"""The whole directory at once: read it as records, write many records in one go.

Exports and the open-data views read through ``read_records``, imports write through
``write_records``; other domains never touch the directory's tables themselves. Reading
costs five statements whatever the size of the directory; writing flushes once.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapper

from api.core.db import utcnow
from api.directory import repository
from api.directory.models import (
    ChannelKind,
    ContactChannel,
    Organisation,
    OrganisationKind,
    Relation,
    RelationKind,
    Responsibility,
    ResponsibilityRole,
    Topic,
    Visibility,
)
from api.directory.records import (
    ChannelRecord,
    DirectoryRecords,
    OrganisationRecord,
    RelationRecord,
    ResponsibilityRecord,
    TopicRecord,
)
from api.directory.schemas import Address, LabelText, LongText, NameText, OpeningHours
from api.directory.service import refresh_derived_fields
from api.directory.versions import record_directory_write

Advance = Callable[[int], None]


def _name(german: str, english: str | None) -> NameText:
    return NameText.model_construct(de=german, en=english)


def _long(german: str, english: str | None) -> LongText | None:
    return LongText.model_construct(de=german, en=english) if german else None


def _channel_record(channel: ContactChannel) -> ChannelRecord:
    address = None
    if channel.street is not None and channel.postal_code is not None and channel.city is not None:
        address = Address.model_construct(
            street=channel.street,
            postal_code=channel.postal_code,
            city=channel.city,
            state=channel.state,
            country=channel.country or "DE",
        )
    return ChannelRecord.model_construct(
        id=channel.id,
        kind=ChannelKind(channel.kind),
        label=LabelText.model_construct(de=channel.label_de, en=channel.label_en),
        value=channel.value,
        visibility=Visibility(channel.visibility),
        address=address,
        opening_hours=OpeningHours.model_validate(channel.opening_hours) if channel.opening_hours else None,
        languages=list(channel.languages or []),
        position=channel.position,
    )


async def read_records(session: AsyncSession, *, visibilities: Sequence[Visibility]) -> DirectoryRecords:
    """Everything in the directory, with contact channels of ``visibilities`` only.

    The order is stable (organisations by name, channels by position, the rest by the
    slugs they join), so two exports of the same directory are the same bytes.
    """
    topics = sorted(await repository.all_topics(session), key=lambda topic: (topic.position, topic.slug))
    organisations = sorted(
        await repository.all_organisations(session), key=lambda item: (item.sort_key, item.slug)
    )
    slugs = {organisation.id: organisation.slug for organisation in organisations}
    topic_slugs = {topic.id: topic.slug for topic in topics}
    channels: dict[uuid.UUID, list[ChannelRecord]] = {}
    for channel in await repository.all_contact_channels(session, visibilities=visibilities):
        channels.setdefault(channel.organisation_id, []).append(_channel_record(channel))
    relations = [
        RelationRecord.model_construct(
            id=relation.id,
            subject=slugs[relation.subject_id],
            kind=RelationKind(relation.kind),
            object=slugs[relation.object_id],
        )
        for relation in await repository.all_relations(session)
    ]
    positions = {topic.slug: topic.position for topic in topics}
    responsibilities = [
        ResponsibilityRecord.model_construct(
            id=item.id,
            topic=topic_slugs[item.topic_id],
            organisation=slugs[item.organisation_id],
            role=ResponsibilityRole(item.role),
            region=item.region,
            description=_long(item.description_de, item.description_en),
        )
        for item in await repository.all_responsibilities(session)
    ]
    return DirectoryRecords.model_construct(
        topics=[
            TopicRecord.model_construct(
                id=topic.id,
                slug=topic.slug,
                position=topic.position,
                name=_name(topic.name_de, topic.name_en),
                description=_long(topic.description_de, topic.description_en),
            )
            for topic in topics
        ],
        organisations=[
            OrganisationRecord.model_construct(
                id=organisation.id,
                slug=organisation.slug,
                name=_name(organisation.name_de, organisation.name_en),
                short_name=organisation.short_name,
                kind=OrganisationKind(organisation.kind),
                description=_long(organisation.description_de, organisation.description_en),
                parent=slugs.get(organisation.parent_id) if organisation.parent_id else None,
                region=organisation.region,
                website=organisation.website,
                founded=organisation.founded,
                founded_by=_name(organisation.founded_by_de, organisation.founded_by_en)
                if organisation.founded_by_de
                else None,
                assured_at=organisation.assured_at,
                contact_channels=channels.get(organisation.id, []),
            )
            for organisation in organisations
        ],
        relations=sorted(relations, key=lambda item: (item.subject, item.kind, item.object)),
        responsibilities=sorted(
            responsibilities,
            key=lambda item: (
                positions[item.topic],
                item.topic,
                item.organisation,
                item.role,
                item.region or "",
            ),
        ),
    )


@dataclass
class DirectoryChanges:
    """Records to write, each with its id: a known id is updated, an unknown one created.

    Organisations are written without their ``contact_channels``; channels come in
    ``channels`` as (organisation slug, record). Relations have no fields to update.
    """

    topics: list[TopicRecord] = field(default_factory=list)
    organisations: list[OrganisationRecord] = field(default_factory=list)
    channels: list[tuple[str, ChannelRecord]] = field(default_factory=list)
    relations: list[RelationRecord] = field(default_factory=list)
    responsibilities: list[ResponsibilityRecord] = field(default_factory=list)

    @property
    def size(self) -> int:
        return (
            len(self.topics)
            + len(self.organisations)
            + len(self.channels)
            + len(self.relations)
            + len(self.responsibilities)
        )


def _write_topic(topic: Topic, record: TopicRecord) -> None:
    topic.slug = record.slug
    topic.position = record.position
    topic.name_de, topic.name_en = record.name.de, record.name.en
    description = record.description
    topic.description_de, topic.description_en = (
        (description.de, description.en) if description else ("", None)
    )


def _write_organisation(organisation: Organisation, record: OrganisationRecord) -> None:
    organisation.slug = record.slug
    organisation.name_de, organisation.name_en = record.name.de, record.name.en
    organisation.short_name = record.short_name
    organisation.kind = record.kind.value
    description = record.description
    organisation.description_de, organisation.description_en = (
        (description.de, description.en) if description else ("", None)
    )
    organisation.region = record.region
    organisation.website = record.website
    organisation.founded = record.founded
    founded_by = record.founded_by
    organisation.founded_by_de = founded_by.de if founded_by else None
    organisation.founded_by_en = founded_by.en if founded_by else None
    organisation.assured_at = record.assured_at
    refresh_derived_fields(organisation)


def _write_channel(channel: ContactChannel, record: ChannelRecord) -> None:
    channel.kind = record.kind.value
    channel.label_de, channel.label_en = record.label.de, record.label.en
    channel.value = record.value
    channel.visibility = record.visibility.value
    address = record.address
    channel.street = address.street if address else None
    channel.postal_code = address.postal_code if address else None
    channel.city = address.city if address else None
    channel.state = address.state if address else None
    channel.country = address.country if address else None
    channel.opening_hours = record.opening_hours.model_dump(mode="json") if record.opening_hours else None
    channel.languages = list(dict.fromkeys(record.languages))
    channel.position = record.position


def _write_responsibility(responsibility: Responsibility, record: ResponsibilityRecord) -> None:
    responsibility.role = record.role.value
    responsibility.region = record.region
    description = record.description
    responsibility.description_de, responsibility.description_en = (
        (description.de, description.en) if description else ("", None)
    )


def _id(value: uuid.UUID | None) -> uuid.UUID:
    if value is None:
        raise ValueError("every record written in bulk carries its id")
    return value


async def write_records(session: AsyncSession, changes: DirectoryChanges, *, advance: Advance) -> None:
    """Creates and updates the records in ``changes`` in the caller's transaction.

    References (parent, topic, organisation, subject, object) are slugs that must exist
    afterwards, in the directory or among ``changes``; the caller has checked them.
    ``advance`` is called with the number of records handled, for a progress bar.
    """
    topics = {topic.id: topic for topic in await repository.all_topics(session)}
    organisations = {item.id: item for item in await repository.all_organisations(session)}
    channels = {
        item.id: item
        for item in await repository.all_contact_channels(session, visibilities=tuple(Visibility))
    }
    responsibilities = {item.id: item for item in await repository.all_responsibilities(session)}
    new_rows: list[Organisation | ContactChannel | Topic | Relation | Responsibility] = []

    for topic_record in changes.topics:
        topic = topics.get(_id(topic_record.id))
        if topic is None:
            topic = topics[_id(topic_record.id)] = Topic(id=topic_record.id)
            new_rows.append(topic)
        _write_topic(topic, topic_record)
    advance(len(changes.topics))

    for record in changes.organisations:
        organisation = organisations.get(_id(record.id))
        if organisation is None:
            organisation = organisations[_id(record.id)] = Organisation(id=record.id)
            new_rows.append(organisation)
        _write_organisation(organisation, record)
    by_slug = {organisation.slug: organisation for organisation in organisations.values()}
    for record in changes.organisations:
        organisation = organisations[_id(record.id)]
        organisation.parent_id = by_slug[record.parent].id if record.parent else None
    advance(len(changes.organisations))

    for slug, channel_record in changes.channels:
        channel = channels.get(_id(channel_record.id))
        if channel is None:
            channel = channels[_id(channel_record.id)] = ContactChannel(
                id=channel_record.id, organisation_id=by_slug[slug].id
            )
            new_rows.append(channel)
        _write_channel(channel, channel_record)
    advance(len(changes.channels))

    topic_ids = {topic.slug: topic.id for topic in topics.values()}
    for relation in changes.relations:
        new_rows.append(
            Relation(
                id=relation.id,
                subject_id=by_slug[relation.subject].id,
                kind=relation.kind.value,
                object_id=by_slug[relation.object].id,
            )
        )
    advance(len(changes.relations))

    for responsibility_record in changes.responsibilities:
        responsibility = responsibilities.get(_id(responsibility_record.id))
        if responsibility is None:
            responsibility = Responsibility(
                id=responsibility_record.id,
                topic_id=topic_ids[responsibility_record.topic],
                organisation_id=by_slug[responsibility_record.organisation].id,
            )
            new_rows.append(responsibility)
        _write_responsibility(responsibility, responsibility_record)
    advance(len(changes.responsibilities))

    await repository.save(session)
    depth = _depths(changes.organisations)
    for model in (Topic, Organisation, ContactChannel, Relation, Responsibility):
        rows = [_values(row) for row in new_rows if type(row) is model]
        # Rows with the same empty columns share a statement; parents go before children.
        rows.sort(key=lambda values: (depth.get(values.get("slug"), 0), _empty_columns(values)))
        await repository.insert_many(session, model, rows)
    if changes.size:
        await record_directory_write(session)


def _values(row: Organisation | ContactChannel | Topic | Relation | Responsibility) -> dict[str, Any]:
    """Every column of a new row (the writers above set them all), so that all rows of a
    table share one shape and go out in a few multi-row statements."""
    now = utcnow()
    values: dict[str, Any] = {}
    if not isinstance(row, Topic):
        values["version"] = 1
    if isinstance(row, Organisation | ContactChannel):
        values.update(created_at=now, updated_at=now)
    mapper: Mapper[Any] = inspect(type(row))
    for attribute in mapper.column_attrs:
        if attribute.key not in values:
            values[attribute.key] = getattr(row, attribute.key)
    return values


def _empty_columns(values: dict[str, Any]) -> tuple[str, ...]:
    return tuple(key for key, value in values.items() if value is None)


def _depths(records: list[OrganisationRecord]) -> dict[str | None, int]:
    """How many of the records sit above each one (following ``parent``)."""
    parents = {record.slug: record.parent for record in records}
    depths: dict[str | None, int] = {}
    for slug in parents:
        trail: list[str] = []
        current: str | None = slug
        while current in parents and current not in depths and current not in trail:
            trail.append(current)
            current = parents[current]
        base = depths.get(current, -1) if current in parents else -1
        for offset, item in enumerate(reversed(trail), start=1):
            depths[item] = base + offset
    return depths
