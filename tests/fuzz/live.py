"""The live server the Schemathesis runs attack, and the tokens they carry.

``kipni serve`` runs on a free loopback port over a fresh SQLite database with the demo
seed (an account for every role) and one API client, exactly as in production but for
the test keys. Readiness is a signal: ``/readyz`` answering 200 (the database answers).
"""

from __future__ import annotations

import contextlib
import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.faults.harness import (
    ApiProcess,
    DemoAccounts,
    free_port,
    kipni,
    prepare_database,
    service_environment,
    wait_for,
)

# Every role of a person, in the order the runs go: the admin last, because an admin may
# deactivate other accounts and API clients (which revokes their tokens).
PERSON_ROLES = ("partner", "case_worker", "coordinator", "editor", "admin")
CLIENT = "api_client"
CLIENT_ORGANISATION = "mk"
CLIENT_SCOPES = ("referrals:submit", "referrals:read-own", "directory:write")
READY_TIMEOUT = 60.0


@dataclass(frozen=True)
class ClientCredentials:
    client_id: str
    client_secret: str


@dataclass(frozen=True)
class LiveServer:
    base_url: str
    env: dict[str, str]
    accounts: DemoAccounts
    client: ClientCredentials
    log: Path

    @property
    def openapi_url(self) -> str:
        return f"{self.base_url}/api/v1/openapi.json"


class ReadyApi(ApiProcess):
    """``kipni serve`` that counts as started once ``/readyz`` says the database answers."""

    def _answers(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise AssertionError(f"the API exited with {self.process.returncode}:\n{self.output}")
        try:
            return httpx.get(f"{self.base_url}/readyz", timeout=1).status_code == 200
        except httpx.TransportError:
            return False


@contextlib.contextmanager
def live_server() -> Iterator[LiveServer]:
    """A migrated, demo-seeded database served on a free port until the block ends."""
    with tempfile.TemporaryDirectory(prefix="kipni-fuzz-server-") as folder:
        root = Path(folder)
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        env = service_environment(
            f"sqlite+aiosqlite:///{root / 'kipni.db'}",
            public_base_url=base_url,
            log_json="false",
            log_level="WARNING",
            access_log="false",
            worker_in_process="false",
        )
        accounts = prepare_database(env)
        scopes = [argument for scope in CLIENT_SCOPES for argument in ("--scope", scope)]
        created = json.loads(
            kipni(
                env,
                "clients",
                "create",
                "Fuzzing partner system",
                "--organisation",
                CLIENT_ORGANISATION,
                *scopes,
                "--json",
            )
        )
        api = ReadyApi(env, root / "api.log", port=port)
        api.start()
        try:
            wait_for(lambda: _ready(base_url), timeout=READY_TIMEOUT, what="the API to be ready")
            client = ClientCredentials(created["client_id"], created["client_secret"])
            yield LiveServer(base_url, api.env, accounts, client, root / "api.log")
        finally:
            api.stop()


def _ready(base_url: str) -> bool:
    try:
        return httpx.get(f"{base_url}/readyz", timeout=1).status_code == 200
    except httpx.TransportError:
        return False


def acquire_tokens(server: LiveServer, sessions: int) -> dict[str, list[str]]:
    """Access tokens for every principal: each person role signs in with its demo account
    (password grant), the API client with client credentials; ``sessions`` tokens each,
    from sessions of their own, so ending one session leaves the others working.

    The one place tokens are got: a sign-in step added later (a second factor) goes here.
    """
    tokens: dict[str, list[str]] = {}
    with httpx.Client(base_url=server.base_url, timeout=30) as http:
        for role in PERSON_ROLES:
            form = {
                "grant_type": "password",
                "username": server.accounts.emails[role],
                "password": server.accounts.passwords[role],
            }
            tokens[role] = [_token(http, form) for _ in range(sessions)]
        form = {
            "grant_type": "client_credentials",
            "client_id": server.client.client_id,
            "client_secret": server.client.client_secret,
        }
        tokens[CLIENT] = [_token(http, form) for _ in range(sessions)]
    return tokens


def _token(http: httpx.Client, form: dict[str, str]) -> str:
    response = http.post("/api/v1/auth/token", data=form)
    assert response.status_code == 200, f"sign-in as {form.get('username') or 'the client'}: {response.text}"
    return str(response.json()["access_token"])
