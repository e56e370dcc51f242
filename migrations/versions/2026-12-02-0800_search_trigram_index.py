"""Searches find organisations through a trigram index on PostgreSQL.

Revision ID: 5c1e0b7d2a4f
Revises: b0460199adf9
Create Date: 2026-12-02 08:00:00+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "5c1e0b7d2a4f"
down_revision: str | None = "b0460199adf9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # pg_trgm is a trusted extension: the owner of the database may create it.
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_index(
        "ix_organisations_search_trgm",
        "organisations",
        ["search_text"],
        postgresql_using="gin",
        postgresql_ops={"search_text": "gin_trgm_ops"},
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index("ix_organisations_search_trgm", table_name="organisations")
    op.execute("DROP EXTENSION IF EXISTS pg_trgm")
