"""Rules of the referral intake: submission, views by role, workflow, erasure.

Every read and write is audited here with identifiers and codes only. What a caller sees
is decided twice: the repository finds only referrals visible to the caller, and
``_is_staff_view`` decides whether the personal fields are shown at all.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from api.accounts import service as accounts
from api.audit import service as audit
from api.core.db import utcnow
from api.core.errors import AppError, Conflict, Forbidden, NotFound, Unauthorized, UnprocessableEntity
from api.core.pagination import Page, decode_time_cursor, fetch_keyset, time_cursor
from api.core.paths import API_PREFIX
from api.core.pipeline import Answer, Query, Round, run_together
from api.core.principal import SYSTEM, Principal, RequestMeta
from api.core.row_encryption import Sealer
from api.core.scopes import Scope
from api.core.tokens import AccessClaims
from api.directory import service as directory
from api.directory.schemas import OrganisationRef
from api.referrals import idempotency, notify, repository
from api.referrals.models import Outcome, Referral, ReferralEvent, Status, Urgency
from api.referrals.repository import ReferralFact
from api.referrals.schemas import (
    PROGRAMME_SLUGS,
    ConsentOut,
    ContactPersonOut,
    EmergencyAdvice,
    HistoryEntry,
    ReferralCreate,
    ReferralDetails,
    ReferralOut,
    ReferralReceipt,
    RoutingSuggestion,
    SubjectOut,
    TransitionIn,
)
from api.referrals.workflow import COARSE_STATUS, FINAL, coarse_group, may_move, partner_events, scope_for

TABLE = "referrals"
EVENTS = "referral_events"
EMERGENCY_ADVICE = EmergencyAdvice(
    de="Besteht akute Gefahr für Leib oder Leben, rufen Sie sofort die Polizei unter 110 an. "
    "Diese Meldung ersetzt keinen Notruf; die Fallkoordination wurde zusätzlich sofort informiert.",
    en="If anyone's life or safety is in immediate danger, call the police on 110 now. "
    "This referral does not replace an emergency call; case coordination has also been alerted at once.",
)


def receipt(referral: Mapping[str, Any]) -> ReferralReceipt:
    """What the submitting partner is told of a new referral (``referral_rows``' row)."""
    return ReferralReceipt(
        id=referral["id"],
        reference=referral["reference"],
        status=Status(referral["status"]),
        urgency=Urgency(referral["urgency"]),
        created_at=referral["created_at"],
        emergency_advice=EMERGENCY_ADVICE if referral["urgency"] == Urgency.acute else None,
    )


@dataclass(frozen=True)
class SubmissionAnswer:
    """The answer to an idempotent submission: the first one, or its replay."""

    status: int
    body: str
    location: str | None
    replayed: bool


@dataclass(frozen=True)
class Submission:
    """A submission as it waits for its batch: the caller's token rather than its
    principal, which is looked up in the transaction that stores the referral."""

    token: AccessClaims
    body: ReferralCreate
    meta: RequestMeta
    key: str


async def submit_many(
    session: AsyncSession,
    sealer: Sealer,
    submissions: Sequence[Submission],
    *,
    keep: timedelta,
    second_factor_roles: frozenset[str],
) -> list[SubmissionAnswer | AppError]:
    """Stores a batch of submissions in the transaction of ``session``; the caller commits.

    One referral per ``Idempotency-Key``, whatever the retries (see ``idempotency``): each
    key is claimed in this transaction and its stored answer commits with the referral,
    so a failure rolls back everything, claims included, and leaves every key free.
    Each submission gets its own answer: a refusal (401, 403, 409, 422) or a replay lets
    the others go ahead.

    The statements are per batch, not per submission, and go in two round trips
    (``api.core.pipeline``): first what the batch decides on (each token's holder, the
    keys' locks and records, reference numbers, the coordinators to tell, the audit
    chain's last hash), then the rows, with the audit rows chained to that hash under
    the chain's lock (``audit.append_after``; a third when another writer came between).
    """
    now = utcnow()
    reads = Round()
    callers = _submitters(reads, [submission.token for submission in submissions], second_factor_roles)
    claiming = idempotency.claim(
        session,
        reads,
        [
            idempotency.KeyUse(
                idempotency.owner_of_token(submission.token),
                submission.key,
                idempotency.fingerprint(submission.body.model_dump(mode="json")),
            )
            for submission in submissions
        ],
    )
    numbers = reads.add(repository.reference_numbers(session, now.year, len(submissions)))
    coordinators = notify.coordinators(reads)
    audit_head = audit.last_hash(reads)
    await reads.run(session)

    answers: dict[int, SubmissionAnswer | AppError] = {}
    work: list[tuple[int, Submission, Principal, idempotency.Claim]] = []
    for index, (submission, caller, claimed) in enumerate(
        zip(submissions, callers(), claiming.outcomes(now=now, keep=keep), strict=True)
    ):
        if not isinstance(caller, Principal):
            answers[index] = caller
        elif isinstance(claimed, idempotency.Replay):
            answers[index] = SubmissionAnswer(claimed.status, claimed.body, claimed.location, replayed=True)
        elif isinstance(claimed, idempotency.Claim):
            work.append((index, submission, caller, claimed))
        else:
            answers[index] = claimed
    requests = [(principal, submission.body) for _, submission, principal, _ in work]
    rows = referral_rows(sealer, requests, numbers.value, now)
    entries = []
    for (index, submission, principal, claimed), row in zip(work, rows, strict=True):
        answer = receipt(row).model_dump_json()
        location = referral_location(row["id"])
        idempotency.complete(claimed, status=201, body=answer, location=location)
        answers[index] = SubmissionAnswer(201, answer, location, replayed=False)
        entries.append(
            audit.Entry(
                "referrals.create",
                principal.actor,
                submission.meta,
                object_type="referral",
                object_id=row["id"],
                details={"urgency": row["urgency"], "reference": row["reference"]},
            )
        )
    if work:
        writes = Round()
        for query in [
            *_creation(sealer, rows, requests, coordinators.value, now),
            *idempotency.store([claimed for *_, claimed in work]),
        ]:
            writes.add(query)
        # Last: the chain's lock is held until commit.
        appending = audit.append_after(session, writes, entries, audit_head.value)
        await writes.run(session)
        await appending.settle(session)
    return [answers[index] for index in range(len(submissions))]


def _submitters(
    reads: Round, tokens: Sequence[AccessClaims], second_factor_roles: frozenset[str]
) -> Callable[[], list[Principal | AppError]]:
    """Adds the lookup of the principal behind each token to ``reads`` (once per token,
    in the transaction that stores the referrals: a token revoked or an account disabled
    a moment ago submits nothing); the function returned says, once they have run, who
    each caller is: 401 for a token no longer valid, 403 without ``referrals:submit``."""
    live: dict[str, Answer[Principal | None] | None] = {}
    for token in tokens:
        if token.jti not in live:
            query = accounts.principal_query(token, second_factor_roles=second_factor_roles)
            live[token.jti] = reads.add(query) if query is not None else None

    def callers() -> list[Principal | AppError]:
        found: list[Principal | AppError] = []
        for token in tokens:
            answer = live[token.jti]
            principal = answer.value if answer is not None else None
            if principal is None:
                found.append(Unauthorized())
            elif not principal.has(Scope.referrals_submit):
                found.append(Forbidden.lacking([Scope.referrals_submit.value]))
            else:
                found.append(principal)
        return found

    return callers


def referral_location(referral_id: uuid.UUID) -> str:
    return f"{API_PREFIX}/referrals/{referral_id}"


async def _audit(
    session: AsyncSession,
    principal: Principal,
    meta: RequestMeta,
    action: str,
    referral_id: uuid.UUID | None,
    *,
    outcome: str = "success",
    details: dict[str, object] | None = None,
) -> None:
    """One audit row about a referral: who, what, which one; never a personal field."""
    await audit.record(
        session,
        action=action,
        actor=principal.actor,
        meta=meta,
        outcome=outcome,
        object_type="referral",
        object_id=referral_id,
        details=details,
    )


async def _refused(
    session: AsyncSession,
    principal: Principal,
    meta: RequestMeta,
    action: str,
    referral_id: uuid.UUID,
    *,
    details: dict[str, object] | None = None,
) -> None:
    """The audit row of a refusal about a referral, committed before the refusal is raised."""
    await audit.record_refusal(
        session,
        action=action,
        actor=principal.actor,
        meta=meta,
        object_type="referral",
        object_id=referral_id,
        details=details,
    )


async def create_referrals(
    session: AsyncSession, sealer: Sealer, requests: Sequence[tuple[Principal, ReferralCreate]]
) -> list[uuid.UUID]:
    """New referrals with their first history row and the coordinators' e-mails, outside
    a submission (the demo data); their ids."""
    now = utcnow()
    reads = Round()
    numbers = reads.add(repository.reference_numbers(session, now.year, len(requests)))
    coordinators = notify.coordinators(reads)
    await reads.run(session)
    rows = referral_rows(sealer, requests, numbers.value, now)
    await run_together(session, _creation(sealer, rows, requests, coordinators.value, now))
    return [row["id"] for row in rows]


def _creation(
    sealer: Sealer,
    rows: Sequence[dict[str, Any]],
    requests: Sequence[tuple[Principal, ReferralCreate]],
    coordinators: Sequence[str],
    now: datetime,
) -> list[Query[None]]:
    """The statements writing new referrals: the rows, their first history rows, and the
    coordinators' e-mails."""
    return [
        repository.insert_referrals(rows),
        repository.insert_referral_events(
            [_first_event(row, principal, now) for row, (principal, _) in zip(rows, requests, strict=True)]
        ),
        notify.referrals_submitted(sealer, rows, coordinators),
    ]


def referral_rows(
    sealer: Sealer,
    requests: Sequence[tuple[Principal, ReferralCreate]],
    numbers: Sequence[int],
    now: datetime,
) -> list[dict[str, Any]]:
    """The rows of new referrals, their personal fields sealed, one reference number each
    (``numbers`` may hold more: those taken for submissions that were refused or replayed
    stay unused)."""
    return [
        _referral_row(sealer, principal, body, number, now)
        for (principal, body), number in zip(requests, numbers, strict=False)
    ]


def _referral_row(
    sealer: Sealer, principal: Principal, body: ReferralCreate, number: int, now: datetime
) -> dict[str, Any]:
    referral_id = uuid.uuid4()
    subject = body.subject
    consent = body.consent
    return {
        "id": referral_id,
        "reference": f"KIP-{now.year}-{number:06d}",
        "status": Status.received.value,
        "urgency": body.urgency.value,
        "needs_immediate_attention": body.urgency is Urgency.acute,
        "topic": (body.topic.value if body.topic else None) or _topic_for(body.preferred_programme),
        "municipality": subject.municipality,
        "preferred_programme": body.preferred_programme,
        "submitted_by_organisation_id": principal.organisation_id,
        "submitted_by_kind": principal.kind,
        "submitted_by_id": str(principal.id),
        "person_informed": consent.person_informed,
        "consent_given": consent.consent_given,
        "created_at": now,
        "updated_at": now,
        "version": 1,
        "subject_enc": sealer.seal_json(TABLE, "subject_enc", referral_id, subject.model_dump(mode="json")),
        "concern_enc": sealer.seal(TABLE, "concern_enc", referral_id, body.concern),
        "indicators_enc": sealer.seal_json(
            TABLE, "indicators_enc", referral_id, [indicator.value for indicator in body.indicators]
        ),
        "consent_details_enc": sealer.seal_json(
            TABLE,
            "consent_details_enc",
            referral_id,
            {"legal_basis": consent.legal_basis, "reason_without_consent": consent.reason_without_consent},
        ),
        "contact_person_enc": sealer.seal_json(
            TABLE, "contact_person_enc", referral_id, body.contact_person.model_dump(mode="json")
        ),
    }


def _first_event(referral: Mapping[str, Any], principal: Principal, now: datetime) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "referral_id": referral["id"],
        "occurred_at": now,
        "from_status": None,
        "to_status": Status.received.value,
        "actor_kind": principal.kind,
        "actor_id": str(principal.id),
        "actor_organisation_id": principal.organisation_id,
    }


