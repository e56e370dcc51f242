"""A real ``kipni serve`` on a free port, over a seeded database, with partner clients.

Clients made by third-party generators, and the partner guide's examples, talk to this
server over HTTP exactly as a partner system would: nothing here reaches into the app.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.conftest import TEST_DATA_KEYS, TEST_JWT_SECRET
from tests.notification_helpers import free_port

ROOT = Path(__file__).resolve().parents[2]
KIPNI = Path(sys.executable).parent / "kipni"
READY_TIMEOUT_SECONDS = 60.0
PARTNER_SCOPES = ("referrals:submit", "referrals:read-own")


@dataclass(frozen=True)
class PartnerClient:
    client_id: str
    client_secret: str
    organisation: str


@dataclass(frozen=True)
class Served:
    base_url: str
    env: dict[str, str]
    partner: PartnerClient
    other_partner: PartnerClient

    @property
    def openapi_url(self) -> str:
        return f"{self.base_url}/api/v1/openapi.json"

    def kipni(self, *args: str, stdin: str | None = None) -> str:
        """Runs the ``kipni`` command on the served database; returns its standard output."""
        return run_kipni(self.env, *args, stdin=stdin)


def run_kipni(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        [str(KIPNI), *args], env=env, input=stdin, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, f"kipni {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def server_env(database_url: str, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "KIPNI_ENVIRONMENT": "test",
        "KIPNI_REQUIRE_SECOND_FACTOR_ROLES": "",
        "KIPNI_DATABASE_URL": database_url,
        "KIPNI_JWT_SECRET": TEST_JWT_SECRET,
        "KIPNI_DATA_KEYS": TEST_DATA_KEYS,
        "KIPNI_HOST": "127.0.0.1",
        "KIPNI_PORT": str(port),
        "KIPNI_PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "KIPNI_FRONTEND_DIST": "/nonexistent",
        "KIPNI_LOG_LEVEL": "WARNING",
        "KIPNI_ACCESS_LOG": "false",
        "KIPNI_WORKER_IN_PROCESS": "false",
    }


def create_partner(env: dict[str, str], name: str, organisation: str) -> PartnerClient:
    scopes = [argument for scope in PARTNER_SCOPES for argument in ("--scope", scope)]
    created = json.loads(
        run_kipni(env, "clients", "create", name, "--organisation", organisation, *scopes, "--json")
    )
    return PartnerClient(created["client_id"], created["client_secret"], created["organisation"])


def _wait_until_ready(process: subprocess.Popen[bytes], url: str) -> None:
    """Polls readiness (the database answers) until it says yes or the server exits."""
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    with httpx.Client(timeout=2.0) as http:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(f"kipni serve exited with code {process.returncode}")
            try:
                if http.get(url).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
    raise AssertionError(f"kipni serve was not ready at {url} within {READY_TIMEOUT_SECONDS} s")


class Server:
    """Migrates and seeds ``database_url``, then serves it until :meth:`stop`."""

    def __init__(self, database_url: str) -> None:
        self.port = free_port()
        self.env = server_env(database_url, self.port)
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> Served:
        run_kipni(self.env, "db", "upgrade")
        run_kipni(self.env, "seed")
        partner = create_partner(self.env, "Schulamt Hannover (test)", "mk")
        other = create_partner(self.env, "Justizvollzug (test)", "mj")
        self._process = subprocess.Popen([str(KIPNI), "serve"], env=self.env, stdout=subprocess.DEVNULL)
        base_url = f"http://127.0.0.1:{self.port}"
        try:
            _wait_until_ready(self._process, f"{base_url}/readyz")
        except BaseException:
            self.stop()
            raise
        return Served(base_url=base_url, env=self.env, partner=partner, other_partner=other)

    def stop(self) -> None:
        if self._process is None or self._process.poll() is not None:
            return
        self._process.send_signal(signal.SIGTERM)
        try:
            self._process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
