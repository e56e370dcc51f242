"""``kipni seed --demo``, ``kipni keys rotate`` and ``kipni purge`` on a real database."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from pydantic import SecretStr
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.config import Settings, get_settings
from api.core.crypto import FieldCipher
from api.core.db import create_engine, utcnow
from api.core.row_encryption import Sealer
from api.referrals.models import Referral, ReferralEvent
from tests.conftest import TEST_DATA_KEYS
from tests.db.test_cli import cli_scratch_database, kipni, scratch_database

NEWEST, OLDER = TEST_DATA_KEYS.split(",")

__all__ = ["cli_scratch_database", "scratch_database"]


async def _referrals(url: str) -> list[Referral]:
    engine = create_engine(Settings(database_url=url))
    try:
        async with AsyncSession(engine) as session:
            return list((await session.scalars(select(Referral))).all())
    finally:
        await engine.dispose()


def _use_keys(monkeypatch: pytest.MonkeyPatch, keys: str) -> None:
    monkeypatch.setenv("KIPNI_DATA_KEYS", keys)
    get_settings.cache_clear()


async def test_seed_demo_prints_the_accounts_once_and_adds_referrals(cli_scratch_database: str) -> None:
    first = await kipni("seed", "--demo", "--json")
    second = await kipni("seed", "--demo", "--json")

    accounts = json.loads(first.stdout)["demo_accounts"]
    assert {account["role"] for account in accounts} == {
        "partner",
        "coordinator",
        "case_worker",
        "editor",
        "admin",
    }
    assert all(account["password"] for account in accounts)
    assert all(account["password"] is None for account in json.loads(second.stdout)["demo_accounts"])
    assert json.loads(second.stdout)["demo_referrals"] == 0
    assert len(await _referrals(cli_scratch_database)) == 6


async def test_keys_rotate_moves_every_value_to_the_newest_key(
    cli_scratch_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _use_keys(monkeypatch, OLDER)
    await kipni("seed", "--demo")
    _use_keys(monkeypatch, f"{NEWEST},{OLDER}")

    result = await kipni("keys", "rotate", "--json")

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["re_encrypted"] > 0
    newest_only = Sealer(FieldCipher.from_settings(Settings(data_keys=SecretStr(NEWEST))))
    for referral in await _referrals(cli_scratch_database):
        assert newest_only.open("referrals", "concern_enc", referral.id, referral.concern_enc)
    again = await kipni("keys", "rotate", "--json")
    assert json.loads(again.stdout)["re_encrypted"] == 0


async def test_purge_erases_referrals_past_retention(cli_scratch_database: str) -> None:
    await kipni("seed", "--demo")
    engine = create_engine(Settings(database_url=cli_scratch_database))
    async with AsyncSession(engine) as session, session.begin():
        await session.execute(
            update(Referral)
            .where(Referral.status.in_(["closed", "rejected"]))
            .values(finished_at=utcnow() - timedelta(days=1000))
        )
    await engine.dispose()

    result = await kipni("purge", "--json")

    assert json.loads(result.stdout)["referrals_erased"] == 2
    referrals = await _referrals(cli_scratch_database)
    erased = [referral for referral in referrals if referral.erased_at is not None]
    assert {referral.status for referral in erased} == {"closed", "rejected"}
    assert all(referral.subject_enc is None and referral.contact_person_enc is None for referral in erased)
    assert all(referral.urgency and referral.created_at for referral in erased)
    engine = create_engine(Settings(database_url=cli_scratch_database))
    async with AsyncSession(engine) as session:
        notes = (
            await session.scalars(
                select(ReferralEvent.public_note_enc).where(
                    ReferralEvent.referral_id.in_([referral.id for referral in erased])
                )
            )
        ).all()
    await engine.dispose()
    assert notes
    assert all(note is None for note in notes)
