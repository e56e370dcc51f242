"""Rules a request model enforces beyond its field types, stated in its JSON schema.

Pydantic derives a model's schema from its field types; what validators and model
settings add (whitespace stripped before the length is checked, a field that refuses
``null`` in a partial update, a choice between fields) would otherwise be known only to
the server. These ``json_schema_extra`` helpers state them, so a request that the
document calls valid is one the server accepts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

SchemaRule = Callable[[dict[str, Any]], None]
# A string that is more than whitespace: `str_strip_whitespace` strips it before
# `min_length` is checked, so "  " is as empty as "".
NOT_BLANK = r"\S"


def _options(field: dict[str, Any]) -> Iterable[dict[str, Any]]:
    yield field
    yield from field.get("anyOf", [])


def not_blank(schema: dict[str, Any]) -> None:
    """For models with ``str_strip_whitespace``: a string that must not be empty must
    not be blank either."""
    for field in schema.get("properties", {}).values():
        for option in _options(field):
            plain = not {"pattern", "format", "enum", "const"} & option.keys()
            if option.get("type") == "string" and option.get("minLength", 0) >= 1 and plain:
                option["pattern"] = NOT_BLANK


# Control characters (Unicode category Cc is these and \x80-\x9f).
ASCII_CONTROLS = r"\x00-\x1f\x7f"
CONTROLS = r"\x00-\x1f\x7f-\x9f"


def without(controls: str, *fields: str) -> SchemaRule:
    """The string ``fields`` hold none of the characters of the class ``controls`` (their
    validators refuse them); one that must not be empty holds more than whitespace, as
    ``not_blank`` says (for models with ``str_strip_whitespace``)."""

    def pattern(schema: dict[str, Any]) -> None:
        for name in fields:
            for option in _options(schema["properties"][name]):
                if option.get("type") != "string":
                    continue
                if option.get("minLength", 0) >= 1:
                    option["pattern"] = f"^[^{controls}]*[^\\s{controls}][^{controls}]*$"
                else:
                    option["pattern"] = f"^[^{controls}]*$"

    return pattern


def not_null(*fields: str) -> SchemaRule:
    """For partial updates: ``fields`` may be left out, but not sent as ``null``."""

    def without_null(schema: dict[str, Any]) -> None:
        properties = schema.get("properties", {})
        for name in fields:
            field = properties[name]
            options = [option for option in field.pop("anyOf", []) if option.get("type") != "null"]
            if len(options) == 1:
                field.update(options[0])
            elif options:
                field["anyOf"] = options
            field.pop("default", None)

    return without_null


def rules(*steps: SchemaRule | dict[str, Any]) -> SchemaRule:
    """Several rules (or plain additions, such as ``examples``) applied in order."""

    def apply(schema: dict[str, Any]) -> None:
        for step in steps:
            if isinstance(step, dict):
                schema.update(step)
            else:
                step(schema)

    return apply


def a_json_integer(value: object) -> object:
    """JSON Schema's integer is any number without a fraction (``3`` and ``3.0``), never a
    string or a boolean; pydantic's lax int also takes ``"3"`` and its strict int
    refuses ``3.0``. A ``mode="before"`` field validator (pydantic loses a field's bounds
    from the document when the check sits in the type)."""
    if isinstance(value, str | bytes | bool):
        raise ValueError("must be an integer")
    return value
