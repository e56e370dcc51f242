"""The OpenAPI document states exactly what the server does, for every operation of the app.

The rules are checked over every route the app has (``app_operations``), so a route that
another router adds later is held to them too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from api.core.errors import PROBLEM_MEDIA_TYPE
from api.core.openapi import app_operations
from api.core.scopes import Scope
from api.main import create_app

DOCUMENT_URI = "urn:kipni:openapi"
TOKEN_URL = "/api/v1/auth/token"


@pytest.fixture(scope="module")
def document_app() -> FastAPI:
    return create_app()


@pytest.fixture(scope="module")
def document(document_app: FastAPI) -> dict[str, Any]:
    return document_app.openapi()


def operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_every_operation_of_the_app_is_in_the_document(
    document_app: FastAPI, document: dict[str, Any]
) -> None:
    routes = {
        (route.path, method.lower())
        for route in app_operations(document_app.routes)
        if route.include_in_schema
        for method in route.methods
    }

    assert routes == {(path, method) for path, method, _ in operations(document)}
    assert len(routes) > 50


def test_every_error_answer_is_a_problem_and_nothing_else(document: dict[str, Any]) -> None:
    wrong = [
        f"{method.upper()} {path} {status}"
        for path, method, operation in operations(document)
        for status, response in operation["responses"].items()
        if int(status) >= 400
        and response.get("content")
        != {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    ]

    assert wrong == []


def test_the_problem_schema_carries_the_validation_errors(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    problem = schemas["Problem"]

    assert set(problem["required"]) == {"type", "title", "status"}
    errors = next(
        option for option in problem["properties"]["errors"]["anyOf"] if option.get("type") == "array"
    )
    assert errors["items"] == {"$ref": "#/components/schemas/ValidationErrorItem"}
    assert set(schemas["ValidationErrorItem"]["required"]) == {"loc", "msg"}
    assert "HTTPValidationError" not in schemas


def test_every_versioned_operation_lists_the_answers_any_route_may_give(document: dict[str, Any]) -> None:
    missing = [
        f"{method.upper()} {path}"
        for path, method, operation in operations(document)
        if path.startswith("/api/v1/") and not {"400", "413", "503"} <= operation["responses"].keys()
    ]

    assert missing == []


def test_signed_in_operations_list_401_and_scoped_ones_403(document: dict[str, Any]) -> None:
    wrong = []
    for path, method, operation in operations(document):
        for requirement in operation.get("security", []):
            needed = {"401", "403"} if requirement["OAuth2"] else {"401"}
            if not needed <= operation["responses"].keys():
                wrong.append(f"{method.upper()} {path}")

    assert wrong == []


def test_the_idempotency_key_is_a_required_header(document: dict[str, Any]) -> None:
    operation = document["paths"]["/api/v1/referrals"]["post"]
    header = next(
        parameter for parameter in operation["parameters"] if parameter["name"] == "Idempotency-Key"
    )

    assert header["required"] is True
    assert header["schema"] == {
        "type": "string",
        "minLength": 1,
        "maxLength": 255,
        "pattern": r"\S",
        "title": "Idempotency-Key",
    }


def test_a_submission_documents_its_replay_and_location_headers(document: dict[str, Any]) -> None:
    headers = document["paths"]["/api/v1/referrals"]["post"]["responses"]["201"]["headers"]

    assert {"Location", "Idempotent-Replayed"} <= headers.keys()


def test_every_429_and_503_documents_retry_after(document: dict[str, Any]) -> None:
    missing = [
        f"{method.upper()} {path} {status}"
        for path, method, operation in operations(document)
        for status in ("429", "503")
        if status in operation["responses"]
        and "Retry-After" not in operation["responses"][status].get("headers", {})
    ]

    assert missing == []


def test_public_reads_document_their_etag(document: dict[str, Any]) -> None:
    for path in ("/api/v1/organisations", "/api/v1/organisations/{slug}", "/api/v1/topics"):
        assert "ETag" in document["paths"][path]["get"]["responses"]["200"]["headers"]


def test_the_oauth2_scheme_declares_both_flows_with_every_scope(document: dict[str, Any]) -> None:
    schemes = document["components"]["securitySchemes"]

    assert list(schemes) == ["OAuth2"]
    flows = schemes["OAuth2"]["flows"]
    assert set(flows) == {"password", "clientCredentials"}
    for flow in flows.values():
        assert flow["tokenUrl"] == TOKEN_URL
        assert set(flow["scopes"]) == {scope.value for scope in Scope}
        assert all(text and "\n" not in text for text in flow["scopes"].values())


def test_every_operation_names_only_declared_scopes(document: dict[str, Any]) -> None:
    declared = set(document["components"]["securitySchemes"]["OAuth2"]["flows"]["password"]["scopes"])
    used = {
        scope
        for _, _, operation in operations(document)
        for requirement in operation.get("security", [])
        for scope in requirement["OAuth2"]
    }

    assert used <= declared
    assert used >= {"referrals:submit", "directory:write", "users:manage", "audit:read"}


def test_public_operations_need_no_token(document: dict[str, Any]) -> None:
    for path in ("/api/v1/organisations", "/api/v1/topics", "/api/v1/network"):
        assert "security" not in document["paths"][path]["get"]


def _examples(node: Any, pointer: str) -> Iterator[tuple[str, Any]]:
    """Every ``examples`` entry in the document, with the JSON pointer of its schema."""
    if isinstance(node, dict):
        schema_keys = ("properties", "type", "$ref", "anyOf", "allOf", "enum")
        if isinstance(node.get("examples"), list) and any(key in node for key in schema_keys):
            for example in node.get("examples", []):
                yield pointer, example
        for key, value in node.items():
            if key != "examples":
                yield from _examples(value, f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _examples(value, f"{pointer}/{index}")


def test_every_example_is_valid_against_its_own_schema(document: dict[str, Any]) -> None:
    registry: Registry[Any] = Registry().with_resource(
        DOCUMENT_URI, Resource.from_contents(document, default_specification=DRAFT202012)
    )
    found = list(_examples(document["components"]["schemas"], "#/components/schemas"))
    invalid = []
    for pointer, example in found:
        validator = Draft202012Validator({"$ref": f"{DOCUMENT_URI}{pointer}"}, registry=registry)
        invalid += [f"{pointer}: {error.message}" for error in validator.iter_errors(example)]

    assert invalid == []
    schemas = {pointer.split("/")[3] for pointer, _ in found}
    assert {"ReferralCreate", "ReferralReceipt", "Problem", "TokenResponse"} <= schemas
