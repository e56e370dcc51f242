"""Who is calling, and may they: the principal and scope dependencies every router uses.

A route declares what it needs as a typed alias, which each domain names once in its own
``auth.py``::

    AuditReader = Annotated[Principal, Depends(RequireScopes(Scope.audit_read))]

``RequireScopes`` takes ``Scope`` members only, so a mistyped scope fails at import time,
not as a route nobody may call.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.service import codec, resolve_principal
from api.core import metrics
from api.core.db import utcnow
from api.core.dependencies import MetaDep, SessionDep, app_settings
from api.core.errors import Forbidden, Unauthorized
from api.core.principal import Principal, RequestMeta
from api.core.scopes import Scope
from api.core.tokens import MAX_TOKEN_BYTES, InvalidToken
from api.throttle import service as throttle

# Registers the OAuth2 scheme in the OpenAPI document (Swagger UI's "Authorize").
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


async def principal_of(
    request: Request, session: AsyncSession, meta: RequestMeta, *, count_refusal: bool = True
) -> Principal:
    """The principal behind the request's bearer token; 401 without a valid one.

    A refused token is counted per address and minute in one row (``auth.token_refused``
    counters, and the metrics), not written to the audit log one by one: junk headers
    must not grow the log or take the write lock per request. The public read path
    (``count_refusal=False``) writes nothing at all.
    """
    header = request.headers.get("authorization")
    if header is None:
        raise Unauthorized()
    scheme, _, token = header.partition(" ")
    try:
        if len(header) > MAX_TOKEN_BYTES + 7 or scheme.lower() != "bearer" or not token:
            raise InvalidToken("malformed authorization header")
        settings = app_settings(request)
        claims = codec(settings).decode(token.strip())
        return await resolve_principal(session, claims, second_factor_roles=settings.second_factor_roles)
    except (InvalidToken, Unauthorized) as exc:
        metrics.TOKENS_REFUSED.inc()
        if count_refusal:
            await throttle.count_refusal(session, "token-refused", meta.client_address, now=utcnow())
        raise Unauthorized() from exc


async def current_principal(
    request: Request,
    session: SessionDep,
    meta: MetaDep,
    _token: Annotated[str | None, Depends(oauth2_scheme)] = None,
) -> Principal:
    return await principal_of(request, session, meta)


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


class RequireScopes:
    """A dependency giving the caller's principal when it holds every scope, else 403."""

    def __init__(self, *scopes: Scope) -> None:
        if not scopes or not all(isinstance(scope, Scope) for scope in scopes):
            raise TypeError("RequireScopes takes one or more Scope members")
        self.scopes = frozenset(scopes)

    @property
    def scope_alternatives(self) -> tuple[frozenset[str], ...]:
        """What the OpenAPI document names as this route's security (see api.core.openapi)."""
        return (frozenset(self.scopes),)

    async def __call__(self, principal: CurrentPrincipal) -> Principal:
        if not principal.has(*self.scopes):
            missing = sorted(scope.value for scope in self.scopes - principal.scopes)
            raise Forbidden("This token lacks the scope " + " ".join(missing) + ".")
        return principal


class RequireAnyScope:
    """A dependency giving the principal when it holds at least one of the scopes, else 403.

    For routes whose queries are scoped to the caller (each scope shows another part), so
    a caller holding none of them learns nothing from an empty answer either.
    """

    def __init__(self, *scopes: Scope) -> None:
        if not scopes or not all(isinstance(scope, Scope) for scope in scopes):
            raise TypeError("RequireAnyScope takes one or more Scope members")
        self.scopes = frozenset(scopes)

    @property
    def scope_alternatives(self) -> tuple[frozenset[str], ...]:
        return tuple(frozenset({scope}) for scope in sorted(self.scopes))

    async def __call__(self, principal: CurrentPrincipal) -> Principal:
        if not self.scopes & principal.scopes:
            needed = " or ".join(sorted(scope.value for scope in self.scopes))
            raise Forbidden(f"This token needs the scope {needed}.")
        return principal
