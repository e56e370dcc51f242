"""schema.org JSON-LD of an organisation: the data block the public page embeds.

``GET /api/v1/organisations/{slug}`` answers it to ``Accept: application/ld+json``. The
shape follows the SPA's ``organisationJsonLd`` (frontend/src/lib/jsonld.ts), so search
engines and API clients read the same facts: a ``GovernmentOrganization`` (or
``Organization``) with its ``PostalAddress``, ``ContactPoint``s and, where a channel has
opening hours, ``OpeningHoursSpecification``s.
"""

from __future__ import annotations

from typing import Any

from api.core.i18n import Language
from api.directory.models import ChannelKind, OrganisationKind, RelationKind
from api.directory.schemas import ContactChannelOut, OpeningHours, OrganisationOut, OrganisationRef

JSONLD = "application/ld+json"
GOVERNMENT = frozenset(
    {
        OrganisationKind.centre,
        OrganisationKind.ministry,
        OrganisationKind.police,
        OrganisationKind.intelligence_service,
        OrganisationKind.agency,
        OrganisationKind.municipality,
    }
)
_DAYS = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}
_CONTACT_KINDS = {ChannelKind.phone: "telephone", ChannelKind.email: "email", ChannelKind.fax: "faxNumber"}


def prefers_jsonld(accept: str | None) -> bool:
    """Whether ``Accept`` ranks ``application/ld+json`` above ``application/json``."""
    if not accept:
        return False
    ranks: dict[str, float] = {}
    for part in accept.split(",")[:20]:
        media, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranks[media.strip().lower()] = quality
    wanted = ranks.get(JSONLD, 0.0)
    return wanted > 0 and wanted >= ranks.get("application/json", 0.0)


def page_path(slug: str, language: Language) -> str:
    return f"/en/organisations/{slug}" if language is Language.en else f"/organisationen/{slug}"


def _hours(hours: OpeningHours) -> list[dict[str, Any]]:
    specifications: list[dict[str, Any]] = [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{_DAYS[span.day]}",
            "opens": span.opens,
            "closes": span.closes,
        }
        for span in hours.weekly
    ]
    for exception in hours.exceptions:
        day = exception.date.isoformat()
        spans = [] if exception.closed else exception.spans
        # schema.org marks a closed day as opening and closing at midnight.
        for opens, closes in spans or [("00:00", "00:00")]:
            specifications.append(
                {
                    "@type": "OpeningHoursSpecification",
                    "validFrom": day,
                    "validThrough": day,
                    "opens": opens,
                    "closes": closes,
                }
            )
    return specifications


def _contact_point(channel: ContactChannelOut, page_url: str) -> dict[str, Any]:
    point: dict[str, Any] = {"@type": "ContactPoint", "contactType": channel.label}
    if channel.kind is ChannelKind.web_form:
        point["url"] = _absolute(channel.value, page_url)
    else:
        point[_CONTACT_KINDS[channel.kind]] = channel.value
    if channel.languages:
        point["availableLanguage"] = channel.languages
    if channel.opening_hours:
        point["hoursAvailable"] = _hours(channel.opening_hours)
    return point


def _absolute(value: str, page_url: str) -> str:
    if not value.startswith("/"):
        return value
    scheme, _, rest = page_url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}{value}"


def organisation_jsonld(
    organisation: OrganisationOut, *, base_url: str, language: Language
) -> dict[str, Any]:
    base = base_url.rstrip("/")
    page_url = base + page_path(organisation.slug, language)

    def ref(other: OrganisationRef) -> dict[str, Any]:
        return {"@type": "Organization", "name": other.name, "url": base + page_path(other.slug, language)}

    def first(*kinds: ChannelKind) -> ContactChannelOut | None:
        return next((channel for channel in organisation.contact_channels if channel.kind in kinds), None)

    located = first(ChannelKind.visiting_address, ChannelKind.postal_address)
    address = located.address if located else None
    member_of = [
        ref(item.organisation) for item in organisation.relations if item.kind is RelationKind.member_of
    ]
    points = [
        _contact_point(channel, page_url)
        for channel in organisation.contact_channels
        if channel.kind is ChannelKind.web_form or (channel.kind in _CONTACT_KINDS and channel.opening_hours)
    ]
    document: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization" if organisation.kind in GOVERNMENT else "Organization",
        "@id": page_url,
        "name": organisation.name,
        "alternateName": organisation.short_name,
        "description": organisation.description,
        "url": organisation.website or page_url,
        "foundingDate": str(organisation.founded) if organisation.founded else None,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": address.street,
            "postalCode": address.postal_code,
            "addressLocality": address.city,
            "addressRegion": address.state,
            "addressCountry": address.country,
        }
        if address
        else None,
        "telephone": channel.value if (channel := first(ChannelKind.phone)) else None,
        "email": channel.value if (channel := first(ChannelKind.email)) else None,
        "faxNumber": channel.value if (channel := first(ChannelKind.fax)) else None,
        "contactPoint": points or None,
        "parentOrganization": ref(organisation.parent) if organisation.parent else None,
        "memberOf": member_of or None,
    }
    cleaned: dict[str, Any] = _without_empty(document)
    return cleaned


def _without_empty(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _without_empty(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_without_empty(item) for item in value]
    return value
