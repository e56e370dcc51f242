"""Schemathesis against the live server: the OpenAPI document is exact for every caller.

Each run covers operations of ``/api/v1/openapi.json`` with every check and the phases
examples, coverage, fuzzing and stateful (``schemathesis.toml`` at the repository root),
as one principal: nobody, each role's demo account, and an API client. A run passes
when Schemathesis exits 0; its failure summary is the assertion message.

The operations that end sessions (``/auth/token``, ``/auth/refresh``, ``/auth/logout``
and setting a user's password) run as each principal in a run of their own, with a token
of a session of its own, so a logout or a reset in them never revokes the token the rest
runs with. Together the two runs of a principal cover every operation. The admin runs on a
server of its own: deactivating accounts and API clients revokes their tokens, which would
make what the other runs see depend on the order the runs take. All runs happen in one
module fixture, a few at once; each test then reads the outcome of its run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.fuzz.live import CLIENT, PERSON_ROLES, LiveServer, acquire_tokens, live_server

ROOT = Path(__file__).resolve().parents[2]
ST = str(Path(sys.executable).parent / "st")
CONFIG = ROOT / "schemathesis.toml"
ANONYMOUS = "anonymous"
PRINCIPALS = (ANONYMOUS, *PERSON_ROLES, CLIENT)
# The operations after which a session's token may stop working.
SESSION_OPERATIONS = r"^/api/v1/(auth/(token|refresh|logout)|users/\{user_id\}/password)$"
RUN_TIMEOUT = 900
SUMMARY_CHARACTERS = 30_000
# Runs under way at once; each mostly waits for the server, and 2 cores are the target.
PARALLEL_RUNS = 4


@dataclass(frozen=True)
class Target:
    server: LiveServer
    tokens: dict[str, list[str]]


@pytest.fixture(scope="module")
def shared() -> Iterator[Target]:
    with live_server() as server:
        yield Target(server, acquire_tokens(server, sessions=2))


@pytest.fixture(scope="module")
def admins_own() -> Iterator[Target]:
    with live_server() as server:
        yield Target(server, acquire_tokens(server, sessions=2))


@dataclass(frozen=True)
class Run:
    """One ``st run``: as whom, on which server, with which of its sessions, on what."""

    principal: str
    session: int
    selection: tuple[str, ...]


MAIN = ("--exclude-path-regex", SESSION_OPERATIONS)
SESSIONS = ("--include-path-regex", SESSION_OPERATIONS)
RUNS = [Run(principal, 0, MAIN) for principal in PRINCIPALS] + [
    Run(principal, 1, SESSIONS) for principal in PRINCIPALS
]


@dataclass(frozen=True)
class Outcome:
    code: int
    summary: str


def schemathesis(target: Target, run: Run) -> Outcome:
    """Runs ``st run`` as ``run.principal``; its exit status and what it found."""
    headers: list[str] = []
    if run.principal != ANONYMOUS:
        headers = ["--header", f"Authorization: Bearer {target.tokens[run.principal][run.session]}"]
    with tempfile.TemporaryDirectory(prefix=f"kipni-fuzz-{run.principal}-") as output:
        env = {**os.environ, "KIPNI_FUZZ_OUTPUT": output, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
        done = subprocess.run(
            [
                ST,
                "--config-file",
                str(CONFIG),
                "run",
                target.server.openapi_url,
                "--no-color",
                *headers,
                *run.selection,
            ],
            cwd=output,
            env=env,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
            check=False,
        )
    return Outcome(done.returncode, failure_summary(done.stdout + done.stderr))


def failure_summary(output: str) -> str:
    """The failures with their reproductions, then the summary; the rest is progress."""
    start = output.find("= FAILURES =")
    text = output[output.rfind("\n", 0, start) + 1 :] if start >= 0 else output
    return (
        text if len(text) <= SUMMARY_CHARACTERS else text[:SUMMARY_CHARACTERS] + "\n[...]\n" + output[-4000:]
    )


@pytest.fixture(scope="module")
def outcomes(shared: Target, admins_own: Target) -> dict[Run, Outcome]:
    """Every run, a few at a time (most of a run's time is waiting for the server). The
    admin's session run comes after the admin's other run: setting the admin's own
    password there ends every session of the admin, the other run's too."""
    last = Run("admin", 1, SESSIONS)
    with ThreadPoolExecutor(max_workers=PARALLEL_RUNS) as pool:
        futures = {
            run: pool.submit(schemathesis, admins_own if run.principal == "admin" else shared, run)
            for run in RUNS
            if run != last
        }
        futures[Run("admin", 0, MAIN)].result()
        futures[last] = pool.submit(schemathesis, admins_own, last)
        return {run: future.result() for run, future in futures.items()}


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_every_operation_answers_as_documented(principal: str, outcomes: dict[Run, Outcome]) -> None:
    outcome = outcomes[Run(principal, 0, MAIN)]

    assert outcome.code == 0, f"Schemathesis as {principal} found failures:\n{outcome.summary}"


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_the_session_operations_answer_as_documented(principal: str, outcomes: dict[Run, Outcome]) -> None:
    outcome = outcomes[Run(principal, 1, SESSIONS)]

    assert outcome.code == 0, (
        f"Schemathesis as {principal} on the session operations found failures:\n{outcome.summary}"
    )
