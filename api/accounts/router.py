"""HTTP face of sign-in: the OAuth2 token endpoint, refresh, logout, and who am I."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated

from fastapi import Cookie, Depends, Form, Request, Response
from fastapi.responses import JSONResponse

from api.accounts import service
from api.accounts.dependencies import CurrentPrincipal
from api.accounts.schemas import (
    MeResponse,
    MeSecondFactor,
    PasswordChange,
    PasswordConfirmation,
    RecoveryCodes,
    SecondFactorConfirm,
    SecondFactorSetup,
    SecondFactorStatus,
    TokenResponse,
)
from api.accounts.service import OAuthError, TokenGrant
from api.core.config import Settings
from api.core.dependencies import MetaDep, SealerDep, SessionDep, SettingsDep
from api.core.errors import error_responses
from api.core.routing import API_PREFIX, versioned_router
from api.core.same_origin import refuse_cross_site
from api.directory.schemas import OrganisationRef

router = versioned_router("auth")

REFRESH_COOKIE = "kipni_refresh"
AUTH_PATH = f"{API_PREFIX}/auth"


def _is_browser(request: Request) -> bool:
    """Browsers send Fetch metadata; scripts and partner systems do not."""
    return "sec-fetch-site" in request.headers


def _token_response(request: Request, grant: TokenGrant, settings: Settings) -> Response:
    browser = _is_browser(request) and grant.refresh_token is not None
    body = TokenResponse(
        access_token=grant.access_token,
        expires_in=grant.expires_in,
        scope=" ".join(sorted(grant.scopes)),
        refresh_token=None if browser else grant.refresh_token,
    )
    response = JSONResponse(body.model_dump(exclude_none=True), headers={"Pragma": "no-cache"})
    if browser and grant.refresh_token:
        response.set_cookie(
            REFRESH_COOKIE,
            grant.refresh_token,
            max_age=settings.refresh_token_days * 86400,
            path=AUTH_PATH,
            httponly=True,
            secure=settings.secure_cookies,
            samesite="strict",
        )
    return response


def _basic_credentials(request: Request) -> tuple[str, str] | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic" or len(value) > 1024:
        return None
    try:
        client_id, _, secret = base64.b64decode(value, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise OAuthError("invalid_client", "Unreadable client credentials.", status=401) from exc
    return client_id, secret


# What a person can do next with the session a sign-in or a refresh answered (OpenAPI
# links): refresh it, or end it.
_WITH_REFRESH_TOKEN = {"refresh_token": "$response.body#/refresh_token"}
SESSION_LINKS = {
    "RefreshSession": {
        "operationId": "auth-refresh_token",
        "requestBody": _WITH_REFRESH_TOKEN,
        "description": "New tokens for the refresh token (people only).",
    },
    "EndSession": {
        "operationId": "auth-logout",
        "requestBody": _WITH_REFRESH_TOKEN,
        "description": "End the session; send the new access token as the bearer.",
    },
}


@router.post(
    "/auth/token",
    summary="Get an access token (OAuth2)",
    description="`grant_type=password` for people (with `username` = e-mail address and `password`), "
    "`grant_type=client_credentials` for partner systems (`client_id` and `client_secret` in the form "
    "or as HTTP Basic). Access tokens live 15 minutes. The sixth failed sign-in for one account or "
    "address within the window is answered 429 with `Retry-After`. A browser request another site "
    "started (`Origin`, `Sec-Fetch-Site`) is refused with 403.\n\n"
    "**Second factor.** An account with a second factor also sends `otp`: the current six-digit "
    "code of its authenticator app (TOTP, RFC 6238: SHA-1, 30 s), or one of its recovery codes. "
    "Without it the answer is 400 with the OAuth error `second_factor_required` (the password was "
    "right: send it again with `otp`); a wrong, reused or already used code is 400 "
    "`invalid_second_factor`, counted and throttled like a wrong password (429 with `Retry-After`). "
    "Each code works once. An account whose role must have a second factor "
    "(`KIPNI_REQUIRE_SECOND_FACTOR_ROLES`) but has none yet signs in with its password and gets a "
    "token without scopes: `GET /api/v1/auth/me` says `enrolment_required: true`, and the token "
    "serves to enrol (`/api/v1/auth/second-factor/start`, then `/confirm`), after which it holds "
    "the account's scopes.",
    response_model=TokenResponse,
    responses={200: {"links": SESSION_LINKS}, **error_responses(400, 401, 403, 422, 429)},
    dependencies=[Depends(refuse_cross_site)],
)
async def issue_token(
    request: Request,
    session: SessionDep,
    meta: MetaDep,
    settings: SettingsDep,
    grant_type: Annotated[str, Form(max_length=40)],
    username: Annotated[str | None, Form(max_length=254)] = None,
    password: Annotated[str | None, Form(max_length=1024)] = None,
    client_id: Annotated[str | None, Form(max_length=64)] = None,
    client_secret: Annotated[str | None, Form(max_length=256)] = None,
    scope: Annotated[str | None, Form(max_length=1000)] = None,
    otp: Annotated[
        str | None,
        Form(max_length=40, description="The code of the second factor, or a recovery code (people only)."),
    ] = None,
    *,
    sealer: SealerDep,
) -> Response:
    if grant_type == "password":
        if not username or password is None:
            raise OAuthError("invalid_request", "username and password are required.")
        grant = await service.sign_in_with_password(
            session,
            settings,
            email=username,
            password=password,
            requested_scope=scope,
            meta=meta,
            otp=otp,
            sealer=sealer,
        )
    elif grant_type == "client_credentials":
        basic = _basic_credentials(request)
        if basic is not None:
            client_id, client_secret = basic
        if not client_id or client_secret is None:
            raise OAuthError("invalid_client", "client_id and client_secret are required.", status=401)
        grant = await service.sign_in_client(
            session,
            settings,
            client_id=client_id,
            client_secret=client_secret,
            requested_scope=scope,
            meta=meta,
        )
    else:
        raise OAuthError("unsupported_grant_type", "Use password or client_credentials.")
    return _token_response(request, grant, settings)


@router.post(
    "/auth/refresh",
    summary="Exchange a refresh token for new tokens",
    description="Takes the refresh token from the form field `refresh_token` or from the session "
    "cookie. Each refresh token works once; presenting a used one ends the whole session. A browser "
    "request another site started is refused with 403.",
    response_model=TokenResponse,
    responses={200: {"links": SESSION_LINKS}, **error_responses(401, 403, 422)},
    dependencies=[Depends(refuse_cross_site)],
)
async def refresh_token(
    request: Request,
    session: SessionDep,
    meta: MetaDep,
    settings: SettingsDep,
    refresh_token: Annotated[str | None, Form(max_length=200)] = None,
    cookie: Annotated[str | None, Cookie(alias=REFRESH_COOKIE, max_length=200)] = None,
) -> Response:
    token = refresh_token or cookie
    if not token:
        raise OAuthError("invalid_request", "A refresh token is required.")
    grant = await service.refresh(session, settings, token=token, meta=meta)
    return _token_response(request, grant, settings)


@router.post(
    "/auth/logout",
    summary="End the session",
    description="Revokes the access token at once and the refresh token family given in the form "
    "or the cookie.",
    status_code=204,
    responses=error_responses(401),
)
async def logout(
    principal: CurrentPrincipal,
    session: SessionDep,
    meta: MetaDep,
    refresh_token: Annotated[str | None, Form(max_length=200)] = None,
    cookie: Annotated[str | None, Cookie(alias=REFRESH_COOKIE, max_length=200)] = None,
) -> Response:
    await service.logout(session, principal, refresh_token=refresh_token or cookie, meta=meta)
    response = Response(status_code=204)
    response.delete_cookie(REFRESH_COOKIE, path=AUTH_PATH)
    return response


@router.get(
    "/auth/me",
    summary="Who the token belongs to",
    response_model=MeResponse,
    responses=error_responses(401),
)
async def me(principal: CurrentPrincipal) -> MeResponse:
    user = principal.kind == "user"
    return MeResponse(
        kind=principal.kind,
        email=principal.name if user else None,
        name=principal.name if not user else None,
        role=principal.role,
        organisation=OrganisationRef(slug=principal.organisation_slug, name=principal.organisation_name),
        scopes=sorted(principal.scopes),
        second_factor=MeSecondFactor(
            enrolled=principal.second_factor_enrolled, required=principal.second_factor_required
        )
        if user
        else None,
        enrolment_required=principal.enrolment_pending,
    )


@router.post(
    "/auth/password",
    summary="Change one's own password",
    description="Needs the current password (a wrong one is 422 and counts like a failed sign-in). "
    "Every other session of the account ends; this one goes on.",
    status_code=204,
    response_class=Response,
    responses=error_responses(401, 403, 422, 429),
    dependencies=[Depends(refuse_cross_site)],
)
async def change_password(
    principal: CurrentPrincipal,
    session: SessionDep,
    settings: SettingsDep,
    meta: MetaDep,
    body: PasswordChange,
) -> Response:
    await service.change_password(
        session,
        settings,
        principal,
        current_password=body.current_password,
        new_password=body.new_password,
        meta=meta,
    )
    return Response(status_code=204)


@router.post(
    "/auth/logout-everywhere",
    summary="End every session of one's account",
    description="Revokes every refresh token of the account and every access token issued until "
    "now, this one included: every device has to sign in again.",
    status_code=204,
    response_class=Response,
    responses=error_responses(401, 403),
    dependencies=[Depends(refuse_cross_site)],
)
async def logout_everywhere(principal: CurrentPrincipal, session: SessionDep, meta: MetaDep) -> Response:
    await service.sign_out_everywhere(session, principal, meta=meta)
    response = Response(status_code=204)
    response.delete_cookie(REFRESH_COOKIE, path=AUTH_PATH)
    return response


@router.get(
    "/auth/second-factor",
    summary="The state of one's second factor",
    response_model=SecondFactorStatus,
    responses=error_responses(401, 403),
)
async def second_factor(
    principal: CurrentPrincipal, session: SessionDep, settings: SettingsDep
) -> SecondFactorStatus:
    return await service.second_factor_status(session, settings, principal)


@router.post(
    "/auth/second-factor/start",
    summary="Start enrolling an authenticator app",
    description="A new TOTP secret (RFC 6238: SHA-1, six digits, 30 s), as text, as an `otpauth://` "
    "URI and as a QR code in SVG. It is in force once `/confirm` got a right code; starting again "
    "before that replaces it. 409 when the account has a second factor already.",
    response_model=SecondFactorSetup,
    responses=error_responses(401, 403, 409),
    dependencies=[Depends(refuse_cross_site)],
)
async def start_second_factor(
    principal: CurrentPrincipal, session: SessionDep, sealer: SealerDep, meta: MetaDep
) -> SecondFactorSetup:
    return await service.start_enrolment(session, sealer, principal, meta=meta)


@router.post(
    "/auth/second-factor/confirm",
    summary="Confirm the enrolment with a code",
    description="A right code puts the second factor in force and answers ten recovery codes, "
    "once: only their hashes are kept. A wrong code is 422.",
    response_model=RecoveryCodes,
    responses=error_responses(401, 403, 409, 422),
    dependencies=[Depends(refuse_cross_site)],
)
async def confirm_second_factor(
    principal: CurrentPrincipal,
    session: SessionDep,
    sealer: SealerDep,
    meta: MetaDep,
    body: SecondFactorConfirm,
) -> RecoveryCodes:
    return await service.confirm_enrolment(session, sealer, principal, body.code, meta=meta)


@router.post(
    "/auth/second-factor/disable",
    summary="Remove one's second factor",
    description="With the current password; 409 where the account's role requires a second factor "
    "(an admin can reset it instead).",
    status_code=204,
    response_class=Response,
    responses=error_responses(401, 403, 409, 422, 429),
    dependencies=[Depends(refuse_cross_site)],
)
async def disable_second_factor(
    principal: CurrentPrincipal,
    session: SessionDep,
    settings: SettingsDep,
    meta: MetaDep,
    body: PasswordConfirmation,
) -> Response:
    await service.disable_second_factor(session, settings, principal, body.password, meta=meta)
    return Response(status_code=204)


@router.post(
    "/auth/second-factor/recovery-codes",
    summary="Replace one's recovery codes",
    description="With the current password: ten new recovery codes, shown once; every earlier one "
    "stops working. 409 without a second factor.",
    response_model=RecoveryCodes,
    responses=error_responses(401, 403, 409, 422, 429),
    dependencies=[Depends(refuse_cross_site)],
)
async def renew_recovery_codes(
    principal: CurrentPrincipal,
    session: SessionDep,
    settings: SettingsDep,
    meta: MetaDep,
    body: PasswordConfirmation,
) -> RecoveryCodes:
    return await service.renew_recovery_codes(session, settings, principal, body.password, meta=meta)
