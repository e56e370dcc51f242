"""Partner systems submitting referrals the way the README tells them to: retry a 503, a
409 ("still in progress") or a lost connection with the same ``Idempotency-Key`` until
the answer is a 201. And what the database must hold afterwards."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx
import psycopg

from tests.referral_helpers import REFERRALS, referral_body

RETRIED = frozenset({0, 409, 503})  # 0: no answer (connection refused or cut)
RETRY_PAUSE = 0.1
CLIENT_TIMEOUT = 15.0


@dataclass
class Submission:
    key: str
    answers: list[int] = field(default_factory=list)
    created: dict[str, Any] | None = None
    created_at: float | None = None  # monotonic time of the 201


@dataclass
class Load:
    """Twenty clients (or as many as asked), each submitting one referral after another."""

    base_url: str
    headers: dict[str, str]
    clients: int = 20
    deadline_seconds: float = 180.0
    submissions: list[Submission] = field(default_factory=list)
    stop: asyncio.Event = field(default_factory=asyncio.Event)

    def created_since(self, moment: float) -> int:
        return sum(1 for s in self.submissions if s.created_at is not None and s.created_at > moment)

    def clients_created_since(self, moment: float, owners: dict[str, int]) -> int:
        return len({owners[s.key] for s in self.submissions if s.created_at and s.created_at > moment})

    async def run(self) -> dict[str, int]:
        """Runs until ``stop`` is set; which client submitted which key."""
        owners: dict[str, int] = {}
        self.owners = owners
        async with httpx.AsyncClient(base_url=self.base_url, timeout=CLIENT_TIMEOUT) as client:
            await asyncio.gather(*(self._client(client, number, owners) for number in range(self.clients)))
        return owners

    async def _client(self, client: httpx.AsyncClient, number: int, owners: dict[str, int]) -> None:
        deadline = time.monotonic() + self.deadline_seconds
        while not self.stop.is_set():
            submission = Submission(key=f"load-{number}-{uuid.uuid4().hex}")
            owners[submission.key] = number
            self.submissions.append(submission)
            body = referral_body(concern=f"Beobachtung zu {submission.key}.")
            while submission.created is None:
                assert time.monotonic() < deadline, f"{submission.key} got no 201: {submission.answers}"
                try:
                    response = await client.post(
                        REFERRALS, json=body, headers={**self.headers, "Idempotency-Key": submission.key}
                    )
                except httpx.TransportError:
                    submission.answers.append(0)
                else:
                    submission.answers.append(response.status_code)
                    if response.status_code == 201:
                        submission.created = response.json()
                        submission.created_at = time.monotonic()
                        break
                    assert response.status_code in RETRIED, (
                        f"{submission.key}: {response.status_code} {response.text}"
                    )
                # A client's pause between retries; nothing waits on it.
                await asyncio.sleep(RETRY_PAUSE)

    def unfinished(self) -> str:
        """The submissions still without a 201 and what they were answered, for a failure."""
        return "; ".join(f"{s.key}: {s.answers[-12:]}" for s in self.submissions if s.created is None)

    @property
    def answers(self) -> Counter[int]:
        return Counter(answer for s in self.submissions for answer in s.answers)


def check_database(url: str, submissions: list[Submission], *, since: float) -> None:
    """Exactly one complete referral per key: its row, its first history step, its audit
    row, its e-mails queued, and the key's record done and pointing at it."""
    created = [s for s in submissions if s.created is not None]
    with psycopg.connect(url) as connection:
        records = {
            key: (state, location)
            for key, state, location in connection.execute(
                "SELECT key, state, location FROM idempotency_records WHERE key LIKE 'load-%%'"
            )
        }
        referral_ids = {
            str(row[0])
            for row in connection.execute(
                "SELECT id FROM referrals WHERE created_at >= to_timestamp(%s)", (since,)
            )
        }
        events = Counter(
            str(row[0])
            for row in connection.execute(
                "SELECT referral_id FROM referral_events WHERE to_status = 'received'"
            )
        )
        audited = Counter(
            str(row[0])
            for row in connection.execute(
                "SELECT object_id FROM audit_events WHERE action = 'referrals.create'"
            )
        )
        mailed = Counter(
            str(row[0])
            for row in connection.execute(
                "SELECT payload->'context'->>'reference' FROM outbox WHERE event LIKE 'referral.received%%'"
            )
        )
        references = {
            str(row[0]): str(row[1]) for row in connection.execute("SELECT id, reference FROM referrals")
        }
    answered = {str(s.created["id"]) for s in created if s.created}
    assert answered <= referral_ids, f"answered 201 but missing: {answered - referral_ids}"
    # A key that never got its 201 (the load stopped) may have left nothing or a done record.
    keyed = {location.rsplit("/", 1)[1] for state, location in records.values() if state == "completed"}
    assert referral_ids == keyed, (
        f"referrals without a key's record: {referral_ids - keyed}; records pointing at nothing: "
        f"{keyed - referral_ids}"
    )
    assert len(referral_ids) == len([r for r in records.values() if r[0] == "completed"])
    for submission in created:
        assert submission.created is not None
        referral_id = str(submission.created["id"])
        assert records[submission.key] == ("completed", f"/api/v1/referrals/{referral_id}")
        assert events[referral_id] == 1, f"{referral_id}: {events[referral_id]} first history steps"
        assert audited[referral_id] == 1, f"{referral_id}: {audited[referral_id]} audit rows"
        assert mailed[references[referral_id]] >= 1, f"{referral_id}: no e-mail queued"


def in_flight_records(url: str) -> list[tuple[str, float]]:
    """Keys still claimed by a request, with their age in seconds."""
    with psycopg.connect(url) as connection:
        return [
            (str(key), float(age))
            for key, age in connection.execute(
                "SELECT key, EXTRACT(EPOCH FROM now() - created_at) FROM idempotency_records "
                "WHERE state = 'in_flight'"
            )
        ]
