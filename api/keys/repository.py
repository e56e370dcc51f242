"""Every SQL statement of key rotation: rows still holding a value under an older key."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from api.core.row_encryption import EncryptedColumns


def _column(declared: EncryptedColumns, name: str) -> InstrumentedAttribute[str | None]:
    column: InstrumentedAttribute[str | None] = getattr(declared.model, name)
    return column


def _under_older_key(declared: EncryptedColumns, key_id: str) -> ColumnElement[bool]:
    return or_(
        *(
            _column(declared, name).is_not(None)
            & ~_column(declared, name).startswith(f"v1.{key_id}.", autoescape=True)
            for name in declared.columns
        )
    )


async def count_under_older_key(session: AsyncSession, declared: EncryptedColumns, key_id: str) -> int:
    statement = select(func.count()).select_from(declared.model).where(_under_older_key(declared, key_id))
    return await session.scalar(statement) or 0


async def rows_under_older_key(
    session: AsyncSession, declared: EncryptedColumns, key_id: str, limit: int
) -> Sequence[Any]:
    statement = select(declared.model).where(_under_older_key(declared, key_id)).limit(limit)
    return (await session.scalars(statement)).all()
