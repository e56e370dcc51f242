"""Every operation's declared scopes are exactly what the server enforces.

For every operation of the served document that names scopes: a token lacking a scope it
needs is refused with 403, and a token holding just what one of its alternatives names
is not.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.scopes import Scope
from tests.factories import make_user
from tests.jwt_forge import forge, valid_claims

ALL = frozenset(scope.value for scope in Scope)


def _scoped_operations(document: dict[str, Any]) -> list[tuple[str, str, list[frozenset[str]]]]:
    found = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            alternatives = [frozenset(entry["OAuth2"]) for entry in operation.get("security", [])]
            if alternatives and alternatives != [frozenset()]:
                found.append((path, method, alternatives))
    return found


def _url(path: str) -> str:
    return re.sub(
        r"\{(\w+)\}", lambda match: "kip-ni" if match.group(1) == "slug" else str(uuid.uuid4()), path
    )


def _lacking(alternatives: list[frozenset[str]]) -> list[frozenset[str]]:
    """Tokens that lack what the operation needs: one scope of an all-of, or every option."""
    if len(alternatives) == 1:
        return [ALL - {scope} for scope in alternatives[0]]
    return [ALL - frozenset().union(*alternatives)]


async def _status(client: AsyncClient, method: str, path: str, token: str) -> int:
    response = await client.request(
        method.upper(),
        _url(path),
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": uuid.uuid4().hex},
        json={} if method in {"post", "patch", "put"} else None,
    )
    return response.status_code


async def test_every_declared_scope_is_enforced(
    app: FastAPI, client: AsyncClient, session: AsyncSession
) -> None:
    admin = await make_user(session, role="admin", organisation="kip-ni")
    await session.commit()

    def token(scopes: frozenset[str]) -> str:
        return forge(valid_claims(str(admin.id), "kip-ni", " ".join(sorted(scopes))))

    operations = _scoped_operations(app.openapi())
    wrong = []
    for path, method, alternatives in operations:
        for lacking in _lacking(alternatives):
            status = await _status(client, method, path, token(lacking))
            if status != 403:
                wrong.append(f"{method.upper()} {path} without {sorted(ALL - lacking)}: {status}, not 403")
        for holding in alternatives:
            status = await _status(client, method, path, token(holding))
            if status == 403:
                wrong.append(f"{method.upper()} {path} with {sorted(holding)}: 403")

    assert wrong == []
    assert len(operations) > 30


async def test_operations_for_any_signed_in_caller_accept_a_token_without_scopes(
    app: FastAPI, client: AsyncClient, session: AsyncSession
) -> None:
    admin = await make_user(session, role="admin", organisation="kip-ni")
    await session.commit()
    open_to_all = [
        (path, method)
        for path, item in app.openapi()["paths"].items()
        for method, operation in item.items()
        if operation.get("security") == [{"OAuth2": []}]
    ]

    statuses = {
        f"{method} {path}": await _status(
            client, method, path, forge(valid_claims(str(admin.id), "kip-ni", ""))
        )
        for path, method in open_to_all
    }

    assert open_to_all
    assert all(status not in {401, 403} for status in statuses.values()), statuses