def _topic_for(preferred_programme: str | None) -> str:
    return "exit-support" if preferred_programme == "aktion-neustart" else "counselling"


def _event(
    referral: Referral, principal: Principal, from_status: Status | None, to_status: Status, now: datetime
) -> ReferralEvent:
    return ReferralEvent(
        id=uuid.uuid4(),
        referral_id=referral.id,
        occurred_at=now,
        from_status=from_status.value if from_status else None,
        to_status=to_status.value,
        actor_kind=principal.kind,
        actor_id=str(principal.id),
        actor_organisation_id=principal.organisation_id,
    )


def _sees_coarse_status_only(principal: Principal) -> bool:
    return not principal.has(Scope.referrals_read_all) and not principal.has(Scope.referrals_read_assigned)


def _is_staff_view(principal: Principal, referral: Referral) -> bool:
    if principal.has(Scope.referrals_read_all):
        return True
    return principal.has(Scope.referrals_read_assigned) and referral.assignee_organisation_id == (
        principal.organisation_id
    )


def _details(sealer: Sealer, referral: Referral) -> ReferralDetails:
    subject = sealer.open_json(TABLE, "subject_enc", referral.id, referral.subject_enc)
    consent = sealer.open_json(TABLE, "consent_details_enc", referral.id, referral.consent_details_enc) or {}
    contact = sealer.open_json(TABLE, "contact_person_enc", referral.id, referral.contact_person_enc)
    return ReferralDetails(
        subject=SubjectOut.model_validate(subject) if subject else None,
        concern=sealer.open(TABLE, "concern_enc", referral.id, referral.concern_enc),
        indicators=sealer.open_json(TABLE, "indicators_enc", referral.id, referral.indicators_enc) or [],
        consent=ConsentOut(
            person_informed=referral.person_informed,
            consent_given=referral.consent_given,
            legal_basis=consent.get("legal_basis"),
            reason_without_consent=consent.get("reason_without_consent"),
        ),
        contact_person=ContactPersonOut.model_validate(contact) if contact else None,
        preferred_programme=referral.preferred_programme,
        topic=referral.topic,
        outcome=referral.outcome,
        outcome_reason=referral.outcome_reason,
        erased=referral.erased_at is not None,
    )


