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
from api.audit import service as audit
from api.core.dependencies import MetaDep, SessionDep, app_settings
from api.core.errors import Forbidden, Unauthorized
from api.core.principal import ANONYMOUS, Principal, RequestMeta
from api.core.scopes import Scope
from api.core.tokens import MAX_TOKEN_BYTES, InvalidToken

# Registers the OAuth2 scheme in the OpenAPI document (Swagger UI's "Authorize").
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


async def principal_of(request: Request, session: AsyncSession, meta: RequestMeta) -> Principal:
    """The principal behind the request's bearer token; 401 (audited) without a valid one."""
    header = request.headers.get("authorization")
    if header is None:
        raise Unauthorized()
    scheme, _, token = header.partition(" ")
    try:
        if len(header) > MAX_TOKEN_BYTES + 7 or scheme.lower() != "bearer" or not token:
            raise InvalidToken("malformed authorization header")
        claims = codec(app_settings(request)).decode(token.strip())
        return await resolve_principal(session, claims)
    except (InvalidToken, Unauthorized) as exc:
        await audit.record_refusal(
            session,
            action="auth.token_refused",
            actor=ANONYMOUS,
            meta=meta,
            details={"reason": str(exc)[:100] if isinstance(exc, InvalidToken) else "revoked or disabled"},
        )
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

    async def __call__(self, principal: CurrentPrincipal) -> Principal:
        if not principal.has(*self.scopes):
            missing = sorted(scope.value for scope in self.scopes - principal.scopes)
            raise Forbidden("This token lacks the scope " + " ".join(missing) + ".")
        return principal
