"""Create the directory: organisations, relations, topics, responsibilities, channels.

Revision ID: 754b527bd5e4
Revises:
Create Date: 2026-11-27 12:43:35.652737+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "754b527bd5e4"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "directory_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_directory_state_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_state")),
    )
    op.create_table(
        "organisations",
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name_de", sa.String(length=300), nullable=False),
        sa.Column("name_en", sa.String(length=300), nullable=True),
        sa.Column("short_name", sa.String(length=80), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("description_de", sa.Text(), nullable=False),
        sa.Column("description_en", sa.Text(), nullable=True),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("region", sa.String(length=12), nullable=True),
        sa.Column("website", sa.String(length=500), nullable=True),
        sa.Column("founded", sa.Integer(), nullable=True),
        sa.Column("founded_by_de", sa.String(length=300), nullable=True),
        sa.Column("founded_by_en", sa.String(length=300), nullable=True),
        sa.Column("assured_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sort_key", sa.String(length=300), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('centre', 'ministry', 'police', 'intelligence_service', 'association', 'programme', 'working_group', 'network', 'municipality', 'agency')",
            name=op.f("ck_organisations_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["organisations.id"],
            name=op.f("fk_organisations_parent_id_organisations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("slug", name=op.f("uq_organisations_slug")),
    )
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organisations_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_organisations_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_organisations_region"), ["region"], unique=False)
        batch_op.create_index("ix_organisations_sort", ["sort_key", "id"], unique=False)

    op.create_table(
        "topics",
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name_de", sa.String(length=300), nullable=False),
        sa.Column("name_en", sa.String(length=300), nullable=True),
        sa.Column("description_de", sa.Text(), nullable=False),
        sa.Column("description_en", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topics")),
        sa.UniqueConstraint("slug", name=op.f("uq_topics_slug")),
    )
    op.create_table(
        "contact_channels",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("label_de", sa.String(length=200), nullable=False),
        sa.Column("label_en", sa.String(length=200), nullable=True),
        sa.Column("value", sa.String(length=500), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("street", sa.String(length=200), nullable=True),
        sa.Column("postal_code", sa.String(length=10), nullable=True),
        sa.Column("city", sa.String(length=120), nullable=True),
        sa.Column("state", sa.String(length=120), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("opening_hours", sa.JSON(), nullable=True),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('postal_address', 'visiting_address', 'email', 'phone', 'fax', 'web_form', 'website')",
            name=op.f("ck_contact_channels_kind"),
        ),
        sa.CheckConstraint(
            "visibility IN ('public', 'partners', 'internal')", name=op.f("ck_contact_channels_visibility")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_contact_channels_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_channels")),
    )
    with op.batch_alter_table("contact_channels", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contact_channels_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "organisation_relations",
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("object_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('member_of', 'part_of', 'runs', 'funds', 'integrated_in')",
            name=op.f("ck_organisation_relations_kind"),
        ),
        sa.CheckConstraint("subject_id <> object_id", name=op.f("ck_organisation_relations_not_self")),
        sa.ForeignKeyConstraint(
            ["object_id"],
            ["organisations.id"],
            name=op.f("fk_organisation_relations_object_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["organisations.id"],
            name=op.f("fk_organisation_relations_subject_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation_relations")),
        sa.UniqueConstraint(
            "subject_id",
            "kind",
            "object_id",
            name=op.f("uq_organisation_relations_subject_id_kind_object_id"),
        ),
    )
    with op.batch_alter_table("organisation_relations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organisation_relations_object_id"), ["object_id"], unique=False)

    op.create_table(
        "responsibilities",
        sa.Column("topic_id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("region", sa.String(length=12), nullable=True),
        sa.Column("description_de", sa.Text(), nullable=False),
        sa.Column("description_en", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "role IN ('formal', 'lead', 'shared_lead', 'support')", name=op.f("ck_responsibilities_role")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_responsibilities_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"], ["topics.id"], name=op.f("fk_responsibilities_topic_id_topics"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_responsibilities")),
        sa.UniqueConstraint(
            "topic_id",
            "organisation_id",
            "role",
            "region",
            name=op.f("uq_responsibilities_topic_id_organisation_id_role_region"),
        ),
    )
    with op.batch_alter_table("responsibilities", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_responsibilities_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_responsibilities_topic_id"), ["topic_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("responsibilities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_responsibilities_topic_id"))
        batch_op.drop_index(batch_op.f("ix_responsibilities_organisation_id"))

    op.drop_table("responsibilities")
    with op.batch_alter_table("organisation_relations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisation_relations_object_id"))

    op.drop_table("organisation_relations")
    with op.batch_alter_table("contact_channels", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_channels_organisation_id"))

    op.drop_table("contact_channels")
    op.drop_table("topics")
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_index("ix_organisations_sort")
        batch_op.drop_index(batch_op.f("ix_organisations_region"))
        batch_op.drop_index(batch_op.f("ix_organisations_parent_id"))
        batch_op.drop_index(batch_op.f("ix_organisations_kind"))

    op.drop_table("organisations")
    op.drop_table("directory_state")
