"""The audit chain withstands someone who can write to the database: it is keyed, a
checkpoint kept off the host finds a cut tail, and PostgreSQL refuses edits outright.

Attacks run with the database owner's rights (past the trigger, see ``_tamper``): the
key, which never lives in the database, is what they lack.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError

from api.audit import service as audit
from api.audit.chain import AuditKeys, compute_hash, current_keys
from api.audit.models import AuditEvent
from api.core import migrate
from api.core.config import DEVELOPMENT_AUDIT_KEYS
from api.core.db import utcnow
from api.core.principal import SYSTEM, RequestMeta
from tests.conftest import create_postgres_database, drop_postgres_database
from tests.db.test_cli import _chain, _tamper, cli_scratch_database, kipni, own_session

__all__ = ["cli_scratch_database"]


async def _checkpoint(tmp_path: Path) -> tuple[Path, dict[str, object]]:
    result = await kipni("audit", "checkpoint", "--json")
    assert result.exit_code == 0, result.output
    path = tmp_path / f"checkpoint-{uuid.uuid4().hex[:8]}.json"
    path.write_text(result.stdout)
    return path, json.loads(result.stdout)


async def _verify(*args: str) -> tuple[int, dict[str, object]]:
    result = await kipni("audit", "verify", *args, "--json")
    return result.exit_code, json.loads(result.stdout)


async def _rechain(url: str, keys: AuditKeys, key_id: str) -> None:
    """What an attacker does after deleting rows: recompute every hash with the
    project's own function, under the key it has."""
    async with own_session(url) as session, session.begin():
        if session.get_bind().dialect.name == "postgresql":
            await session.execute(text("SET LOCAL session_replication_role = replica"))
        prev = "0" * 64
        for event in (await session.scalars(select(AuditEvent).order_by(AuditEvent.seq))).all():
            event.prev_hash, event.key_id = prev, key_id
            event.hash = compute_hash(keys, event)
            prev = event.hash
            await session.flush()


async def test_a_checkpoint_prints_the_signed_head(cli_scratch_database: str, tmp_path: Path) -> None:
    events = await _chain(cli_scratch_database, 3)

    _, head = await _checkpoint(tmp_path)

    assert set(head) == {"seq", "hash", "count", "at", "signature"}
    assert (head["seq"], head["hash"], head["count"]) == (events[-1].seq, events[-1].hash, 3)


async def test_rows_deleted_and_rehashed_without_the_key_are_found(cli_scratch_database: str) -> None:
    """The attack on the unkeyed chain: delete rows, recompute every hash. The development
    key is in the source; the key in the settings is not."""
    events = await _chain(cli_scratch_database, 5)
    await _tamper(cli_scratch_database, "DELETE FROM audit_events WHERE seq = :seq", seq=events[1].seq)
    forged = AuditKeys.parse(DEVELOPMENT_AUDIT_KEYS.replace("dev:", f"{current_keys().current_id}:"))

    await _rechain(cli_scratch_database, forged, current_keys().current_id)
    exit_code, report = await _verify()

    assert exit_code == 1
    assert report["intact"] is False
    assert report["broken"] == {
        "seq": events[0].seq,
        "id": str(events[0].id),
        "reason": "its content no longer matches its hash",
    }


async def test_a_cut_tail_passes_the_chain_alone_but_not_the_checkpoint(
    cli_scratch_database: str, tmp_path: Path
) -> None:
    events = await _chain(cli_scratch_database, 5)
    checkpoint, _ = await _checkpoint(tmp_path)
    await _tamper(cli_scratch_database, "DELETE FROM audit_events WHERE seq >= :seq", seq=events[3].seq)

    alone = await _verify()
    exit_code, report = await _verify("--checkpoint", str(checkpoint))

    assert alone == (0, {"intact": True, "checked": 3})
    assert exit_code == 1
    assert report["intact"] is False
    assert "cut from its end" in str(report["reason"])


async def test_rows_lost_before_the_head_are_found_even_when_rechained_with_the_key(
    cli_scratch_database: str, tmp_path: Path
) -> None:
    """An insider holding the key can make the chain consistent again; the checkpoint it
    does not hold still tells."""
    events = await _chain(cli_scratch_database, 5)
    checkpoint, _ = await _checkpoint(tmp_path)
    await _tamper(cli_scratch_database, "DELETE FROM audit_events WHERE seq = :seq", seq=events[1].seq)
    await _rechain(cli_scratch_database, current_keys(), current_keys().current_id)

    alone = await _verify()
    exit_code, report = await _verify("--checkpoint", str(checkpoint))

    assert alone == (0, {"intact": True, "checked": 4})
    assert exit_code == 1
    assert report["intact"] is False
    assert "head row" in str(report["reason"])


async def test_rows_written_after_the_checkpoint_keep_it_valid(
    cli_scratch_database: str, tmp_path: Path
) -> None:
    await _chain(cli_scratch_database, 3)
    checkpoint, _ = await _checkpoint(tmp_path)
    await _chain(cli_scratch_database, 2)

    assert await _verify("--checkpoint", str(checkpoint)) == (0, {"intact": True, "checked": 5})


async def test_a_row_removed_after_the_checkpoint_is_found(cli_scratch_database: str, tmp_path: Path) -> None:
    await _chain(cli_scratch_database, 3)
    checkpoint, _ = await _checkpoint(tmp_path)
    later = await _chain(cli_scratch_database, 3)
    await _tamper(cli_scratch_database, "DELETE FROM audit_events WHERE seq = :seq", seq=later[1].seq)

    exit_code, report = await _verify("--checkpoint", str(checkpoint))

    assert exit_code == 1
    assert report["broken"]["seq"] == later[2].seq  # type: ignore[index]


