"""The public directory in Open Referral's HSDS 3.0.

One ``organization`` per organisation (with ``parent_organization_id``), its public
phones and faxes as ``phones``, e-mail channels as ``contacts``, address channels as
``locations`` with an ``address`` and the opening hours as ``schedules`` (the public
holidays of Lower Saxony and the channel's own exceptions as dated schedules), web
forms as virtual locations. One ``service`` per responsibility an organisation leads,
its topic a term of the KIP NI topic taxonomy, linked to the organisation's locations
through ``service_at_location``.

Every id is a UUID derived from the id of the entry it shows (uuid5), so it stays the
same across exports, restarts and installations that share the data.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, timedelta

from api.core.i18n import Language, pick
from api.directory.models import ChannelKind, ResponsibilityRole
from api.directory.opendata.schemas import (
    HsdsAddress,
    HsdsAttribute,
    HsdsContact,
    HsdsDataset,
    HsdsLanguage,
    HsdsLocation,
    HsdsOrganization,
    HsdsPhone,
    HsdsSchedule,
    HsdsService,
    HsdsServiceArea,
    HsdsServiceAtLocation,
    HsdsTaxonomy,
    HsdsTaxonomyTerm,
)
from api.directory.records import ChannelRecord, DirectoryRecords, OrganisationRecord, TopicRecord
from api.directory.schemas import LongText, OpeningHours

HSDS_VERSION = "3.0"
HSDS_PROFILE = "https://docs.openreferral.org/en/v3.0/"
HSDS_NAMESPACE = uuid.UUID("2b0f6a8e-4c1d-5e7f-8a9b-0c1d2e3f4a5b")
TAXONOMY_KEY = "kipni-topics"
LEADING_ROLES = frozenset({ResponsibilityRole.lead, ResponsibilityRole.shared_lead})
_DAYS = {"mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR", "sat": "SA", "sun": "SU"}
_LANGUAGE_NAMES = {
    "de": ("Deutsch", "German"),
    "en": ("Englisch", "English"),
    "ar": ("Arabisch", "Arabic"),
    "tr": ("Türkisch", "Turkish"),
    "fa": ("Persisch", "Persian"),
    "ru": ("Russisch", "Russian"),
    "uk": ("Ukrainisch", "Ukrainian"),
    "fr": ("Französisch", "French"),
    "ku": ("Kurdisch", "Kurdish"),
    "ps": ("Paschtu", "Pashto"),
    "dgs": ("Deutsche Gebärdensprache", "German Sign Language"),
}
# The first two digits of an official regional key (ARS) name the state.
_STATES = {
    "01": "Schleswig-Holstein",
    "02": "Hamburg",
    "03": "Niedersachsen",
    "04": "Bremen",
    "05": "Nordrhein-Westfalen",
    "06": "Hessen",
    "07": "Rheinland-Pfalz",
    "08": "Baden-Württemberg",
    "09": "Bayern",
    "10": "Saarland",
    "11": "Berlin",
    "12": "Brandenburg",
    "13": "Mecklenburg-Vorpommern",
    "14": "Sachsen",
    "15": "Sachsen-Anhalt",
    "16": "Thüringen",
}
_ROLES = {
    Language.de: {"lead": "Federführend.", "shared_lead": "Gemeinsam und gleichberechtigt federführend."},
    Language.en: {"lead": "In the lead.", "shared_lead": "Jointly in the lead, with equal rights."},
}
_TEXTS: dict[Language, dict[str, str]] = {
    Language.de: {
        "taxonomy": "Themen der KIP NI",
        "taxonomy_description": "Die Aufgaben, für die Stellen im Netzwerk der KIP NI zuständig sind.",
        "local_time": "Ortszeit (Europe/Berlin).",
        "holidays_closed": "An gesetzlichen Feiertagen in Niedersachsen geschlossen.",
        "holidays_open": "Auch an gesetzlichen Feiertagen geöffnet.",
        "holiday": "Gesetzlicher Feiertag in Niedersachsen: geschlossen.",
        "closed": "Geschlossen.",
        "whole_state": "Ganz Niedersachsen",
        "region": "Gebiet mit dem amtlichen Regionalschlüssel",
    },
    Language.en: {
        "taxonomy": "Topics of KIP NI",
        "taxonomy_description": "The tasks that bodies in the KIP NI network are responsible for.",
        "local_time": "Local time (Europe/Berlin).",
        "holidays_closed": "Closed on public holidays in Lower Saxony.",
        "holidays_open": "Also open on public holidays.",
        "holiday": "Public holiday in Lower Saxony: closed.",
        "closed": "Closed.",
        "whole_state": "All of Lower Saxony",
        "region": "Area with the official regional key",
    },
}


def hsds_id(kind: str, *parts: object) -> uuid.UUID:
    """The HSDS id of an object: the same input, the same id, everywhere and always."""
    return uuid.uuid5(HSDS_NAMESPACE, "/".join([kind, *(str(part) for part in parts)]))


def _easter_sunday(year: int) -> date:
    """Gregorian Easter (the anonymous algorithm of Meeus, Jones and Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday) // 451
    month = (h + weekday - 7 * m + 114) // 31
    day = (h + weekday - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def lower_saxony_holidays(year: int) -> list[date]:
    """The public holidays of Lower Saxony in ``year``, in date order."""
    easter = _easter_sunday(year)
    days = [
        date(year, 1, 1),
        easter - timedelta(days=2),
        easter + timedelta(days=1),
        date(year, 5, 1),
        easter + timedelta(days=39),
        easter + timedelta(days=50),
        date(year, 10, 3),
        date(year, 12, 25),
        date(year, 12, 26),
    ]
    if year >= 2017:  # Reformation Day: a holiday in Lower Saxony since 2018 (in all states in 2017)
        days.append(date(year, 10, 31))
    return sorted(days)


def _text(language: Language, text: LongText | None, fallback: str) -> str:
    return pick(language, text.de, text.en) if text is not None else fallback


def _languages(codes: Iterable[str], language: Language, **owner: uuid.UUID) -> list[HsdsLanguage]:
    owner_id = next(iter(owner.values()))
    result = []
    for code in codes:
        names = _LANGUAGE_NAMES.get(code)
        name = (names[0] if language is Language.de else names[1]) if names else code
        result.append(HsdsLanguage(id=hsds_id("language", owner_id, code), name=name, code=code, **owner))
    return result


def _schedules(
    channel: ChannelRecord, hours: OpeningHours, location_id: uuid.UUID, language: Language, today: date
) -> list[HsdsSchedule]:
    texts = _TEXTS[language]
    notes = " ".join(
        [texts["local_time"], texts["holidays_open" if hours.open_on_public_holidays else "holidays_closed"]]
    )
    grouped: dict[tuple[str, str], list[str]] = {}
    for span in hours.weekly:
        grouped.setdefault((span.opens, span.closes), []).append(_DAYS[span.day])
    schedules = [
        HsdsSchedule(
            id=hsds_id("schedule", channel.id, "weekly", opens, closes),
            location_id=location_id,
            freq="WEEKLY",
            wkst="MO",
            byday=",".join(days),
            opens_at=opens,
            closes_at=closes,
            description=f"{', '.join(days)} {opens}-{closes}",
            notes=notes,
        )
        for (opens, closes), days in grouped.items()
    ]
    exception_days = {exception.date for exception in hours.exceptions}
    if not hours.open_on_public_holidays and hours.weekly:
        for year in (today.year, today.year + 1):
            for holiday in lower_saxony_holidays(year):
                if holiday < today or holiday in exception_days:
                    continue
                schedules.append(
                    HsdsSchedule(
                        id=hsds_id("schedule", channel.id, "holiday", holiday.isoformat()),
                        location_id=location_id,
                        valid_from=holiday.isoformat(),
                        valid_to=holiday.isoformat(),
                        description=texts["holiday"],
                    )
                )
    for exception in sorted(hours.exceptions, key=lambda item: item.date):
        day = exception.date.isoformat()
        if exception.closed or not exception.spans:
            schedules.append(
                HsdsSchedule(
                    id=hsds_id("schedule", channel.id, "exception", day),
                    location_id=location_id,
                    valid_from=day,
                    valid_to=day,
                    description=exception.note or texts["closed"],
                )
            )
            continue
        for opens, closes in exception.spans:
            schedules.append(
                HsdsSchedule(
                    id=hsds_id("schedule", channel.id, "exception", day, opens, closes),
                    location_id=location_id,
                    valid_from=day,
                    valid_to=day,
                    opens_at=opens,
                    closes_at=closes,
                    description=exception.note or f"{opens}-{closes}",
                    notes=texts["local_time"],
                )
            )
    return schedules


def _absolute(value: str, base_url: str) -> str:
    return base_url.rstrip("/") + value if value.startswith("/") else value


class _Mapper:
    def __init__(self, records: DirectoryRecords, language: Language, base_url: str, today: date) -> None:
        self.records = records
        self.language = language
        self.base_url = base_url.rstrip("/")
        self.today = today
        self.organisation_ids = {
            item.slug: hsds_id("organization", item.id) for item in records.organisations
        }
        self.taxonomy_id = hsds_id("taxonomy", TAXONOMY_KEY)

    def page_url(self, slug: str) -> str:
        prefix = "/en/organisations/" if self.language is Language.en else "/organisationen/"
        return f"{self.base_url}{prefix}{slug}"

    def locations(self, organisation: OrganisationRecord, organization_id: uuid.UUID) -> list[HsdsLocation]:
        language = self.language
        locations = []
        state = _STATES.get((organisation.region or "")[:2], "")
        for channel in organisation.contact_channels:
            label = pick(language, channel.label.de, channel.label.en)
            location_id = hsds_id("location", channel.id)
            languages = _languages(channel.languages, language, location_id=location_id)
            if channel.kind in (ChannelKind.postal_address, ChannelKind.visiting_address) and channel.address:
                kind = "postal" if channel.kind is ChannelKind.postal_address else "physical"
                address = channel.address
                schedules = (
                    _schedules(channel, channel.opening_hours, location_id, language, self.today)
                    if channel.opening_hours
                    else []
                )
                locations.append(
                    HsdsLocation(
                        id=location_id,
                        location_type=kind,
                        organization_id=organization_id,
                        name=label,
                        languages=languages,
                        addresses=[
                            HsdsAddress(
                                id=hsds_id("address", channel.id),
                                location_id=location_id,
                                address_1=address.street,
                                city=address.city,
                                state_province=address.state or state,
                                postal_code=address.postal_code,
                                country=address.country,
                                address_type=kind,
                            )
                        ],
                        schedules=schedules,
                    )
                )
            elif channel.kind is ChannelKind.web_form:
                locations.append(
                    HsdsLocation(
                        id=location_id,
                        location_type="virtual",
                        url=_absolute(channel.value, self.base_url),
                        organization_id=organization_id,
                        name=label,
                        languages=languages,
                    )
                )
        return locations

    def organization(self, organisation: OrganisationRecord) -> HsdsOrganization:
        language = self.language
        organization_id = self.organisation_ids[organisation.slug]
        name = pick(language, organisation.name.de, organisation.name.en)
        phones, contacts = [], []
        for channel in organisation.contact_channels:
            label = pick(language, channel.label.de, channel.label.en)
            if channel.kind in (ChannelKind.phone, ChannelKind.fax):
                phone_id = hsds_id("phone", channel.id)
                phones.append(
                    HsdsPhone(
                        id=phone_id,
                        organization_id=organization_id,
                        number=channel.value,
                        type="voice" if channel.kind is ChannelKind.phone else "fax",
                        description=label,
                        languages=_languages(channel.languages, language, phone_id=phone_id),
                    )
                )
            elif channel.kind is ChannelKind.email:
                contacts.append(
                    HsdsContact(
                        id=hsds_id("contact", channel.id),
                        organization_id=organization_id,
                        name=label,
                        email=channel.value,
                    )
                )
        website = organisation.website or next(
            (
                _absolute(channel.value, self.base_url)
                for channel in organisation.contact_channels
                if channel.kind is ChannelKind.website
            ),
            None,
        )
        return HsdsOrganization(
            id=organization_id,
            name=name,
            alternate_name=organisation.short_name,
            description=_text(language, organisation.description, name),
            email=contacts[0].email if contacts else None,
            website=website,
            year_incorporated=organisation.founded,
            uri=self.page_url(organisation.slug),
            parent_organization_id=self.organisation_ids.get(organisation.parent)
            if organisation.parent
            else None,
            contacts=contacts,
            phones=phones,
            locations=self.locations(organisation, organization_id),
        )

    def taxonomy(self) -> HsdsTaxonomy:
        texts = _TEXTS[self.language]
        return HsdsTaxonomy(
            id=self.taxonomy_id,
            name=texts["taxonomy"],
            description=texts["taxonomy_description"],
            uri=f"{self.base_url}/api/v1/topics",
        )

    def term(self, topic: TopicRecord) -> HsdsTaxonomyTerm:
        name = pick(self.language, topic.name.de, topic.name.en)
        return HsdsTaxonomyTerm(
            id=hsds_id("taxonomy_term", topic.id),
            code=topic.slug,
            name=name,
            description=_text(self.language, topic.description, name),
            taxonomy=_TEXTS[self.language]["taxonomy"],
            taxonomy_id=self.taxonomy_id,
            language=self.language.value,
        )

    def build(self) -> HsdsDataset:
        language = self.language
        texts = _TEXTS[language]
        organizations = {item.slug: self.organization(item) for item in self.records.organisations}
        records = {item.slug: item for item in self.records.organisations}
        terms = {topic.slug: self.term(topic) for topic in self.records.topics}
        services: list[HsdsService] = []
        links: list[HsdsServiceAtLocation] = []
        for responsibility in self.records.responsibilities:
            if responsibility.role not in LEADING_ROLES:
                continue
            organization = organizations[responsibility.organisation]
            organisation = records[responsibility.organisation]
            term = terms[responsibility.topic]
            service_id = hsds_id("service", responsibility.id)
            area_name = texts["whole_state"]
            if responsibility.region:
                area_name = f"{texts['region']} {responsibility.region}"
            service_links = [
                HsdsServiceAtLocation(
                    id=hsds_id("service_at_location", responsibility.id, location.id),
                    service_id=service_id,
                    location_id=location.id,
                    description=f"{term.name}: {organization.name}",
                    location=location,
                )
                for location in organization.locations
            ]
            links.extend(service_links)
            services.append(
                HsdsService(
                    id=service_id,
                    organization_id=organization.id,
                    name=term.name,
                    alternate_name=f"{term.name} ({organization.alternate_name or organization.name})",
                    description=_text(language, responsibility.description, term.description),
                    url=organization.uri,
                    email=organization.email,
                    status="active",
                    assured_date=organisation.assured_at.date().isoformat()
                    if organisation.assured_at
                    else None,
                    service_areas=[
                        HsdsServiceArea(
                            id=hsds_id("service_area", responsibility.id),
                            service_id=service_id,
                            name=area_name,
                            description=_ROLES[language][responsibility.role.value],
                        )
                    ],
                    service_at_locations=service_links,
                    attributes=[
                        HsdsAttribute(
                            id=hsds_id("attribute", responsibility.id, term.id),
                            link_id=service_id,
                            taxonomy_term_id=term.id,
                            link_type="topic",
                            link_entity="service",
                            value=responsibility.role.value,
                            taxonomy_term=term,
                        )
                    ],
                    organization=organization,
                )
            )
        return HsdsDataset(
            version=HSDS_VERSION,
            profile=HSDS_PROFILE,
            organizations=list(organizations.values()),
            services=services,
            service_at_locations=links,
            taxonomies=[self.taxonomy()],
            taxonomy_terms=list(terms.values()),
        )


def hsds_dataset(records: DirectoryRecords, *, language: Language, base_url: str, today: date) -> HsdsDataset:
    """``records`` must hold public channels only: everything in them is published."""
    return _Mapper(records, language, base_url, today).build()
