"""Every SQL statement of the directory domain.

Loads are explicit (relationships are ``lazy="raise"``) and shaped so that a page costs
the same number of statements whatever its size: one per collection, never one per row.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from dataclasses import fields
from datetime import datetime
from typing import Any, TypeVar

import psycopg
from sqlalchemy import Row, Select, exists, func, insert, select, text, tuple_, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import InstrumentedAttribute, aliased, joinedload, selectinload
from sqlalchemy.sql.elements import ColumnElement

from api.directory.models import (
    ChannelKind,
    ContactChannel,
    DirectoryState,
    Organisation,
    Relation,
    RelationKind,
    Responsibility,
    ResponsibilityRole,
    Topic,
    Visibility,
)
from api.directory.rows import Channel, Duty, Incoming, ListedOrganisation, Name, Outgoing
from api.directory.schemas import OrganisationFilters
from api.directory.search import like_pattern


def _channels_visible_to(visibilities: Sequence[Visibility]) -> ColumnElement[bool]:
    return ContactChannel.visibility.in_([visibility.value for visibility in visibilities])


def _full_organisation(visibilities: Sequence[Visibility]) -> Select[Organisation]:
    """An organisation with everything its public representation shows."""
    return select(Organisation).options(
        joinedload(Organisation.parent),
        selectinload(Organisation.contact_channels.and_(_channels_visible_to(visibilities))),
        selectinload(Organisation.responsibilities).joinedload(Responsibility.topic),
        selectinload(Organisation.outgoing_relations).joinedload(Relation.object),
        selectinload(Organisation.incoming_relations).joinedload(Relation.subject),
    )


def _columns(entity: Any, shape: type, *nested: str) -> tuple[Any, ...]:
    """The columns of ``entity`` in the order of the fields of ``shape`` but ``nested``:
    a row of them fills the dataclass positionally."""
    return tuple(getattr(entity, field.name) for field in fields(shape) if field.name not in nested)


def _named(entity: Any) -> tuple[Any, Any, Any]:
    return (entity.slug, entity.name_de, entity.name_en)


_PARENT = aliased(Organisation, name="parent")
_OTHER = aliased(Organisation, name="other")
_ORGANISATION_COLUMNS = _columns(
    Organisation,
    ListedOrganisation,
    "parent",
    "contact_channels",
    "responsibilities",
    "outgoing_relations",
    "incoming_relations",
)
_CHANNEL_COLUMNS = _columns(ContactChannel, Channel)
_DUTY_COLUMNS = _columns(Responsibility, Duty, "topic")


async def list_organisations(
    session: AsyncSession,
    filters: OrganisationFilters,
    *,
    limit: int,
    after: tuple[str, uuid.UUID] | None,
    visibilities: Sequence[Visibility],
) -> list[ListedOrganisation]:
    """A page of organisations with what their representation shows, in five statements
    however long the page: the organisations with their parents, then their channels,
    duties, and relations each way (see ``rows`` for why these are not ORM objects)."""
    statement = select(*_ORGANISATION_COLUMNS, *_named(_PARENT)).outerjoin(
        _PARENT, _PARENT.id == Organisation.parent_id
    )
    if filters.q:
        statement = statement.where(Organisation.search_text.like(like_pattern(filters.q), escape="\\"))
    if filters.kind:
        statement = statement.where(Organisation.kind == filters.kind.value)
    if filters.region:
        statement = statement.where(Organisation.region.startswith(filters.region, autoescape=True))
    if filters.member_of:
        container = select(Organisation.id).where(Organisation.slug == filters.member_of)
        statement = statement.where(
            exists().where(
                Relation.subject_id == Organisation.id,
                Relation.kind == RelationKind.member_of.value,
                Relation.object_id == container.scalar_subquery(),
            )
        )
    if filters.topic:
        topic = select(Topic.id).where(Topic.slug == filters.topic)
        statement = statement.where(
            exists().where(
                Responsibility.organisation_id == Organisation.id,
                Responsibility.topic_id == topic.scalar_subquery(),
            )
        )
    if after is not None:
        statement = statement.where(tuple_(Organisation.sort_key, Organisation.id) > after)
    statement = statement.order_by(Organisation.sort_key, Organisation.id).limit(limit)
    found: Sequence[Sequence[Any]] = (await session.execute(statement)).all()
    if not found:
        return []
    ids = [row[0] for row in found]
    channels = _by_owner(
        lambda row: Channel(*row),
        await session.execute(
            select(*_CHANNEL_COLUMNS)
            .where(ContactChannel.organisation_id.in_(ids), _channels_visible_to(visibilities))
            .order_by(ContactChannel.position, ContactChannel.id)
        ),
    )
    duties = _by_owner(
        _named_last(Duty),
        await session.execute(
            select(*_DUTY_COLUMNS, *_named(Topic))
            .join(Topic, Topic.id == Responsibility.topic_id)
            .where(Responsibility.organisation_id.in_(ids))
            .order_by(Responsibility.id)
        ),
    )
    outgoing = await _relations(session, Outgoing, ids, Relation.subject_id, Relation.object_id)
    incoming = await _relations(session, Incoming, ids, Relation.object_id, Relation.subject_id)
    return [
        ListedOrganisation(
            Name(*row[-3:]) if row[-3] is not None else None,
            channels.get(row[0], []),
            duties.get(row[0], []),
            outgoing.get(row[0], []),
            incoming.get(row[0], []),
            *row[:-3],
        )
        for row in found
    ]


Owned = TypeVar("Owned")


def _named_last(shape: Callable[..., Owned]) -> Callable[[Sequence[Any]], Owned]:
    """A row whose last three columns name what it points at, as ``shape(name, *rest)``."""
    return lambda row: shape(Name(*row[-3:]), *row[:-3])


async def _relations(
    session: AsyncSession,
    shape: Callable[..., Owned],
    ids: Sequence[uuid.UUID],
    own: InstrumentedAttribute[uuid.UUID],
    other: InstrumentedAttribute[uuid.UUID],
) -> dict[uuid.UUID, list[Owned]]:
    """The relations of ``ids`` on the ``own`` side, each with the name at the ``other``."""
    return _by_owner(
        _named_last(shape),
        await session.execute(
            select(own, Relation.id, Relation.kind, *_named(_OTHER))
            .join(_OTHER, _OTHER.id == other)
            .where(own.in_(ids))
        ),
    )


def _by_owner(
    make: Callable[[Sequence[Any]], Owned], rows: Iterable[Sequence[Any]]
) -> dict[uuid.UUID, list[Owned]]:
    """``make(row)`` of each row, per organisation (the first column), in the rows' order."""
    owned: dict[uuid.UUID, list[Owned]] = {}
    for row in rows:
        owned.setdefault(row[0], []).append(make(row))
    return owned


