"""Rules of the staff writes and of the staff view of the directory.

Every change to an existing row names the version it was based on (``If-Match``), so two
editors never overwrite each other unseen. Each write resolves the rows it refers to
before it touches the row it changes (a query would otherwise flush a half-changed row
early, outside the error translation below) and then flushes once: a concurrent change
that slipped past the ``If-Match`` check surfaces there as ``StaleDataError`` and
becomes a 412. Every write bumps the directory version, so every worker drops its cached
public pages, and leaves an audit row with ids, slugs and field names, never texts.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import urlsplit

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from api.audit import service as audit
from api.core.db import utcnow
from api.core.errors import Conflict, NotFound, PreconditionFailed, PreconditionRequired, UnprocessableEntity
from api.core.i18n import Language
from api.core.page_cache import PageCache
from api.core.principal import Actor, RequestMeta
from api.directory import repository
from api.directory.models import ChannelKind, ContactChannel, Organisation, Relation, Responsibility, Topic
from api.directory.schemas import (
    ContactChannelCreate,
    ContactChannelFields,
    ContactChannelOut,
    ContactChannelPatch,
    LongText,
    OrganisationCreate,
    OrganisationFields,
    OrganisationOut,
    OrganisationPatch,
    RelationCreate,
    RelationDetailOut,
    ResponsibilityCreate,
    ResponsibilityFields,
    ResponsibilityOut,
    ResponsibilityPatch,
)
from api.directory.service import (
    EVERY_VISIBILITY,
    channel_out,
    contact_channel_row,
    organisation_out,
    organisation_row,
    refresh_derived_fields,
    relation_detail_out,
    relation_row,
    responsibility_out,
    responsibility_row,
)
from api.directory.versions import record_directory_write

T = TypeVar("T", covariant=True)

CHANGED_MEANWHILE = "The entry was changed since you read it. Read it again, then repeat your change."
ADDRESS_KINDS = frozenset({ChannelKind.postal_address, ChannelKind.visiting_address})
_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ]{2,29}$")


def etag(version: int) -> str:
    """The strong ETag of a row: its version, which grows with every change."""
    return f'"{version}"'


@dataclass(frozen=True)
class Versioned(Generic[T]):
    """A representation and the version of the row behind it."""

    item: T
    version: int

    @property
    def etag(self) -> str:
        return etag(self.version)


def check_if_match(if_match: str | None, version: int) -> None:
    """428 without ``If-Match``, 412 unless it names the current version (or is ``*``)."""
    if if_match is None:
        raise PreconditionRequired("Send the ETag of the version you change in If-Match.")
    candidates = {candidate.strip() for candidate in if_match.split(",")}
    if "*" not in candidates and etag(version) not in candidates:
        raise PreconditionFailed(CHANGED_MEANWHILE)


@dataclass(frozen=True)
class DirectoryEditor:
    """Who writes, in which transaction, and the page cache to drop once it commits."""

    session: AsyncSession
    actor: Actor
    meta: RequestMeta
    cache: PageCache

    async def recorded(
        self, action: str, object_type: str, object_id: uuid.UUID, details: dict[str, Any]
    ) -> None:
        """Leaves the traces every write must leave, in the same transaction as the write."""
        await record_directory_write(self.session, self.cache)
        await audit.record(
            self.session,
            action=f"directory.{object_type}.{action}",
            actor=self.actor,
            meta=self.meta,
            object_type=object_type,
            object_id=object_id,
            details=details,
        )


@contextmanager
def _write_errors(conflict: str) -> Iterator[None]:
    """Turns what the database refuses at flush into answers a client can act on."""
    try:
        yield
    except StaleDataError as exc:
        raise PreconditionFailed(CHANGED_MEANWHILE) from exc
    except IntegrityError as exc:
        raise Conflict(conflict) from exc


def _invalid(*problems: tuple[str, str]) -> UnprocessableEntity:
    """A 422 shaped like a schema error, for rules the schema alone cannot check."""
    return UnprocessableEntity(
        "The request does not fit the directory.",
        extensions={"errors": [{"loc": ["body", field], "msg": message} for field, message in problems]},
    )


def _long_text(text: LongText | None) -> tuple[str, str | None]:
    return (text.de, text.en) if text is not None else ("", None)


async def _referenced_organisation(session: AsyncSession, slug: str, field: str) -> Organisation:
    organisation = await repository.find_organisation(session, slug)
    if organisation is None:
        raise _invalid((field, "No organisation with this slug."))
    return organisation


# Organisations


async def read_organisation(
    session: AsyncSession, slug: str, *, language: Language
) -> Versioned[OrganisationOut]:
    organisation = await organisation_row(session, slug, EVERY_VISIBILITY)
    return Versioned(organisation_out(organisation, language), organisation.version)


async def _parent(
    session: AsyncSession, organisation_id: uuid.UUID | None, slug: str | None
) -> Organisation | None:
    """The new parent; refuses one that would put the organisation below itself."""
    if slug is None:
        return None
    parent = await _referenced_organisation(session, slug, "parent")
    if organisation_id is not None and organisation_id in await repository.ancestor_ids(session, parent.id):
        raise _invalid(("parent", "An organisation cannot be placed below itself."))
    return parent


def _write_organisation(
    organisation: Organisation, values: OrganisationFields, fields: set[str], parent: Organisation | None
) -> None:
    """Copies ``fields`` of ``values`` onto the row (left-out fields stay as they are)."""
    if values.name is not None:
        organisation.name_de, organisation.name_en = values.name.de, values.name.en
    if values.kind is not None:
        organisation.kind = values.kind.value
    if "short_name" in fields:
        organisation.short_name = values.short_name
    if "description" in fields:
        organisation.description_de, organisation.description_en = _long_text(values.description)
    if "parent" in fields:
        organisation.parent = parent
    if "region" in fields:
        organisation.region = values.region
    if "website" in fields:
        organisation.website = values.website
    if "founded" in fields:
        organisation.founded = values.founded
    if "founded_by" in fields:
        founded_by = values.founded_by
        organisation.founded_by_de = founded_by.de if founded_by else None
        organisation.founded_by_en = founded_by.en if founded_by else None
    if values.assured:
        organisation.assured_at = utcnow()
    if fields & {"name", "short_name", "description"}:
        refresh_derived_fields(organisation)


async def create_organisation(
    editor: DirectoryEditor, values: OrganisationCreate, *, language: Language
) -> Versioned[OrganisationOut]:
    taken = "An organisation with this slug exists already."
    if await repository.find_organisation_id(editor.session, values.slug) is not None:
        raise Conflict(taken)
    parent = await _parent(editor.session, None, values.parent)
    organisation = Organisation(
        slug=values.slug,
        contact_channels=[],
        responsibilities=[],
        outgoing_relations=[],
        incoming_relations=[],
    )
    _write_organisation(organisation, values, set(OrganisationCreate.model_fields), parent)
    with _write_errors(conflict=taken):
        await repository.add(editor.session, organisation)
    await editor.recorded("create", "organisation", organisation.id, {"slug": organisation.slug})
    return Versioned(organisation_out(organisation, language), organisation.version)


async def update_organisation(
    editor: DirectoryEditor,
    slug: str,
    changes: OrganisationPatch,
    *,
    if_match: str | None,
    language: Language,
) -> Versioned[OrganisationOut]:
    organisation = await organisation_row(editor.session, slug, EVERY_VISIBILITY)
    check_if_match(if_match, organisation.version)
    fields = changes.model_fields_set
    parent = await _parent(editor.session, organisation.id, changes.parent) if "parent" in fields else None
    _write_organisation(organisation, changes, fields, parent)
    with _write_errors(conflict="The change conflicts with another entry."):
        await repository.save(editor.session)
    await editor.recorded("update", "organisation", organisation.id, {"slug": slug, "fields": sorted(fields)})
    return Versioned(organisation_out(organisation, language), organisation.version)


async def delete_organisation(editor: DirectoryEditor, slug: str, *, if_match: str | None) -> None:
    """Deletes the organisation with its channels, responsibilities and relations.

    Organisations below it lose their parent; user accounts and API clients of it keep
    it alive (409), because they must be moved or removed on purpose first.
    """
    organisation = await organisation_row(editor.session, slug, EVERY_VISIBILITY)
    check_if_match(if_match, organisation.version)
    with _write_errors(conflict="User accounts or API clients still belong to this organisation."):
        await repository.remove(editor.session, organisation)
    await editor.recorded("delete", "organisation", organisation.id, {"slug": slug})


# Contact channels


def _is_link(value: str) -> bool:
    """An https URL, or a path of this site (``/kontakt/...``), never ``//host``."""
    if value.startswith("/"):
        return not value.startswith("//") and not any(char.isspace() or char == "\\" for char in value)
    parts = urlsplit(value)
    return parts.scheme == "https" and bool(parts.hostname) and " " not in value


