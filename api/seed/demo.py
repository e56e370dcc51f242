"""Demo data for trying the service: accounts for every role and fictitious referrals.

Only ``kipni seed --demo`` (or ``make run`` with ``KIPNI_DEMO=1``) loads it. Every person
and case here is invented; the demo school is marked as fictitious in its name.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts import administration
from api.accounts import service as accounts_service
from api.accounts.schemas import UserCreate
from api.core.principal import NO_REQUEST, SYSTEM, Principal
from api.core.row_encryption import Sealer
from api.core.scopes import Role
from api.directory.seed import seed_directory
from api.referrals import service as referrals
from api.referrals.models import Status, Urgency
from api.referrals.schemas import ConsentIn, ContactPersonIn, ReferralCreate, SubjectIn, TransitionIn

DEMO_SCHOOL = "demo-schule"
DEMO_ACCOUNTS: tuple[tuple[str, Role, str], ...] = (
    ("partner@demo.kipni.example", Role.partner, DEMO_SCHOOL),
    ("koordination@demo.kipni.example", Role.coordinator, "lka-ni"),
    ("neustart@demo.kipni.example", Role.case_worker, "aktion-neustart"),
    ("beraten@demo.kipni.example", Role.case_worker, "beraten"),
    ("redaktion@demo.kipni.example", Role.editor, "kip-ni"),
    ("admin@demo.kipni.example", Role.admin, "kip-ni"),
)


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: str
    organisation: str
    password: str | None  # None when the account existed already


DEMO_DIRECTORY = {
    "topics": [],
    "organisations": [
        {
            "slug": DEMO_SCHOOL,
            "name": {
                "de": "Gymnasium am See (fiktive Demo-Schule)",
                "en": "Lakeside Grammar School (fictitious demo school)",
            },
            "short_name": "Demo-Schule",
            "kind": "agency",
            "description": {
                "de": "Eine erfundene Schule, mit der sich die Meldung eines Falls ausprobieren lässt.",
                "en": "An invented school for trying out how a case is referred.",
            },
            "region": "03241001",
            "contact_channels": [],
        }
    ],
    "relations": [],
    "responsibilities": [],
}


async def _demo_school(session: AsyncSession) -> None:
    """Added like the network's facts: only when it is missing."""
    await seed_directory(session, DEMO_DIRECTORY)


async def _accounts(session: AsyncSession) -> list[DemoAccount]:
    accounts = []
    for email, role, organisation in DEMO_ACCOUNTS:
        if await accounts_service.acting_principal(session, email, token_id="demo") is not None:
            accounts.append(DemoAccount(email, role.value, organisation, None))
            continue
        password = secrets.token_urlsafe(12)
        await administration.create_user(
            session,
            UserCreate(email=email, name="Demo", role=role, organisation=organisation, password=password),
            actor=SYSTEM,
        )
        accounts.append(DemoAccount(email, role.value, organisation, password))
    return accounts


async def _principal(session: AsyncSession, email: str) -> Principal:
    """The demo user acting directly, without a token."""
    principal = await accounts_service.acting_principal(session, email, token_id="demo")
    assert principal is not None
    return principal


_CASES: tuple[tuple[str, str, Urgency, tuple[TransitionIn, ...]], ...] = (
    ("Kranich-03", "Verbreitet Propagandavideos im Klassenchat.", Urgency.routine, ()),
    (
        "Eule-11",
        "Hat sich von Freunden zurückgezogen und wertet Mitschülerinnen ab.",
        Urgency.urgent,
        (TransitionIn(to=Status.in_triage, note="Rücksprache mit der Schule vereinbart."),),
    ),
    (
        "Fuchs-27",
        "Kündigt an, sich einer Gruppe im Ausland anschließen zu wollen.",
        Urgency.urgent,
        (
            TransitionIn(to=Status.in_triage),
            TransitionIn(
                to=Status.assigned, assignee="aktion-neustart", public_note="Ein Programm übernimmt."
            ),
        ),
    ),
    (
        "Dachs-08",
        "Eltern berichten von neuen Kontakten aus einer salafistischen Moschee-Gruppe.",
        Urgency.routine,
        (
            TransitionIn(to=Status.in_triage),
            TransitionIn(to=Status.assigned, assignee="beraten"),
            TransitionIn(to=Status.in_progress, note="Erstgespräch mit den Eltern geführt."),
        ),
    ),
    (
        "Reiher-15",
        "Konflikte im Unterricht über religiöse Regeln; Lage hat sich beruhigt.",
        Urgency.routine,
        (
            TransitionIn(to=Status.in_triage),
            TransitionIn(to=Status.assigned, assignee="beraten"),
            TransitionIn(to=Status.in_progress),
            TransitionIn(
                to=Status.closed, outcome="successful", public_note="Die Beratung ist abgeschlossen."
            ),
        ),
    ),
    (
        "Specht-40",
        "Allgemeine Sorge ohne konkrete Anzeichen.",
        Urgency.routine,
        (TransitionIn(to=Status.rejected, public_note="Kein Fall für die Programme; Hinweise per Post."),),
    ),
)


async def _referrals(session: AsyncSession, sealer: Sealer) -> int:
    partner = await _principal(session, "partner@demo.kipni.example")
    actors = {
        Status.in_triage: "koordination@demo.kipni.example",
        Status.assigned: "koordination@demo.kipni.example",
        Status.rejected: "koordination@demo.kipni.example",
    }
    created = 0
    for pseudonym, concern, urgency, moves in _CASES:
        body = ReferralCreate(
            subject=SubjectIn(pseudonym=pseudonym, birth_year=2008, municipality="Hannover"),
            concern=concern,
            urgency=urgency,
            consent=ConsentIn(person_informed=True, consent_given=True, legal_basis="Einwilligung"),
            contact_person=ContactPersonIn(
                name="Schulsozialarbeit (Demo)", email="sozial@demo.kipni.example"
            ),
        )
        (referral_id,) = await referrals.create_referrals(session, sealer, [(partner, body)])
        assignee_email = None
        for move in moves:
            if move.to is Status.assigned:
                assignee_email = (
                    "neustart@demo.kipni.example"
                    if move.assignee == "aktion-neustart"
                    else "beraten@demo.kipni.example"
                )
            email = actors.get(move.to, assignee_email or "koordination@demo.kipni.example")
            await referrals.transition(
                session, sealer, await _principal(session, email), referral_id, move, NO_REQUEST
            )
        created += 1
    return created


async def seed_demo(session: AsyncSession, sealer: Sealer) -> tuple[list[DemoAccount], int]:
    """Adds the demo school, accounts and (once) the demo referrals."""
    await _demo_school(session)
    accounts = await _accounts(session)
    fresh = any(account.password for account in accounts if account.role == Role.partner.value)
    return accounts, await _referrals(session, sealer) if fresh else 0
