"""Attempt counters keep keyed hashes, not what was typed, and the time of the last
failure for the growing delays.

The counters written before hold plain names and addresses: they are dropped (they
only ever count within a window of minutes).

Revision ID: 5d1a8c3e9b27
Revises: 3c9e2f7a1d04
Create Date: 2026-12-02 10:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5d1a8c3e9b27"
down_revision: str | None = "3c9e2f7a1d04"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DELETE FROM login_throttles")
    with op.batch_alter_table("login_throttles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("login_throttles", schema=None) as batch_op:
        batch_op.drop_column("last_failure_at")