_VALUE_RULES: dict[ChannelKind, tuple[Callable[[str], bool], str]] = {
    ChannelKind.email: (lambda value: bool(_EMAIL.match(value)), "must be an e-mail address"),
    ChannelKind.phone: (
        lambda value: bool(_PHONE.match(value)),
        "must be digits and spaces, with a leading +",
    ),
    ChannelKind.fax: (lambda value: bool(_PHONE.match(value)), "must be digits and spaces, with a leading +"),
    ChannelKind.website: (_is_link, "must be an https URL or a path of this site starting with /"),
    ChannelKind.web_form: (_is_link, "must be an https URL or a path of this site starting with /"),
}


def channel_problems(kind: ChannelKind, value: str, *, has_address: bool) -> list[tuple[str, str]]:
    """The rules by kind, as (field, message); the import checks its rows with them too."""
    problems: list[tuple[str, str]] = []
    if kind in ADDRESS_KINDS and not has_address:
        problems.append(("address", "An address channel needs an address."))
    if kind not in ADDRESS_KINDS and has_address:
        problems.append(("address", "Only postal and visiting addresses have an address; send null."))
    rule = _VALUE_RULES.get(kind)
    if rule is not None and not rule[0](value):
        problems.append(("value", rule[1]))
    return problems


def _check_channel(channel: ContactChannel) -> None:
    """The rules by kind, checked on the channel as it would be stored."""
    problems = channel_problems(
        ChannelKind(channel.kind), channel.value, has_address=channel.street is not None
    )
    if problems:
        raise _invalid(*problems)


