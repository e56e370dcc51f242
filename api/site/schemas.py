"""The public answer behind the legal pages: everything they state that a setting decides."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

RequiredSetting = Literal[
    "responsible_person", "data_protection_officer", "supervisory_authority", "arbitration_body"
]


class OperatorOut(BaseModel):
    """Who answers for the site, beyond the centre's own directory entry. Null = not set."""

    responsible_person: str | None = Field(
        description="Responsible for the content (§ 18 (2) MStV); `KIPNI_SITE_RESPONSIBLE_PERSON`."
    )
    vat_id: str | None = Field(
        description="VAT identification number, where there is one; `KIPNI_SITE_VAT_ID`."
    )
    data_protection_officer: str | None = Field(
        description="How to reach the data protection officer (GDPR Art. 13 (1) b); "
        "`KIPNI_SITE_DATA_PROTECTION_OFFICER`."
    )
    supervisory_authority: str | None = Field(
        description="The data protection supervisory authority; `KIPNI_SITE_SUPERVISORY_AUTHORITY`."
    )
    arbitration_body: str | None = Field(
        description="The state's arbitration body for accessibility complaints; "
        "`KIPNI_SITE_ARBITRATION_BODY`."
    )


class RetentionOut(BaseModel):
    """How long the service keeps what it stores, as configured."""

    message_days: int = Field(description="Contact messages are erased after this many days.")
    referral_days: int = Field(
        description="Personal data of closed, rejected and withdrawn referrals is erased after "
        "this many days."
    )
    idempotency_hours: int = Field(description="Stored answers to referral submissions, for safe retries.")
    finished_notifications_days: int = Field(
        description="Delivered and dead e-mails and webhooks are dropped."
    )
    refresh_token_days: int = Field(description="A staff sign-in lasts at most this long.")
    access_token_minutes: int


class ThrottleOut(BaseModel):
    max_attempts: int = Field(description="Attempts allowed within the window.")
    window_seconds: int


class ThrottlesOut(BaseModel):
    """The counters kept against guessing and flooding, per address or account."""

    sign_in: ThrottleOut = Field(description="Failed sign-ins, per account and per address.")
    contact_form: ThrottleOut = Field(description="Messages, per address.")
    counters_kept_seconds: int = Field(description="A counter is dropped by the purge once this has passed.")


class SignLanguageVideo(BaseModel):
    title: str = Field(
        description="From the first line of the captions (`WEBVTT title`), else the file name."
    )
    video_url: str
    media_type: str
    captions_url: str | None = Field(description="WebVTT captions in German; null when the folder has none.")


class LegalOut(BaseModel):
    operator: OperatorOut
    missing: list[RequiredSetting] = Field(
        description="Required settings that are empty: the pages name them instead of inventing them."
    )
    retention: RetentionOut
    throttles: ThrottlesOut
    sign_language_videos: list[SignLanguageVideo]
