"""Messages carry a topic; `accessibility` marks feedback on barriers of the site.

Revision ID: 7bd48ee2391b
Revises: 5d1a8c3e9b27
Create Date: 2026-12-02 07:25:21.207750+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7bd48ee2391b"
down_revision: str | None = "5d1a8c3e9b27"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("topic", sa.String(length=16), server_default="general", nullable=False)
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_messages_topic"), "topic IN ('general', 'accessibility')"
        )
        batch_op.create_index(batch_op.f("ix_messages_topic"), ["topic"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_messages_topic"))
        batch_op.drop_constraint(batch_op.f("ck_messages_topic"), type_="check")
        batch_op.drop_column("topic")
