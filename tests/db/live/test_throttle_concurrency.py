"""A burst of parallel wrong passwords gets no more guesses than a sequence would."""

from __future__ import annotations

import asyncio
import uuid

from httpx import ASGITransport, AsyncClient
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from api.core.config import Settings
from api.core.db import Database
from api.main import create_app
from tests.auth_helpers import TOKEN_URL
from tests.factories import make_user


async def test_parallel_wrong_passwords_get_at_most_five_answers_before_429(
    settings: Settings, engine: AsyncEngine
) -> None:
    async with AsyncSession(engine) as session, session.begin():
        email = (await make_user(session, email=f"{uuid.uuid4().hex}@example.org")).email
    app = create_app(settings, Database(engine))
    address = (f"198.51.100.{uuid.uuid4().int % 250 + 1}", 4000)
    async with AsyncClient(
        transport=ASGITransport(app=app, client=address), base_url="http://testserver"
    ) as client:
        answers = await asyncio.gather(
            *(
                client.post(
                    TOKEN_URL,
                    data={"grant_type": "password", "username": email, "password": "wrong password!"},
                )
                for _ in range(12)
            )
        )

    statuses = sorted(answer.status_code for answer in answers)
    assert statuses.count(400) == 5
    assert statuses.count(429) == 7
