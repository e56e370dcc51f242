"""The ``kipni`` command. It reads the same settings as the server (``KIPNI_*``), so it
acts on the database the server uses."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
import uvicorn
from pydantic import BaseModel, ValidationError
from rich.progress import Progress, TaskID
from sqlalchemy.ext.asyncio import AsyncSession

from api import backup
from api.accounts import administration
from api.accounts import service as accounts_service
from api.accounts.schemas import ApiClientCreate, ApiClientOut, ApiClientWithSecret, UserCreate, UserOut
from api.audit import service as audit
from api.audit.service import Checkpoint, Verification
from api.core import migrate
from api.core.config import get_settings
from api.core.crypto import FieldCipher, new_key_spec
from api.core.db import Database, utcnow
from api.core.errors import AppError
from api.core.logging import configure_logging
from api.core.pagination import MAX_LIMIT
from api.core.principal import SYSTEM
from api.core.row_encryption import Sealer
from api.core.scopes import Role, Scope
from api.directory.opendata.cli import register as register_opendata
from api.directory.seed import SeedReport, seed_directory
from api.keys import service as keys
from api.messages import service as messages_service
from api.models import ENCRYPTED_COLUMNS
from api.notifications import service as notifications_service
from api.notifications.worker import run_standalone
from api.referrals import service as referrals_service
from api.seed.demo import DemoAccount, seed_demo
from api.throttle import service as throttle

app = typer.Typer(
    help="KIP NI network service: serve, migrate, seed, manage accounts, verify the audit log.",
    no_args_is_help=True,
)
db_app = typer.Typer(help="Database schema (Alembic).", no_args_is_help=True)
users_app = typer.Typer(help="People who sign in (staff and partner portal).", no_args_is_help=True)
clients_app = typer.Typer(help="Partner systems signing in with client credentials.", no_args_is_help=True)
audit_app = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
app.add_typer(clients_app, name="clients")
app.add_typer(audit_app, name="audit")
register_opendata(app)

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
OrganisationOption = Annotated[
    str, typer.Option("--organisation", help="Slug of the organisation, e.g. kip-ni.", show_default=False)
]


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind (KIPNI_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port to bind (KIPNI_PORT).")] = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes (KIPNI_WORKERS).")] = None,
) -> None:
    """Serve the API and the built SPA."""
    settings = get_settings()
    configure_logging(settings.log_level, json=settings.log_json)
    uvicorn.run(
        "api.main:create_production_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers or settings.workers,
        log_config=None,
        access_log=False,
        server_header=False,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
    )


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument(help="Target revision.")] = "head") -> None:
    """Apply migrations up to REVISION (default: the newest)."""
    migrate.upgrade(get_settings().database_url, revision)


@db_app.command("downgrade")
def db_downgrade(revision: Annotated[str, typer.Argument(help="Target revision.")] = "base") -> None:
    """Revert migrations down to REVISION (default: an empty schema)."""
    migrate.downgrade(get_settings().database_url, revision)


async def _in_transaction(work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Runs one command's work on the server's database in one transaction: a command
    that fails half-way leaves nothing behind, its audit rows included."""
    database = Database.from_settings(get_settings())
    try:
        async with database.sessionmaker() as session, session.begin():
            return await work(session)
    finally:
        await database.dispose()


def _fail(message: str, *, as_json: bool) -> NoReturn:
    if as_json:
        typer.echo(json.dumps({"error": message}), err=True)
    else:
        typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(1)


def _run(work: Callable[[AsyncSession], Awaitable[T]], *, as_json: bool) -> T:
    """Refusals of the service (unknown organisation, duplicate, ...) end with exit 1."""
    try:
        return asyncio.run(_in_transaction(work))
    except AppError as exc:
        _fail(exc.detail or exc.title, as_json=as_json)


def _validated(model: type[M], *, as_json: bool, **fields: Any) -> M:
    """Command-line input passes the same schema as an API request body."""
    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']}" for error in exc.errors()
        )
        _fail(f"Invalid input: {problems}", as_json=as_json)


def _echo_json(value: object) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False))


