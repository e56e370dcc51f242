"""HTTP face of account administration: people (`/users`) and partner systems
(`/api-clients`). Every route needs the admin scope `users:manage`; the rules live in
``api.accounts.administration``, which the CLI shares."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Path, Request, Response

from api.accounts import administration
from api.accounts.auth import AccountsAdmin
from api.accounts.schemas import (
    ApiClientCreate,
    ApiClientOut,
    ApiClientUpdate,
    ApiClientWithSecret,
    PasswordReset,
    UserCreate,
    UserOut,
    UserUpdate,
)
from api.core.dependencies import MetaDep, SessionDep
from api.core.errors import error_responses
from api.core.pagination import Page
from api.core.params import CursorQuery, LimitQuery
from api.core.routing import versioned_router

users_router = versioned_router("users")
clients_router = versioned_router("api-clients")

# The row's ``id``, named so that nobody mistakes it for the OAuth ``client_id``.
ApiClientId = Annotated[uuid.UUID, Path(description="The `id` of the API client, not its `client_id`.")]

READ_ERRORS = error_responses(401, 403, 404, 422)
WRITE_ERRORS = error_responses(401, 403, 404, 409, 422)
LIST_ERRORS = error_responses(400, 401, 403, 422)


@users_router.get(
    "/users",
    summary="List users",
    description="Ordered by e-mail address. Keyset paginated.",
    response_model=Page[UserOut],
    responses=LIST_ERRORS,
)
async def list_users(
    _admin: AccountsAdmin, session: SessionDep, limit: LimitQuery = 50, cursor: CursorQuery = None
) -> Page[UserOut]:
    return await administration.list_users(session, limit=limit, cursor=cursor)


@users_router.post(
    "/users",
    summary="Create a user",
    description="The organisation is given by its slug. Passwords have 12 to 128 characters.",
    status_code=201,
    response_model=UserOut,
    responses=WRITE_ERRORS,
)
async def create_user(
    principal: AccountsAdmin,
    session: SessionDep,
    meta: MetaDep,
    body: UserCreate,
    request: Request,
    response: Response,
) -> UserOut:
    user = await administration.create_user(session, body, actor=principal.actor, meta=meta)
    response.headers["Location"] = request.app.url_path_for("get_user", user_id=str(user.id))
    return user


@users_router.get("/users/{user_id}", summary="Get a user", response_model=UserOut, responses=READ_ERRORS)
async def get_user(_admin: AccountsAdmin, session: SessionDep, user_id: uuid.UUID) -> UserOut:
    return await administration.get_user(session, user_id)


@users_router.patch(
    "/users/{user_id}",
    summary="Change a user's name, role, organisation or status",
    description="Fields left out keep their value. Deactivating ends the user's sessions at once.",
    response_model=UserOut,
    responses=WRITE_ERRORS,
)
async def update_user(
    principal: AccountsAdmin, session: SessionDep, meta: MetaDep, user_id: uuid.UUID, body: UserUpdate
) -> UserOut:
    return await administration.update_user(session, user_id, body, actor=principal.actor, meta=meta)


@users_router.post(
    "/users/{user_id}/deactivate",
    summary="Deactivate a user",
    description="The user's access tokens stop working at once and every refresh token is revoked.",
    response_model=UserOut,
    responses=WRITE_ERRORS,
)
async def deactivate_user(
    principal: AccountsAdmin, session: SessionDep, meta: MetaDep, user_id: uuid.UUID
) -> UserOut:
    return await administration.deactivate_user(session, user_id, actor=principal.actor, meta=meta)


@users_router.post(
    "/users/{user_id}/password",
    summary="Set a new password for a user",
    description="Revokes the user's refresh tokens, so every session has to sign in again.",
    status_code=204,
    response_class=Response,
    responses=WRITE_ERRORS,
)
async def reset_password(
    principal: AccountsAdmin, session: SessionDep, meta: MetaDep, user_id: uuid.UUID, body: PasswordReset
) -> Response:
    await administration.reset_password(session, user_id, body, actor=principal.actor, meta=meta)
    return Response(status_code=204)


@users_router.post(
    "/users/{user_id}/second-factor/reset",
    summary="Reset a user's second factor",
    description="Removes the user's authenticator app and recovery codes (e.g. a lost phone) and ends "
    "every session; where the role requires a second factor, the next sign-in enrols anew.",
    status_code=204,
    response_class=Response,
    responses=WRITE_ERRORS,
)
async def reset_second_factor(
    principal: AccountsAdmin, session: SessionDep, meta: MetaDep, user_id: uuid.UUID
) -> Response:
    await administration.reset_second_factor(session, user_id, actor=principal.actor, meta=meta)
    return Response(status_code=204)


@clients_router.get(
    "/api-clients",
    summary="List API clients",
    description="Ordered by client id. Keyset paginated. Secrets are never shown.",
    response_model=Page[ApiClientOut],
    responses=LIST_ERRORS,
)
async def list_api_clients(
    _admin: AccountsAdmin, session: SessionDep, limit: LimitQuery = 50, cursor: CursorQuery = None
) -> Page[ApiClientOut]:
    return await administration.list_clients(session, limit=limit, cursor=cursor)


@clients_router.post(
    "/api-clients",
    summary="Register a partner system",
    description="Returns the client secret once; only a hash is kept. Scopes are limited to "
    "`referrals:submit`, `referrals:read-own` and `directory:write`.",
    status_code=201,
    response_model=ApiClientWithSecret,
    responses=WRITE_ERRORS,
)
async def create_api_client(
    principal: AccountsAdmin,
    session: SessionDep,
    meta: MetaDep,
    body: ApiClientCreate,
    request: Request,
    response: Response,
) -> ApiClientWithSecret:
    client = await administration.create_client(session, body, actor=principal.actor, meta=meta)
    response.headers["Location"] = request.app.url_path_for("get_api_client", api_client_id=str(client.id))
    return client


@clients_router.get(
    "/api-clients/{api_client_id}",
    summary="Get an API client",
    response_model=ApiClientOut,
    responses=READ_ERRORS,
)
async def get_api_client(
    _admin: AccountsAdmin, session: SessionDep, api_client_id: ApiClientId
) -> ApiClientOut:
    return await administration.get_client(session, api_client_id)


@clients_router.patch(
    "/api-clients/{api_client_id}",
    summary="Change an API client's name, scopes or status",
    response_model=ApiClientOut,
    responses=WRITE_ERRORS,
)
async def update_api_client(
    principal: AccountsAdmin,
    session: SessionDep,
    meta: MetaDep,
    api_client_id: ApiClientId,
    body: ApiClientUpdate,
) -> ApiClientOut:
    return await administration.update_client(session, api_client_id, body, actor=principal.actor, meta=meta)


@clients_router.post(
    "/api-clients/{api_client_id}/rotate-secret",
    summary="Issue a new client secret",
    description="Returns the new secret once; the old one stops working at once.",
    response_model=ApiClientWithSecret,
    responses=WRITE_ERRORS,
)
async def rotate_api_client_secret(
    principal: AccountsAdmin, session: SessionDep, meta: MetaDep, api_client_id: ApiClientId
) -> ApiClientWithSecret:
    return await administration.rotate_client_secret(session, api_client_id, actor=principal.actor, meta=meta)


@clients_router.post(
    "/api-clients/{api_client_id}/deactivate",
    summary="Deactivate an API client",
    description="Its access tokens stop working at once and it can no longer sign in.",
    response_model=ApiClientOut,
    responses=WRITE_ERRORS,
)
async def deactivate_api_client(
    principal: AccountsAdmin, session: SessionDep, meta: MetaDep, api_client_id: ApiClientId
) -> ApiClientOut:
    return await administration.deactivate_client(session, api_client_id, actor=principal.actor, meta=meta)
