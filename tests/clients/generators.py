"""Runs two client generators that nobody here wrote on the document a server serves.

openapi-python-client comes from the locked Python dependencies, @hey-api/openapi-ts and
the TypeScript compiler from ``tests/clients/typescript/package-lock.json`` (``make
test`` installs both). A generator's warning is a failure: what it skips, a partner's
client lacks.
"""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

TYPESCRIPT_PROJECT = Path(__file__).resolve().parent / "typescript"
NODE_BIN = TYPESCRIPT_PROJECT / "node_modules" / ".bin"
VENV_BIN = Path(sys.executable).parent
ANSI = re.compile(r"\x1b\[[0-9;]*m")
# What @hey-api/openapi-ts prints when it skips or guesses: its validator's issues,
# its "🚨" notes and its logger's warnings.
TYPESCRIPT_WARNING = re.compile(r"\[(WARNING|ERROR)\]|🚨|\bwarn(ing)?\b|unsupported|unhandled", re.IGNORECASE)


@dataclass(frozen=True)
class Generated:
    output: str
    path: Path


def _run(command: list[str], *, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False)
    output = ANSI.sub("", done.stdout + done.stderr)
    assert done.returncode == 0, f"{command[0]} exited with {done.returncode}:\n{output}"
    return output


def generate_python(openapi_url: str, out_dir: Path, package: str) -> Generated:
    """openapi-python-client, failing on any warning; the package lands in ``out_dir/package``."""
    target = out_dir / package
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    output = _run(
        [
            str(VENV_BIN / "openapi-python-client"),
            "generate",
            "--url",
            openapi_url,
            "--meta",
            "none",
            "--output-path",
            str(target),
            "--fail-on-warning",
        ],
        cwd=out_dir,
        env=env,
    )
    return Generated(output=output, path=target)


def import_generated(generated: Generated) -> ModuleType:
    """The generated package, imported under its own name (each backend's has another)."""
    parent = str(generated.path.parent)
    if parent not in sys.path:
        sys.path.insert(0, parent)
    return importlib.import_module(generated.path.name)


def generated_module(package: ModuleType, dotted: str) -> ModuleType:
    return importlib.import_module(f"{package.__name__}.{dotted}")


def generate_typescript(openapi_url: str, out_dir: Path) -> Generated:
    """@hey-api/openapi-ts with its validator on; its configuration sits in the project."""
    env = {**os.environ, "KIPNI_OPENAPI_URL": openapi_url, "KIPNI_CLIENT_OUT": str(out_dir)}
    output = _run(
        [str(NODE_BIN / "openapi-ts"), "--file", "openapi-ts.config.mjs"], cwd=TYPESCRIPT_PROJECT, env=env
    )
    return Generated(output=output, path=out_dir)


def typescript_warnings(output: str) -> list[str]:
    return [line for line in output.splitlines() if TYPESCRIPT_WARNING.search(line)]


def python_warnings(output: str) -> list[str]:
    return [line for line in output.splitlines() if re.search(r"warn|error|skipping", line, re.IGNORECASE)]


def tsc(*arguments: str, cwd: Path) -> str:
    return _run([str(NODE_BIN / "tsc"), *arguments], cwd=cwd)


def node(*arguments: str, cwd: Path, env: dict[str, str]) -> str:
    return _run(["node", *arguments], cwd=cwd, env={**os.environ, **env})