@app.command()
def seed(
    demo: Annotated[
        bool, typer.Option("--demo", help="Also add demo accounts and fictitious referrals.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON report.")] = False,
) -> None:
    """Load the organisations, relations, topics and responsibilities of the network.

    Inserts only what is missing, so it is safe to run on every start. With --demo it also
    adds an account for every role (passwords printed once) and a few invented referrals.
    """
    sealer = Sealer(FieldCipher.from_settings(get_settings()))

    async def work(session: AsyncSession) -> tuple[SeedReport, list[DemoAccount], int]:
        report = await seed_directory(session)
        if not demo:
            return report, [], 0
        accounts, referrals = await seed_demo(session, sealer)
        return report, accounts, referrals

    report, accounts, referrals = _run(work, as_json=as_json)
    if as_json:
        _echo_json(
            {
                "inserted": report.inserted,
                "demo_accounts": [account.__dict__ for account in accounts],
                "demo_referrals": referrals,
            }
        )
        return
    summary = ", ".join(f"{count} {name}" for name, count in report.inserted.items())
    typer.echo(f"Seed: inserted {summary}." if report.changed else "Seed: nothing to do.")
    for account in accounts:
        secret = account.password or "(exists; password unchanged)"
        typer.echo(f"Demo {account.role:<12} {account.email:<36} {secret}")
    if referrals:
        typer.echo(f"Demo referrals: {referrals}.")


def _read_password(from_stdin: bool) -> str:
    """Scripts pipe the password in (one line); people type it twice, unseen."""
    if from_stdin:
        return typer.get_text_stream("stdin").readline().removesuffix("\n").removesuffix("\r")
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


@users_app.command("create")
def users_create(
    email: Annotated[str, typer.Argument(help="E-mail address; it is the sign-in name.")],
    role: Annotated[Role, typer.Option(help="Role of the user.", show_default=False)],
    organisation: OrganisationOption,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from the first line of stdin.")
    ] = False,
    name: Annotated[str, typer.Option(help="Display name.")] = "",
    as_json: JsonOption = False,
) -> None:
    """Create a user. Without --password-stdin the password is asked for."""
    data = _validated(
        UserCreate,
        as_json=as_json,
        email=email,
        name=name,
        role=role,
        organisation=organisation,
        password=_read_password(password_stdin),
    )

    async def work(session: AsyncSession) -> UserOut:
        return await administration.create_user(session, data, actor=SYSTEM)

    user = _run(work, as_json=as_json)
    if as_json:
        _echo_json(
            {
                "id": str(user.id),
                "email": user.email,
                "role": user.role,
                "organisation": user.organisation.slug,
            }
        )
    else:
        typer.echo(f"Created {user.role} {user.email} of {user.organisation.slug} (id {user.id}).")


@users_app.command("deactivate")
def users_deactivate(
    email: Annotated[str, typer.Argument(help="E-mail address of the user.")], as_json: JsonOption = False
) -> None:
    """Deactivate a user: sign-in is refused and every session ends at once."""

    async def work(session: AsyncSession) -> UserOut:
        user_id = await administration.user_id_for_email(session, email)
        return await administration.deactivate_user(session, user_id, actor=SYSTEM)

    user = _run(work, as_json=as_json)
    if as_json:
        _echo_json({"id": str(user.id), "email": user.email, "is_active": user.is_active})
    else:
        typer.echo(f"Deactivated {user.email}; their sessions have ended.")


@users_app.command("reset-second-factor")
def users_reset_second_factor(
    email: Annotated[str, typer.Argument(help="E-mail address of the user.")], as_json: JsonOption = False
) -> None:
    """Remove a user's second factor (a lost phone, the last admin locked out): every session
    ends, and where the role requires one, the next sign-in enrols anew."""

    async def work(session: AsyncSession) -> uuid.UUID:
        user_id = await administration.user_id_for_email(session, email)
        await administration.reset_second_factor(session, user_id, actor=SYSTEM)
        return user_id

    user_id = _run(work, as_json=as_json)
    if as_json:
        _echo_json({"id": str(user_id), "email": email.lower(), "second_factor": False})
    else:
        typer.echo(f"Reset the second factor of {email}; their sessions have ended.")


