"""Rules of the public directory: what is shown, in which language, in which order."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from api.core.errors import InvalidCursor, NotFound
from api.core.i18n import Language, pick, pick_optional
from api.core.pagination import Page, decode_cursor, encode_cursor, fetch_keyset
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
from api.directory.rows import Channel, Duty, Incoming, ListedOrganisation, Name, Outgoing
from api.directory.schemas import (
    Address,
    ContactChannelOut,
    NetworkEdge,
    NetworkNode,
    NetworkOut,
    OpeningHours,
    OrganisationFilters,
    OrganisationOut,
    OrganisationRef,
    RelationDetailOut,
    RelationOut,
    ResponsibilityOut,
    TopicOut,
    TopicRef,
)
from api.directory.search import fold, searchable
from api.directory.vcard import organisation_vcard

PUBLIC: tuple[Visibility, ...] = (Visibility.public,)
EVERY_VISIBILITY: tuple[Visibility, ...] = tuple(Visibility)


# The answers are built from rows that were validated when they were written, so they are
# constructed without validating them again (``model_construct``): a page of fifty
# organisations is some thousand models, and validating them was a third of a cold page.


def _ref(organisation: Organisation | ListedOrganisation | Name, language: Language) -> OrganisationRef:
    return OrganisationRef.model_construct(
        slug=organisation.slug, name=pick(language, organisation.name_de, organisation.name_en)
    )


def _topic_ref(topic: Topic | Name, language: Language) -> TopicRef:
    return TopicRef.model_construct(slug=topic.slug, name=pick(language, topic.name_de, topic.name_en))


def channel_out(channel: ContactChannel | Channel, language: Language) -> ContactChannelOut:
    address = None
    if channel.street and channel.postal_code and channel.city:
        address = Address.model_construct(
            street=channel.street,
            postal_code=channel.postal_code,
            city=channel.city,
            state=channel.state,
            country=channel.country or "DE",
        )
    return ContactChannelOut.model_construct(
        id=channel.id,
        kind=ChannelKind(channel.kind),
        label=pick(language, channel.label_de, channel.label_en),
        value=channel.value,
        visibility=Visibility(channel.visibility),
        address=address,
        opening_hours=OpeningHours.model_validate(channel.opening_hours) if channel.opening_hours else None,
        languages=list(channel.languages or []),
    )


def responsibility_out(
    responsibility: Responsibility | Duty, organisation: Organisation | ListedOrganisation, language: Language
) -> ResponsibilityOut:
    return ResponsibilityOut.model_construct(
        id=responsibility.id,
        topic=_topic_ref(responsibility.topic, language),
        organisation=_ref(organisation, language),
        role=ResponsibilityRole(responsibility.role),
        region=responsibility.region,
        description=pick(language, responsibility.description_de, responsibility.description_en),
    )


def _relation_out(
    relation: Relation | Outgoing | Incoming, other: Organisation | Name, language: Language
) -> RelationOut:
    return RelationOut.model_construct(
        id=relation.id, kind=RelationKind(relation.kind), organisation=_ref(other, language)
    )


def relation_detail_out(
    relation: Relation, subject: Organisation, obj: Organisation, language: Language
) -> RelationDetailOut:
    return RelationDetailOut(
        id=relation.id, subject=_ref(subject, language), kind=relation.kind, object=_ref(obj, language)
    )


def organisation_out(organisation: Organisation | ListedOrganisation, language: Language) -> OrganisationOut:
    return OrganisationOut.model_construct(
        id=organisation.id,
        slug=organisation.slug,
        name=pick(language, organisation.name_de, organisation.name_en),
        short_name=organisation.short_name,
        kind=OrganisationKind(organisation.kind),
        description=pick(language, organisation.description_de, organisation.description_en),
        parent=_ref(organisation.parent, language) if organisation.parent else None,
        region=organisation.region,
        website=organisation.website,
        founded=organisation.founded,
        founded_by=pick_optional(language, organisation.founded_by_de, organisation.founded_by_en),
        updated_at=organisation.updated_at,
        assured_at=organisation.assured_at,
        contact_channels=[channel_out(channel, language) for channel in organisation.contact_channels],
        responsibilities=sorted(
            (responsibility_out(item, organisation, language) for item in organisation.responsibilities),
            key=lambda item: (item.topic.slug, item.role),
        ),
        relations=sorted(
            (_relation_out(item, item.object, language) for item in organisation.outgoing_relations),
            key=lambda item: (item.kind, item.organisation.slug),
        ),
        incoming_relations=sorted(
            (_relation_out(item, item.subject, language) for item in organisation.incoming_relations),
            key=lambda item: (item.kind, item.organisation.slug),
        ),
    )


async def list_organisations(
    session: AsyncSession,
    filters: OrganisationFilters,
    *,
    limit: int,
    cursor: str | None,
    language: Language,
    visibilities: Sequence[Visibility] = PUBLIC,
) -> Page[OrganisationOut]:
    after = None
    if cursor is not None:
        sort_key, raw_id = decode_cursor(cursor, (str, str))
        after = (str(sort_key), _uuid_from_cursor(raw_id))
    found = await fetch_keyset(
        lambda count: repository.list_organisations(
            session, filters, limit=count, after=after, visibilities=visibilities
        ),
        limit,
    )
    return found.page(
        lambda organisation: organisation_out(organisation, language),
        lambda last: encode_cursor([last.sort_key, str(last.id)]),
    )


async def organisation_row(
    session: AsyncSession, slug: str, visibilities: Sequence[Visibility]
) -> Organisation:
    organisation = await repository.get_organisation(session, slug, visibilities=visibilities)
    if organisation is None:
        raise NotFound("No organisation with this slug.")
    return organisation


async def get_organisation(
    session: AsyncSession, slug: str, *, language: Language, visibilities: Sequence[Visibility] = PUBLIC
) -> OrganisationOut:
    return organisation_out(await organisation_row(session, slug, visibilities), language)


async def list_contact_channels(
    session: AsyncSession, slug: str, *, language: Language, visibilities: Sequence[Visibility] = PUBLIC
) -> list[ContactChannelOut]:
    organisation_id = await repository.find_organisation_id(session, slug)
    if organisation_id is None:
        raise NotFound("No organisation with this slug.")
    channels = await repository.list_contact_channels(session, organisation_id, visibilities=visibilities)
    return [channel_out(channel, language) for channel in channels]


async def get_contact_channel(
    session: AsyncSession,
    slug: str,
    channel_id: uuid.UUID,
    *,
    language: Language,
    visibilities: Sequence[Visibility] = PUBLIC,
) -> ContactChannelOut:
    return channel_out(await contact_channel_row(session, slug, channel_id, visibilities), language)


async def contact_channel_row(
    session: AsyncSession, slug: str, channel_id: uuid.UUID, visibilities: Sequence[Visibility]
) -> ContactChannel:
    channel = await repository.get_contact_channel(session, slug, channel_id, visibilities=visibilities)
    if channel is None:
        raise NotFound("No contact channel with this id at this organisation.")
    return channel


async def get_responsibility(
    session: AsyncSession, responsibility_id: uuid.UUID, *, language: Language
) -> ResponsibilityOut:
    responsibility = await responsibility_row(session, responsibility_id)
    return responsibility_out(responsibility, responsibility.organisation, language)


async def responsibility_row(session: AsyncSession, responsibility_id: uuid.UUID) -> Responsibility:
    responsibility = await repository.get_responsibility(session, responsibility_id)
    if responsibility is None:
        raise NotFound("No responsibility with this id.")
    return responsibility


async def get_relation(
    session: AsyncSession, relation_id: uuid.UUID, *, language: Language
) -> RelationDetailOut:
    relation = await relation_row(session, relation_id)
    return relation_detail_out(relation, relation.subject, relation.object, language)


async def relation_row(session: AsyncSession, relation_id: uuid.UUID) -> Relation:
    relation = await repository.get_relation(session, relation_id)
    if relation is None:
        raise NotFound("No relation with this id.")
    return relation


async def get_vcard(session: AsyncSession, slug: str, *, language: Language, base_url: str) -> str:
    organisation = await organisation_row(session, slug, PUBLIC)
    return organisation_vcard(organisation_out(organisation, language), base_url=base_url)


async def list_responsibilities(
    session: AsyncSession,
    *,
    topic: str | None,
    organisation: str | None,
    region: str | None,
    limit: int,
    cursor: str | None,
    language: Language,
) -> Page[ResponsibilityOut]:
    after = None
    if cursor is not None:
        position, sort_key, raw_id = decode_cursor(cursor, (int, str, str))
        after = (int(position), str(sort_key), _uuid_from_cursor(raw_id))
    found = await fetch_keyset(
        lambda count: repository.list_responsibilities(
            session, topic=topic, organisation=organisation, region=region, limit=count, after=after
        ),
        limit,
    )
    return found.page(
        lambda item: responsibility_out(item, item.organisation, language),
        lambda last: encode_cursor([last.topic.position, last.organisation.sort_key, str(last.id)]),
    )


async def list_topics(
    session: AsyncSession, *, limit: int, cursor: str | None, language: Language
) -> Page[TopicOut]:
    after = None
    if cursor is not None:
        position, slug = decode_cursor(cursor, (int, str))
        after = (int(position), str(slug))
    found = await fetch_keyset(lambda count: repository.list_topics(session, limit=count, after=after), limit)
    return found.page(
        lambda topic: TopicOut(
            id=topic.id,
            slug=topic.slug,
            name=pick(language, topic.name_de, topic.name_en),
            description=pick(language, topic.description_de, topic.description_en),
            position=topic.position,
        ),
        lambda last: encode_cursor([last.position, last.slug]),
    )


async def get_network(session: AsyncSession, *, language: Language) -> NetworkOut:
    organisations, relations = await repository.network(session)
    return NetworkOut(
        nodes=[
            NetworkNode(
                id=organisation.slug,
                name=pick(language, organisation.name_de, organisation.name_en),
                short_name=organisation.short_name,
                kind=organisation.kind,
            )
            for organisation in organisations
        ],
        edges=[
            NetworkEdge(source=relation.subject.slug, target=relation.object.slug, kind=relation.kind)
            for relation in relations
        ],
    )


def _uuid_from_cursor(raw: object) -> uuid.UUID:
    try:
        return uuid.UUID(str(raw))
    except ValueError as exc:
        raise InvalidCursor("The cursor is not one this service issued.") from exc


def refresh_derived_fields(organisation: Organisation) -> None:
    """Keep the sort and search columns in step with the texts they are made from."""
    organisation.sort_key = fold(organisation.name_de)[:300]
    organisation.search_text = searchable(
        organisation.slug,
        organisation.name_de,
        organisation.name_en,
        organisation.short_name,
        organisation.description_de,
        organisation.description_en,
    )


# Reads other domains make: they come through here rather than through the directory's
# tables, so the directory can change its storage without them noticing.


async def organisation_refs(
    session: AsyncSession, ids: Iterable[uuid.UUID | None], language: Language = Language.de
) -> dict[uuid.UUID, OrganisationRef]:
    wanted = {organisation_id for organisation_id in ids if organisation_id is not None}
    if not wanted:
        return {}
    rows = await repository.organisation_names(session, wanted)
    return {
        row.id: OrganisationRef(slug=row.slug, name=pick(language, row.name_de, row.name_en)) for row in rows
    }


async def organisation_by_slug(session: AsyncSession, slug: str) -> Organisation | None:
    """The organisation row itself, for the accounts that belong to it."""
    return await repository.find_organisation(session, slug)


async def organisation_id_by_slug(session: AsyncSession, slug: str) -> uuid.UUID | None:
    return await repository.find_organisation_id(session, slug)


async def message_recipient(
    session: AsyncSession, slug: str, language: Language
) -> tuple[uuid.UUID, OrganisationRef] | None:
    """The organisation behind ``slug`` if it offers a public web form (only those have
    promised to read what arrives through the contact form), else None."""
    row = await repository.web_form_recipient(session, slug)
    if row is None:
        return None
    organisation_id, organisation_slug, name_de, name_en = row
    return organisation_id, OrganisationRef(slug=organisation_slug, name=pick(language, name_de, name_en))


async def lead_for_topic(session: AsyncSession, topic: str, region: str | None) -> OrganisationRef | None:
    """The organisation leading ``topic`` for ``region`` (an ARS), the most specific first.

    A responsibility without a region covers the whole state; one whose region is a
    prefix of the given key covers that place and wins over the statewide one.
    """
    rows = await repository.leads_of_topic(session, topic)
    matching = [row for row in rows if row.region is None or (region and region.startswith(row.region))]
    if not matching:
        return None
    best = max(matching, key=lambda row: len(row.region or ""))
    return OrganisationRef(slug=best.slug, name=best.name_de)


async def organisation_slugs(session: AsyncSession) -> list[tuple[str, datetime]]:
    """Every organisation's slug with the time of its last change, ordered by slug."""
    return [(row.slug, row.updated_at) for row in await repository.slugs_and_updates(session)]
