"""Building referral requests in tests."""

from __future__ import annotations

import uuid
from typing import Any

from httpx import AsyncClient, Response

REFERRALS = "/api/v1/referrals"


def referral_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "subject": {"pseudonym": "Falke-17", "birth_year": 2009, "gender": "male", "municipality": "Celle"},
        "concern": "Teilt seit Wochen Videos eines bekannten Hasspredigers in der Klassengruppe.",
        "indicators": ["propaganda_distribution", "social_withdrawal"],
        "urgency": "routine",
        "consent": {"person_informed": True, "consent_given": True, "legal_basis": "Einwilligung"},
        "contact_person": {
            "name": "Frau Schulsozialarbeit",
            "phone": "+49 5141 000",
            "email": "sozial@schule.example",
        },
        "preferred_programme": None,
    }
    body.update(overrides)
    return body


async def submit(
    client: AsyncClient, headers: dict[str, str], body: dict[str, Any] | None = None, key: str | None = None
) -> Response:
    return await client.post(
        REFERRALS,
        json=body or referral_body(),
        headers={**headers, "Idempotency-Key": key or uuid.uuid4().hex},
    )
