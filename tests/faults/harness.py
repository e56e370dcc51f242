"""Real processes for the fault tests: a PostgreSQL cluster of our own that a test may
stop, the API (`kipni serve`) and the outbox worker (`kipni worker`) that a test may kill.

Every wait here is for a signal (a port that answers, a row, a line) within a bound;
nothing sleeps for a fixed time to let something happen.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx

from tests.conftest import TEST_AUDIT_KEYS, TEST_DATA_KEYS, TEST_JWT_SECRET

T = TypeVar("T")

BIN = Path(sys.executable).parent
KIPNI = str(BIN / "kipni")
START_TIMEOUT = 60.0
POLL = 0.05


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(condition: Callable[[], T | None], *, timeout: float, what: str) -> T:
    """Polls ``condition`` until it returns something truthy; fails after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(POLL)


async def await_for(
    condition: Callable[[], Awaitable[T | None]], *, timeout: float, what: str | Callable[[], str]
) -> T:
    """``wait_for`` for asynchronous conditions; ``what`` may describe the state reached."""
    deadline = time.monotonic() + timeout
    while True:
        result = await condition()
        if result:
            return result
        if time.monotonic() > deadline:
            described = what if isinstance(what, str) else what()
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {described}")
        await asyncio.sleep(POLL)


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _postgres_bin() -> Path:
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]), reverse=True
    )
    if not candidates:
        raise AssertionError("Debian's PostgreSQL server (initdb, pg_ctl) is not installed")
    return candidates[0].parent


def _as_postgres_user(command: list[str]) -> list[str]:
    """initdb and the server refuse to run as root; the tests may run as root."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


class PostgresCluster:
    """A PostgreSQL cluster in a temporary folder, on a free loopback port, trust auth."""

    def __init__(self) -> None:
        self.bin = _postgres_bin()
        self.root = Path(tempfile.mkdtemp(prefix="kipni-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.log = self.root / "server.log"
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.root, owner.pw_uid, owner.pw_gid)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> None:
        subprocess.run(
            _as_postgres_user([str(self.bin / args[0]), *args[1:]]), check=True, capture_output=True
        )

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "60", "start"
        )

    def stop(self) -> None:
        """Fast shutdown: open connections are cut, as when a database server goes away."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")

    def create_database(self, name: str) -> str:
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)
        return self.url(name)

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


@contextlib.contextmanager
def postgres_cluster() -> Iterator[PostgresCluster]:
    cluster = PostgresCluster()
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()


def service_environment(database_url: str, **settings: str) -> dict[str, str]:
    """The environment of a `kipni` process: the test's settings and nothing inherited."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("KIPNI_")}
    env.update(
        KIPNI_ENVIRONMENT="test",
        KIPNI_REQUIRE_SECOND_FACTOR_ROLES="",
        KIPNI_DATABASE_URL=database_url,
        KIPNI_JWT_SECRET=TEST_JWT_SECRET,
        KIPNI_DATA_KEYS=TEST_DATA_KEYS,
        KIPNI_AUDIT_KEYS=TEST_AUDIT_KEYS,
        KIPNI_FRONTEND_DIST="/nonexistent",
        KIPNI_PUBLIC_BASE_URL="https://kipni.example",
        KIPNI_DATABASE_TIMEOUT_SECONDS="2",
        KIPNI_DIRECTORY_VERSION_POLL_SECONDS="0",
        KIPNI_LOG_JSON="true",
        KIPNI_OUTBOX_BACKOFF_SECONDS="1",
        KIPNI_WORKER_POLL_SECONDS="0.2",
        KIPNI_WEBHOOKS_ALLOW_LOOPBACK="true",
        KIPNI_MESSAGE_NOTICE_BATCH_SECONDS="1",
        KIPNI_SMTP_PORT=str(free_port()),
    )
    env.update({f"KIPNI_{name.upper()}": value for name, value in settings.items()})
    return env


def kipni(env: Mapping[str, str], *args: str, stdin: str | None = None) -> str:
    """Runs one `kipni` command to its end; its standard output."""
    done = subprocess.run(
        [KIPNI, *args], env=dict(env), input=stdin, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, f"kipni {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@dataclass
class DemoAccounts:
    passwords: dict[str, str]  # role -> password
    emails: dict[str, str]  # role -> e-mail

    @classmethod
    def parse(cls, seed_output: str) -> DemoAccounts:
        accounts = json.loads(seed_output)["demo_accounts"]
        by_role: dict[str, dict[str, Any]] = {}
        for account in accounts:
            by_role.setdefault(account["role"], account)
        return cls(
            passwords={role: str(a["password"]) for role, a in by_role.items()},
            emails={role: str(a["email"]) for role, a in by_role.items()},
        )


def prepare_database(env: Mapping[str, str]) -> DemoAccounts:
    """Migrates the database and loads the network's facts and the demo accounts."""
    kipni(env, "db", "upgrade")
    return DemoAccounts.parse(kipni(env, "seed", "--demo", "--json"))


@dataclass
class KipniProcess:
    """A long-running `kipni` command whose output goes to a file."""

    args: list[str]
    env: dict[str, str]
    log_path: Path
    process: subprocess.Popen[bytes] | None = field(default=None, init=False)

    def start(self) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [KIPNI, *self.args], env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL: no clean-up, no goodbye, as when the machine loses power."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    @property
    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def log_lines(self) -> list[dict[str, Any]]:
        lines = []
        for line in self.output.splitlines():
            with contextlib.suppress(ValueError):
                value = json.loads(line)
                if isinstance(value, dict):
                    lines.append(value)
        return lines


class ApiProcess(KipniProcess):
    """`kipni serve` on a free port."""

    def __init__(self, env: Mapping[str, str], log_path: Path, port: int | None = None) -> None:
        self.port = port or free_port()
        super().__init__(
            ["serve"], {**env, "KIPNI_HOST": "127.0.0.1", "KIPNI_PORT": str(self.port)}, log_path
        )

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        super().start()
        wait_for(self._answers, timeout=START_TIMEOUT, what=f"the API on port {self.port}")

    def _answers(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise AssertionError(f"the API exited with {self.process.returncode}:\n{self.output}")
        try:
            return httpx.get(f"{self.base_url}/healthz", timeout=1).status_code == 200
        except httpx.TransportError:
            return False


class WorkerProcess(KipniProcess):
    """`kipni worker`, delivering the outbox."""

    def __init__(self, env: Mapping[str, str], log_path: Path) -> None:
        super().__init__(["worker"], dict(env), log_path)

    def start(self) -> None:
        before = self.output.count("worker_ready")
        super().start()
        wait_for(lambda: self._started(before), timeout=START_TIMEOUT, what="the worker to start")

    def _started(self, before: int) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise AssertionError(f"the worker exited with {self.process.returncode}:\n{self.output}")
        return self.output.count("worker_ready") > before


@contextlib.contextmanager
def running(*processes: KipniProcess) -> Iterator[None]:
    """Starts the processes; stops every one of them, whatever happens."""
    try:
        for process in processes:
            process.start()
        yield
    finally:
        for process in processes:
            process.stop()


async def sign_in(client: httpx.AsyncClient, email: str, password: str) -> dict[str, str]:
    response = await client.post(
        "/api/v1/auth/token", data={"grant_type": "password", "username": email, "password": password}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}