async def _suggestion(session: AsyncSession, referral: Referral) -> RoutingSuggestion:
    if referral.preferred_programme:
        refs = await directory.organisation_refs(
            session, [await directory.organisation_id_by_slug(session, referral.preferred_programme)]
        )
        programme = next(iter(refs.values()), None)
        return RoutingSuggestion(programme=programme, reason="preferred by the submitting partner")
    region = referral.municipality if referral.municipality and referral.municipality.isdigit() else None
    lead = await directory.lead_for_topic(session, referral.topic, region)
    return RoutingSuggestion(
        programme=lead, reason=f"lead for the topic {referral.topic} in the responsibilities"
    )


def _out(
    referral: Referral,
    principal: Principal,
    refs: dict[uuid.UUID, OrganisationRef],
    sealer: Sealer,
    suggestion: RoutingSuggestion | None = None,
    shown_at: datetime | None = None,
) -> ReferralOut:
    """``shown_at``: the time of the last change a partner was shown (see
    ``partner_events``); ``updated_at`` also moves on internal steps."""
    staff = _is_staff_view(principal, referral)
    assignee = refs.get(referral.assignee_organisation_id) if referral.assignee_organisation_id else None
    return ReferralOut(
        id=referral.id,
        reference=referral.reference,
        status=referral.status if staff else COARSE_STATUS[Status(referral.status)],
        urgency=Urgency(referral.urgency),
        needs_immediate_attention=referral.needs_immediate_attention,
        created_at=referral.created_at,
        updated_at=referral.updated_at if staff or shown_at is None else shown_at,
        submitted_by=refs[referral.submitted_by_organisation_id],
        assignee=assignee if staff else None,
        details=_details(sealer, referral) if staff else None,
        routing_suggestion=suggestion if staff else None,
    )


