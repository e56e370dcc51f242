"""Who is calling, and may they: the principal and scope dependencies every router uses.

A route declares what it needs as a typed alias, which each domain names once in its own
``auth.py``::

    AuditReader = Annotated[Principal, Depends(RequireScopes(Scope.audit_read))]

``RequireScopes`` takes ``Scope`` members only, so a mistyped scope fails at import time,
not as a route nobody may call.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.service import codec, resolve_principal
from api.core import metrics
from api.core.config import Settings
from api.core.db import utcnow
from api.core.dependencies import MetaDep, SessionDep, app_database, app_settings
from api.core.errors import Forbidden, Unauthorized
from api.core.principal import Principal, RequestMeta
from api.core.scopes import Scope
from api.core.tokens import MAX_TOKEN_BYTES, AccessClaims, InvalidToken
from api.throttle import service as throttle

# Registers the OAuth2 scheme in the OpenAPI document (Swagger UI's "Authorize").
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


def bearer_claims(header: str | None, settings: Settings) -> AccessClaims | None:
    """The claims of the bearer token of an ``Authorization`` header, its signature and
    lifetime checked; None without the header, ``InvalidToken`` for a bad one."""
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    if len(header) > MAX_TOKEN_BYTES + 7 or scheme.lower() != "bearer" or not token:
        raise InvalidToken("malformed authorization header")
    return codec(settings).decode(token.strip())


def _bearer_claims(request: Request) -> AccessClaims | None:
    return bearer_claims(request.headers.get("authorization"), app_settings(request))


async def claims_of(
    request: Request, session: AsyncSession, meta: RequestMeta, *, count_refusal: bool = True
) -> AccessClaims:
    """The valid token's claims; 401 without one. Whether its principal is still live is
    ``resolve_principal``'s to say."""
    return await _claims(request, lambda: refused_token(session, meta, count=count_refusal))


async def _claims(request: Request, refuse: Callable[[], Awaitable[Unauthorized]]) -> AccessClaims:
    """The valid token's claims; a bad token is refused through ``refuse``, which counts it."""
    try:
        claims = _bearer_claims(request)
    except InvalidToken as exc:
        raise await refuse() from exc
    if claims is None:
        raise Unauthorized()
    return claims


async def refused_token(session: AsyncSession, meta: RequestMeta, *, count: bool = True) -> Unauthorized:
    """The 401 for a refused token, counted per address and minute in one row
    (``auth.token_refused`` counters, and the metrics), not written to the audit log one
    by one: junk headers must not grow the log or take the write lock per request. The
    public read path (``count=False``) writes nothing at all."""
    metrics.TOKENS_REFUSED.inc()
    if count:
        await throttle.count_refusal(session, "token-refused", meta.client_address, now=utcnow())
    return Unauthorized()


async def refused_token_apart(request: Request, meta: RequestMeta) -> Unauthorized:
    """``refused_token`` in a short transaction of its own, for a route that has no
    request session to count it in."""
    async with app_database(request).sessionmaker() as session:
        refusal = await refused_token(session, meta)
        await session.commit()
    return refusal


async def principal_of(
    request: Request, session: AsyncSession, meta: RequestMeta, *, count_refusal: bool = True
) -> Principal:
    """The principal behind the request's bearer token; 401 without a valid one."""
    claims = await claims_of(request, session, meta, count_refusal=count_refusal)
    try:
        return await resolve_principal(
            session, claims, second_factor_roles=app_settings(request).second_factor_roles
        )
    except Unauthorized as exc:
        raise await refused_token(session, meta, count=count_refusal) from exc


async def current_principal(
    request: Request,
    session: SessionDep,
    meta: MetaDep,
    _token: Annotated[str | None, Depends(oauth2_scheme)] = None,
) -> Principal:
    return await principal_of(request, session, meta)


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


class _AllScopes:
    """What the dependencies that need every one of their scopes share."""

    def __init__(self, *scopes: Scope) -> None:
        if not scopes or not all(isinstance(scope, Scope) for scope in scopes):
            raise TypeError(f"{type(self).__name__} takes one or more Scope members")
        self.scopes = frozenset(scopes)

    @property
    def scope_alternatives(self) -> tuple[frozenset[str], ...]:
        """What the OpenAPI document names as this route's security (see api.core.openapi)."""
        return (frozenset(self.scopes),)

    def refusal(self, held: frozenset[str]) -> Forbidden | None:
        missing = {scope.value for scope in self.scopes} - held
        return Forbidden.lacking(missing) if missing else None


class RequireScopes(_AllScopes):
    """A dependency giving the caller's principal when it holds every scope, else 403."""

    async def __call__(self, principal: CurrentPrincipal) -> Principal:
        if refusal := self.refusal(principal.scopes):
            raise refusal
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


class RequireScopesLater(_AllScopes):
    """A dependency giving the claims of a validly signed, unexpired token naming
    ``scopes``, for a route that checks in its own transaction whether the principal is
    still live and may still hold them (the referral intake does it for a whole batch
    of submissions at once); 403 at once for a token that does not even name them.

    The OpenAPI document names the same security as ``RequireScopes``.
    """

    async def __call__(
        self,
        request: Request,
        meta: MetaDep,
        _token: Annotated[str | None, Depends(oauth2_scheme)] = None,
    ) -> AccessClaims:
        claims = await _claims(request, lambda: refused_token_apart(request, meta))
        if refusal := self.refusal(claims.scopes):
            raise refusal
        return claims