@clients_app.command("create")
def clients_create(
    name: Annotated[str, typer.Argument(help="Name of the partner system.")],
    organisation: OrganisationOption,
    scope: Annotated[
        list[Scope],
        typer.Option("--scope", help="A scope to grant; repeat for several.", show_default=False),
    ],
    as_json: JsonOption = False,
) -> None:
    """Register a partner system. The secret is printed once; only its hash is kept."""
    data = _validated(ApiClientCreate, as_json=as_json, name=name, organisation=organisation, scopes=scope)

    async def work(session: AsyncSession) -> ApiClientWithSecret:
        return await administration.create_client(session, data, actor=SYSTEM)

    client = _run(work, as_json=as_json)
    if as_json:
        _echo_json(
            {
                "client_id": client.client_id,
                "client_secret": client.client_secret,
                "scopes": client.scopes,
                "organisation": client.organisation.slug,
            }
        )
    else:
        typer.echo(f"client_id:     {client.client_id}")
        typer.echo(f"client_secret: {client.client_secret}")
        typer.echo("The secret is shown only now; store it in the partner system.")


async def _all_clients(session: AsyncSession) -> list[ApiClientOut]:
    clients: list[ApiClientOut] = []
    cursor: str | None = None
    while True:
        page = await administration.list_clients(session, limit=MAX_LIMIT, cursor=cursor)
        clients.extend(page.items)
        if page.next_cursor is None:
            return clients
        cursor = page.next_cursor


@clients_app.command("list")
def clients_list(as_json: JsonOption = False) -> None:
    """List the partner systems (never their secrets)."""
    clients = _run(_all_clients, as_json=as_json)
    if as_json:
        _echo_json(
            [
                {
                    "id": str(client.id),
                    "client_id": client.client_id,
                    "name": client.name,
                    "organisation": client.organisation.slug,
                    "scopes": client.scopes,
                    "is_active": client.is_active,
                }
                for client in clients
            ]
        )
        return
    for client in clients:
        status = "active" if client.is_active else "inactive"
        scopes = " ".join(client.scopes)
        typer.echo(f"{client.client_id}\t{client.organisation.slug}\t{status}\t{client.name}\t{scopes}")


def _break_report(verification: Verification) -> str:
    if verification.broken is None:
        return f"Audit log not intact: {verification.checkpoint_problem}."
    broken = verification.broken
    return (
        f"Audit log broken at seq {broken.seq} (id {broken.id}): {broken.reason}. "
        f"The {verification.checked} rows before it are intact."
    )