def _write_channel(channel: ContactChannel, values: ContactChannelFields, fields: set[str]) -> None:
    """Copies ``fields`` of ``values`` onto the row (left-out fields stay as they are)."""
    if values.kind is not None:
        channel.kind = values.kind.value
    if values.label is not None:
        channel.label_de, channel.label_en = values.label.de, values.label.en
    if values.value is not None:
        channel.value = values.value
    if values.visibility is not None:
        channel.visibility = values.visibility.value
    if "address" in fields:
        address = values.address
        channel.street = address.street if address else None
        channel.postal_code = address.postal_code if address else None
        channel.city = address.city if address else None
        channel.state = address.state if address else None
        channel.country = address.country if address else None
    if "opening_hours" in fields:
        hours = values.opening_hours
        channel.opening_hours = hours.model_dump(mode="json") if hours else None
    if values.languages is not None:
        channel.languages = list(dict.fromkeys(values.languages))
    if values.position is not None:
        channel.position = values.position


async def read_contact_channel(
    session: AsyncSession, slug: str, channel_id: uuid.UUID, *, language: Language
) -> Versioned[ContactChannelOut]:
    channel = await contact_channel_row(session, slug, channel_id, EVERY_VISIBILITY)
    return Versioned(channel_out(channel, language), channel.version)


