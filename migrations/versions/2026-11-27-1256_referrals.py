"""Referrals, their history, idempotency records and reference counters.

Revision ID: 8116beb9a26e
Revises: 0c9f5de7636d
Create Date: 2026-11-27 12:56:54.617537+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "8116beb9a26e"
down_revision: str | None = "0c9f5de7636d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "idempotency_records",
        sa.Column("owner", sa.String(length=80), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("response_status", sa.Integer(), nullable=True),
        sa.Column("response_body", sa.Text(), nullable=True),
        sa.Column("location", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_records")),
        sa.UniqueConstraint("owner", "key", name=op.f("uq_idempotency_records_owner_key")),
    )
    with op.batch_alter_table("idempotency_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_idempotency_records_expires_at"), ["expires_at"], unique=False)

    op.create_table(
        "reference_counters",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_reference_counters")),
    )
    op.create_table(
        "referrals",
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("urgency", sa.String(length=16), nullable=False),
        sa.Column("needs_immediate_attention", sa.Boolean(), nullable=False),
        sa.Column("topic", sa.String(length=80), nullable=False),
        sa.Column("municipality", sa.String(length=120), nullable=True),
        sa.Column("preferred_programme", sa.String(length=80), nullable=True),
        sa.Column("submitted_by_organisation_id", sa.Uuid(), nullable=False),
        sa.Column("submitted_by_kind", sa.String(length=16), nullable=False),
        sa.Column("submitted_by_id", sa.String(length=64), nullable=False),
        sa.Column("assignee_organisation_id", sa.Uuid(), nullable=True),
        sa.Column("person_informed", sa.Boolean(), nullable=False),
        sa.Column("consent_given", sa.Boolean(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("outcome_reason", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("triaged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("subject_enc", sa.Text(), nullable=True),
        sa.Column("concern_enc", sa.Text(), nullable=True),
        sa.Column("indicators_enc", sa.Text(), nullable=True),
        sa.Column("consent_details_enc", sa.Text(), nullable=True),
        sa.Column("contact_person_enc", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "status IN ('received', 'in_triage', 'assigned', 'in_progress', 'closed', 'rejected', 'withdrawn')",
            name=op.f("ck_referrals_status"),
        ),
        sa.CheckConstraint("urgency IN ('routine', 'urgent', 'acute')", name=op.f("ck_referrals_urgency")),
        sa.ForeignKeyConstraint(
            ["assignee_organisation_id"],
            ["organisations.id"],
            name=op.f("fk_referrals_assignee_organisation_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_organisation_id"],
            ["organisations.id"],
            name=op.f("fk_referrals_submitted_by_organisation_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referrals")),
        sa.UniqueConstraint("reference", name=op.f("uq_referrals_reference")),
    )
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_referrals_assignee_organisation_id"), ["assignee_organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_referrals_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_referrals_finished_at"), ["finished_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_referrals_status"), ["status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_referrals_submitted_by_organisation_id"),
            ["submitted_by_organisation_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_referrals_urgency"), ["urgency"], unique=False)

    op.create_table(
        "referral_events",
        sa.Column("referral_id", sa.Uuid(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=True),
        sa.Column("to_status", sa.String(length=16), nullable=False),
        sa.Column("actor_kind", sa.String(length=16), nullable=False),
        sa.Column("actor_id", sa.String(length=64), nullable=False),
        sa.Column("actor_organisation_id", sa.Uuid(), nullable=False),
        sa.Column("assignee_organisation_id", sa.Uuid(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("outcome_reason", sa.String(length=16), nullable=True),
        sa.Column("note_enc", sa.Text(), nullable=True),
        sa.Column("public_note_enc", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_organisation_id"],
            ["organisations.id"],
            name=op.f("fk_referral_events_actor_organisation_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["assignee_organisation_id"],
            ["organisations.id"],
            name=op.f("fk_referral_events_assignee_organisation_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["referrals.id"],
            name=op.f("fk_referral_events_referral_id_referrals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_events")),
    )
    with op.batch_alter_table("referral_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_referral_events_referral_id"), ["referral_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("referral_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_events_referral_id"))

    op.drop_table("referral_events")
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referrals_urgency"))
        batch_op.drop_index(batch_op.f("ix_referrals_submitted_by_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_referrals_status"))
        batch_op.drop_index(batch_op.f("ix_referrals_finished_at"))
        batch_op.drop_index(batch_op.f("ix_referrals_created_at"))
        batch_op.drop_index(batch_op.f("ix_referrals_assignee_organisation_id"))

    op.drop_table("referrals")
    op.drop_table("reference_counters")
    with op.batch_alter_table("idempotency_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_idempotency_records_expires_at"))

    op.drop_table("idempotency_records")