async def get_organisation(
    session: AsyncSession, slug: str, *, visibilities: Sequence[Visibility]
) -> Organisation | None:
    statement = _full_organisation(visibilities).where(Organisation.slug == slug)
    result = await session.scalars(statement)
    return result.unique().one_or_none()


async def list_contact_channels(
    session: AsyncSession, organisation_id: uuid.UUID, *, visibilities: Sequence[Visibility]
) -> Sequence[ContactChannel]:
    statement = (
        select(ContactChannel)
        .where(ContactChannel.organisation_id == organisation_id, _channels_visible_to(visibilities))
        .order_by(ContactChannel.position, ContactChannel.id)
    )
    return (await session.scalars(statement)).all()


async def find_organisation_id(session: AsyncSession, slug: str) -> uuid.UUID | None:
    return await session.scalar(select(Organisation.id).where(Organisation.slug == slug))


async def find_organisation(session: AsyncSession, slug: str) -> Organisation | None:
    """The organisation row alone, for references such as a parent or a relation's end."""
    return await session.scalar(select(Organisation).where(Organisation.slug == slug))


async def ancestor_ids(session: AsyncSession, organisation_id: uuid.UUID) -> set[uuid.UUID]:
    """The organisation and every organisation above it, following ``parent_id``."""
    chain = select(Organisation.id, Organisation.parent_id).where(Organisation.id == organisation_id)
    chain_cte = chain.cte("chain", recursive=True)
    chain_cte = chain_cte.union(
        select(Organisation.id, Organisation.parent_id).where(Organisation.id == chain_cte.c.parent_id)
    )
    return set((await session.scalars(select(chain_cte.c.id))).all())


async def get_contact_channel(
    session: AsyncSession, slug: str, channel_id: uuid.UUID, *, visibilities: Sequence[Visibility]
) -> ContactChannel | None:
    """A channel only under the organisation it belongs to: another one's id is not found."""
    statement = (
        select(ContactChannel)
        .join(ContactChannel.organisation)
        .where(ContactChannel.id == channel_id, Organisation.slug == slug, _channels_visible_to(visibilities))
    )
    return await session.scalar(statement)


