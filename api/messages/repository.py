"""Every SQL statement of the contact form and the inbox.

``visible_to`` is the one place that says which messages a caller may see; every read
goes through it, so another organisation's message is simply not found.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, Select, select, true, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.principal import Principal
from api.core.scopes import Scope
from api.messages.models import Message


def visible_to(principal: Principal) -> ColumnElement[bool]:
    if principal.has(Scope.users_manage):
        return true()
    return Message.organisation_id == principal.organisation_id


def _visible(principal: Principal) -> Select[Message]:
    return select(Message).where(visible_to(principal))


async def get_visible(session: AsyncSession, principal: Principal, message_id: uuid.UUID) -> Message | None:
    return await session.scalar(_visible(principal).where(Message.id == message_id))


async def list_visible(
    session: AsyncSession,
    principal: Principal,
    *,
    status: str | None,
    organisation_id: uuid.UUID | None,
    created_after: datetime | None,
    before: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> Sequence[Message]:
    statement = _visible(principal)
    if status is not None:
        statement = statement.where(Message.status == status)
    if organisation_id is not None:
        statement = statement.where(Message.organisation_id == organisation_id)
    if created_after is not None:
        statement = statement.where(Message.created_at >= created_after)
    if before is not None:
        statement = statement.where(tuple_(Message.created_at, Message.id) < before)
    statement = statement.order_by(Message.created_at.desc(), Message.id.desc()).limit(limit)
    return (await session.scalars(statement)).all()


async def expired_messages(session: AsyncSession, created_before: datetime, limit: int) -> Sequence[Message]:
    return (
        await session.scalars(
            select(Message)
            .where(Message.created_at < created_before, Message.erased_at.is_(None))
            .order_by(Message.created_at)
            .limit(limit)
        )
    ).all()
