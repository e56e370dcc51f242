"""The OpenAPI document as the contract: what generated clients see is what the server does.

FastAPI derives most of the document from the routes; the rules here make the rest exact
for every operation, whichever router added it, so a new route cannot drift:

- every error answer is ``application/problem+json`` with the ``Problem`` schema, and
  nothing else (FastAPI's ``HTTPValidationError`` never appears: the server sends none);
- the answers every route may give (a signed-in route's 401, a scoped route's 403, a
  body that is no JSON, a body too large, a database that is down) are listed on all;
- the OAuth2 scheme declares both flows the token endpoint serves, with every scope;
  each operation's ``security`` names the scopes that its own dependencies enforce,
  read from those dependency objects (``ScopeRequirement``), so there is one source;
- headers that clients act on are documented where the server sends them
  (``Retry-After``, ``Idempotent-Replayed``), and headers a route checks itself are
  marked required (``required_header``).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, Protocol, runtime_checkable

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.security.base import SecurityBase

from api.core.errors import ERROR_RESPONSES, PROBLEM_MEDIA_TYPE, Problem

SCHEME = "OAuth2"
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
REQUIRED_MARK = "x-kipni-required-header"
IDEMPOTENCY_HEADER = "Idempotency-Key"
METHODS = ("get", "put", "post", "patch", "delete", "head", "options")

RETRY_AFTER = {
    "description": "Seconds to wait before trying again.",
    "schema": {"type": "integer", "minimum": 0},
}
IDEMPOTENT_REPLAYED = {
    "description": "`true` when this is the stored answer to an earlier request with the same "
    "`Idempotency-Key`; absent on the first answer.",
    "schema": {"type": "string", "enum": ["true"]},
}
# Statuses whose answers carry Retry-After whenever the server sends them.
RETRY_STATUSES = ("429", "503")
# Answers any versioned route may give: a body that is no JSON, too large, a database down.
COMMON_STATUSES = (400, 413, 503)


@runtime_checkable
class ScopeRequirement(Protocol):
    """A dependency that refuses (403) callers lacking scopes, and says which.

    ``scope_alternatives`` lists the sets a caller may hold: holding every scope of any
    one of them passes the check.
    """

    @property
    def scope_alternatives(self) -> tuple[frozenset[str], ...]: ...


def status_title(status: int) -> str:
    known = ERROR_RESPONSES.get(status)
    return str(known["description"]) if known else HTTPStatus(status).phrase


def required_header(**schema: Any) -> dict[str, Any]:
    """``json_schema_extra`` of a header the route checks itself (missing: its own 400, not 422).

    The document then marks the header required, with ``schema`` (e.g. ``maxLength``).
    """
    return {REQUIRED_MARK: True, **schema}


@dataclass(frozen=True)
class Operation:
    """One route of the app as the document shows it, wherever its router was included."""

    path: str
    methods: frozenset[str]
    dependant: Dependant
    include_in_schema: bool


def app_operations(routes: Iterable[Any]) -> list[Operation]:
    """Every API route of the app, through nested and included routers alike."""
    found = []
    for context in iter_route_contexts(list(routes)):
        if not isinstance(context.original_route, APIRoute):
            continue
        found.append(
            Operation(
                path=str(context.path_format),
                methods=frozenset(context.methods or ()),
                dependant=context.dependant,
                include_in_schema=bool(context.include_in_schema),
            )
        )
    return found


def _walk(dependant: Dependant) -> Iterable[Dependant]:
    yield dependant
    for child in dependant.dependencies:
        yield from _walk(child)


def route_security(operation: Operation) -> tuple[bool, list[list[str]]]:
    """Whether the route reads a bearer token, and the scope alternatives it enforces."""
    signed_in = False
    alternatives: list[list[str]] | None = None
    for node in _walk(operation.dependant):
        call = node.call
        if isinstance(call, SecurityBase):
            signed_in = True
        if isinstance(call, ScopeRequirement):
            mine = [sorted(str(scope) for scope in option) for option in call.scope_alternatives]
            alternatives = mine if alternatives is None else _both(alternatives, mine)
    return signed_in, alternatives or [[]]


def _both(first: list[list[str]], second: list[list[str]]) -> list[list[str]]:
    """Two requirements on one route: every combination of an option of each."""
    return [sorted(set(a) | set(b)) for a in first for b in second]


def _problem_response(description: str, headers: Mapping[str, Any] | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {PROBLEM_MEDIA_TYPE: {"schema": dict(PROBLEM_REF)}},
    }
    if headers:
        response["headers"] = dict(headers)
    return response


def _errors_as_problems(operation: dict[str, Any]) -> None:
    for status, response in operation.get("responses", {}).items():
        if status == "default" or int(status) >= 400:
            content = response.setdefault("content", {})
            problem = content.get(PROBLEM_MEDIA_TYPE) or {}
            problem["schema"] = dict(PROBLEM_REF)
            response["content"] = {PROBLEM_MEDIA_TYPE: problem}
            if response.get("description") in (None, "", "Validation Error"):
                response["description"] = status_title(int(status))
        if status in RETRY_STATUSES:
            response.setdefault("headers", {}).setdefault("Retry-After", RETRY_AFTER)


def _add_errors(operation: dict[str, Any], statuses: Iterable[int]) -> None:
    responses = operation.setdefault("responses", {})
    for status in statuses:
        responses.setdefault(str(status), _problem_response(status_title(status)))


def _required_headers(operation: dict[str, Any]) -> None:
    for parameter in operation.get("parameters", []):
        schema = parameter.get("schema", {})
        if not schema.pop(REQUIRED_MARK, False):
            continue
        parameter["required"] = True
        options = [option for option in schema.pop("anyOf", []) if option.get("type") != "null"]
        if options:
            schema.update(options[0])
        schema.pop("default", None)
        if "description" in schema:
            parameter.setdefault("description", schema.pop("description"))


def _replay_headers(operation: dict[str, Any]) -> None:
    names = {parameter.get("name") for parameter in operation.get("parameters", [])}
    if IDEMPOTENCY_HEADER not in names:
        return
    for status, response in operation.get("responses", {}).items():
        if status.startswith("2"):
            response.setdefault("headers", {})["Idempotent-Replayed"] = IDEMPOTENT_REPLAYED


def _problem_schemas(schema: dict[str, Any]) -> None:
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    generated = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, definition in generated.pop("$defs", {}).items():
        schemas[name] = definition
    schemas["Problem"] = generated
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)


def _security_scheme(token_url: str, scopes: Mapping[str, str]) -> dict[str, Any]:
    return {
        "type": "oauth2",
        "description": "People sign in with the password flow, partner systems with client "
        "credentials (HTTP Basic or form fields). Access tokens live 15 minutes.",
        "flows": {
            "password": {"tokenUrl": token_url, "refreshUrl": "/api/v1/auth/refresh", "scopes": dict(scopes)},
            "clientCredentials": {"tokenUrl": token_url, "scopes": dict(scopes)},
        },
    }


def apply_contract(
    schema: dict[str, Any],
    routes: Iterable[Any],
    *,
    token_url: str,
    scopes: Mapping[str, str],
    versioned_prefix: str,
) -> dict[str, Any]:
    """Makes ``schema`` (FastAPI's document of ``routes``) state exactly what they do."""
    schema = copy.deepcopy(schema)
    _problem_schemas(schema)
    schema["components"]["securitySchemes"] = {SCHEME: _security_scheme(token_url, scopes)}
    paths: dict[str, dict[str, Any]] = schema.get("paths", {})
    for route in app_operations(routes):
        if not route.include_in_schema:
            continue
        signed_in, alternatives = route_security(route)
        for method in route.methods:
            operation = paths.get(route.path, {}).get(method.lower())
            if operation is None:
                continue
            statuses: list[int] = list(COMMON_STATUSES) if route.path.startswith(versioned_prefix) else []
            if signed_in:
                operation["security"] = [{SCHEME: option} for option in alternatives]
                statuses.append(401)
                if alternatives != [[]]:
                    statuses.append(403)
            else:
                operation.pop("security", None)
            _add_errors(operation, statuses)
            _errors_as_problems(operation)
            _required_headers(operation)
            _replay_headers(operation)
    return schema


def install_contract(
    app: FastAPI, *, token_url: str, scopes: Mapping[str, str], versioned_prefix: str
) -> Callable[[], dict[str, Any]]:
    """Replaces ``app.openapi`` with one that applies :func:`apply_contract` once."""
    plain = app.openapi
    cache: list[dict[str, Any]] = []

    def openapi() -> dict[str, Any]:
        if not cache:
            cache.append(
                apply_contract(
                    plain(), app.routes, token_url=token_url, scopes=scopes, versioned_prefix=versioned_prefix
                )
            )
        return cache[0]

    app.openapi = openapi  # type: ignore[method-assign]
    return openapi
