"""Enrolling a second factor and computing its codes from tests, through the real API."""

from __future__ import annotations

import time
from dataclasses import dataclass

from httpx import AsyncClient, Response

from api.accounts import totp
from tests.auth_helpers import TOKEN_URL, password_grant
from tests.factories import DEFAULT_PASSWORD

START = "/api/v1/auth/second-factor/start"
CONFIRM = "/api/v1/auth/second-factor/confirm"


def code_for(secret: str, steps_ahead: int = 0) -> str:
    """The code of the current time step (or one ahead: still within the allowed drift,
    and later than the step a previous code used)."""
    return totp.code_at(secret, totp.current_step(time.time()) + steps_ahead)


@dataclass(frozen=True)
class Enrolled:
    secret: str
    recovery_codes: list[str]
    confirming_code: str


async def enrol(client: AsyncClient, email: str, password: str = DEFAULT_PASSWORD) -> Enrolled:
    """Signs in with the password and enrols an authenticator app; the code that confirmed
    it is the current step's, so the next sign-in takes a later one (``steps_ahead=1``)."""
    headers = {"Authorization": f"Bearer {(await password_grant(client, email, password))['access_token']}"}
    started = await client.post(START, headers=headers)
    assert started.status_code == 200, started.text
    secret = started.json()["secret"]
    code = code_for(secret)
    confirmed = await client.post(CONFIRM, json={"code": code}, headers=headers)
    assert confirmed.status_code == 200, confirmed.text
    return Enrolled(secret, confirmed.json()["recovery_codes"], code)


async def sign_in(
    client: AsyncClient, email: str, otp: str | None = None, password: str = DEFAULT_PASSWORD
) -> Response:
    form = {"grant_type": "password", "username": email, "password": password}
    if otp is not None:
        form["otp"] = otp
    return await client.post(TOKEN_URL, data=form)


def wrong_code(secret: str) -> str:
    """Six digits that are no code of the steps around now."""
    valid = {code_for(secret, offset) for offset in range(-2, 3)}
    return next(code for code in (f"{number:06d}" for number in range(1_000_000)) if code not in valid)
