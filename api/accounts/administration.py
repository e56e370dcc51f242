"""Administration of people and partner systems, shared by the admin API and the CLI.

Both entrances call these functions with the caller as an audit ``Actor`` (an admin's
principal, or ``SYSTEM`` for the CLI), so the rules and the audit trail are the same
whichever way a change arrives. Functions only flush; the caller commits.

Audit rows name the object and the fields that changed, never a password or a secret.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts import repository, service
from api.accounts.models import ApiClient, Organisation, User
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
from api.audit import service as audit
from api.core.db import utcnow
from api.core.errors import Conflict, NotFound, UnprocessableEntity
from api.core.pagination import Page, decode_cursor, encode_cursor, fetch_keyset
from api.core.principal import NO_REQUEST, Actor, RequestMeta
from api.core.scopes import CLIENT_SCOPES, Role, Scope
from api.core.security import PasswordPolicyError, hash_password, hash_secret
from api.core.tokens import new_opaque_token
from api.directory import service as directory
from api.directory.schemas import OrganisationRef

CLIENT_ID_PREFIX = "kc_"


def _invalid(field: str, message: str) -> UnprocessableEntity:
    """A 422 shaped like request validation errors, for rules a schema cannot check."""
    return UnprocessableEntity(message, extensions={"errors": [{"loc": ["body", field], "msg": message}]})


def _organisation_ref(organisation: Organisation) -> OrganisationRef:
    return OrganisationRef(slug=organisation.slug, name=organisation.name_de)


def user_out(user: User) -> UserOut:
    return UserOut(
        id=user.id,
        email=user.email,
        name=user.name,
        role=Role(user.role),
        organisation=_organisation_ref(user.organisation),
        is_active=user.is_active,
        second_factor_enrolled=user.totp_enrolled_at is not None,
        created_at=user.created_at,
        updated_at=user.updated_at,
    )


def client_out(client: ApiClient) -> ApiClientOut:
    return ApiClientOut(
        id=client.id,
        client_id=client.client_id,
        name=client.name,
        organisation=_organisation_ref(client.organisation),
        scopes=list(client.scopes),
        is_active=client.is_active,
        created_at=client.created_at,
    )


def _with_secret(client: ApiClient, secret: str) -> ApiClientWithSecret:
    return ApiClientWithSecret(**client_out(client).model_dump(), client_secret=secret)


async def _organisation(session: AsyncSession, slug: str) -> Organisation:
    organisation = await directory.organisation_by_slug(session, slug)
    if organisation is None:
        # Which slugs exist is the directory's state, not a rule a schema can state: 409.
        message = f"No organisation with the slug {slug!r}."
        raise Conflict(message, extensions={"errors": [{"loc": ["body", "organisation"], "msg": message}]})
    return organisation


def _password_hash(password: str) -> str:
    """The schemas check the length too; this covers callers that bypass them."""
    try:
        return hash_password(password)
    except PasswordPolicyError as exc:
        raise _invalid("password", str(exc)) from exc


def _client_scopes(scopes: Sequence[Scope]) -> list[str]:
    """Staff powers stay with people: a client holds only the partner-system scopes."""
    refused = set(scopes) - CLIENT_SCOPES
    if refused:
        allowed = ", ".join(sorted(CLIENT_SCOPES))
        raise _invalid("scopes", f"An API client may only hold these scopes: {allowed}.")
    return sorted({scope.value for scope in scopes})


# --- people -----------------------------------------------------------------------------


async def _user(session: AsyncSession, user_id: uuid.UUID) -> User:
    user = await repository.user_by_id(session, user_id)
    if user is None:
        raise NotFound("No user with this id.")
    return user


async def list_users(session: AsyncSession, *, limit: int, cursor: str | None) -> Page[UserOut]:
    after = str(decode_cursor(cursor, (str,))[0]) if cursor else None
    found = await fetch_keyset(lambda count: repository.list_users(session, after=after, limit=count), limit)
    return found.page(user_out, lambda user: encode_cursor([user.email]))


async def get_user(session: AsyncSession, user_id: uuid.UUID) -> UserOut:
    return user_out(await _user(session, user_id))


async def user_id_for_email(session: AsyncSession, email: str) -> uuid.UUID:
    """Scripts name people by e-mail address; the rest of this module works with ids."""
    user = await repository.user_by_email(session, email)
    if user is None:
        raise NotFound("No user with this e-mail address.")
    return user.id


async def create_user(
    session: AsyncSession, data: UserCreate, *, actor: Actor, meta: RequestMeta = NO_REQUEST
) -> UserOut:
    if await repository.user_by_email(session, data.email) is not None:
        raise Conflict("A user with this e-mail address exists already.")
    organisation = await _organisation(session, data.organisation)
    user = User(
        email=data.email,
        name=data.name,
        role=data.role.value,
        organisation_id=organisation.id,
        organisation=organisation,
        password_hash=_password_hash(data.password),
        is_active=True,
    )
    if not await repository.insert_unique(session, user):
        raise Conflict("A user with this e-mail address exists already.")
    await audit.record(
        session,
        action="users.create",
        actor=actor,
        meta=meta,
        object_type="user",
        object_id=user.id,
        details={"role": user.role, "organisation": organisation.slug},
    )
    return user_out(user)


def _user_changes(user: User, data: UserUpdate) -> dict[str, Any]:
    """The fields the update really changes; absent and null fields keep their value."""
    current = {
        "name": user.name,
        "role": user.role,
        "organisation": user.organisation.slug,
        "is_active": user.is_active,
    }
    wanted = data.model_dump(mode="json", exclude_unset=True, exclude_none=True)
    return {field: value for field, value in wanted.items() if value != current[field]}


def _refuse_self_lockout(actor: Actor, user: User, changes: dict[str, Any]) -> None:
    """An admin who disables or demotes themselves may leave nobody able to undo it."""
    if actor.kind != "user" or actor.id != str(user.id):
        return
    if changes.get("is_active") is False or changes.get("role", Role.admin.value) != Role.admin.value:
        raise Conflict("Admins cannot deactivate or demote their own account; ask another admin.")


async def _end_sessions(session: AsyncSession, user: User) -> None:
    """Every refresh token dies, and every access token issued until now is refused."""
    now = utcnow()
    user.tokens_valid_after = now
    await repository.revoke_user_refresh_tokens(session, user.id, now)


async def update_user(
    session: AsyncSession,
    user_id: uuid.UUID,
    data: UserUpdate,
    *,
    actor: Actor,
    meta: RequestMeta = NO_REQUEST,
) -> UserOut:
    user = await _user(session, user_id)
    changes = _user_changes(user, data)
    _refuse_self_lockout(actor, user, changes)
    if "organisation" in changes:
        organisation = await _organisation(session, changes["organisation"])
        user.organisation_id = organisation.id
        user.organisation = organisation
    if "name" in changes:
        user.name = changes["name"]
    if "role" in changes:
        user.role = changes["role"]
    if "is_active" in changes:
        user.is_active = changes["is_active"]
        if not user.is_active:
            await _end_sessions(session, user)
    if not changes:
        return user_out(user)
    await session.flush()
    await audit.record(
        session,
        action="users.update",
        actor=actor,
        meta=meta,
        object_type="user",
        object_id=user.id,
        details={"changed": sorted(changes)},
    )
    return user_out(user)


async def deactivate_user(
    session: AsyncSession, user_id: uuid.UUID, *, actor: Actor, meta: RequestMeta = NO_REQUEST
) -> UserOut:
    """Ends access at once: the account is disabled and every refresh token revoked."""
    user = await _user(session, user_id)
    _refuse_self_lockout(actor, user, {"is_active": False})
    user.is_active = False
    await _end_sessions(session, user)
    await session.flush()
    await audit.record(
        session, action="users.deactivate", actor=actor, meta=meta, object_type="user", object_id=user.id
    )
    return user_out(user)


async def reset_password(
    session: AsyncSession,
    user_id: uuid.UUID,
    data: PasswordReset,
    *,
    actor: Actor,
    meta: RequestMeta = NO_REQUEST,
) -> None:
    """Sets a new password and ends the user's sessions, which may be an intruder's."""
    user = await _user(session, user_id)
    user.password_hash = _password_hash(data.password)
    await _end_sessions(session, user)
    await session.flush()
    await audit.record(
        session, action="users.password_reset", actor=actor, meta=meta, object_type="user", object_id=user.id
    )


async def reset_second_factor(
    session: AsyncSession, user_id: uuid.UUID, *, actor: Actor, meta: RequestMeta = NO_REQUEST
) -> None:
    """An admin's reset (a lost phone): the factor and its recovery codes are gone and
    every session ends, which may be an intruder's; the next sign-in enrols anew."""
    user = await _user(session, user_id)
    service.clear_second_factor(user)
    await repository.delete_recovery_codes(session, user.id)
    await _end_sessions(session, user)
    await session.flush()
    await audit.record(
        session,
        action="users.second_factor_reset",
        actor=actor,
        meta=meta,
        object_type="user",
        object_id=user.id,
    )


