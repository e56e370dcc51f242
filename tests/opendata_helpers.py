"""The official HSDS 3.0 schemas as a ``referencing`` registry, for the open-data tests.

The schemas are not part of the project: they are read from ``../shared/hsds-3/schema``
beside the repository (present in CI and in development). Tests that need them skip,
saying why, where the folder is absent.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

REPOSITORY = Path(__file__).resolve().parent.parent
HSDS_SCHEMAS = REPOSITORY.parent / "shared" / "hsds-3" / "schema"


@cache
def _registry() -> Registry[Any]:
    resources = [
        (path.name, Resource.from_contents(json.loads(path.read_text()), default_specification=DRAFT202012))
        for path in sorted(HSDS_SCHEMAS.glob("*.json"))
        if path.name != "openapi.json"
    ]
    return Registry().with_resources(resources)


def hsds_validator(table: str) -> Draft202012Validator:
    """A validator of one HSDS table's schema (``organization``, ``service``, ...)."""
    if not (HSDS_SCHEMAS / "organization.json").is_file():
        pytest.skip(f"the HSDS 3 schemas are not at {HSDS_SCHEMAS} (a copy of shared/ beside the repository)")
    registry = _registry()
    schema = registry.contents(f"{table}.json")
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


def hsds_page_envelope() -> dict[str, Any]:
    """The ``Page`` schema of HSDS's API reference."""
    if not (HSDS_SCHEMAS / "openapi.json").is_file():
        pytest.skip(f"the HSDS 3 API reference is not at {HSDS_SCHEMAS}")
    reference = json.loads((HSDS_SCHEMAS / "openapi.json").read_text())
    page: dict[str, Any] = reference["components"]["schemas"]["Page"]
    return page


def schema_errors(table: str, instance: object) -> list[str]:
    validator = hsds_validator(table)
    return [
        f"{'/'.join(str(part) for part in error.absolute_path)}: {error.message}"
        for error in validator.iter_errors(instance)
    ]
