"""Access tokens can be cut off per account; refresh families remember their scopes.

Revision ID: b0460199adf9
Revises: 6805315c6730
Create Date: 2026-11-27 13:43:40.880505+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b0460199adf9"
down_revision: str | None = "6805315c6730"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("api_clients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tokens_valid_after", sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table("refresh_tokens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("scope", sa.String(length=1000), nullable=True))

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tokens_valid_after", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("tokens_valid_after")

    with op.batch_alter_table("refresh_tokens", schema=None) as batch_op:
        batch_op.drop_column("scope")

    with op.batch_alter_table("api_clients", schema=None) as batch_op:
        batch_op.drop_column("tokens_valid_after")