async def _visible_or_404(
    session: AsyncSession, principal: Principal, referral_id: uuid.UUID, action: str, meta: RequestMeta
) -> Referral:
    referral = await repository.get_visible(session, principal, referral_id)
    if referral is None:
        await _refused(session, principal, meta, action, referral_id)
        raise NotFound("No referral with this id.")
    return referral


async def get(
    session: AsyncSession, sealer: Sealer, principal: Principal, referral_id: uuid.UUID, meta: RequestMeta
) -> ReferralOut:
    referral = await _visible_or_404(session, principal, referral_id, "referrals.read", meta)
    refs = await directory.organisation_refs(
        session, [referral.submitted_by_organisation_id, referral.assignee_organisation_id]
    )
    suggestion = await _suggestion(session, referral) if principal.has(Scope.referrals_triage) else None
    shown = await _partner_change_times(session, principal, [referral])
    await _audit(session, principal, meta, "referrals.read", referral.id)
    return _out(referral, principal, refs, sealer, suggestion, shown.get(referral.id))


async def _partner_change_times(
    session: AsyncSession, principal: Principal, referrals: Sequence[Referral]
) -> dict[uuid.UUID, datetime]:
    """When each referral last changed in a way the principal is shown, for the
    referrals it sees only coarsely; staff views need none."""
    coarse = [referral.id for referral in referrals if not _is_staff_view(principal, referral)]
    if not coarse:
        return {}
    by_referral: dict[uuid.UUID, list[ReferralEvent]] = {}
    for event in await repository.histories(session, coarse):
        by_referral.setdefault(event.referral_id, []).append(event)
    return {
        referral_id: shown[-1].occurred_at
        for referral_id, events in by_referral.items()
        if (shown := partner_events(events))
    }