# --- partner systems --------------------------------------------------------------------


async def _client(session: AsyncSession, client_pk: uuid.UUID) -> ApiClient:
    client = await repository.client_by_id(session, client_pk)
    if client is None:
        raise NotFound("No API client with this id.")
    return client


async def list_clients(session: AsyncSession, *, limit: int, cursor: str | None) -> Page[ApiClientOut]:
    after = str(decode_cursor(cursor, (str,))[0]) if cursor else None
    found = await fetch_keyset(
        lambda count: repository.list_clients(session, after=after, limit=count), limit
    )
    return found.page(client_out, lambda client: encode_cursor([client.client_id]))


async def get_client(session: AsyncSession, client_pk: uuid.UUID) -> ApiClientOut:
    return client_out(await _client(session, client_pk))


async def create_client(
    session: AsyncSession, data: ApiClientCreate, *, actor: Actor, meta: RequestMeta = NO_REQUEST
) -> ApiClientWithSecret:
    """The secret is returned here and never again; only its hash is stored."""
    scopes = _client_scopes(data.scopes)
    organisation = await _organisation(session, data.organisation)
    secret = new_opaque_token()
    client = ApiClient(
        client_id=CLIENT_ID_PREFIX + secrets.token_urlsafe(12),
        name=data.name,
        organisation_id=organisation.id,
        organisation=organisation,
        scopes=scopes,
        secret_hash=hash_secret(secret),
        is_active=True,
    )
    if not await repository.insert_unique(session, client):
        raise Conflict("The generated client id is taken; try again.")
    await audit.record(
        session,
        action="clients.create",
        actor=actor,
        meta=meta,
        object_type="api_client",
        object_id=client.id,
        details={"scopes": scopes, "organisation": organisation.slug},
    )
    return _with_secret(client, secret)


