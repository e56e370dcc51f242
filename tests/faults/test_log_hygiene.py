"""Logs and e-mails hold no personal value, token or secret, even at debug level.

The API and the worker run as real processes with ``KIPNI_LOG_LEVEL=DEBUG``; the test
walks a referral through its whole life, uses the contact form, signs in, refreshes,
creates an API client and a webhook, and then looks for every value it sent or was given
in everything the processes wrote and in every e-mail they sent.
"""

from __future__ import annotations

import asyncio
import base64
from pathlib import Path

import httpx
import pytest

from tests.conftest import TEST_DATA_KEYS, TEST_JWT_SECRET
from tests.faults.harness import (
    ApiProcess,
    WorkerProcess,
    await_for,
    prepare_database,
    running,
    service_environment,
)
from tests.faults.receivers import FlakyReceiver, outbox
from tests.notification_helpers import SmtpSink
from tests.referral_helpers import REFERRALS

PSEUDONYM = "Zaunkoenig-4711"
SUBJECT: dict[str, object] = {
    "pseudonym": PSEUDONYM,
    "birth_year": 2010,
    "gender": "male",
    "municipality": "Celle",
}
CONCERN = "Spricht seit Ostern von einer Reise nach Idlib mit Onkel Baraq."
CONTACT = {"name": "Hiltrud Quastenberg", "phone": "+49 5141 987654", "email": "quastenberg@schule.example"}
LEGAL_BASIS = "Einwilligung der Sorgeberechtigten Frau Ollendorf"
NOTE = "Intern: Bruder Malik ist polizeibekannt."
PUBLIC_NOTE = "Wir melden uns bei Frau Quastenberg."
CLOSE_NOTE = "Abgeschlossen nach Gespraech mit Familie Ollendorf."
MESSAGE_TEXT = "Mein Neffe Torben Pfefferkorn hat sich sehr veraendert."
MESSAGE: dict[str, object] = {
    "name": "Gundula Pfefferkorn",
    "reply_to": "g.pfefferkorn@example.org",
    "subject": "Sorge um meinen Neffen Torben",
    "text": MESSAGE_TEXT,
    "privacy_consent": True,
}


def _sent_values() -> list[str]:
    values = [
        PSEUDONYM,
        CONCERN,
        *CONTACT.values(),
        LEGAL_BASIS,
        NOTE,
        PUBLIC_NOTE,
        CLOSE_NOTE,
        *(str(value) for value in MESSAGE.values() if isinstance(value, str)),
        TEST_JWT_SECRET,
    ]
    for entry in TEST_DATA_KEYS.split(","):
        key = entry.split(":", 1)[1]
        values += [key, base64.b64decode(key).decode("latin-1")]
    return values


@pytest.fixture
def sqlite_env(tmp_path: Path) -> dict[str, str]:
    return service_environment(
        f"sqlite:///{tmp_path / 'kipni.sqlite3'}", log_level="DEBUG", secure_cookies="false"
    )


