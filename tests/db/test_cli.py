"""The ``kipni`` command against a real database.

The CLI opens its own engine from ``KIPNI_DATABASE_URL`` and commits, so these tests
cannot use the rolled-back ``session``: they point the CLI at the per-session test
database, use unique names, and check the result through an engine of their own. The
tests that tamper with the audit chain get a scratch database, so the shared chain stays
intact for everyone else.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

import pytest
from httpx import ASGITransport, AsyncClient
from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner, Result

from api.accounts.models import ApiClient, User
from api.audit import service as audit
from api.audit.models import AuditEvent
from api.cli import app as cli
from api.core.config import Settings, get_settings
from api.core.db import create_engine, utcnow
from api.core.principal import SYSTEM
from api.core.security import verify_password
from api.main import create_app

PASSWORD = "a long enough passphrase"
runner = CliRunner()


async def kipni(*args: str, stdin: str | None = None) -> Result:
    """Runs the command in a worker thread: it starts its own event loop."""

    def invoke() -> Result:
        return runner.invoke(cli, list(args), input=stdin)

    return await asyncio.to_thread(invoke)


def _use_database(monkeypatch: pytest.MonkeyPatch, url: str) -> Iterator[str]:
    monkeypatch.setenv("KIPNI_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


@pytest.fixture
def cli_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The CLI acts on the per-session test database."""
    yield from _use_database(monkeypatch, database_url)


@pytest.fixture
def cli_scratch_database(scratch_database: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    yield from _use_database(monkeypatch, scratch_database)


@asynccontextmanager
async def own_session(url: str) -> AsyncIterator[AsyncSession]:
    engine = create_engine(Settings(database_url=url))
    try:
        async with AsyncSession(engine, expire_on_commit=False) as session:
            yield session
    finally:
        await engine.dispose()


def _email() -> str:
    return f"cli-{uuid.uuid4().hex[:12]}@example.org"


async def _create_user(email: str, *extra: str) -> Result:
    return await kipni(
        "users", "create", email, "--role", "editor", "--organisation", "kip-ni", "--password-stdin", *extra,
        stdin=PASSWORD + "\n",
    )  # fmt: skip


async def _user(url: str, email: str) -> User | None:
    async with own_session(url) as session:
        return await session.scalar(select(User).where(User.email == email))


# --- users ------------------------------------------------------------------------------


async def test_users_create_prints_the_four_keys(cli_database: str) -> None:
    email = _email()

    result = await _create_user(email, "--json")

    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert set(printed) == {"id", "email", "role", "organisation"}
    assert printed["email"] == email
    assert printed["role"] == "editor"
    assert printed["organisation"] == "kip-ni"


async def test_users_create_stores_the_password_from_stdin_without_the_newline(cli_database: str) -> None:
    email = _email()

    await _create_user(email)

    user = await _user(cli_database, email)
    assert user is not None
    assert verify_password(user.password_hash, PASSWORD)


async def test_a_user_created_by_the_cli_signs_in_through_the_api(
    cli_database: str, settings: Settings
) -> None:
    email = _email()
    await _create_user(email)
    server = create_app(settings)  # with a database of its own, not the rolled-back one

    try:
        async with AsyncClient(transport=ASGITransport(app=server), base_url="http://testserver") as client:
            response = await client.post(
                "/api/v1/auth/token", data={"grant_type": "password", "username": email, "password": PASSWORD}
            )
    finally:
        await server.state.database.dispose()

    assert response.status_code == 200


async def test_users_create_is_audited_as_the_system(cli_database: str) -> None:
    email = _email()

    user_id = json.loads((await _create_user(email, "--json")).stdout)["id"]

    async with own_session(cli_database) as session:
        event = await session.scalar(select(AuditEvent).where(AuditEvent.object_id == user_id))
    assert event is not None
    assert event.action == "users.create"
    assert event.actor_kind == "system"


async def test_users_create_refuses_a_short_password(cli_database: str) -> None:
    email = _email()

    result = await kipni(
        "users", "create", email, "--role", "editor", "--organisation", "kip-ni", "--password-stdin",
        stdin="short\n",
    )  # fmt: skip

    assert result.exit_code == 1
    assert "password" in result.stderr
    assert await _user(cli_database, email) is None


async def test_users_create_refuses_an_unknown_organisation(cli_database: str) -> None:
    email = _email()

    result = await kipni(
        "users", "create", email, "--role", "editor", "--organisation", "nowhere", "--password-stdin",
        stdin=PASSWORD,
    )  # fmt: skip

    assert result.exit_code == 1
    assert "nowhere" in result.stderr
    assert await _user(cli_database, email) is None


async def test_users_create_refuses_a_duplicate(cli_database: str) -> None:
    email = _email()
    await _create_user(email)

    result = await _create_user(email, "--json")

    assert result.exit_code == 1
    assert "exists already" in json.loads(result.stderr)["error"]


async def test_users_deactivate_disables_the_account(cli_database: str) -> None:
    email = _email()
    await _create_user(email)

    result = await kipni("users", "deactivate", email, "--json")

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["is_active"] is False
    user = await _user(cli_database, email)
    assert user is not None
    assert user.is_active is False


async def test_users_reset_second_factor_removes_it(cli_database: str) -> None:
    email = _email()
    await _create_user(email)
    async with own_session(cli_database) as session:
        enrolled = {"totp_secret_enc": "sealed", "totp_enrolled_at": utcnow()}
        await session.execute(update(User).where(User.email == email).values(**enrolled))
        await session.commit()

    result = await kipni("users", "reset-second-factor", email, "--json")

    assert result.exit_code == 0, result.output
    user = await _user(cli_database, email)
    assert user is not None
    assert (user.totp_secret_enc, user.totp_enrolled_at) == (None, None)


async def test_users_reset_second_factor_of_an_unknown_address_fails(cli_database: str) -> None:
    result = await kipni("users", "reset-second-factor", _email())

    assert result.exit_code == 1
    assert "No user" in result.stderr


async def test_users_deactivate_of_an_unknown_address_fails(cli_database: str) -> None:
    result = await kipni("users", "deactivate", _email())

    assert result.exit_code == 1
    assert "No user" in result.stderr


# --- clients ----------------------------------------------------------------------------


async def _create_client(name: str, *scopes: str) -> Result:
    scope_args = [arg for scope in scopes for arg in ("--scope", scope)]
    return await kipni("clients", "create", name, "--organisation", "mk", *scope_args, "--json")


async def test_clients_create_prints_the_four_keys(cli_database: str) -> None:
    result = await _create_client(f"System {uuid.uuid4().hex[:8]}", "referrals:submit", "referrals:read-own")

    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert set(printed) == {"client_id", "client_secret", "scopes", "organisation"}
    assert printed["scopes"] == ["referrals:read-own", "referrals:submit"]
    assert printed["organisation"] == "mk"


async def test_clients_create_stores_only_a_hash_of_the_secret(cli_database: str) -> None:
    printed = json.loads((await _create_client(f"System {uuid.uuid4().hex[:8]}", "referrals:submit")).stdout)

    async with own_session(cli_database) as session:
        client = await session.scalar(select(ApiClient).where(ApiClient.client_id == printed["client_id"]))
    assert client is not None
    assert printed["client_secret"] not in client.secret_hash
    assert verify_password(client.secret_hash, printed["client_secret"])


async def test_clients_create_refuses_staff_scopes(cli_database: str) -> None:
    name = f"System {uuid.uuid4().hex[:8]}"

    result = await _create_client(name, "referrals:submit", "audit:read")

    assert result.exit_code == 1
    async with own_session(cli_database) as session:
        assert await session.scalar(select(ApiClient).where(ApiClient.name == name)) is None


async def test_clients_list_shows_a_created_client_without_its_secret(cli_database: str) -> None:
    created = json.loads((await _create_client(f"System {uuid.uuid4().hex[:8]}", "directory:write")).stdout)

    result = await kipni("clients", "list", "--json")

    assert result.exit_code == 0, result.output
    listed = {client["client_id"]: client for client in json.loads(result.stdout)}
    assert listed[created["client_id"]]["scopes"] == ["directory:write"]
    assert created["client_secret"] not in result.stdout


async def test_clients_list_prints_one_line_per_client(cli_database: str) -> None:
    created = json.loads((await _create_client(f"System {uuid.uuid4().hex[:8]}", "directory:write")).stdout)

    result = await kipni("clients", "list")

    assert any(line.startswith(created["client_id"]) for line in result.stdout.splitlines())


# --- audit verify -----------------------------------------------------------------------


async def test_audit_verify_passes_on_an_intact_chain(cli_database: str) -> None:
    await _create_user(_email())

    result = await kipni("audit", "verify")

    assert result.exit_code == 0, result.output
    assert "intact" in result.stdout


async def test_audit_verify_reports_the_rows_checked_as_json(cli_scratch_database: str) -> None:
    await _chain(cli_scratch_database, 3)

    result = await kipni("audit", "verify", "--json")

    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"intact": True, "checked": 3}