async def list_referrals(
    session: AsyncSession,
    sealer: Sealer,
    principal: Principal,
    meta: RequestMeta,
    *,
    status: Status | None,
    urgency: Urgency | None,
    assignee: str | None,
    created_after: datetime | None,
    limit: int,
    cursor: str | None,
) -> Page[ReferralOut]:
    before = decode_time_cursor(cursor)
    statuses = [status.value] if status else None
    if _sees_coarse_status_only(principal):
        # A filter answers questions too: partners may ask only what they are shown.
        if assignee is not None:
            raise Forbidden("Partners cannot filter by assignee.")
        statuses = sorted(coarse_group(status)) if status else None
    assignee_id = await directory.organisation_id_by_slug(session, assignee) if assignee else None

    async def fetch(count: int) -> Sequence[Referral]:
        if assignee and assignee_id is None:
            return []
        return await repository.list_visible(
            session,
            principal,
            statuses=statuses,
            urgency=urgency.value if urgency else None,
            assignee_id=assignee_id,
            created_after=created_after,
            before=before,
            limit=count,
        )

    found = await fetch_keyset(fetch, limit)
    refs = await directory.organisation_refs(
        session,
        [row.submitted_by_organisation_id for row in found.rows]
        + [row.assignee_organisation_id for row in found.rows],
    )
    shown = await _partner_change_times(session, principal, found.rows)
    await _audit(
        session,
        principal,
        meta,
        "referrals.list",
        None,
        details={"count": len(found.rows), "ids": [str(row.id) for row in found.rows]},
    )
    return found.page(lambda row: _out(row, principal, refs, sealer, shown_at=shown.get(row.id)), time_cursor)