async def test_debug_logs_and_e_mails_hold_no_personal_value_token_or_secret(
    sqlite_env: dict[str, str], tmp_path: Path
) -> None:
    accounts = prepare_database(sqlite_env)
    sink = SmtpSink()
    env = {**sqlite_env, "KIPNI_SMTP_PORT": str(sink.port)}
    api = ApiProcess(env, tmp_path / "api.log")
    worker = WorkerProcess(env, tmp_path / "worker.log")
    # The sign-in names are staff members' e-mail addresses: personal values too.
    given: list[str] = [*accounts.passwords.values(), *accounts.emails.values()]
    sink.start()
    try:
        with FlakyReceiver() as receiver, running(api, worker):
            receiver.failing = False
            async with httpx.AsyncClient(base_url=api.base_url, timeout=30) as client:

                async def sign_in(role: str) -> dict[str, str]:
                    grant = await client.post(
                        "/api/v1/auth/token",
                        data={
                            "grant_type": "password",
                            "username": accounts.emails[role],
                            "password": accounts.passwords[role],
                        },
                    )
                    assert grant.status_code == 200, grant.text
                    tokens = grant.json()
                    given.extend([tokens["access_token"], tokens["refresh_token"]])
                    return {"Authorization": f"Bearer {tokens['access_token']}"}

                partner = await sign_in("partner")
                coordinator = await sign_in("coordinator")
                case_worker = await sign_in("case_worker")
                admin = await sign_in("admin")

                refreshed = await client.post("/api/v1/auth/refresh", data={"refresh_token": given[-1]})
                assert refreshed.status_code == 200, refreshed.text
                given.extend([refreshed.json()["access_token"], refreshed.json()["refresh_token"]])

                api_client = await client.post(
                    "/api/v1/api-clients",
                    json={
                        "name": "Fachverfahren Jugendamt",
                        "organisation": "demo-schule",
                        "scopes": ["referrals:submit", "referrals:read-own"],
                    },
                    headers=admin,
                )
                assert api_client.status_code == 201, api_client.text
                given.append(api_client.json()["client_secret"])
                machine = await client.post(
                    "/api/v1/auth/token",
                    data={
                        "grant_type": "client_credentials",
                        "client_id": api_client.json()["client_id"],
                        "client_secret": api_client.json()["client_secret"],
                    },
                )
                assert machine.status_code == 200, machine.text
                given.append(machine.json()["access_token"])

                hook = await client.post(
                    "/api/v1/webhooks",
                    json={"url": receiver.url, "events": ["referral.status_changed"]},
                    headers=partner,
                )
                assert hook.status_code == 201, hook.text
                given.append(hook.json()["secret"])

                created = await client.post(
                    REFERRALS,
                    json={
                        "subject": SUBJECT,
                        "concern": CONCERN,
                        "urgency": "acute",
                        "consent": {
                            "person_informed": True,
                            "consent_given": True,
                            "legal_basis": LEGAL_BASIS,
                        },
                        "contact_person": CONTACT,
                    },
                    headers={**partner, "Idempotency-Key": "hygiene-1"},
                )
                assert created.status_code == 201, created.text
                referral = f"{REFERRALS}/{created.json()['id']}"
                for step, who in (
                    ({"to": "in_triage", "note": NOTE, "public_note": PUBLIC_NOTE}, coordinator),
                    ({"to": "assigned", "assignee": "aktion-neustart"}, coordinator),
                    ({"to": "in_progress"}, case_worker),
                    ({"to": "closed", "outcome": "successful", "note": CLOSE_NOTE}, case_worker),
                ):
                    moved = await client.post(f"{referral}/transitions", json=step, headers=who)
                    assert moved.status_code == 200, moved.text
                for path, who in (
                    (referral, coordinator),
                    (f"{referral}/history", coordinator),
                    (referral, partner),
                    (f"{referral}/history", partner),
                ):
                    read = await client.get(path, headers=who)
                    assert read.status_code == 200, read.text

                message = await client.post("/api/v1/organisations/kip-ni/messages", json=MESSAGE)
                assert message.status_code == 202, message.text
                editor = await sign_in("editor")
                inbox = await client.get(f"/api/v1/messages/{message.json()['id']}", headers=editor)
                assert inbox.status_code == 200, inbox.text
                assert MESSAGE_TEXT in inbox.text

            async def everything_sent() -> bool:
                items = await asyncio.to_thread(outbox, env["KIPNI_DATABASE_URL"])
                return all(item.status == "sent" for item in items)

            await await_for(everything_sent, timeout=60, what="the e-mails and webhook events of the test")
    finally:
        sink.stop()

    logs = {"API": api.output, "worker": worker.output}
    assert '"level": "debug"' in logs["worker"], "the worker did not log at debug level"
    for name, text in logs.items():
        leaked = [value for value in [*_sent_values(), *given] if value in text]
        assert leaked == [], f"the {name} log holds {leaked}"
    assert len(sink.received) >= 5, "coordinators, contact person and staff were written to"
    assert len(receiver.accepted()) >= 3, "the partner's system heard of the status changes"
    for mail in sink.received:
        leaked = [value for value in [*_sent_values(), *given] if value in mail.everything]
        assert leaked == [], f"an e-mail ({mail.message['Subject']}) holds {leaked}"
