"""Who hears of a referral, and what they are told: the payloads of the referral domain,
handed to the outbox of ``api.notifications``.

They run inside the transaction of the change they announce. What they enqueue is a
reference, a coarse status and ids: never a personal field of a referral. A recipient's
address is read from the referral here, at enqueue time, and stored encrypted with the
item.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts import service as accounts
from api.core.pipeline import Answer, Query, Round
from api.core.row_encryption import Sealer
from api.core.scopes import Role
from api.notifications import service as notifications
from api.notifications.schemas import WebhookEvent
from api.referrals.models import Referral, Status, Urgency
from api.referrals.workflow import COARSE_STATUS

# No one has a language preference on record yet; German is the service's default.
LANGUAGE = "de"


def coordinators(first_round: Round) -> Answer[list[str]]:
    """Adds the read of the coordinators' addresses to the first round of a batch."""
    return first_round.add(accounts.staff_emails_query(roles=[Role.coordinator]))


def referrals_submitted(
    sealer: Sealer, referrals: Sequence[Mapping[str, Any]], coordinators: Sequence[str]
) -> Query[None]:
    """One e-mail per referral to every active coordinator (``coordinators``); acute ones
    are marked and go out first."""
    return notifications.enqueue_emails(
        [
            notifications.email_row(
                sealer,
                to=address,
                template="referral.received_acute"
                if referral["urgency"] == Urgency.acute
                else "referral.received",
                language=LANGUAGE,
                context={"referral_id": str(referral["id"]), "reference": referral["reference"]},
            )
            for referral in referrals
            for address in coordinators
        ]
    )


async def referral_status_changed(
    session: AsyncSession, sealer: Sealer, referral: Referral, previous: Status
) -> None:
    """Tells the submitting partner (its contact person and its webhooks) of a new coarse
    status. A move partners cannot see (assigned to in progress) announces nothing."""
    status = COARSE_STATUS[Status(referral.status)]
    if status == COARSE_STATUS[previous]:
        return
    data = {"id": str(referral.id), "reference": referral.reference, "status": status}
    await notifications.enqueue_webhooks(
        session,
        organisation_id=referral.submitted_by_organisation_id,
        event=WebhookEvent.referral_status_changed.value,
        data=data,
        occurred_at=referral.updated_at,
    )
    contact = sealer.open_json("referrals", "contact_person_enc", referral.id, referral.contact_person_enc)
    address = contact.get("email") if isinstance(contact, dict) else None
    if address:
        await notifications.enqueue_email(
            session,
            sealer,
            to=str(address),
            template="referral.status_changed",
            language=LANGUAGE,
            context={"referral_id": str(referral.id), "reference": referral.reference, "status": status},
        )
