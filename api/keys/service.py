"""Rotation of the data keys over every encrypted column of every domain.

A new key is put first in ``KIPNI_DATA_KEYS``; from then on new values use it, and
``kipni keys rotate`` moves the old ones over batch by batch. Each batch commits on its
own and only rows still holding a value under an older key are picked, so an
interrupted rotation resumes where it stopped. Each domain declares its encrypted
columns in its ``models.py``; ``api.models.ENCRYPTED_COLUMNS`` gathers them.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from api.core.row_encryption import EncryptedColumns, Sealer
from api.keys import repository


async def count_stale(session: AsyncSession, key_id: str, encrypted: Sequence[EncryptedColumns]) -> int:
    """How many rows still hold a value under an older key."""
    total = 0
    for declared in encrypted:
        total += await repository.count_under_older_key(session, declared, key_id)
    return total


async def rotate_batch(
    session: AsyncSession, sealer: Sealer, encrypted: Sequence[EncryptedColumns], *, batch: int = 200
) -> int:
    """Re-encrypts up to ``batch`` rows per table under the newest key; 0 when done."""
    key_id = sealer.cipher.current_key_id
    moved = 0
    for declared in encrypted:
        rows = await repository.rows_under_older_key(session, declared, key_id, batch)
        table = declared.model.__tablename__
        for row in rows:
            for name in declared.columns:
                setattr(row, name, sealer.reseal(table, name, row.id, getattr(row, name)))
        moved += len(rows)
    await session.flush()
    return moved
