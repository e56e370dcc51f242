"""The official HSDS 3.0 schemas as a ``referencing`` registry, for the open-data tests.

The table schemas and the API reference of HSDS 3.0 are kept under
``tests/fixtures/hsds-3`` (CC BY-SA 4.0, Open Referral; its LICENSE beside them), so the
open-data tests run on any clone.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

REPOSITORY = Path(__file__).resolve().parent.parent
HSDS_SCHEMAS = REPOSITORY / "tests" / "fixtures" / "hsds-3" / "schema"


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
    registry = _registry()
    schema = registry.contents(f"{table}.json")
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


def hsds_page_envelope() -> dict[str, Any]:
    """The ``Page`` schema of HSDS's API reference."""
    reference = json.loads((HSDS_SCHEMAS / "openapi.json").read_text())
    page: dict[str, Any] = reference["components"]["schemas"]["Page"]
    return page


def schema_errors(table: str, instance: object) -> list[str]:
    validator = hsds_validator(table)
    return [
        f"{'/'.join(str(part) for part in error.absolute_path)}: {error.message}"
        for error in validator.iter_errors(instance)
    ]
