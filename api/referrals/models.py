"""Tables of the referral intake.

Columns ending in ``_enc`` hold AES-GCM ciphertexts (``api.core.crypto``) bound to their
table, column and row. Everything in plain columns is a code, a flag, a date or an
organisation: what workflow, routing and anonymised statistics need, and what survives
the erasure of personal data.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, Sequence, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.core.db import Base, UUIDPrimaryKey, one_of
from api.core.row_encryption import EncryptedColumns


class Status(StrEnum):
    received = "received"
    in_triage = "in_triage"
    assigned = "assigned"
    in_progress = "in_progress"
    closed = "closed"
    rejected = "rejected"
    withdrawn = "withdrawn"


class Urgency(StrEnum):
    routine = "routine"
    urgent = "urgent"
    acute = "acute"


class Outcome(StrEnum):
    successful = "successful"
    not_successful = "not_successful"


class OutcomeReason(StrEnum):
    declined = "declined"
    not_reachable = "not_reachable"
    no_capacity = "no_capacity"
    not_in_scope = "not_in_scope"
    other = "other"


class Referral(UUIDPrimaryKey, Base):
    __tablename__ = "referrals"
    __table_args__ = (
        CheckConstraint(one_of("status", Status), name="status"),
        CheckConstraint(one_of("urgency", Urgency), name="urgency"),
    )

    reference: Mapped[str] = mapped_column(String(20), unique=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    urgency: Mapped[str] = mapped_column(String(16), index=True)
    needs_immediate_attention: Mapped[bool] = mapped_column(Boolean, default=False)
    topic: Mapped[str] = mapped_column(String(80))
    municipality: Mapped[str | None] = mapped_column(String(120))
    preferred_programme: Mapped[str | None] = mapped_column(String(80))
    submitted_by_organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    submitted_by_kind: Mapped[str] = mapped_column(String(16))
    submitted_by_id: Mapped[str] = mapped_column(String(64))
    assignee_organisation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    person_informed: Mapped[bool] = mapped_column(Boolean)
    consent_given: Mapped[bool] = mapped_column(Boolean)
    outcome: Mapped[str | None] = mapped_column(String(16))
    outcome_reason: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(index=True)
    updated_at: Mapped[datetime]
    triaged_at: Mapped[datetime | None]
    assigned_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None] = mapped_column(index=True)
    erased_at: Mapped[datetime | None]

    subject_enc: Mapped[str | None] = mapped_column(Text)
    concern_enc: Mapped[str | None] = mapped_column(Text)
    indicators_enc: Mapped[str | None] = mapped_column(Text)
    consent_details_enc: Mapped[str | None] = mapped_column(Text)
    contact_person_enc: Mapped[str | None] = mapped_column(Text)

    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class ReferralEvent(UUIDPrimaryKey, Base):
    """One status change with its notes: the history of a referral."""

    __tablename__ = "referral_events"

    referral_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), index=True)
    occurred_at: Mapped[datetime]
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    actor_kind: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[str] = mapped_column(String(64))
    actor_organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT")
    )
    assignee_organisation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT")
    )
    outcome: Mapped[str | None] = mapped_column(String(16))
    outcome_reason: Mapped[str | None] = mapped_column(String(16))
    note_enc: Mapped[str | None] = mapped_column(Text)
    public_note_enc: Mapped[str | None] = mapped_column(Text)


class IdempotencyRecord(UUIDPrimaryKey, Base):
    """The first answer to a submission, replayed for the same key and body.

    ``owner`` scopes keys to the submitting client or user; the stored answer holds only
    the referral's id, reference and status, never a personal field.
    """

    __tablename__ = "idempotency_records"
    __table_args__ = (UniqueConstraint("owner", "key"),)

    owner: Mapped[str] = mapped_column(String(80))
    key: Mapped[str] = mapped_column(String(255))
    request_hash: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16))
    response_status: Mapped[int | None] = mapped_column(Integer)
    response_body: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)


# The reference numbers on PostgreSQL (``KIP-2026-000123``); see ``next_reference_numbers``.
REFERENCE_SEQUENCE = Sequence("referral_reference_numbers")


class ReferenceCounter(Base):
    """The last reference number handed out per year, on SQLite."""

    __tablename__ = "reference_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer)


# Personal fields, sealed with the data keys (``kipni keys rotate`` walks these).
ENCRYPTED_COLUMNS = (
    EncryptedColumns(
        Referral,
        ("subject_enc", "concern_enc", "indicators_enc", "consent_details_enc", "contact_person_enc"),
    ),
    EncryptedColumns(ReferralEvent, ("note_enc", "public_note_enc")),
)
