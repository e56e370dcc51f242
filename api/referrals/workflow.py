"""The referral state machine and what partners are told about it."""

from __future__ import annotations

from collections.abc import Iterable

from api.core.scopes import Scope
from api.referrals.models import ReferralEvent, Status

MOVES: dict[Status, frozenset[Status]] = {
    Status.received: frozenset({Status.in_triage, Status.rejected, Status.withdrawn}),
    Status.in_triage: frozenset({Status.assigned, Status.rejected}),
    Status.assigned: frozenset({Status.in_progress}),
    Status.in_progress: frozenset({Status.closed}),
}

FINAL = frozenset({Status.closed, Status.rejected, Status.withdrawn})

# Moves made by the coordination; the others belong to the programme the case went to.
TRIAGE_MOVES = frozenset({Status.in_triage, Status.assigned, Status.rejected})
PROGRAMME_MOVES = frozenset({Status.in_progress, Status.closed})

COARSE_STATUS: dict[Status, str] = {
    Status.received: "received",
    Status.in_triage: "in_review",
    Status.assigned: "in_progress",
    Status.in_progress: "in_progress",
    Status.closed: "closed",
    Status.rejected: "rejected",
    Status.withdrawn: "withdrawn",
}


def may_move(current: Status, target: Status) -> bool:
    return target in MOVES.get(current, frozenset())


def scope_for(target: Status) -> Scope | None:
    if target in TRIAGE_MOVES:
        return Scope.referrals_triage
    if target in PROGRAMME_MOVES:
        return Scope.referrals_update_assigned
    return None


def coarse_group(status: Status) -> frozenset[Status]:
    """Every status partners see the same way as ``status``."""
    coarse = COARSE_STATUS[status]
    return frozenset(member for member, shown in COARSE_STATUS.items() if shown == coarse)


def partner_events(events: Iterable[ReferralEvent]) -> list[ReferralEvent]:
    """The steps a partner is shown, oldest first: each change of the coarse status, and
    any step that brought a public note. A step inside one coarse status stays hidden,
    and so does its time."""
    shown: list[ReferralEvent] = []
    for event in events:
        coarse = COARSE_STATUS[Status(event.to_status)]
        if shown and COARSE_STATUS[Status(shown[-1].to_status)] == coarse and event.public_note_enc is None:
            continue
        shown.append(event)
    return shown
