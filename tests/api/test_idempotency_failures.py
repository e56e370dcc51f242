"""A submission that fails half-way, because its database went away, leaves its
``Idempotency-Key`` free at once: the client's retry with the same key is stored, not
answered "still in progress" until some timeout runs out."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.db import Database
from api.referrals import service
from tests.auth_helpers import bearer_for
from tests.factories import make_user
from tests.referral_helpers import submit


@pytest.fixture
async def partner(client: AsyncClient, session: AsyncSession) -> dict[str, str]:
    return await bearer_for(client, (await make_user(session, role="partner", organisation="mk")).email)


async def test_a_submission_cut_off_by_a_lost_database_leaves_its_key_free(
    app: FastAPI, client: AsyncClient, partner: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    database: Database = app.state.database
    sessionmaker = database.sessionmaker
    original_rows = service.referral_rows

    def database_gone() -> Any:
        raise OperationalError("connect", {}, ConnectionRefusedError("the database is gone"))

    def cut_off_create(*args: Any, **kwargs: Any) -> Any:
        # The key is claimed; now the database goes away: this work fails, and so does
        # every new connection until the request has answered.
        monkeypatch.setattr(database, "sessionmaker", database_gone)
        raise OperationalError("INSERT", {}, ConnectionResetError("server closed the connection"))

    monkeypatch.setattr(service, "referral_rows", cut_off_create)
    cut_off = await submit(client, partner, key="lost-database-1")
    monkeypatch.setattr(database, "sessionmaker", sessionmaker)  # the database is back
    monkeypatch.setattr(service, "referral_rows", original_rows)
    retried = await submit(client, partner, key="lost-database-1")

    assert cut_off.status_code == 503
    assert retried.status_code == 201, retried.text
    assert "idempotent-replayed" not in retried.headers
