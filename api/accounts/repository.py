"""Every SQL statement of the accounts domain."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, exists, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from api.accounts.models import ApiClient, RefreshToken, RevokedAccessToken, User
from api.directory.models import Organisation


async def user_by_email(session: AsyncSession, email: str) -> User | None:
    return await session.scalar(
        select(User).options(joinedload(User.organisation)).where(User.email == email.lower())
    )


async def user_by_id(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    return await session.scalar(select(User).options(joinedload(User.organisation)).where(User.id == user_id))


async def client_by_client_id(session: AsyncSession, client_id: str) -> ApiClient | None:
    return await session.scalar(
        select(ApiClient).options(joinedload(ApiClient.organisation)).where(ApiClient.client_id == client_id)
    )


async def client_by_id(session: AsyncSession, client_pk: uuid.UUID) -> ApiClient | None:
    return await session.scalar(
        select(ApiClient).options(joinedload(ApiClient.organisation)).where(ApiClient.id == client_pk)
    )


async def list_users(session: AsyncSession, *, after: str | None, limit: int) -> Sequence[User]:
    statement = select(User).options(joinedload(User.organisation)).order_by(User.email).limit(limit)
    if after is not None:
        statement = statement.where(User.email > after)
    return (await session.scalars(statement)).all()


async def list_clients(session: AsyncSession, *, after: str | None, limit: int) -> Sequence[ApiClient]:
    statement = (
        select(ApiClient)
        .options(joinedload(ApiClient.organisation))
        .order_by(ApiClient.client_id)
        .limit(limit)
    )
    if after is not None:
        statement = statement.where(ApiClient.client_id > after)
    return (await session.scalars(statement)).all()


async def is_revoked(session: AsyncSession, jti: str, family_id: uuid.UUID | None = None) -> bool:
    """True when the access token is on the denylist, or its sign-in's refresh token
    family was ended (reuse, logout, password reset): one statement either way."""
    revoked = [exists().where(RevokedAccessToken.jti == jti)]
    if family_id is not None:
        revoked.append(
            exists().where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_not(None))
        )
    return bool(await session.scalar(select(or_(*revoked))))


async def revoke_access_token(session: AsyncSession, jti: str, expires_at: datetime) -> None:
    """Idempotent: two logouts racing with one token both succeed."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    await session.execute(
        insert(RevokedAccessToken).values(jti=jti, expires_at=expires_at).on_conflict_do_nothing()
    )


async def purge_revocations(session: AsyncSession, now: datetime) -> int:
    result = await session.execute(delete(RevokedAccessToken).where(RevokedAccessToken.expires_at < now))
    return int(result.rowcount)  # type: ignore[attr-defined]


async def refresh_token_by_hash(session: AsyncSession, token_hash: str) -> RefreshToken | None:
    return await session.scalar(
        select(RefreshToken).where(RefreshToken.token_hash == token_hash).with_for_update()
    )


async def revoke_family(session: AsyncSession, family_id: uuid.UUID, now: datetime) -> None:
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


async def revoke_user_refresh_tokens(session: AsyncSession, user_id: uuid.UUID, now: datetime) -> None:
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


async def mark_used(session: AsyncSession, token_id: uuid.UUID, now: datetime) -> bool:
    """Marks a refresh token used; False when another request used it first."""
    result = await session.execute(
        update(RefreshToken)
        .where(RefreshToken.id == token_id, RefreshToken.used_at.is_(None))
        .values(used_at=now)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def organisation_by_slug(session: AsyncSession, slug: str) -> Organisation | None:
    """The organisation an account is assigned to; accounts name it by its public slug."""
    return await session.scalar(select(Organisation).where(Organisation.slug == slug))


async def insert_unique(session: AsyncSession, row: User | ApiClient) -> bool:
    """Adds a user or client; False when a unique column refused it.

    The savepoint keeps the caller's transaction usable when a concurrent request won
    the race for the same e-mail address or client id after the service checked it.
    """
    try:
        async with session.begin_nested():
            session.add(row)
            await session.flush()
    except IntegrityError:
        return False
    return True
