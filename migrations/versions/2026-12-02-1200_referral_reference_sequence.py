"""On PostgreSQL reference numbers come from a sequence, so submissions do not queue on a row.

The sequence starts after the highest number the per-year counter handed out, so no
reference repeats. SQLite keeps counting in `reference_counters`.

Revision ID: 8e4f1a2b6c30
Revises: 7bd48ee2391b
Create Date: 2026-12-02 12:00:00+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "8e4f1a2b6c30"
down_revision: str | None = "7bd48ee2391b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE SEQUENCE referral_reference_numbers")
    op.execute(
        "SELECT setval('referral_reference_numbers', COALESCE(MAX(last), 0) + 1, false) FROM reference_counters"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "INSERT INTO reference_counters (year, last) "
        "SELECT EXTRACT(YEAR FROM now())::int, last_value FROM referral_reference_numbers "
        "ON CONFLICT (year) DO UPDATE SET last = GREATEST(reference_counters.last, EXCLUDED.last)"
    )
    op.execute("DROP SEQUENCE referral_reference_numbers")
