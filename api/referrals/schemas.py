"""What the referral API accepts and sends.

Request models forbid unknown fields, so ``status``, ``reference``, ``submitted_by`` or
``assignee`` cannot be set by mass assignment on create.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StrictBool, field_validator, model_validator

from api.core import json_schema
from api.directory.schemas import OrganisationRef
from api.referrals.models import Outcome, OutcomeReason, Status, Urgency

PROGRAMME_SLUGS = ("aktion-neustart", "beraten")


class Indicator(StrEnum):
    """Observations that led to the referral, as codes (free text belongs in ``concern``)."""

    contact_with_extremist_scene = "contact_with_extremist_scene"
    propaganda_consumption = "propaganda_consumption"
    propaganda_distribution = "propaganda_distribution"
    endorsement_of_violence = "endorsement_of_violence"
    social_withdrawal = "social_withdrawal"
    breaking_with_family = "breaking_with_family"
    devaluation_of_others = "devaluation_of_others"
    travel_intention = "travel_intention"
    recruitment_of_others = "recruitment_of_others"
    threats = "threats"
    other = "other"


class Gender(StrEnum):
    female = "female"
    male = "male"
    diverse = "diverse"
    unknown = "unknown"


class ReferralTopic(StrEnum):
    exit_support = "exit-support"
    counselling = "counselling"


class _Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, json_schema_extra=json_schema.not_blank
    )


_NULL = {"type": "null"}


def _named_and_born(schema: dict[str, Any]) -> None:
    """A pseudonym, or first and last name; a birth year no later than this one.

    Said with ``if``/``else`` beside the fields (not ``anyOf`` of object shapes), which
    client generators leave alone while validators and fuzzers read it."""
    text = {"type": "string"}
    schema["if"] = {"required": ["pseudonym"], "properties": {"pseudonym": text}}
    schema["else"] = {
        "required": ["first_name", "last_name"],
        "properties": {"first_name": text, "last_name": text},
    }
    for option in schema["properties"]["birth_year"].get("anyOf", []):
        if option.get("type") == "integer":
            option["maximum"] = datetime.now(UTC).year


def _consent_or_reason(schema: dict[str, Any]) -> None:
    """Without the person informed and consenting, a reason."""
    schema["if"] = {"properties": {"person_informed": {"const": True}, "consent_given": {"const": True}}}
    schema["else"] = {
        "required": ["reason_without_consent"],
        "properties": {"reason_without_consent": {"type": "string"}},
    }


def _fields_of_each_move(schema: dict[str, Any]) -> None:
    """Which fields each move takes, as the service checks them."""
    closing = {
        "required": ["outcome"],
        "properties": {"assignee": _NULL, "outcome": {"type": "string"}},
        "if": {"properties": {"outcome": {"const": Outcome.not_successful.value}}},
        "then": {
            "required": ["outcome_reason"],
            "properties": {"outcome_reason": {"enum": [reason.value for reason in OutcomeReason]}},
        },
        "else": {"properties": {"outcome_reason": _NULL}},
    }
    schema["if"] = {"properties": {"to": {"const": Status.assigned.value}}}
    schema["then"] = {
        "required": ["assignee"],
        "properties": {
            "assignee": {"enum": list(PROGRAMME_SLUGS)},
            "outcome": _NULL,
            "outcome_reason": _NULL,
        },
    }
    schema["else"] = {
        "if": {"properties": {"to": {"const": Status.closed.value}}},
        "then": closing,
        "else": {"properties": {"assignee": _NULL, "outcome": _NULL, "outcome_reason": _NULL}},
    }


class SubjectIn(_Strict):
    model_config = ConfigDict(json_schema_extra=json_schema.rules(json_schema.not_blank, _named_and_born))

    pseudonym: str | None = Field(default=None, min_length=1, max_length=100)
    first_name: str | None = Field(default=None, min_length=1, max_length=100)
    last_name: str | None = Field(default=None, min_length=1, max_length=100)
    birth_year: int | None = Field(default=None, ge=1900)
    gender: Gender | None = None
    municipality: str = Field(min_length=1, max_length=120, examples=["Hannover"])

    @field_validator("birth_year", mode="before")
    @classmethod
    def _integer(cls, value: object) -> object:
        return json_schema.a_json_integer(value)

    @model_validator(mode="after")
    def _named(self) -> SubjectIn:
        if not self.pseudonym and not (self.first_name and self.last_name):
            raise ValueError("give a pseudonym, or first and last name")
        if self.birth_year is not None and self.birth_year > datetime.now(UTC).year:
            raise ValueError("the birth year lies in the future")
        return self


class ConsentIn(_Strict):
    model_config = ConfigDict(json_schema_extra=json_schema.rules(json_schema.not_blank, _consent_or_reason))

    person_informed: StrictBool
    consent_given: StrictBool
    legal_basis: str | None = Field(default=None, max_length=500)
    reason_without_consent: str | None = Field(default=None, min_length=1, max_length=2000)

    @model_validator(mode="after")
    def _reason_when_needed(self) -> ConsentIn:
        if not (self.person_informed and self.consent_given) and not self.reason_without_consent:
            raise ValueError(
                "without the person informed and consenting, reason_without_consent must say why"
            )
        return self


class ContactPersonIn(_Strict):
    name: str = Field(min_length=1, max_length=200)
    phone: str | None = Field(default=None, max_length=40, pattern=r"^[0-9 +()/-]{3,40}$")
    email: EmailStr


class ReferralCreate(_Strict):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra=json_schema.rules(
            json_schema.not_blank,
            {
                "examples": [
                    {
                        "subject": {"pseudonym": "K-17", "birth_year": 2009, "municipality": "Celle"},
                        "concern": "Shares propaganda videos in class and has withdrawn from friends.",
                        "indicators": ["propaganda_distribution", "social_withdrawal"],
                        "urgency": "routine",
                        "consent": {"person_informed": True, "consent_given": True},
                        "contact_person": {"name": "A. Teacher", "email": "teacher@school.example"},
                        "topic": "counselling",
                    }
                ]
            },
        ),
    )

    subject: SubjectIn
    concern: str = Field(min_length=1, max_length=10_000)
    indicators: list[Indicator] = Field(default_factory=list, max_length=20)
    urgency: Urgency
    consent: ConsentIn
    contact_person: ContactPersonIn
    preferred_programme: Literal["aktion-neustart", "beraten"] | None = None
    topic: ReferralTopic | None = Field(
        default=None, description="What the case is about; without it the routing assumes counselling."
    )


class TransitionIn(_Strict):
    model_config = ConfigDict(
        json_schema_extra=json_schema.rules(json_schema.not_blank, _fields_of_each_move)
    )

    to: Status
    assignee: str | None = Field(default=None, max_length=80, pattern=r"^[a-z0-9][a-z0-9-]*$")
    note: str | None = Field(default=None, max_length=5000, description="Internal; never shown to partners.")
    public_note: str | None = Field(
        default=None, max_length=2000, description="Shown to the submitting partner."
    )
    outcome: Outcome | None = None
    outcome_reason: OutcomeReason | None = None


class EmergencyAdvice(BaseModel):
    de: str
    en: str


class ReferralReceipt(BaseModel):
    """The 201 answer (and its replays): no personal field."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a90",
                    "reference": "KIP-2026-000123",
                    "status": "received",
                    "urgency": "routine",
                    "created_at": "2026-11-27T13:10:27.652407Z",
                    "emergency_advice": None,
                }
            ]
        }
    )

    id: uuid.UUID
    reference: str = Field(examples=["KIP-2026-000123"])
    status: Status
    urgency: Urgency
    created_at: datetime
    emergency_advice: EmergencyAdvice | None = Field(
        default=None, description="Present for `acute`: a referral never replaces calling the police (110)."
    )


