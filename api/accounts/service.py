"""Sign-in, token issue, refresh rotation, logout, and resolving a token to a principal."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts import repository, throttle
from api.accounts.models import ApiClient, RefreshToken, User
from api.audit import service as audit
from api.core.config import Settings
from api.core.db import utcnow
from api.core.errors import AppError, TooManyRequests, Unauthorized
from api.core.principal import ANONYMOUS, Actor, Principal, RequestMeta
from api.core.scopes import CLIENT_SCOPES, ROLE_SCOPES, Role
from api.core.security import hash_password, needs_rehash, verify_password
from api.core.tokens import AccessClaims, TokenCodec, new_opaque_token


class OAuthError(AppError):
    """An RFC 6749 error: the problem document also carries the OAuth ``error`` code."""

    status = 400
    type = "/problems/oauth-error"
    title = "Token request refused"

    def __init__(self, error: str, detail: str, *, status: int = 400) -> None:
        headers = {"WWW-Authenticate": 'Basic realm="kipni"'} if status == 401 else None
        super().__init__(detail, headers=headers, extensions={"error": error})
        self.status = status


@dataclass(frozen=True)
class TokenGrant:
    access_token: str
    expires_in: int
    scopes: frozenset[str]
    refresh_token: str | None


def codec(settings: Settings) -> TokenCodec:
    return TokenCodec(
        secret=settings.jwt_secret.get_secret_value(),
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        lifetime=timedelta(minutes=settings.access_token_minutes),
    )


def _hash_refresh(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def user_scopes(user: User) -> frozenset[str]:
    return frozenset(scope.value for scope in ROLE_SCOPES[Role(user.role)])


def client_scopes(client: ApiClient) -> frozenset[str]:
    return frozenset(client.scopes) & frozenset(scope.value for scope in CLIENT_SCOPES)


def _narrow(granted: frozenset[str], requested: str | None) -> frozenset[str]:
    if not requested:
        return granted
    asked = frozenset(requested.split())
    if not asked <= granted:
        raise OAuthError("invalid_scope", "The requested scope exceeds what this account may have.")
    return asked


async def _issue_refresh(
    session: AsyncSession,
    user: User,
    settings: Settings,
    scopes: frozenset[str],
    family_id: uuid.UUID,
) -> str:
    token = new_opaque_token()
    now = utcnow()
    session.add(
        RefreshToken(
            token_hash=_hash_refresh(token),
            family_id=family_id,
            user_id=user.id,
            issued_at=now,
            expires_at=now + timedelta(days=settings.refresh_token_days),
            scope=" ".join(sorted(scopes)),
        )
    )
    await session.flush()
    return token


async def sign_in_with_password(
    session: AsyncSession,
    settings: Settings,
    *,
    email: str,
    password: str,
    requested_scope: str | None,
    meta: RequestMeta,
) -> TokenGrant:
    """Checks throttling, then the password; audits the attempt either way.

    Failures are committed before the error is raised, so the counters and the audit row
    survive the refused request.
    """
    now = utcnow()
    window = timedelta(seconds=settings.login_window_seconds)
    keys = [throttle.account_key(email), throttle.address_key(meta.client_address)]
    await throttle.lock(session, keys, now=now)
    wait = await throttle.retry_after(
        session, keys, now=now, max_failures=settings.login_max_failures, window=window
    )
    if wait is not None:
        await audit.record(session, action="auth.login", actor=ANONYMOUS, meta=meta, outcome="throttled")
        await session.commit()
        raise TooManyRequests(
            "Too many failed sign-ins. Try again later.", headers={"Retry-After": str(wait)}
        )

    user = await repository.user_by_email(session, email)
    valid = verify_password(user.password_hash if user else None, password)
    if user is None or not valid or not user.is_active:
        await throttle.record_failure(session, keys, now=now, window=window)
        actor = (
            Actor(kind="user", id=str(user.id), organisation=user.organisation.slug) if user else ANONYMOUS
        )
        await audit.record(session, action="auth.login", actor=actor, meta=meta, outcome="failure")
        await session.commit()
        raise OAuthError("invalid_grant", "The e-mail address or the password is not correct.")

    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    await throttle.reset(session, throttle.account_key(email))
    scopes = _narrow(user_scopes(user), requested_scope)
    family_id = uuid.uuid4()
    issued = codec(settings).issue(
        subject=str(user.id),
        kind="user",
        scopes=scopes,
        organisation=user.organisation.slug,
        session_id=str(family_id),
    )
    refresh = await _issue_refresh(session, user, settings, scopes, family_id)
    await audit.record(
        session,
        action="auth.login",
        actor=Actor(kind="user", id=str(user.id), organisation=user.organisation.slug),
        meta=meta,
    )
    return TokenGrant(issued.token, issued.expires_in, scopes, refresh)


async def sign_in_client(
    session: AsyncSession,
    settings: Settings,
    *,
    client_id: str,
    client_secret: str,
    requested_scope: str | None,
    meta: RequestMeta,
) -> TokenGrant:
    client = await repository.client_by_client_id(session, client_id)
    valid = verify_password(client.secret_hash if client else None, client_secret)
    if client is None or not valid or not client.is_active:
        actor = (
            Actor(kind="client", id=str(client.id), organisation=client.organisation.slug)
            if client
            else ANONYMOUS
        )
        await audit.record(session, action="auth.client_login", actor=actor, meta=meta, outcome="failure")
        await session.commit()
        raise OAuthError("invalid_client", "The client credentials are not correct.", status=401)
    scopes = _narrow(client_scopes(client), requested_scope)
    issued = codec(settings).issue(
        subject=str(client.id), kind="client", scopes=scopes, organisation=client.organisation.slug
    )
    await audit.record(
        session,
        action="auth.client_login",
        actor=Actor(kind="client", id=str(client.id), organisation=client.organisation.slug),
        meta=meta,
    )
    return TokenGrant(issued.token, issued.expires_in, scopes, None)


async def refresh(session: AsyncSession, settings: Settings, *, token: str, meta: RequestMeta) -> TokenGrant:
    """Rotates a refresh token. A token used twice revokes its whole family."""
    now = utcnow()
    stored = await repository.refresh_token_by_hash(session, _hash_refresh(token))
    if stored is None or stored.revoked_at is not None or stored.expires_at <= now:
        raise Unauthorized("The refresh token is not valid.")
    if stored.used_at is not None or not await repository.mark_used(session, stored.id, now):
        await repository.revoke_family(session, stored.family_id, now)
        await audit.record(
            session,
            action="auth.refresh_reuse",
            actor=Actor(kind="user", id=str(stored.user_id)),
            meta=meta,
            outcome="denied",
            object_type="refresh_token_family",
            object_id=stored.family_id,
        )
        await session.commit()
        raise Unauthorized("The refresh token was already used; the session has been ended.")
    user = await repository.user_by_id(session, stored.user_id)
    if user is None or not user.is_active:
        raise Unauthorized("The refresh token is not valid.")
    # A refresh keeps what the sign-in asked for, cut down to what the role allows now.
    granted = frozenset(stored.scope.split()) if stored.scope is not None else user_scopes(user)
    scopes = user_scopes(user) & granted
    issued = codec(settings).issue(
        subject=str(user.id),
        kind="user",
        scopes=scopes,
        organisation=user.organisation.slug,
        session_id=str(stored.family_id),
    )
    new_refresh = await _issue_refresh(session, user, settings, scopes, stored.family_id)
    return TokenGrant(issued.token, issued.expires_in, scopes, new_refresh)


async def logout(
    session: AsyncSession, principal: Principal, *, refresh_token: str | None, meta: RequestMeta
) -> None:
    await repository.revoke_access_token(session, principal.token_id, principal.token_expires_at)
    if refresh_token:
        stored = await repository.refresh_token_by_hash(session, _hash_refresh(refresh_token))
        if stored is not None and stored.user_id == principal.id:
            await repository.revoke_family(session, stored.family_id, utcnow())
    await audit.record(session, action="auth.logout", actor=principal.actor, meta=meta)


def user_principal(user: User, *, scopes: frozenset[str], token_id: str, expires_at: datetime) -> Principal:
    """The principal acting as ``user`` (its organisation loaded)."""
    return Principal(
        kind="user",
        id=user.id,
        name=user.email,
        role=user.role,
        organisation_id=user.organisation_id,
        organisation_slug=user.organisation.slug,
        organisation_name=user.organisation.name_de,
        scopes=scopes,
        token_id=token_id,
        token_expires_at=expires_at,
    )


def _issued_before(claims: AccessClaims, valid_after: datetime | None) -> bool:
    """Token times have whole seconds: one issued in the second of the cut-off still counts."""
    return valid_after is not None and claims.iat < int(valid_after.timestamp())


async def resolve_principal(session: AsyncSession, claims: AccessClaims) -> Principal:
    """The live principal behind a valid token; raises when it was revoked or disabled.

    Scopes are the token's, cut down to what the account may have now, so a role change
    takes effect at once.
    """
    try:
        subject = uuid.UUID(claims.sub)
        family_id = uuid.UUID(claims.sid) if claims.sid is not None else None
    except ValueError as exc:
        raise Unauthorized() from exc
    if await repository.is_revoked(session, claims.jti, family_id):
        raise Unauthorized()
    if claims.kind == "user":
        user = await repository.user_by_id(session, subject)
        if (
            user is None
            or not user.is_active
            or user.organisation.slug != claims.org
            or _issued_before(claims, user.tokens_valid_after)
        ):
            raise Unauthorized()
        return user_principal(
            user, scopes=claims.scopes & user_scopes(user), token_id=claims.jti, expires_at=claims.expires_at
        )
    if claims.kind == "client":
        client = await repository.client_by_id(session, subject)
        if (
            client is None
            or not client.is_active
            or client.organisation.slug != claims.org
            or _issued_before(claims, client.tokens_valid_after)
        ):
            raise Unauthorized()
        return Principal(
            kind="client",
            id=client.id,
            name=client.name,
            role=None,
            organisation_id=client.organisation_id,
            organisation_slug=client.organisation.slug,
            organisation_name=client.organisation.name_de,
            scopes=claims.scopes & client_scopes(client),
            token_id=claims.jti,
            token_expires_at=claims.expires_at,
        )
    raise Unauthorized()
