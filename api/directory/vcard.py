"""vCard 4.0 (RFC 6350) for an organisation, so people can save the contact in one tap."""

from __future__ import annotations

from api.directory.models import ChannelKind
from api.directory.schemas import OrganisationOut

_MAX_OCTETS = 75


def _escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace("\n", "\\n")
        .replace("\r", "")
        .replace(",", "\\,")
        .replace(";", "\\;")
    )


def _fold(line: str) -> str:
    """Split a content line into 75-octet pieces without cutting a UTF-8 character."""
    pieces: list[str] = []
    current, size = "", 0
    limit = _MAX_OCTETS
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            pieces.append(current)
            current, size, limit = "", 0, _MAX_OCTETS - 1
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def _absolute(url: str, base_url: str) -> str:
    return base_url.rstrip("/") + url if url.startswith("/") else url


def organisation_vcard(organisation: OrganisationOut, *, base_url: str) -> str:
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        "KIND:org",
        f"FN:{_escape(organisation.name)}",
        f"ORG:{_escape(organisation.name)}",
    ]
    if organisation.short_name:
        lines.append(f"NICKNAME:{_escape(organisation.short_name)}")
    for channel in organisation.contact_channels:
        kind = ChannelKind(channel.kind)
        if kind in (ChannelKind.postal_address, ChannelKind.visiting_address) and channel.address:
            address = channel.address
            type_ = "postal" if kind is ChannelKind.postal_address else "work"
            parts = [
                "",
                "",
                address.street,
                address.city,
                address.state or "",
                address.postal_code,
                address.country,
            ]
            lines.append(f"ADR;TYPE={type_}:" + ";".join(_escape(part) for part in parts))
        elif kind is ChannelKind.phone:
            lines.append(f"TEL;TYPE=work,voice;VALUE=uri:tel:{channel.value.replace(' ', '')}")
        elif kind is ChannelKind.fax:
            lines.append(f"TEL;TYPE=work,fax;VALUE=uri:tel:{channel.value.replace(' ', '')}")
        elif kind is ChannelKind.email:
            lines.append(f"EMAIL;TYPE=work:{_escape(channel.value)}")
        elif kind in (ChannelKind.website, ChannelKind.web_form):
            lines.append(f"URL:{_escape(_absolute(channel.value, base_url))}")
    lines.append(f"REV:{organisation.updated_at.strftime('%Y%m%dT%H%M%SZ')}")
    lines.append("END:VCARD")
    return "".join(_fold(line) + "\r\n" for line in lines)