async def create_contact_channel(
    editor: DirectoryEditor, slug: str, values: ContactChannelCreate, *, language: Language
) -> Versioned[ContactChannelOut]:
    organisation_id = await repository.find_organisation_id(editor.session, slug)
    if organisation_id is None:
        raise NotFound("No organisation with this slug.")
    position = values.position
    if position is None:
        position = await repository.next_channel_position(editor.session, organisation_id)
    channel = ContactChannel(organisation_id=organisation_id, position=position)
    _write_channel(channel, values, set(ContactChannelCreate.model_fields))
    _check_channel(channel)
    with _write_errors(conflict="The channel conflicts with another entry."):
        await repository.add(editor.session, channel)
    await editor.recorded("create", "contact_channel", channel.id, {"organisation": slug})
    return Versioned(channel_out(channel, language), channel.version)


async def update_contact_channel(
    editor: DirectoryEditor,
    slug: str,
    channel_id: uuid.UUID,
    changes: ContactChannelPatch,
    *,
    if_match: str | None,
    language: Language,
) -> Versioned[ContactChannelOut]:
    channel = await contact_channel_row(editor.session, slug, channel_id, EVERY_VISIBILITY)
    check_if_match(if_match, channel.version)
    fields = changes.model_fields_set
    _write_channel(channel, changes, fields)
    _check_channel(channel)
    with _write_errors(conflict="The change conflicts with another entry."):
        await repository.save(editor.session)
    details = {"organisation": slug, "fields": sorted(fields)}
    await editor.recorded("update", "contact_channel", channel.id, details)
    return Versioned(channel_out(channel, language), channel.version)


async def delete_contact_channel(
    editor: DirectoryEditor, slug: str, channel_id: uuid.UUID, *, if_match: str | None
) -> None:
    channel = await contact_channel_row(editor.session, slug, channel_id, EVERY_VISIBILITY)
    check_if_match(if_match, channel.version)
    with _write_errors(conflict="The channel is still referenced."):
        await repository.remove(editor.session, channel)
    await editor.recorded("delete", "contact_channel", channel.id, {"organisation": slug})


# Responsibilities


async def read_responsibility(
    session: AsyncSession, responsibility_id: uuid.UUID, *, language: Language
) -> Versioned[ResponsibilityOut]:
    responsibility = await responsibility_row(session, responsibility_id)
    return Versioned(
        responsibility_out(responsibility, responsibility.organisation, language), responsibility.version
    )


async def _topic(session: AsyncSession, slug: str) -> Topic:
    topic = await repository.find_topic(session, slug)
    if topic is None:
        raise _invalid(("topic", "No topic with this slug."))
    return topic


async def _refuse_duplicate(
    session: AsyncSession,
    topic: Topic,
    organisation: Organisation,
    role: str,
    region: str | None,
    other_than: uuid.UUID | None = None,
) -> None:
    if await repository.responsibility_exists(
        session,
        topic_id=topic.id,
        organisation_id=organisation.id,
        role=role,
        region=region,
        other_than=other_than,
    ):
        raise Conflict("This responsibility is recorded already.")


def _write_responsibility(
    responsibility: Responsibility,
    values: ResponsibilityFields,
    fields: set[str],
    topic: Topic,
    organisation: Organisation,
) -> None:
    """Copies ``fields`` of ``values`` onto the row, with the resolved topic and organisation."""
    responsibility.topic = topic
    responsibility.organisation = organisation
    if values.role is not None:
        responsibility.role = values.role.value
    if "region" in fields:
        responsibility.region = values.region
    if "description" in fields:
        responsibility.description_de, responsibility.description_en = _long_text(values.description)