async def history(
    session: AsyncSession, sealer: Sealer, principal: Principal, referral_id: uuid.UUID, meta: RequestMeta
) -> list[HistoryEntry]:
    referral = await _visible_or_404(session, principal, referral_id, "referrals.history", meta)
    events = await repository.history(session, referral.id)
    staff = _is_staff_view(principal, referral)
    refs = await directory.organisation_refs(session, [event.assignee_organisation_id for event in events])
    await _audit(session, principal, meta, "referrals.history", referral.id)
    if not staff:
        return [
            HistoryEntry(
                occurred_at=event.occurred_at,
                status=COARSE_STATUS[Status(event.to_status)],
                public_note=sealer.open(EVENTS, "public_note_enc", event.id, event.public_note_enc),
            )
            for event in partner_events(events)
        ]
    entries: list[HistoryEntry] = []
    for event in events:
        public_note = sealer.open(EVENTS, "public_note_enc", event.id, event.public_note_enc)
        status = Status(event.to_status)
        entries.append(
            HistoryEntry(
                occurred_at=event.occurred_at,
                status=status.value,
                public_note=public_note,
                from_status=Status(event.from_status) if event.from_status else None,
                to_status=status,
                note=sealer.open(EVENTS, "note_enc", event.id, event.note_enc),
                assignee=refs.get(event.assignee_organisation_id) if event.assignee_organisation_id else None,
                outcome=event.outcome,
                outcome_reason=event.outcome_reason,
            )
        )
    return entries


def _check_transition_fields(body: TransitionIn) -> None:
    if body.assignee is not None and body.to is not Status.assigned:
        raise UnprocessableEntity("assignee is given only when moving to assigned.")
    if body.to is Status.assigned and body.assignee is None:
        raise UnprocessableEntity("Moving to assigned needs an assignee.")
    if body.to is Status.assigned and body.assignee not in PROGRAMME_SLUGS:
        raise UnprocessableEntity(
            "The assignee is one of the programmes: " + ", ".join(PROGRAMME_SLUGS) + "."
        )
    if body.to is not Status.closed and (body.outcome or body.outcome_reason):
        raise UnprocessableEntity("outcome and outcome_reason are given only when closing.")
    if body.to is Status.closed:
        if body.outcome is None:
            raise UnprocessableEntity("Closing needs an outcome.")
        if body.outcome is Outcome.not_successful and body.outcome_reason is None:
            raise UnprocessableEntity("Closing without success needs an outcome_reason.")
        if body.outcome is Outcome.successful and body.outcome_reason is not None:
            raise UnprocessableEntity("outcome_reason is only for an unsuccessful close.")


def _may_make(principal: Principal, referral: Referral, target: Status) -> bool:
    needed = scope_for(target)
    if needed is None:
        return False
    if needed is Scope.referrals_update_assigned:
        if principal.has(Scope.referrals_triage):
            return True
        return principal.has(needed) and referral.assignee_organisation_id == principal.organisation_id
    return principal.has(needed)


async def transition(
    session: AsyncSession,
    sealer: Sealer,
    principal: Principal,
    referral_id: uuid.UUID,
    body: TransitionIn,
    meta: RequestMeta,
) -> ReferralOut:
    referral = await _visible_or_404(session, principal, referral_id, "referrals.transition", meta)
    if body.to is Status.withdrawn:
        raise Conflict(
            "A referral is withdrawn through its withdraw action, by the partner who submitted it."
        )
    if not _may_make(principal, referral, body.to):
        await _refused(
            session, principal, meta, "referrals.transition", referral_id, details={"to": body.to.value}
        )
        raise Forbidden("This account may not make this move.")
    current = Status(referral.status)
    if not may_move(current, body.to):
        raise Conflict(f"A referral in status {current.value} cannot move to {body.to.value}.")
    _check_transition_fields(body)
    now = utcnow()
    event = _event(referral, principal, current, body.to, now)
    if body.to is Status.in_triage:
        referral.triaged_at = now
    if body.to is Status.assigned:
        assignee_id = await directory.organisation_id_by_slug(session, str(body.assignee))
        if assignee_id is None:
            raise UnprocessableEntity("No organisation with this slug.")
        referral.assignee_organisation_id = assignee_id
        referral.assigned_at = now
        event.assignee_organisation_id = assignee_id
    if body.to is Status.closed:
        referral.outcome = body.outcome.value if body.outcome else None
        referral.outcome_reason = body.outcome_reason.value if body.outcome_reason else None
        event.outcome, event.outcome_reason = referral.outcome, referral.outcome_reason
    if body.to in FINAL:
        referral.finished_at = now
    event.note_enc = sealer.seal(EVENTS, "note_enc", event.id, body.note)
    event.public_note_enc = sealer.seal(EVENTS, "public_note_enc", event.id, body.public_note)
    referral.status = body.to.value
    referral.updated_at = now
    session.add(event)
    await _flush_or_conflict(session)
    await _audit(
        session,
        principal,
        meta,
        "referrals.transition",
        referral.id,
        details={"from": current.value, "to": body.to.value},
    )
    await notify.referral_status_changed(session, sealer, referral, current)
    refs = await directory.organisation_refs(
        session, [referral.submitted_by_organisation_id, referral.assignee_organisation_id]
    )
    return _out(referral, principal, refs, sealer)