def _read_checkpoint(path: Path, *, as_json: bool) -> Checkpoint:
    try:
        data = json.loads(path.read_text())
        return Checkpoint(
            seq=int(data["seq"]),
            hash=str(data["hash"]),
            count=int(data["count"]),
            at=str(data["at"]),
            signature=str(data["signature"]),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        _fail(
            f"{path} is not a checkpoint written by `kipni audit checkpoint --json` ({exc}).", as_json=as_json
        )


CheckpointOption = Annotated[
    Path | None,
    typer.Option(
        "--checkpoint",
        help="A file written by `kipni audit checkpoint --json`: also finds rows cut from the end of the "
        "log and rows lost before that head.",
        show_default=False,
    ),
]


@audit_app.command("verify")
def audit_verify(checkpoint: CheckpointOption = None, as_json: JsonOption = False) -> None:
    """Recompute the keyed chain; exit 1 and name the first row where it breaks."""
    head = _read_checkpoint(checkpoint, as_json=as_json) if checkpoint is not None else None

    async def work(session: AsyncSession) -> Verification:
        return await audit.verify(session, head)

    verification = _run(work, as_json=as_json)
    if as_json:
        result: dict[str, Any] = {"intact": verification.intact, "checked": verification.checked}
        if verification.reason is not None:
            result["reason"] = verification.reason
        if verification.broken is not None:
            broken = verification.broken
            result["broken"] = {"seq": broken.seq, "id": str(broken.id), "reason": broken.reason}
        _echo_json(result)
    elif verification.intact:
        typer.echo(f"Audit log intact: {verification.checked} rows checked.")
    else:
        typer.echo(_break_report(verification))
    if not verification.intact:
        raise typer.Exit(1)


@audit_app.command("checkpoint")
def audit_checkpoint(as_json: JsonOption = False) -> None:
    """Print the signed head of the chain (seq, hash, count, at, signature). Keep it off
    this host: `kipni audit verify --checkpoint FILE` then finds a cut tail."""
    head = _run(audit.checkpoint, as_json=as_json)
    if as_json:
        _echo_json(head.as_dict())
    else:
        typer.echo(f"Audit log head: seq {head.seq}, {head.count} rows, hash {head.hash}, at {head.at}.")
        typer.echo(f"Signature: {head.signature}")


app.command("backup")(backup.command)

keys_app = typer.Typer(help="Data keys that encrypt personal fields (KIPNI_DATA_KEYS).", no_args_is_help=True)
app.add_typer(keys_app, name="keys")


@keys_app.command("generate")
def keys_generate(key_id: Annotated[str, typer.Argument(help="Id of the new key, e.g. k2026b.")]) -> None:
    """Print a new key entry. Put it first in KIPNI_DATA_KEYS, keep the old ones after it,
    restart, then run `kipni keys rotate`."""
    typer.echo(new_key_spec(key_id))


async def _rotate(progress: Progress, task: TaskID) -> int:
    settings = get_settings()
    sealer = Sealer(FieldCipher.from_settings(settings))
    database = Database.from_settings(settings)
    done = 0
    try:
        async with database.sessionmaker() as session:
            remaining = await keys.count_stale(session, sealer.cipher.current_key_id, ENCRYPTED_COLUMNS)
        progress.update(task, total=remaining)
        while True:
            # One transaction per batch: an interrupted run resumes with what is left.
            async with database.sessionmaker() as session, session.begin():
                moved = await keys.rotate_batch(session, sealer, ENCRYPTED_COLUMNS)
            if moved == 0:
                return done
            done += moved
            progress.advance(task, moved)
    finally:
        await database.dispose()


@keys_app.command("rotate")
def keys_rotate(as_json: JsonOption = False) -> None:
    """Re-encrypt every personal field under the newest key (the first in KIPNI_DATA_KEYS).

    Resumable: values already under the newest key are skipped. Once it reports zero
    left, older keys may be removed from the settings.
    """
    with Progress(disable=as_json, transient=False) as progress:
        task = progress.add_task("Re-encrypting", total=None)
        done = asyncio.run(_rotate(progress, task))
    if as_json:
        _echo_json({"re_encrypted": done})
    else:
        typer.echo(f"Re-encrypted {done} values under the newest key.")


@app.command()
def purge(as_json: JsonOption = False) -> None:
    """Apply the retention rules: erase personal data of referrals finished longer ago than
    KIPNI_RETENTION_DAYS and of contact messages older than KIPNI_MESSAGE_RETENTION_DAYS,
    and drop expired idempotency records, token revocations and notifications delivered or
    given up more than a month ago. Client addresses in the audit log older than
    KIPNI_AUDIT_ADDRESS_DAYS are erased (their keyed digests stay in the chain)."""
    settings = get_settings()

    async def work(session: AsyncSession) -> dict[str, int]:
        erased = await referrals_service.purge_expired(session, retention_days=settings.retention_days)
        messages = await messages_service.purge_expired(
            session, retention_days=settings.message_retention_days
        )
        revocations = await accounts_service.purge_revocations(session)
        deliveries = await notifications_service.purge_finished(session)
        counters = await throttle.purge_stale(
            session, now=utcnow(), window=throttle.counters_kept(settings.login_window_seconds)
        )
        addresses = await audit.erase_addresses(
            session, before=utcnow() - timedelta(days=settings.audit_address_days)
        )
        return {
            "referrals_erased": erased,
            "messages_erased": messages,
            "revocations_dropped": revocations,
            "finished_notifications_dropped": deliveries,
            "throttle_counters_dropped": counters,
            "audit_addresses_erased": addresses,
        }

    report = _run(work, as_json=as_json)
    if as_json:
        _echo_json(report)
    else:
        typer.echo(", ".join(f"{name.replace('_', ' ')}: {count}" for name, count in report.items()))


@app.command()
def worker(
    once: Annotated[bool, typer.Option("--once", help="Deliver what is due now, then exit.")] = False,
) -> None:
    """Deliver the outbox: e-mails over SMTP and signed webhooks, retried with backoff.

    Runs until SIGINT or SIGTERM. Several workers may share one PostgreSQL database;
    none sends an item another one is sending.
    """
    settings = get_settings()
    configure_logging(settings.log_level, json=settings.log_json)
    run_standalone(settings, once=once)
