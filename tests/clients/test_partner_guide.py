"""The partner guide (docs/partner-guide.md) does what it says.

Its shell examples run in order, as one shell session, against a real server; its Python
signature check runs against signatures the service makes. An example that goes stale
fails here.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pytest

from api.notifications.signing import signature_header
from tests.clients.served import ROOT, Served

GUIDE = ROOT / "docs" / "partner-guide.md"
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.DOTALL | re.MULTILINE)
MARKER = "--- kipni guide section {} ---"


@dataclass(frozen=True)
class Example:
    section: str
    language: str
    code: str


def examples() -> list[Example]:
    """The guide's code blocks, each with the number of the section it stands in."""
    text = GUIDE.read_text()
    found = []
    for match in BLOCK.finditer(text):
        headings = re.findall(r"^## (\d+)\.", text[: match.start()], re.MULTILINE)
        found.append(Example(headings[-1] if headings else "0", match.group(1), match.group(2)))
    return found


@dataclass(frozen=True)
class GuideRun:
    returncode: int
    output: str
    workdir: Path

    def section(self, number: str) -> str:
        """What the examples of one section printed."""
        parts = self.output.split(MARKER.format(number) + "\n")[1:]
        return "".join(part.split("--- kipni guide section")[0] for part in parts)

    def json(self, name: str) -> Any:
        return json.loads((self.workdir / name).read_text())


@pytest.fixture(scope="module")
def guide_run(served: Served, tmp_path_factory: pytest.TempPathFactory) -> GuideRun:
    workdir = tmp_path_factory.mktemp("partner-guide")
    script = ["set -euo pipefail"]
    for example in examples():
        if example.language == "sh":
            script += [f"echo '{MARKER.format(example.section)}'", example.code]
    env = {
        **served.env,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "KIPNI": served.base_url,
        "ORGANISATION": "mk",
    }
    done = subprocess.run(
        ["bash", "-c", "\n".join(script)],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return GuideRun(done.returncode, done.stdout + done.stderr, workdir)


@pytest.fixture(scope="module")
def verify() -> Callable[[str, str, bytes], bool]:
    blocks = [example for example in examples() if example.language == "python"]
    assert len(blocks) == 1, "the guide shows one Python example, the signature check"
    namespace: dict[str, Any] = {}
    exec(compile(blocks[0].code, str(GUIDE), "exec"), namespace)
    return cast(Callable[[str, str, bytes], bool], namespace["verify_kipni_signature"])


def test_the_guide_has_an_example_for_every_step() -> None:
    sections = {example.section for example in examples() if example.language == "sh"}

    assert sections >= {"1", "2", "3", "4", "5"}


def test_every_shell_example_runs(guide_run: GuideRun) -> None:
    assert guide_run.returncode == 0, guide_run.output


def test_the_test_client_gets_a_token_with_both_partner_scopes(guide_run: GuideRun) -> None:
    assert guide_run.json("client.json")["scopes"] == ["referrals:read-own", "referrals:submit"]
    assert re.search(
        r"^Bearer token for referrals:read-own referrals:submit, \d+ s$", guide_run.section("2"), re.M
    )


def test_the_submission_answers_with_a_reference(guide_run: GuideRun) -> None:
    receipt = guide_run.json("receipt.json")

    assert re.fullmatch(r"KIP-\d{4}-\d{6}", receipt["reference"])
    assert f"{receipt['reference']} received" in guide_run.section("3")
    assert re.search(
        r"^location: /api/v1/referrals/", (guide_run.workdir / "receipt.headers").read_text(), re.I | re.M
    )


def test_the_retry_with_the_same_key_is_a_replay(guide_run: GuideRun) -> None:
    assert re.search(r"^idempotent-replayed: true", guide_run.section("3"), re.I | re.M)
    assert guide_run.json("replay.json") == guide_run.json("receipt.json")


def test_following_the_status_shows_the_coarse_status_and_its_history(guide_run: GuideRun) -> None:
    reference = guide_run.json("receipt.json")["reference"]
    lines = guide_run.section("4").splitlines()

    assert lines[0] == f"{reference}: received"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\S+ received", lines[1])


def test_a_validation_error_is_a_problem_with_its_errors(guide_run: GuideRun) -> None:
    lines = guide_run.section("5").splitlines()

    assert lines[0] == "422 application/problem+json"
    assert lines[1] == "/problems/validation-error"
    assert any(line.startswith("body.subject.municipality: ") for line in lines)
    assert any(line.startswith("body.concern: ") for line in lines)


def test_a_referral_one_may_not_see_is_not_found(guide_run: GuideRun) -> None:
    assert guide_run.section("5").splitlines()[-2:] == ["404", "Not found"]


def test_the_signature_check_accepts_what_the_service_signs(
    verify: Callable[[str, str, bytes], bool],
) -> None:
    body = b'{"event": "referral.status_changed"}'

    assert verify("whsec-test", signature_header("whsec-test", body, int(time.time())), body)


def test_the_signature_check_refuses_a_changed_body(verify: Callable[[str, str, bytes], bool]) -> None:
    header = signature_header("whsec-test", b'{"status": "received"}', int(time.time()))

    assert not verify("whsec-test", header, b'{"status": "closed"}')


def test_the_signature_check_refuses_an_old_delivery(verify: Callable[[str, str, bytes], bool]) -> None:
    body = b"{}"

    assert not verify("whsec-test", signature_header("whsec-test", body, int(time.time()) - 3600), body)


def test_the_signature_check_refuses_another_secret(verify: Callable[[str, str, bytes], bool]) -> None:
    body = b"{}"

    assert not verify("whsec-test", signature_header("another", body, int(time.time())), body)