async def _flush_or_conflict(session: AsyncSession) -> None:
    try:
        await session.flush()
    except StaleDataError as exc:
        raise Conflict("Someone else changed this referral at the same time; reload it.") from exc


async def withdraw(
    session: AsyncSession, sealer: Sealer, principal: Principal, referral_id: uuid.UUID, meta: RequestMeta
) -> ReferralOut:
    referral = await _visible_or_404(session, principal, referral_id, "referrals.withdraw", meta)
    if (
        not principal.has(Scope.referrals_submit)
        or referral.submitted_by_organisation_id != principal.organisation_id
    ):
        raise Forbidden("Only the submitting partner withdraws a referral.")
    current = Status(referral.status)
    if not may_move(current, Status.withdrawn):
        raise Conflict("A referral can be withdrawn only before triage begins.")
    now = utcnow()
    referral.status = Status.withdrawn.value
    referral.updated_at = referral.finished_at = now
    session.add(_event(referral, principal, current, Status.withdrawn, now))
    await _flush_or_conflict(session)
    await _audit(session, principal, meta, "referrals.withdraw", referral.id)
    await notify.referral_status_changed(session, sealer, referral, current)
    refs = await directory.organisation_refs(session, [referral.submitted_by_organisation_id])
    return _out(referral, principal, refs, sealer)


def _erase_fields(referral: Referral, events: Sequence[ReferralEvent], now: datetime) -> None:
    referral.subject_enc = referral.concern_enc = referral.indicators_enc = None
    referral.municipality = None
    referral.consent_details_enc = referral.contact_person_enc = None
    referral.erased_at = now
    for event in events:
        event.note_enc = event.public_note_enc = None


async def erase(
    session: AsyncSession, principal: Principal, referral_id: uuid.UUID, meta: RequestMeta
) -> None:
    """Erasure on request: personal fields go, status, dates and codes stay for statistics."""
    referral = await _visible_or_404(session, principal, referral_id, "referrals.erase", meta)
    _erase_fields(referral, await repository.history(session, referral.id), utcnow())
    await _flush_or_conflict(session)
    await _audit(session, principal, meta, "referrals.erase", referral.id)


async def statistics_facts(
    session: AsyncSession, *, created_after: datetime | None, created_before: datetime | None
) -> Sequence[ReferralFact]:
    """The codes and dates of the referrals created in the period (for anonymised
    statistics): never a personal field."""
    return await repository.referral_facts(
        session, created_after=created_after, created_before=created_before
    )


async def purge_expired(session: AsyncSession, *, retention_days: int, batch: int = 500) -> int:
    """Erases the personal fields of referrals finished longer ago than the retention period."""
    now = utcnow()
    cutoff = now - timedelta(days=retention_days)
    erased = 0
    while rows := await repository.expired_referrals(session, cutoff, batch):
        for referral in rows:
            _erase_fields(referral, await repository.history(session, referral.id), now)
            await audit.record(
                session,
                action="referrals.erase",
                actor=SYSTEM,
                object_type="referral",
                object_id=referral.id,
                details={"reason": "retention"},
            )
        await session.flush()
        erased += len(rows)
    await repository.purge_idempotency_records(session, now)
    return erased