async def update_client(
    session: AsyncSession,
    client_pk: uuid.UUID,
    data: ApiClientUpdate,
    *,
    actor: Actor,
    meta: RequestMeta = NO_REQUEST,
) -> ApiClientOut:
    client = await _client(session, client_pk)
    changed: list[str] = []
    if data.name is not None and data.name != client.name:
        client.name = data.name
        changed.append("name")
    if data.scopes is not None and (scopes := _client_scopes(data.scopes)) != sorted(client.scopes):
        client.scopes = scopes
        changed.append("scopes")
    if data.is_active is not None and data.is_active != client.is_active:
        client.is_active = data.is_active
        changed.append("is_active")
    if not changed:
        return client_out(client)
    await session.flush()
    await audit.record(
        session,
        action="clients.update",
        actor=actor,
        meta=meta,
        object_type="api_client",
        object_id=client.id,
        details={"changed": changed},
    )
    return client_out(client)


async def rotate_client_secret(
    session: AsyncSession, client_pk: uuid.UUID, *, actor: Actor, meta: RequestMeta = NO_REQUEST
) -> ApiClientWithSecret:
    """A new secret, shown once; the old one, and every token got with it, stop working
    with this commit."""
    client = await _client(session, client_pk)
    secret = new_opaque_token()
    client.secret_hash = hash_secret(secret)
    client.tokens_valid_after = utcnow()
    await session.flush()
    await audit.record(
        session,
        action="clients.rotate_secret",
        actor=actor,
        meta=meta,
        object_type="api_client",
        object_id=client.id,
    )
    return _with_secret(client, secret)


async def deactivate_client(
    session: AsyncSession, client_pk: uuid.UUID, *, actor: Actor, meta: RequestMeta = NO_REQUEST
) -> ApiClientOut:
    """Its access tokens fail at once: every request checks that the client is active."""
    client = await _client(session, client_pk)
    client.is_active = False
    await session.flush()
    await audit.record(
        session,
        action="clients.deactivate",
        actor=actor,
        meta=meta,
        object_type="api_client",
        object_id=client.id,
    )
    return client_out(client)