async def next_channel_position(session: AsyncSession, organisation_id: uuid.UUID) -> int:
    highest = await session.scalar(
        select(func.max(ContactChannel.position)).where(ContactChannel.organisation_id == organisation_id)
    )
    return 0 if highest is None else highest + 1


async def find_topic(session: AsyncSession, slug: str) -> Topic | None:
    return await session.scalar(select(Topic).where(Topic.slug == slug))


async def get_responsibility(session: AsyncSession, responsibility_id: uuid.UUID) -> Responsibility | None:
    statement = (
        select(Responsibility)
        .where(Responsibility.id == responsibility_id)
        .options(joinedload(Responsibility.topic), joinedload(Responsibility.organisation))
    )
    return await session.scalar(statement)


async def responsibility_exists(
    session: AsyncSession,
    *,
    topic_id: uuid.UUID,
    organisation_id: uuid.UUID,
    role: str,
    region: str | None,
    other_than: uuid.UUID | None = None,
) -> bool:
    """Whether the same responsibility is already recorded.

    Checked here and not only by the unique constraint, because the constraint lets
    rows without region repeat (NULLs are distinct on both databases).
    """
    region_matches = Responsibility.region.is_(None) if region is None else Responsibility.region == region
    statement = select(Responsibility.id).where(
        Responsibility.topic_id == topic_id,
        Responsibility.organisation_id == organisation_id,
        Responsibility.role == role,
        region_matches,
    )
    if other_than is not None:
        statement = statement.where(Responsibility.id != other_than)
    return await session.scalar(statement.limit(1)) is not None


async def get_relation(session: AsyncSession, relation_id: uuid.UUID) -> Relation | None:
    statement = (
        select(Relation)
        .where(Relation.id == relation_id)
        .options(joinedload(Relation.subject), joinedload(Relation.object))
    )
    return await session.scalar(statement)


async def relation_exists(
    session: AsyncSession, subject_id: uuid.UUID, kind: str, object_id: uuid.UUID
) -> bool:
    statement = select(Relation.id).where(
        Relation.subject_id == subject_id, Relation.kind == kind, Relation.object_id == object_id
    )
    return await session.scalar(statement) is not None


async def add(session: AsyncSession, row: Organisation | ContactChannel | Responsibility | Relation) -> None:
    session.add(row)
    await session.flush()


async def remove(
    session: AsyncSession, row: Organisation | ContactChannel | Responsibility | Relation
) -> None:
    """Deletes the row; an organisation takes its loaded channels, responsibilities and relations."""
    await session.delete(row)
    await session.flush()


async def save(session: AsyncSession) -> None:
    """Writes pending changes, checking each changed row's ``version``."""
    await session.flush()


async def list_responsibilities(
    session: AsyncSession,
    *,
    topic: str | None,
    organisation: str | None,
    region: str | None,
    limit: int,
    after: tuple[int, str, uuid.UUID] | None,
) -> Sequence[Responsibility]:
    statement = (
        select(Responsibility)
        .join(Responsibility.topic)
        .join(Responsibility.organisation)
        .options(joinedload(Responsibility.topic), joinedload(Responsibility.organisation))
    )
    if topic:
        statement = statement.where(Topic.slug == topic)
    if organisation:
        statement = statement.where(Organisation.slug == organisation)
    if region:
        # A responsibility for the whole state (no region) covers every region in it.
        statement = statement.where(
            Responsibility.region.is_(None) | Responsibility.region.startswith(region, autoescape=True)
        )
    if after is not None:
        statement = statement.where(tuple_(Topic.position, Organisation.sort_key, Responsibility.id) > after)
    statement = statement.order_by(Topic.position, Organisation.sort_key, Responsibility.id).limit(limit)
    return (await session.scalars(statement)).all()


async def list_topics(session: AsyncSession, *, limit: int, after: tuple[int, str] | None) -> Sequence[Topic]:
    statement = select(Topic)
    if after is not None:
        statement = statement.where(tuple_(Topic.position, Topic.slug) > after)
    statement = statement.order_by(Topic.position, Topic.slug).limit(limit)
    return (await session.scalars(statement)).all()


async def network(session: AsyncSession) -> tuple[Sequence[Organisation], Sequence[Relation]]:
    organisations = (await session.scalars(select(Organisation).order_by(Organisation.sort_key))).all()
    relations = (
        await session.scalars(
            select(Relation)
            .options(joinedload(Relation.subject), joinedload(Relation.object))
            .order_by(Relation.kind, Relation.id)
        )
    ).all()
    return organisations, relations