class SubjectOut(BaseModel):
    pseudonym: str | None
    first_name: str | None
    last_name: str | None
    birth_year: int | None
    gender: Gender | None
    municipality: str


class ConsentOut(BaseModel):
    person_informed: bool
    consent_given: bool
    legal_basis: str | None
    reason_without_consent: str | None


class ContactPersonOut(BaseModel):
    name: str
    phone: str | None
    email: str


class RoutingSuggestion(BaseModel):
    programme: OrganisationRef | None
    reason: str


class ReferralDetails(BaseModel):
    """Personal fields; only for staff allowed to see them, and gone after erasure."""

    subject: SubjectOut | None
    concern: str | None
    indicators: list[Indicator]
    consent: ConsentOut
    contact_person: ContactPersonOut | None
    preferred_programme: str | None
    topic: str
    outcome: Outcome | None
    outcome_reason: OutcomeReason | None
    erased: bool


class ReferralOut(BaseModel):
    id: uuid.UUID
    reference: str
    status: str = Field(
        description="The workflow status; partners see a coarse one: received, in_review, in_progress, "
        "closed, rejected, withdrawn."
    )
    urgency: Urgency
    needs_immediate_attention: bool
    created_at: datetime
    updated_at: datetime = Field(
        description="The last change the caller is shown: for partners, the last change of the coarse "
        "status or public note (the last entry of the history they see)."
    )
    submitted_by: OrganisationRef
    assignee: OrganisationRef | None
    details: ReferralDetails | None = Field(default=None, description="Absent for partners.")
    routing_suggestion: RoutingSuggestion | None = Field(default=None, description="For coordinators.")


class HistoryEntry(BaseModel):
    occurred_at: datetime
    status: str
    public_note: str | None
    from_status: Status | None = None
    to_status: Status | None = None
    note: str | None = None
    assignee: OrganisationRef | None = None
    outcome: Outcome | None = None
    outcome_reason: OutcomeReason | None = None
