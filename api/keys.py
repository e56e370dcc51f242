"""Rotation of the data keys over every encrypted column of every domain.

A new key is put first in ``KIPNI_DATA_KEYS``; from then on new values use it, and
``kipni keys rotate`` moves the old ones over batch by batch. Each batch commits on its
own and only rows still holding a value under an older key are picked, so an
interrupted rotation resumes where it stopped.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from api.core.db import Base
from api.core.row_encryption import Sealer
from api.messages.models import Message
from api.notifications.models import OutboxItem, Webhook
from api.referrals.models import Referral, ReferralEvent

ENCRYPTED_COLUMNS: tuple[tuple[type[Base], tuple[str, ...]], ...] = (
    (Referral, ("subject_enc", "concern_enc", "indicators_enc", "consent_details_enc", "contact_person_enc")),
    (ReferralEvent, ("note_enc", "public_note_enc")),
    (Message, ("name_enc", "reply_to_enc", "subject_enc", "text_enc")),
    (OutboxItem, ("recipient_enc",)),
    (Webhook, ("secret_enc",)),
)


def _column(model: type[Base], name: str) -> InstrumentedAttribute[str | None]:
    column: InstrumentedAttribute[str | None] = getattr(model, name)
    return column


def _under_older_key(model: type[Base], columns: tuple[str, ...], key_id: str) -> ColumnElement[bool]:
    return or_(
        *(
            _column(model, name).is_not(None)
            & ~_column(model, name).startswith(f"v1.{key_id}.", autoescape=True)
            for name in columns
        )
    )


async def count_stale(session: AsyncSession, key_id: str) -> int:
    """How many rows still hold a value under an older key."""
    total = 0
    for model, columns in ENCRYPTED_COLUMNS:
        statement = select(func.count()).select_from(model).where(_under_older_key(model, columns, key_id))
        total += await session.scalar(statement) or 0
    return total


async def rotate_batch(session: AsyncSession, sealer: Sealer, *, batch: int = 200) -> int:
    """Re-encrypts up to ``batch`` rows per table under the newest key; 0 when done."""
    key_id = sealer.cipher.current_key_id
    moved = 0
    for model, columns in ENCRYPTED_COLUMNS:
        rows = (
            await session.scalars(select(model).where(_under_older_key(model, columns, key_id)).limit(batch))
        ).all()
        for row in rows:
            for name in columns:
                stored = getattr(row, name)
                setattr(row, name, sealer.reseal(model.__tablename__, name, row.id, stored))  # type: ignore[attr-defined]
        moved += len(rows)
    await session.flush()
    return moved