async def create_responsibility(
    editor: DirectoryEditor, values: ResponsibilityCreate, *, language: Language
) -> Versioned[ResponsibilityOut]:
    topic = await _topic(editor.session, values.topic)
    organisation = await _referenced_organisation(editor.session, values.organisation, "organisation")
    await _refuse_duplicate(editor.session, topic, organisation, values.role.value, values.region)
    responsibility = Responsibility()
    _write_responsibility(
        responsibility, values, set(ResponsibilityCreate.model_fields), topic=topic, organisation=organisation
    )
    with _write_errors(conflict="This responsibility is recorded already."):
        await repository.add(editor.session, responsibility)
    details = {"topic": topic.slug, "organisation": organisation.slug}
    await editor.recorded("create", "responsibility", responsibility.id, details)
    return Versioned(responsibility_out(responsibility, organisation, language), responsibility.version)


async def update_responsibility(
    editor: DirectoryEditor,
    responsibility_id: uuid.UUID,
    changes: ResponsibilityPatch,
    *,
    if_match: str | None,
    language: Language,
) -> Versioned[ResponsibilityOut]:
    responsibility = await responsibility_row(editor.session, responsibility_id)
    check_if_match(if_match, responsibility.version)
    fields = changes.model_fields_set
    topic = await _topic(editor.session, changes.topic) if changes.topic else responsibility.topic
    organisation = responsibility.organisation
    if changes.organisation:
        organisation = await _referenced_organisation(editor.session, changes.organisation, "organisation")
    role = changes.role.value if changes.role else responsibility.role
    region = changes.region if "region" in fields else responsibility.region
    await _refuse_duplicate(editor.session, topic, organisation, role, region, other_than=responsibility.id)
    _write_responsibility(responsibility, changes, fields, topic=topic, organisation=organisation)
    with _write_errors(conflict="This responsibility is recorded already."):
        await repository.save(editor.session)
    details = {"topic": topic.slug, "organisation": organisation.slug, "fields": sorted(fields)}
    await editor.recorded("update", "responsibility", responsibility.id, details)
    return Versioned(responsibility_out(responsibility, organisation, language), responsibility.version)


async def delete_responsibility(
    editor: DirectoryEditor, responsibility_id: uuid.UUID, *, if_match: str | None
) -> None:
    responsibility = await responsibility_row(editor.session, responsibility_id)
    check_if_match(if_match, responsibility.version)
    details = {"topic": responsibility.topic.slug, "organisation": responsibility.organisation.slug}
    with _write_errors(conflict="The responsibility is still referenced."):
        await repository.remove(editor.session, responsibility)
    await editor.recorded("delete", "responsibility", responsibility.id, details)


# Relations


async def read_relation(
    session: AsyncSession, relation_id: uuid.UUID, *, language: Language
) -> Versioned[RelationDetailOut]:
    relation = await relation_row(session, relation_id)
    return Versioned(
        relation_detail_out(relation, relation.subject, relation.object, language), relation.version
    )


async def create_relation(
    editor: DirectoryEditor, values: RelationCreate, *, language: Language
) -> Versioned[RelationDetailOut]:
    if values.subject == values.object:
        raise _invalid(("object", "A relation joins two different organisations."))
    subject = await _referenced_organisation(editor.session, values.subject, "subject")
    obj = await _referenced_organisation(editor.session, values.object, "object")
    duplicate = "This relation is recorded already."
    if await repository.relation_exists(editor.session, subject.id, values.kind.value, obj.id):
        raise Conflict(duplicate)
    relation = Relation(subject_id=subject.id, kind=values.kind.value, object_id=obj.id)
    with _write_errors(conflict=duplicate):
        await repository.add(editor.session, relation)
    details = {"subject": subject.slug, "kind": relation.kind, "object": obj.slug}
    await editor.recorded("create", "relation", relation.id, details)
    return Versioned(relation_detail_out(relation, subject, obj, language), relation.version)


async def delete_relation(editor: DirectoryEditor, relation_id: uuid.UUID, *, if_match: str | None) -> None:
    relation = await relation_row(editor.session, relation_id)
    check_if_match(if_match, relation.version)
    details = {"subject": relation.subject.slug, "kind": relation.kind, "object": relation.object.slug}
    with _write_errors(conflict="The relation is still referenced."):
        await repository.remove(editor.session, relation)
    await editor.recorded("delete", "relation", relation.id, details)
