"""The audit chain is keyed (HMAC) and covers a digest of the client address; on
PostgreSQL a trigger keeps the table append-only.

Existing rows are chained anew under the newest key of KIPNI_AUDIT_KEYS, as the
migration finds them: verify the old chain (`kipni audit verify`) before upgrading.

Revision ID: 3c9e2f7a1d04
Revises: 5c1e0b7d2a4f
Create Date: 2026-12-02 09:00:00+00:00
"""

import hashlib
import hmac
import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from api.core.config import get_settings

revision: str = "3c9e2f7a1d04"
down_revision: str | None = "5c1e0b7d2a4f"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS = "0" * 64
COLUMNS = (
    "seq, id, occurred_at, actor_kind, actor_id, organisation, action, outcome, object_type, "
    "object_id, client_address, request_id, details"
)

# UPDATE, DELETE and TRUNCATE are refused, whoever asks; the one change let through is
# the retention purge erasing a client address (the chain covers only its digest).
APPEND_ONLY = """
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.client_address IS NOT NULL AND NEW.client_address IS NULL
           AND (to_jsonb(NEW) - 'client_address') = (to_jsonb(OLD) - 'client_address') THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
"""


def _iso(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _details(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _content(row: Any, prev_hash: str) -> dict[str, Any]:
    return {
        "id": str(row.id),
        "occurred_at": _iso(row.occurred_at),
        "actor_kind": row.actor_kind,
        "actor_id": row.actor_id,
        "organisation": row.organisation,
        "action": row.action,
        "outcome": row.outcome,
        "object_type": row.object_type,
        "object_id": row.object_id,
        "request_id": row.request_id,
        "details": _details(row.details),
        "prev_hash": prev_hash,
    }


def _canonical(content: dict[str, Any]) -> bytes:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _rows(connection: sa.Connection) -> Sequence[Any]:
    return connection.execute(sa.text(f"SELECT {COLUMNS} FROM audit_events ORDER BY seq")).all()


def upgrade() -> None:
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("client_address_digest", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("key_id", sa.String(length=32), nullable=False, server_default=""))
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.alter_column("key_id", server_default=None)

    connection = op.get_bind()
    key_id, _, secret = get_settings().audit_keys.get_secret_value().split(",")[0].strip().partition(":")
    key = secret.encode()
    prev = GENESIS
    for row in _rows(connection):
        digest = (
            hmac.new(key, b"client-address\x00" + row.client_address.encode(), hashlib.sha256).hexdigest()
            if row.client_address is not None
            else None
        )
        content = _content(row, prev)
        content.update(client_address_digest=digest, key_id=key_id)
        new_hash = hmac.new(key, b"audit-row\x00" + _canonical(content), hashlib.sha256).hexdigest()
        connection.execute(
            sa.text(
                "UPDATE audit_events SET client_address_digest = :digest, key_id = :key_id, "
                "prev_hash = :prev, hash = :hash WHERE seq = :seq"
            ),
            {"digest": digest, "key_id": key_id, "prev": prev, "hash": new_hash, "seq": row.seq},
        )
        prev = new_hash

    if connection.dialect.name == "postgresql":
        op.execute(APPEND_ONLY)


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_events_no_truncate ON audit_events")
        op.execute("DROP TRIGGER audit_events_append_only ON audit_events")
        op.execute("DROP FUNCTION audit_events_append_only()")
    # Back to the unkeyed SHA-256 chain of the revision before.
    prev = GENESIS
    for row in _rows(connection):
        content = _content(row, prev)
        content["client_address"] = row.client_address
        new_hash = hashlib.sha256(_canonical(content)).hexdigest()
        connection.execute(
            sa.text("UPDATE audit_events SET prev_hash = :prev, hash = :hash WHERE seq = :seq"),
            {"prev": prev, "hash": new_hash, "seq": row.seq},
        )
        prev = new_hash
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_column("key_id")
        batch_op.drop_column("client_address_digest")
