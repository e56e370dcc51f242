"""Key rotation reaches every encrypted column of every domain."""

from __future__ import annotations

from httpx import AsyncClient
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api import keys
from api.core.config import Settings
from api.core.crypto import FieldCipher
from api.core.row_encryption import Sealer
from tests.auth_helpers import bearer_for
from tests.factories import make_user
from tests.referral_helpers import REFERRALS, submit


async def test_every_encrypted_value_moves_to_the_newest_key(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    newest, older = settings.data_keys.get_secret_value().split(",")
    app = client._transport.app  # type: ignore[attr-defined]
    app.state.sealer = Sealer(
        FieldCipher.from_settings(settings.model_copy(update={"data_keys": SecretStr(older)}))
    )
    await make_user(session, role="editor", organisation="kip-ni")
    partner = await bearer_for(client, (await make_user(session, role="partner", organisation="mk")).email)
    coordinator = await bearer_for(
        client, (await make_user(session, role="coordinator", organisation="lka-ni")).email
    )
    referral_id = (await submit(client, partner)).json()["id"]
    await client.post(
        f"{REFERRALS}/{referral_id}/transitions", json={"to": "in_triage", "note": "n"}, headers=coordinator
    )
    message = await client.post(
        "/api/v1/organisations/kip-ni/messages",
        json={
            "subject": "Frage",
            "text": "Hallo",
            "privacy_consent": True,
            "name": "A",
            "reply_to": "a@example.org",
        },
    )
    assert message.status_code == 202
    assert await keys.count_stale(session, "t2") > 0

    both = Sealer(FieldCipher.from_settings(settings))
    while await keys.rotate_batch(session, both, batch=3):
        pass

    assert await keys.count_stale(session, "t2") == 0
    for model, columns in keys.ENCRYPTED_COLUMNS:
        for row in (await session.scalars(select(model))).all():
            for name in columns:
                value = getattr(row, name)
                assert value is None or value.startswith("v1.t2."), (model.__tablename__, name)
    assert newest.startswith("t2:")