async def _chain(url: str, length: int) -> list[AuditEvent]:
    async with own_session(url) as session, session.begin():
        return [
            await audit.record(session, action="test.chain", actor=SYSTEM, object_id=str(number))
            for number in range(length)
        ]


async def _tamper(url: str, statement: str, **parameters: object) -> None:
    """Changes the log as someone with the database owner's rights would, past the
    PostgreSQL trigger that refuses it to everyone else."""
    async with own_session(url) as session, session.begin():
        if session.get_bind().dialect.name == "postgresql":
            await session.execute(text("SET LOCAL session_replication_role = replica"))
        await session.execute(text(statement), parameters)


async def test_audit_verify_names_an_edited_row(cli_scratch_database: str) -> None:
    events = await _chain(cli_scratch_database, 5)
    await _tamper(
        cli_scratch_database, "UPDATE audit_events SET action = 'x' WHERE seq = :seq", seq=events[2].seq
    )

    result = await kipni("audit", "verify")

    assert result.exit_code == 1
    assert f"seq {events[2].seq} " in result.stdout
    assert str(events[2].id) in result.stdout
    assert "no longer matches its hash" in result.stdout


async def test_audit_verify_names_the_row_after_a_deleted_one(cli_scratch_database: str) -> None:
    events = await _chain(cli_scratch_database, 5)
    await _tamper(cli_scratch_database, "DELETE FROM audit_events WHERE seq = :seq", seq=events[2].seq)

    result = await kipni("audit", "verify", "--json")

    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["intact"] is False
    assert report["checked"] == 2
    assert report["broken"]["seq"] == events[3].seq
    assert report["broken"]["id"] == str(events[3].id)
