"""vCard output."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from api.directory.schemas import Address, ContactChannelOut, OrganisationOut
from api.directory.vcard import organisation_vcard


def _organisation(name: str, channels: list[ContactChannelOut]) -> OrganisationOut:
    return OrganisationOut(
        id=uuid.uuid4(),
        slug="x",
        name=name,
        short_name=None,
        kind="centre",
        description="",
        parent=None,
        region=None,
        website=None,
        founded=None,
        founded_by=None,
        updated_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        assured_at=None,
        contact_channels=channels,
        responsibilities=[],
        relations=[],
        incoming_relations=[],
    )


def _channel(kind: str, value: str, address: Address | None = None) -> ContactChannelOut:
    return ContactChannelOut(
        id=uuid.uuid4(),
        kind=kind,
        label="",
        value=value,
        visibility="public",
        address=address,
        opening_hours=None,
        languages=[],
    )


def test_special_characters_are_escaped() -> None:
    card = organisation_vcard(_organisation("A, B; C\\D", []), base_url="https://x")

    assert "FN:A\\, B\\; C\\\\D\r\n" in card


def test_long_lines_are_folded_at_75_octets_without_splitting_characters() -> None:
    card = organisation_vcard(_organisation("Ä" * 100, []), base_url="https://x")

    for line in card.split("\r\n"):
        assert len(line.encode()) <= 75
    assert "".join(card.replace("\r\n ", "").split("\r\n")).count("Ä") == 200


def test_phone_numbers_become_tel_uris_and_relative_links_absolute() -> None:
    card = organisation_vcard(
        _organisation("X", [_channel("phone", "+49 511 1234"), _channel("web_form", "/kontakt/x")]),
        base_url="https://kipni.example/",
    )

    assert "TEL;TYPE=work,voice;VALUE=uri:tel:+495111234\r\n" in card
    assert "URL:https://kipni.example/kontakt/x\r\n" in card
