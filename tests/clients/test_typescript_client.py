"""A TypeScript client made by @hey-api/openapi-ts from the served document works as it is.

The partner flow (``typescript/partner-flow.test.ts``) is compiled under ``strict`` with
the generated code and run by node's test runner against the real server.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.clients.generators import (
    NODE_BIN,
    TYPESCRIPT_PROJECT,
    Generated,
    generate_typescript,
    node,
    tsc,
    typescript_warnings,
)
from tests.clients.served import Served

FLOW = TYPESCRIPT_PROJECT / "partner-flow.test.ts"


@dataclass(frozen=True)
class TypeScriptBuild:
    generated: Generated
    project: Path


def _project(root: Path) -> Path:
    """A compile root beside the generated code, extending the checked-in tsconfig."""
    shutil.copy(FLOW, root / FLOW.name)
    config = {
        "extends": str(TYPESCRIPT_PROJECT / "tsconfig.json"),
        "compilerOptions": {
            "typeRoots": [str(TYPESCRIPT_PROJECT / "node_modules" / "@types")],
            "outDir": "dist",
            "noEmitOnError": True,
        },
        "include": [FLOW.name, "generated/**/*.ts"],
    }
    (root / "tsconfig.json").write_text(json.dumps(config, indent=2))
    (root / "package.json").write_text(json.dumps({"type": "module", "private": True}))
    return root


@pytest.fixture(scope="module")
def typescript_build(served: Served, tmp_path_factory: pytest.TempPathFactory) -> TypeScriptBuild:
    assert (NODE_BIN / "openapi-ts").exists(), "run `make test` (npm ci in tests/clients/typescript) first"
    root = tmp_path_factory.mktemp("typescript-client")
    generated = generate_typescript(served.openapi_url, root / "generated")
    return TypeScriptBuild(generated=generated, project=_project(root))


def test_the_generator_reports_no_warning(typescript_build: TypeScriptBuild) -> None:
    assert typescript_warnings(typescript_build.generated.output) == []
    assert (typescript_build.generated.path / "sdk.gen.ts").exists()


def test_the_generated_client_and_the_flow_compile_under_strict(typescript_build: TypeScriptBuild) -> None:
    output = tsc("--noEmit", "-p", "tsconfig.json", cwd=typescript_build.project)

    assert output.strip() == ""


def test_the_partner_flow_needs_no_cast() -> None:
    source = FLOW.read_text()
    code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("//"))

    assert re.findall(r"\bas\s+(?!const\b)[A-Za-z{(\[]", code) == []
    assert re.findall(r"[\w)\]]!(?!=)", code) == []
    assert re.findall(r"\bany\b|@ts-|<unknown>", code) == []


def test_the_partner_flow_runs_against_the_server(served: Served, typescript_build: TypeScriptBuild) -> None:
    tsc("-p", "tsconfig.json", cwd=typescript_build.project)
    (typescript_build.project / "dist" / "package.json").write_text(json.dumps({"type": "module"}))
    env = {
        "KIPNI_BASE_URL": served.base_url,
        "KIPNI_CLIENT_ID": served.partner.client_id,
        "KIPNI_CLIENT_SECRET": served.partner.client_secret,
        "KIPNI_OTHER_CLIENT_ID": served.other_partner.client_id,
        "KIPNI_OTHER_CLIENT_SECRET": served.other_partner.client_secret,
    }

    output = node("--test", "dist/partner-flow.test.js", cwd=typescript_build.project, env=env)

    assert re.search(r"^# pass 7$", output, re.MULTILINE), output
    assert re.search(r"^# fail 0$", output, re.MULTILINE), output