async def read_version(session: AsyncSession) -> int:
    version = await session.scalar(select(DirectoryState.version).where(DirectoryState.id == 1))
    return version or 0


async def bump_version(session: AsyncSession) -> None:
    """Count a directory write; inserts the single row on the first write."""
    result = await session.execute(
        update(DirectoryState).where(DirectoryState.id == 1).values(version=DirectoryState.version + 1)
    )
    if result.rowcount == 0:  # type: ignore[attr-defined]
        session.add(DirectoryState(id=1, version=1))
    await session.flush()


async def organisation_names(
    session: AsyncSession, ids: set[uuid.UUID]
) -> Sequence[Row[uuid.UUID, str, str, str | None]]:
    """Id, slug and names of these organisations: what a reference to one needs."""
    statement = select(Organisation.id, Organisation.slug, Organisation.name_de, Organisation.name_en).where(
        Organisation.id.in_(ids)
    )
    return (await session.execute(statement)).all()


async def leads_of_topic(session: AsyncSession, topic: str) -> Sequence[Row[str, str, str | None]]:
    """Slug, German name and region of every organisation leading ``topic``."""
    statement = (
        select(Organisation.slug, Organisation.name_de, Responsibility.region)
        .join(Responsibility, Responsibility.organisation_id == Organisation.id)
        .join(Topic, Topic.id == Responsibility.topic_id)
        .where(
            Topic.slug == topic,
            Responsibility.role.in_([ResponsibilityRole.lead.value, ResponsibilityRole.shared_lead.value]),
        )
    )
    return (await session.execute(statement)).all()


async def notify_directory_changed(session: AsyncSession, channel: str) -> None:
    """PostgreSQL delivers this to every listener when the transaction commits."""
    await session.execute(text("SELECT pg_notify(:channel, 'changed')"), {"channel": channel})


async def directory_changes(engine: AsyncEngine, channel: str) -> AsyncIterator[None]:
    """``LISTEN`` on ``channel`` (PostgreSQL): yields once listening has begun (writes made
    before it are unknown), then once per ``NOTIFY`` that ``notify_directory_changed`` sent.

    It holds a connection of its own, outside the pool, in autocommit mode.
    """
    url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as connection:
        await connection.execute(f"LISTEN {channel}")
        yield
        async for _ in connection.notifies():
            yield


async def all_topics(session: AsyncSession) -> Sequence[Topic]:
    return (await session.scalars(select(Topic))).all()


async def all_organisations(session: AsyncSession) -> Sequence[Organisation]:
    return (await session.scalars(select(Organisation))).all()


async def all_relations(session: AsyncSession) -> Sequence[Relation]:
    return (await session.scalars(select(Relation))).all()


async def all_responsibilities(session: AsyncSession) -> Sequence[Responsibility]:
    return (await session.scalars(select(Responsibility))).all()


async def web_form_recipient(session: AsyncSession, slug: str) -> Row[uuid.UUID, str, str, str | None] | None:
    """The organisation behind ``slug`` if it offers a public web form, else None.

    Only such organisations have promised to read what arrives this way.
    """
    statement = (
        select(Organisation.id, Organisation.slug, Organisation.name_de, Organisation.name_en)
        .where(
            Organisation.slug == slug,
            select(ContactChannel.id)
            .where(
                ContactChannel.organisation_id == Organisation.id,
                ContactChannel.kind == ChannelKind.web_form.value,
                ContactChannel.visibility == Visibility.public.value,
            )
            .exists(),
        )
        .limit(1)
    )
    return (await session.execute(statement)).first()


async def slugs_and_updates(session: AsyncSession) -> Sequence[Row[str, datetime]]:
    """Slug and last change of every organisation, by slug: what a sitemap lists."""
    statement = select(Organisation.slug, Organisation.updated_at).order_by(Organisation.slug)
    return (await session.execute(statement)).all()


async def all_contact_channels(
    session: AsyncSession, *, visibilities: Sequence[Visibility]
) -> Sequence[ContactChannel]:
    statement = select(ContactChannel).where(_channels_visible_to(visibilities))
    return (await session.scalars(statement.order_by(ContactChannel.position, ContactChannel.id))).all()


async def insert_many(
    session: AsyncSession,
    model: type[Organisation | ContactChannel | Topic | Relation | Responsibility],
    rows: list[dict[str, Any]],
) -> None:
    """Inserts many new rows in as few statements as the driver allows (an import).

    Rows are written in the order given, so a row may refer to one before it.
    """
    if rows:
        await session.execute(insert(model), rows)
