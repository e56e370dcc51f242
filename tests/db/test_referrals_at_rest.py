"""Personal data at rest: encrypted, bound to its row, rotatable, erasable."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from httpx import AsyncClient
from pydantic import SecretStr
from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from api import keys
from api.core.config import Settings
from api.core.crypto import DecryptionError, FieldCipher
from api.core.db import utcnow
from api.core.row_encryption import Sealer
from api.referrals import service
from api.referrals.models import Referral
from tests.auth_helpers import bearer_for
from tests.factories import make_user
from tests.referral_helpers import REFERRALS, referral_body, submit

PERSONAL_VALUES = (
    "Falke-17",
    "Hasspredigers",
    "Frau Schulsozialarbeit",
    "sozial@schule.example",
    "propaganda",
)


async def _raw_dump(session: AsyncSession) -> str:
    referrals = (await session.execute(text("SELECT * FROM referrals"))).all()
    events = (await session.execute(text("SELECT * FROM referral_events"))).all()
    audit = (await session.execute(text("SELECT * FROM audit_events"))).all()
    idempotency = (await session.execute(text("SELECT * FROM idempotency_records"))).all()
    return repr(referrals) + repr(events) + repr(audit) + repr(idempotency)


@pytest.fixture
async def staff(client: AsyncClient, session: AsyncSession) -> dict[str, dict[str, str]]:
    return {
        "partner": await bearer_for(
            client, (await make_user(session, role="partner", organisation="mk")).email
        ),
        "coordinator": await bearer_for(
            client, (await make_user(session, role="coordinator", organisation="lka-ni")).email
        ),
        "admin": await bearer_for(client, (await make_user(session, role="admin")).email),
    }


async def test_no_personal_value_is_stored_in_plain_text(
    client: AsyncClient, session: AsyncSession, staff: dict[str, dict[str, str]]
) -> None:
    referral_id = (await submit(client, staff["partner"])).json()["id"]
    await client.post(
        f"{REFERRALS}/{referral_id}/transitions",
        json={"to": "in_triage", "note": "Notiz über Falke-17"},
        headers=staff["coordinator"],
    )
    await client.get(f"{REFERRALS}/{referral_id}", headers=staff["coordinator"])

    dump = await _raw_dump(session)

    assert referral_id.replace("-", "") in dump.replace("-", "")
    for value in PERSONAL_VALUES:
        assert value not in dump


async def test_a_ciphertext_swapped_between_two_rows_fails_to_decrypt(
    client: AsyncClient, session: AsyncSession, staff: dict[str, dict[str, str]]
) -> None:
    first = (await submit(client, staff["partner"])).json()["id"]
    second = (await submit(client, staff["partner"], referral_body(concern="Zweiter Fall"))).json()["id"]
    rows = {row.id: row for row in (await session.scalars(select(Referral))).all()}
    first_row = next(row for row in rows.values() if str(row.id) == first)
    second_row = next(row for row in rows.values() if str(row.id) == second)
    sealer: Sealer = client._transport.app.state.sealer  # type: ignore[attr-defined]

    with pytest.raises(DecryptionError):
        sealer.open("referrals", "concern_enc", second_row.id, first_row.concern_enc)
    assert sealer.open("referrals", "concern_enc", second_row.id, second_row.concern_enc) == "Zweiter Fall"


async def test_after_rotation_and_removal_of_the_old_key_every_referral_reads(
    client: AsyncClient, session: AsyncSession, settings: Settings, staff: dict[str, dict[str, str]]
) -> None:
    old_only = Sealer(
        FieldCipher.from_settings(settings.model_copy(update={"data_keys": SecretStr(_older_key(settings))}))
    )
    app = client._transport.app  # type: ignore[attr-defined]
    app.state.sealer = old_only
    referral_id = (await submit(client, staff["partner"])).json()["id"]
    await client.post(
        f"{REFERRALS}/{referral_id}/transitions",
        json={"to": "in_triage", "note": "alt"},
        headers=staff["coordinator"],
    )

    both = Sealer(FieldCipher.from_settings(settings))
    while await keys.rotate_batch(session, both, batch=2):
        pass
    app.state.sealer = Sealer(
        FieldCipher.from_settings(settings.model_copy(update={"data_keys": SecretStr(_newest_key(settings))}))
    )
    body = (await client.get(f"{REFERRALS}/{referral_id}", headers=staff["coordinator"])).json()
    history = (await client.get(f"{REFERRALS}/{referral_id}/history", headers=staff["coordinator"])).json()

    assert body["details"]["subject"]["pseudonym"] == "Falke-17"
    assert history[-1]["note"] == "alt"


def _older_key(settings: Settings) -> str:
    return settings.data_keys.get_secret_value().split(",")[1]


def _newest_key(settings: Settings) -> str:
    return settings.data_keys.get_secret_value().split(",")[0]


async def test_purge_erases_expired_referrals_and_keeps_the_statistics(
    client: AsyncClient, session: AsyncSession, staff: dict[str, dict[str, str]]
) -> None:
    old = (await submit(client, staff["partner"])).json()["id"]
    recent = (await submit(client, staff["partner"])).json()["id"]
    for referral_id in (old, recent):
        await client.post(
            f"{REFERRALS}/{referral_id}/transitions",
            json={"to": "rejected", "public_note": "nein"},
            headers=staff["coordinator"],
        )
    await session.execute(
        update(Referral)
        .where(Referral.id == uuid.UUID(old))
        .values(finished_at=utcnow() - timedelta(days=800))
    )

    erased = await service.purge_expired(session, retention_days=730)

    assert erased >= 1
    rows = {str(row.id): row for row in (await session.scalars(select(Referral))).all()}
    assert rows[old].subject_enc is None
    assert rows[old].concern_enc is None
    assert rows[old].erased_at is not None
    assert (rows[old].status, rows[old].urgency) == ("rejected", "routine")
    assert rows[recent].subject_enc is not None
    coordinator_view = (await client.get(f"{REFERRALS}/{old}", headers=staff["coordinator"])).json()
    assert coordinator_view["details"]["erased"] is True
    assert coordinator_view["details"]["subject"] is None


async def test_an_admin_erases_one_referral_on_request(
    client: AsyncClient, session: AsyncSession, staff: dict[str, dict[str, str]]
) -> None:
    referral_id = (await submit(client, staff["partner"])).json()["id"]

    denied = await client.post(f"{REFERRALS}/{referral_id}/erase", headers=staff["coordinator"])
    erased = await client.post(f"{REFERRALS}/{referral_id}/erase", headers=staff["admin"])

    assert denied.status_code == 403
    assert erased.status_code == 204
    dump = await _raw_dump(session)
    assert "Falke-17" not in dump
