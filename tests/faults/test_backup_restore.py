"""`kipni backup` while the service works, then the README's restore procedure into a
fresh database: every referral decrypts with the configured keys, the audit chain is
intact, and the service answers from the restored copy."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import httpx

from tests.faults.conftest import Stack
from tests.faults.harness import (
    ApiProcess,
    DemoAccounts,
    kipni,
    prepare_database,
    running,
    service_environment,
)
from tests.referral_helpers import REFERRALS, referral_body

COUNT = 6


def _work(api: ApiProcess, accounts: DemoAccounts) -> dict[str, str]:
    """Referrals submitted and moved through the API: id -> its concern."""
    concerns: dict[str, str] = {}
    with httpx.Client(base_url=api.base_url, timeout=30) as client:
        partner = _sign_in(client, accounts, "partner")
        coordinator = _sign_in(client, accounts, "coordinator")
        for number in range(COUNT):
            concern = f"Beobachtung Nummer {number} vor der Sicherung."
            created = client.post(
                REFERRALS,
                json=referral_body(concern=concern),
                headers={**partner, "Idempotency-Key": f"backup-{number}"},
            )
            assert created.status_code == 201, created.text
            concerns[created.json()["id"]] = concern
            if number % 2:
                moved = client.post(
                    f"{REFERRALS}/{created.json()['id']}/transitions",
                    json={"to": "in_triage"},
                    headers=coordinator,
                )
                assert moved.status_code == 200, moved.text
    return concerns


def _sign_in(client: httpx.Client, accounts: DemoAccounts, role: str) -> dict[str, str]:
    grant = client.post(
        "/api/v1/auth/token",
        data={
            "grant_type": "password",
            "username": accounts.emails[role],
            "password": accounts.passwords[role],
        },
    )
    assert grant.status_code == 200, grant.text
    return {"Authorization": f"Bearer {grant.json()['access_token']}"}


def _every_referral(client: httpx.Client, headers: dict[str, str]) -> list[dict[str, object]]:
    referrals: list[dict[str, object]] = []
    cursor: str | None = None
    while True:
        page = client.get(
            REFERRALS, params={"limit": 200, **({"cursor": cursor} if cursor else {})}, headers=headers
        )
        assert page.status_code == 200, page.text
        referrals += page.json()["items"]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            return referrals


def _check_restored(
    env: dict[str, str], logs: Path, accounts: DemoAccounts, concerns: dict[str, str]
) -> None:
    kipni(env, "db", "upgrade")
    assert "intact" in kipni(env, "audit", "verify")
    api = ApiProcess(env, logs / "restored-api.log")
    with running(api), httpx.Client(base_url=api.base_url, timeout=30) as client:
        assert client.get("/readyz").status_code == 200
        coordinator = _sign_in(client, accounts, "coordinator")
        listed = _every_referral(client, coordinator)
        assert {str(r["id"]) for r in listed} >= set(concerns)
        for referral in listed:
            read = client.get(f"{REFERRALS}/{referral['id']}", headers=coordinator)
            assert read.status_code == 200, read.text
            details = read.json()["details"]
            assert details["concern"], f"{referral['id']} did not decrypt"
            assert details["subject"]["pseudonym"]
            if str(referral["id"]) in concerns:
                assert details["concern"] == concerns[str(referral["id"])]
        history = client.get(f"{REFERRALS}/{next(iter(concerns))}/history", headers=coordinator)
        assert history.status_code == 200


def test_an_sqlite_backup_taken_while_serving_restores_completely(tmp_path: Path) -> None:
    env = service_environment(f"sqlite:///{tmp_path / 'live.sqlite3'}")
    accounts = prepare_database(env)
    api = ApiProcess(env, tmp_path / "api.log")
    copy = tmp_path / "backups" / "kipni.sqlite3"
    with running(api):
        concerns = _work(api, accounts)
        assert "Backup written" in kipni(env, "backup", str(copy))

    # The README's procedure: put the copy where the database lives, then migrate.
    restored = tmp_path / "restored" / "kipni.sqlite3"
    restored.parent.mkdir()
    shutil.copyfile(copy, restored)
    _check_restored(service_environment(f"sqlite:///{restored}"), tmp_path, accounts, concerns)


def test_a_postgresql_dump_taken_while_serving_restores_completely(stack: Stack) -> None:
    api = ApiProcess(stack.env, stack.logs / "api.log")
    dump = stack.logs / "backups" / "kipni.dump"
    with running(api):
        concerns = _work(api, stack.accounts)
        assert "Backup written" in kipni(stack.env, "backup", str(dump))

    # The README's procedure: a fresh database, pg_restore into it, then migrate.
    port = str(stack.cluster.port)
    subprocess.run(
        ["createdb", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "kipni_restored"], check=True
    )
    restored = stack.cluster.url("kipni_restored")
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={restored}", str(dump)],
        check=True,
        capture_output=True,
    )
    _check_restored(service_environment(restored), stack.logs, stack.accounts, concerns)
