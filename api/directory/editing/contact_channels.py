"""Staff writes of contact channels, with the rules each kind of channel keeps."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from urllib.parse import urlsplit

from sqlalchemy.ext.asyncio import AsyncSession

from api.core.conditional import Versioned, check_if_match
from api.core.errors import NotFound
from api.core.i18n import Language
from api.directory import repository
from api.directory.editing.common import (
    DirectoryEditor,
    invalid,
    write_errors,
)
from api.directory.models import ChannelKind, ContactChannel
from api.directory.schemas import (
    ContactChannelCreate,
    ContactChannelFields,
    ContactChannelOut,
    ContactChannelPatch,
)
from api.directory.service import (
    EVERY_VISIBILITY,
    channel_out,
    contact_channel_row,
)

ADDRESS_KINDS = frozenset({ChannelKind.postal_address, ChannelKind.visiting_address})
_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ]{2,29}$")


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
        raise invalid(*problems)


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
    with write_errors(conflict="The channel conflicts with another entry."):
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
    with write_errors(conflict="The change conflicts with another entry."):
        await repository.save(editor.session)
    details = {"organisation": slug, "fields": sorted(fields)}
    await editor.recorded("update", "contact_channel", channel.id, details)
    return Versioned(channel_out(channel, language), channel.version)


async def delete_contact_channel(
    editor: DirectoryEditor, slug: str, channel_id: uuid.UUID, *, if_match: str | None
) -> None:
    channel = await contact_channel_row(editor.session, slug, channel_id, EVERY_VISIBILITY)
    check_if_match(if_match, channel.version)
    with write_errors(conflict="The channel is still referenced."):
        await repository.remove(editor.session, channel)
    await editor.recorded("delete", "contact_channel", channel.id, {"organisation": slug})
