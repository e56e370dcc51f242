"""Sign-in, token issue, refresh rotation, logout, and resolving a token to a principal."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts import repository, totp
from api.accounts.models import ApiClient, RefreshToken, User
from api.accounts.repository import TokenHolder
from api.accounts.schemas import RecoveryCodes, SecondFactorSetup, SecondFactorStatus
from api.audit import service as audit
from api.core.config import Settings
from api.core.db import utcnow
from api.core.errors import (
    AppError,
    Conflict,
    Forbidden,
    TooManyRequests,
    Unauthorized,
    UnprocessableEntity,
)
from api.core.pipeline import Query, run_one
from api.core.principal import ANONYMOUS, Actor, Principal, RequestMeta
from api.core.row_encryption import Sealer
from api.core.scopes import CLIENT_SCOPES, ROLE_SCOPES, Role
from api.core.security import (
    PasswordPolicyError,
    hash_password_off_loop,
    needs_rehash,
    verify_password_off_loop,
)
from api.core.tokens import AccessClaims, TokenCodec, new_opaque_token
from api.throttle import service as throttle


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
    return _role_scopes(user.role)


def client_scopes(client: ApiClient) -> frozenset[str]:
    return _granted_client_scopes(client.scopes)


def _role_scopes(role: str) -> frozenset[str]:
    return frozenset(scope.value for scope in ROLE_SCOPES[Role(role)])


def _granted_client_scopes(granted: Iterable[str]) -> frozenset[str]:
    return frozenset(granted) & frozenset(scope.value for scope in CLIENT_SCOPES)


def _until_enrolled(scopes: frozenset[str], *, enrolled: bool, required: bool) -> frozenset[str]:
    """No scope at all while the account's role must have a second factor it has not
    enrolled."""
    return scopes if enrolled or not required else frozenset()


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


def _sign_in_policy(settings: Settings) -> throttle.SignInPolicy:
    return throttle.SignInPolicy(
        pair_max=settings.login_max_failures,
        account_max=settings.login_account_max_failures,
        address_max=settings.login_address_max_failures,
        window=timedelta(seconds=settings.login_window_seconds),
    )


async def _refuse_while_throttled(
    session: AsyncSession,
    keys: throttle.SignInKeys,
    now: datetime,
    policy: throttle.SignInPolicy,
    *,
    action: str,
    meta: RequestMeta,
) -> None:
    """429 with ``Retry-After`` while the attempt's counters say wait; the counters stay
    locked until the transaction ends, so parallel attempts are counted one by one."""
    wait = await throttle.sign_in_wait(session, keys, now=now, policy=policy)
    if wait is not None:
        await audit.record_refusal(session, action=action, actor=ANONYMOUS, meta=meta, outcome="throttled")
        raise TooManyRequests(
            "Too many failed sign-ins. Try again later.", headers={"Retry-After": str(wait)}
        )


async def sign_in_with_password(
    session: AsyncSession,
    settings: Settings,
    *,
    email: str,
    password: str,
    requested_scope: str | None,
    meta: RequestMeta,
    otp: str | None = None,
    sealer: Sealer | None = None,
) -> TokenGrant:
    """Checks throttling, then the password, then the second factor where the account has
    one; audits the attempt either way.

    A refusal is committed before the error is raised (``audit.record_refusal``); a wrong
    password keeps its failure count, written under the counters' lock, with it. An
    account whose role must have a second factor but has none yet gets a token that may
    only enrol one (see ``resolve_principal``).
    """
    now = utcnow()
    policy = _sign_in_policy(settings)
    keys = throttle.sign_in_keys("user", email, meta.client_address)
    await _refuse_while_throttled(session, keys, now, policy, action="auth.login", meta=meta)

    user = await repository.user_by_email(session, email)
    valid = await verify_password_off_loop(user.password_hash if user else None, password)
    if user is None or not valid or not user.is_active:
        await throttle.sign_in_failed(session, keys, now=now, window=policy.window)
        actor = (
            Actor(kind="user", id=str(user.id), organisation=user.organisation.slug) if user else ANONYMOUS
        )
        await audit.record_refusal(
            session, action="auth.login", actor=actor, meta=meta, outcome="failure", keep_request_writes=True
        )
        raise OAuthError("invalid_grant", "The e-mail address or the password is not correct.")

    actor = Actor(kind="user", id=str(user.id), organisation=user.organisation.slug)
    factor = "none"
    if user.totp_enrolled_at is not None:
        if sealer is None:
            raise RuntimeError("signing in to an account with a second factor needs the sealer")
        factor = await _check_second_factor(session, settings, sealer, user, otp, actor=actor, meta=meta)
    elif user.role in settings.second_factor_roles:
        factor = "enrolment_required"
    if needs_rehash(user.password_hash):
        user.password_hash = await hash_password_off_loop(password)
    await throttle.sign_in_succeeded(session, keys)
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
        session, action="auth.login", actor=actor, meta=meta, details={"second_factor": factor}
    )
    return TokenGrant(issued.token, issued.expires_in, scopes, refresh)


async def _check_second_factor(
    session: AsyncSession,
    settings: Settings,
    sealer: Sealer,
    user: User,
    otp: str | None,
    *,
    actor: Actor,
    meta: RequestMeta,
) -> str:
    """The code of the authenticator app, or a recovery code, after a right password.

    Without a code the answer is ``second_factor_required``; a wrong, replayed or used
    code is ``invalid_second_factor`` and counts like a wrong password (own counters per
    account and address, the same limits). Returns how the factor was shown (``totp`` or
    ``recovery_code``).
    """
    if not otp or not otp.strip():
        await audit.record_refusal(
            session, action="auth.login", actor=actor, meta=meta, outcome="code_required"
        )
        raise OAuthError(
            "second_factor_required", "This account needs the code of its second factor (form field otp)."
        )
    now = utcnow()
    policy = _sign_in_policy(settings)
    keys = throttle.sign_in_keys("second-factor", user.email, meta.client_address)
    await _refuse_while_throttled(session, keys, now, policy, action="auth.second_factor", meta=meta)
    code = otp.strip()
    if totp.looks_like_totp(code.replace(" ", "")):
        used = "totp"
        accepted = await _accept_totp(session, sealer, user, code, now=now)
    else:
        used = "recovery_code"
        accepted = await repository.use_recovery_code(
            session, user.id, totp.recovery_code_hash(str(user.id), code), now
        )
    if not accepted:
        await throttle.sign_in_failed(session, keys, now=now, window=policy.window)
        await audit.record_refusal(
            session,
            action="auth.second_factor",
            actor=actor,
            meta=meta,
            outcome="failure",
            keep_request_writes=True,
        )
        raise OAuthError("invalid_second_factor", "The code is not correct, or was used already.")
    await throttle.sign_in_succeeded(session, keys)
    if used == "recovery_code":
        left = await repository.recovery_codes_left(session, user.id)
        await audit.record(
            session,
            action="auth.recovery_code_used",
            actor=actor,
            meta=meta,
            object_type="user",
            object_id=user.id,
            details={"left": left},
        )
    return used


def _totp_secret(sealer: Sealer, user: User) -> str | None:
    return sealer.open(User.__tablename__, "totp_secret_enc", user.id, user.totp_secret_enc)


async def _accept_totp(
    session: AsyncSession, sealer: Sealer, user: User, code: str, *, now: datetime
) -> bool:
    """True when ``code`` belongs to a time step after the last one used, which it then
    becomes (in one conditional statement, so two requests cannot both use one code)."""
    secret = _totp_secret(sealer, user)
    if secret is None:
        return False
    step = totp.matching_step(secret, code, now=now.timestamp(), after=user.totp_last_step)
    if step is None or not await repository.advance_totp_step(session, user.id, step):
        return False
    user.totp_last_step = step
    return True


async def sign_in_client(
    session: AsyncSession,
    settings: Settings,
    *,
    client_id: str,
    client_secret: str,
    requested_scope: str | None,
    meta: RequestMeta,
) -> TokenGrant:
    """Partner systems are throttled like people: per client id and address pair, and
    with growing delays per client id and per address."""
    now = utcnow()
    policy = _sign_in_policy(settings)
    keys = throttle.sign_in_keys("client", client_id, meta.client_address)
    await _refuse_while_throttled(session, keys, now, policy, action="auth.client_login", meta=meta)
    client = await repository.client_by_client_id(session, client_id)
    valid = await verify_password_off_loop(client.secret_hash if client else None, client_secret)
    if client is None or not valid or not client.is_active:
        await throttle.sign_in_failed(session, keys, now=now, window=policy.window)
        actor = (
            Actor(kind="client", id=str(client.id), organisation=client.organisation.slug)
            if client
            else ANONYMOUS
        )
        await audit.record_refusal(
            session,
            action="auth.client_login",
            actor=actor,
            meta=meta,
            outcome="failure",
            keep_request_writes=True,
        )
        raise OAuthError("invalid_client", "The client credentials are not correct.", status=401)
    await throttle.sign_in_succeeded(session, keys)
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
        await audit.record_refusal(
            session,
            action="auth.refresh_reuse",
            actor=Actor(kind="user", id=str(stored.user_id)),
            meta=meta,
            object_type="refresh_token_family",
            object_id=stored.family_id,
            keep_request_writes=True,
        )
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


async def purge_revocations(session: AsyncSession) -> int:
    """Revoked access tokens that have expired anyway need no entry in the denylist."""
    return await repository.purge_revocations(session, utcnow())


async def staff_emails(
    session: AsyncSession, *, roles: Iterable[Role], organisation_id: uuid.UUID | None = None
) -> list[str]:
    """The addresses to notify: active users holding one of ``roles``, of one organisation
    when it is given, in order."""
    return await repository.active_emails(
        session, roles=sorted(role.value for role in roles), organisation_id=organisation_id
    )


def staff_emails_query(*, roles: Iterable[Role]) -> Query[list[str]]:
    """``staff_emails`` of every organisation, as a statement to send with others."""
    return repository.active_emails_of_roles(tuple(sorted(role.value for role in roles)))


def user_principal(
    user: User,
    *,
    scopes: frozenset[str],
    token_id: str,
    expires_at: datetime,
    session_id: str | None = None,
    second_factor_roles: frozenset[str] = frozenset(),
) -> Principal:
    """The principal acting as ``user`` (its organisation loaded). While its role must
    have a second factor that it has not enrolled, it holds no scope at all."""
    enrolled = user.totp_enrolled_at is not None
    required = user.role in second_factor_roles
    return Principal(
        kind="user",
        id=user.id,
        name=user.email,
        role=user.role,
        organisation_id=user.organisation_id,
        organisation_slug=user.organisation.slug,
        organisation_name=user.organisation.name_de,
        scopes=_until_enrolled(scopes, enrolled=enrolled, required=required),
        token_id=token_id,
        token_expires_at=expires_at,
        session_id=session_id,
        second_factor_enrolled=enrolled,
        second_factor_required=required,
    )


async def acting_principal(session: AsyncSession, email: str, *, token_id: str) -> Principal | None:
    """The user with ``email`` acting directly, without a token (the demo data's authors);
    None when there is no such user."""
    user = await repository.user_by_email(session, email)
    if user is None:
        return None
    return user_principal(user, scopes=user_scopes(user), token_id=token_id, expires_at=user.created_at)


def _issued_before(claims: AccessClaims, valid_after: datetime | None) -> bool:
    """Token times have whole seconds: one issued in the second of the cut-off still counts."""
    return valid_after is not None and claims.iat < int(valid_after.timestamp())


def principal_query(
    claims: AccessClaims, *, second_factor_roles: frozenset[str] = frozenset()
) -> Query[Principal | None] | None:
    """The statement that finds the live principal behind a valid token (None when it
    was revoked or disabled since), for a caller sending it with others; None when the
    token names nobody at all.

    Scopes are the token's, cut down to what the account may have now, so a role change
    takes effect at once; none while the account must enrol a second factor first.
    """
    if claims.kind not in ("user", "client"):
        return None
    try:
        subject = uuid.UUID(claims.sub)
        family_id = uuid.UUID(claims.sid) if claims.sid is not None else None
    except ValueError:
        return None
    return repository.token_holder(claims.kind, subject, claims.jti, family_id).then(
        lambda holder: _live_principal(claims, holder, second_factor_roles)
    )


def _live_principal(
    claims: AccessClaims, holder: TokenHolder | None, second_factor_roles: frozenset[str]
) -> Principal | None:
    if (
        holder is None
        or not holder.is_active
        or holder.organisation_slug != claims.org
        or _issued_before(claims, holder.tokens_valid_after)
    ):
        return None
    if claims.kind == "client":
        enrolled = required = False
        scopes = claims.scopes & _granted_client_scopes(holder.client_scopes or ())
    else:
        enrolled = holder.second_factor_since is not None
        required = holder.role in second_factor_roles
        scopes = _until_enrolled(
            claims.scopes & _role_scopes(str(holder.role)), enrolled=enrolled, required=required
        )
    return Principal(
        kind="client" if claims.kind == "client" else "user",
        id=holder.id,
        name=holder.name,
        role=holder.role,
        organisation_id=holder.organisation_id,
        organisation_slug=holder.organisation_slug,
        organisation_name=holder.organisation_name,
        scopes=scopes,
        token_id=claims.jti,
        token_expires_at=claims.expires_at,
        session_id=claims.sid if claims.kind == "user" else None,
        second_factor_enrolled=enrolled,
        second_factor_required=required,
    )


async def resolve_principal(
    session: AsyncSession, claims: AccessClaims, *, second_factor_roles: frozenset[str] = frozenset()
) -> Principal:
    """The live principal behind a valid token; raises when it was revoked or disabled."""
    query = principal_query(claims, second_factor_roles=second_factor_roles)
    principal = await run_one(session, query) if query is not None else None
    if principal is None:
        raise Unauthorized()
    return principal


# --- one's own account: second factor, password, sessions --------------------------------


async def _own_user(session: AsyncSession, principal: Principal) -> User:
    if principal.kind != "user":
        raise Forbidden("Only people have an account page; partner systems have client credentials.")
    user = await repository.user_by_id(session, principal.id)
    if user is None:
        raise Unauthorized()
    return user


def _wrong_field(field: str, message: str) -> UnprocessableEntity:
    return UnprocessableEntity(message, extensions={"errors": [{"loc": ["body", field], "msg": message}]})


async def _check_own_password(
    session: AsyncSession,
    settings: Settings,
    user: User,
    password: str,
    *,
    field: str,
    action: str,
    actor: Actor,
    meta: RequestMeta,
) -> None:
    """The account's current password, throttled and counted like a sign-in."""
    now = utcnow()
    policy = _sign_in_policy(settings)
    keys = throttle.sign_in_keys("user", user.email, meta.client_address)
    await _refuse_while_throttled(session, keys, now, policy, action=action, meta=meta)
    if not await verify_password_off_loop(user.password_hash, password):
        await throttle.sign_in_failed(session, keys, now=now, window=policy.window)
        await audit.record_refusal(
            session, action=action, actor=actor, meta=meta, outcome="failure", keep_request_writes=True
        )
        raise _wrong_field(field, "The current password is not correct.")
    await throttle.sign_in_succeeded(session, keys)


async def second_factor_status(
    session: AsyncSession, settings: Settings, principal: Principal
) -> SecondFactorStatus:
    user = await _own_user(session, principal)
    return SecondFactorStatus(
        enrolled=user.totp_enrolled_at is not None,
        required=user.role in settings.second_factor_roles,
        pending=user.totp_enrolled_at is None and user.totp_secret_enc is not None,
        enrolled_at=user.totp_enrolled_at,
        recovery_codes_left=await repository.recovery_codes_left(session, user.id)
        if user.totp_enrolled_at is not None
        else 0,
    )


async def start_enrolment(
    session: AsyncSession, sealer: Sealer, principal: Principal, *, meta: RequestMeta
) -> SecondFactorSetup:
    """A new secret for the account, in force once a code confirms it. Starting again
    before confirming replaces the secret; an enrolled account must disable or be reset
    first."""
    user = await _own_user(session, principal)
    if user.totp_enrolled_at is not None:
        raise Conflict("This account has a second factor already.")
    secret = totp.new_secret()
    user.totp_secret_enc = sealer.seal(User.__tablename__, "totp_secret_enc", user.id, secret)
    user.totp_last_step = None
    await session.flush()
    uri = totp.provisioning_uri(secret, user.email)
    return SecondFactorSetup(secret=secret, otpauth_uri=uri, qr_svg=totp.qr_svg(uri))


async def confirm_enrolment(
    session: AsyncSession, sealer: Sealer, principal: Principal, code: str, *, meta: RequestMeta
) -> RecoveryCodes:
    """A right code puts the second factor in force and gives ten recovery codes, once."""
    user = await _own_user(session, principal)
    if user.totp_enrolled_at is not None:
        raise Conflict("This account has a second factor already.")
    if user.totp_secret_enc is None:
        raise Conflict("Start the enrolment first.")
    now = utcnow()
    if not await _accept_totp(session, sealer, user, code, now=now):
        raise _wrong_field(
            "code", "The code is not correct. Check the time of the device and try the next code."
        )
    user.totp_enrolled_at = now
    codes = await _issue_recovery_codes(session, user, now)
    await _audit_own_account(session, principal, meta, "auth.second_factor_enrol", user)
    return codes


async def _audit_own_account(
    session: AsyncSession, principal: Principal, meta: RequestMeta, action: str, user: User
) -> None:
    """The audit row of something a person did to their own account."""
    await audit.record(
        session, action=action, actor=principal.actor, meta=meta, object_type="user", object_id=user.id
    )


async def _issue_recovery_codes(session: AsyncSession, user: User, now: datetime) -> RecoveryCodes:
    """Ten new codes; every earlier one stops working."""
    codes = totp.new_recovery_codes()
    await repository.delete_recovery_codes(session, user.id)
    await repository.add_recovery_codes(
        session, user.id, [totp.recovery_code_hash(str(user.id), code) for code in codes], now
    )
    return RecoveryCodes(recovery_codes=codes)


async def renew_recovery_codes(
    session: AsyncSession, settings: Settings, principal: Principal, password: str, *, meta: RequestMeta
) -> RecoveryCodes:
    """With the current password: ten new recovery codes, shown once; the old ones end."""
    user = await _own_user(session, principal)
    if user.totp_enrolled_at is None:
        raise Conflict("This account has no second factor.")
    await _check_own_password(
        session,
        settings,
        user,
        password,
        field="password",
        action="auth.recovery_codes_renew",
        actor=principal.actor,
        meta=meta,
    )
    codes = await _issue_recovery_codes(session, user, utcnow())
    await _audit_own_account(session, principal, meta, "auth.recovery_codes_renew", user)
    return codes


def clear_second_factor(user: User) -> None:
    user.totp_secret_enc = None
    user.totp_enrolled_at = None
    user.totp_last_step = None


async def disable_second_factor(
    session: AsyncSession, settings: Settings, principal: Principal, password: str, *, meta: RequestMeta
) -> None:
    """Only where the role does not require it, and with the current password."""
    user = await _own_user(session, principal)
    if user.role in settings.second_factor_roles:
        raise Conflict("Your role must sign in with a second factor; an admin can reset it.")
    if user.totp_enrolled_at is None and user.totp_secret_enc is None:
        return
    await _check_own_password(
        session,
        settings,
        user,
        password,
        field="password",
        action="auth.second_factor_disable",
        actor=principal.actor,
        meta=meta,
    )
    clear_second_factor(user)
    await repository.delete_recovery_codes(session, user.id)
    await session.flush()
    await _audit_own_account(session, principal, meta, "auth.second_factor_disable", user)


async def change_password(
    session: AsyncSession,
    settings: Settings,
    principal: Principal,
    *,
    current_password: str,
    new_password: str,
    meta: RequestMeta,
) -> None:
    """With the current password; every other session of the account ends."""
    user = await _own_user(session, principal)
    await _check_own_password(
        session,
        settings,
        user,
        current_password,
        field="current_password",
        action="auth.password_change",
        actor=principal.actor,
        meta=meta,
    )
    try:
        user.password_hash = await hash_password_off_loop(new_password)
    except PasswordPolicyError as exc:
        raise _wrong_field("new_password", str(exc)) from exc
    keep = uuid.UUID(principal.session_id) if principal.session_id else None
    await repository.revoke_other_refresh_tokens(session, user.id, keep, utcnow())
    await session.flush()
    await _audit_own_account(session, principal, meta, "auth.password_change", user)


async def sign_out_everywhere(session: AsyncSession, principal: Principal, *, meta: RequestMeta) -> None:
    """Every refresh token family of the account ends, and with them (and the cut-off)
    every access token issued until now, this one included."""
    user = await _own_user(session, principal)
    now = utcnow()
    user.tokens_valid_after = now
    await repository.revoke_user_refresh_tokens(session, user.id, now)
    await repository.revoke_access_token(session, principal.token_id, principal.token_expires_at)
    await session.flush()
    await _audit_own_account(session, principal, meta, "auth.logout_everywhere", user)
