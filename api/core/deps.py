"""Request dependencies: the caller (principal), scope checks, request metadata.

Routes declare what they need as typed ``Annotated`` aliases, so authorisation is
visible in the signature: ``principal: Annotated[Principal, RequireScopes("audit:read")]``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from api.accounts.service import codec, resolve_principal
from api.audit import service as audit
from api.audit.service import ANONYMOUS, RequestMeta
from api.core.db import SessionDep
from api.core.errors import Forbidden, Unauthorized
from api.core.principal import Principal
from api.core.tokens import MAX_TOKEN_BYTES, InvalidToken

# Registers the OAuth2 scheme in the OpenAPI document (Swagger UI's "Authorize").
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


def request_meta(request: Request) -> RequestMeta:
    return RequestMeta(
        # Bounded like the audit column; a proxy-supplied address is no place for an essay.
        client_address=request.client.host[:64] if request.client else None,
        request_id=request.scope.get("state", {}).get("request_id"),
    )


MetaDep = Annotated[RequestMeta, Depends(request_meta)]


async def current_principal(
    request: Request,
    session: SessionDep,
    meta: MetaDep,
    _token: Annotated[str | None, Depends(oauth2_scheme)] = None,
) -> Principal:
    header = request.headers.get("authorization")
    if header is None:
        raise Unauthorized()
    scheme, _, token = header.partition(" ")
    try:
        if len(header) > MAX_TOKEN_BYTES + 7 or scheme.lower() != "bearer" or not token:
            raise InvalidToken("malformed authorization header")
        claims = codec(request.app.state.settings).decode(token.strip())
        return await resolve_principal(session, claims)
    except (InvalidToken, Unauthorized) as exc:
        await audit.record(
            session,
            action="auth.token_refused",
            actor=ANONYMOUS,
            meta=meta,
            outcome="denied",
            details={"reason": str(exc)[:100] if isinstance(exc, InvalidToken) else "revoked or disabled"},
        )
        await session.commit()
        raise Unauthorized() from exc


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def RequireScopes(*scopes: str) -> Any:
    """A dependency giving the principal when it holds every scope, else 403."""

    async def _check(principal: CurrentPrincipal) -> Principal:
        if not principal.has(*scopes):
            raise Forbidden(
                "This token lacks the scope " + " ".join(sorted(set(scopes) - principal.scopes)) + "."
            )
        return principal

    return Depends(_check)