async def test_a_forged_checkpoint_is_refused(cli_scratch_database: str, tmp_path: Path) -> None:
    await _chain(cli_scratch_database, 3)
    checkpoint, head = await _checkpoint(tmp_path)
    checkpoint.write_text(json.dumps({**head, "count": 2}))

    exit_code, report = await _verify("--checkpoint", str(checkpoint))

    assert exit_code == 1
    assert report["intact"] is False
    assert "signature" in str(report["reason"])


async def test_a_row_keyed_with_an_older_key_still_verifies(cli_scratch_database: str) -> None:
    """Rotation: the new key goes first in KIPNI_AUDIT_KEYS, the old ones stay behind it."""
    await _chain(cli_scratch_database, 2)
    older = current_keys().keys[1][0]
    await _rechain(cli_scratch_database, current_keys(), older)
    await _chain(cli_scratch_database, 1)

    assert await _verify() == (0, {"intact": True, "checked": 3})


async def test_an_erased_address_leaves_the_chain_intact_and_an_edited_one_does_not(
    cli_scratch_database: str,
) -> None:
    async with own_session(cli_scratch_database) as session, session.begin():
        first = await audit.record(
            session, action="test.address", actor=SYSTEM, meta=RequestMeta(client_address="198.51.100.7")
        )
        second = await audit.record(
            session, action="test.address", actor=SYSTEM, meta=RequestMeta(client_address="198.51.100.8")
        )
    async with own_session(cli_scratch_database) as session, session.begin():
        erased = await audit.erase_addresses(session, before=utcnow() + timedelta(seconds=1))
    await _tamper(
        cli_scratch_database,
        "UPDATE audit_events SET client_address = '203.0.113.9' WHERE seq = :seq",
        seq=second.seq,
    )

    exit_code, report = await _verify()

    assert erased == 2
    assert exit_code == 1
    assert report["checked"] == 1
    assert report["broken"]["seq"] == second.seq  # type: ignore[index]
    assert report["broken"]["reason"] == "its client address was changed"  # type: ignore[index]
    assert first.client_address_digest is not None


async def test_kipni_purge_erases_audit_addresses_after_the_retention_period(
    cli_scratch_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with own_session(cli_scratch_database) as session, session.begin():
        old = await audit.record(
            session, action="test.address", actor=SYSTEM, meta=RequestMeta(client_address="198.51.100.9")
        )
        fresh = await audit.record(
            session, action="test.address", actor=SYSTEM, meta=RequestMeta(client_address="198.51.100.10")
        )
    await _tamper(
        cli_scratch_database,
        "UPDATE audit_events SET occurred_at = :when WHERE seq = :seq",
        when=utcnow() - timedelta(days=91),
        seq=old.seq,
    )

    result = await kipni("purge", "--json")

    assert json.loads(result.stdout)["audit_addresses_erased"] == 1
    async with own_session(cli_scratch_database) as session:
        rows = (await session.execute(select(AuditEvent.seq, AuditEvent.client_address))).all()
    addresses = {seq: address for seq, address in rows}
    assert addresses == {old.seq: None, fresh.seq: "198.51.100.10"}


# --- the PostgreSQL trigger -------------------------------------------------------------


@pytest.fixture
async def postgres_log() -> AsyncIterator[str]:
    """A migrated PostgreSQL database with two audit rows (the trigger is PostgreSQL's)."""
    url = await create_postgres_database()
    try:
        await asyncio.to_thread(migrate.upgrade, url)
        async with own_session(url) as session, session.begin():
            for number in range(2):
                await audit.record(
                    session,
                    action="test.trigger",
                    actor=SYSTEM,
                    object_id=str(number),
                    meta=RequestMeta(client_address="198.51.100.1"),
                )
        yield url
    finally:
        await drop_postgres_database(url)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_events SET action = 'x'",
        "UPDATE audit_events SET hash = hash",
        "UPDATE audit_events SET client_address = NULL, details = '{\"x\": 1}'",
        "UPDATE audit_events SET client_address = '203.0.113.1'",
        "DELETE FROM audit_events",
        "DELETE FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events)",
        "TRUNCATE audit_events",
    ],
)
async def test_postgresql_refuses_changing_or_deleting_audit_rows(postgres_log: str, statement: str) -> None:
    with pytest.raises(DBAPIError, match="append-only"):
        async with own_session(postgres_log) as session, session.begin():
            await session.execute(text(statement))


async def test_postgresql_lets_the_retention_purge_erase_addresses(postgres_log: str) -> None:
    async with own_session(postgres_log) as session, session.begin():
        erased = await audit.erase_addresses(session, before=utcnow() + timedelta(seconds=1))
    async with own_session(postgres_log) as session:
        verification = await audit.verify(session)
        left = (await session.scalars(select(AuditEvent.client_address))).all()

    assert erased == 2
    assert left == [None, None]
    assert verification.intact


async def test_postgresql_refuses_an_update_that_erases_an_address_and_changes_more(
    postgres_log: str,
) -> None:
    with pytest.raises(DBAPIError, match="append-only"):
        async with own_session(postgres_log) as session, session.begin():
            await session.execute(update(AuditEvent).values(client_address=None, outcome="success2"))
