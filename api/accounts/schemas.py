"""What the accounts API sends and accepts."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StrictBool, field_validator

from api.core.scopes import CLIENT_SCOPES, Role, Scope
from api.core.security import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from api.directory.schemas import OrganisationRef


class TokenResponse(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "access_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6ImF0K2p3dCJ9.e30.c2lnbmF0dXJl",
                    "token_type": "Bearer",
                    "expires_in": 900,
                    "scope": "referrals:read-own referrals:submit",
                    "refresh_token": None,
                }
            ]
        }
    )

    access_token: str
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int = Field(examples=[900])
    scope: str = Field(examples=["directory:write messages:read"])
    refresh_token: str | None = Field(
        default=None, description="For API use; browser sessions get it as an HttpOnly cookie instead."
    )


class RefreshRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    refresh_token: str = Field(max_length=200)


class MeSecondFactor(BaseModel):
    enrolled: bool = Field(description="The account signs in with a code of its authenticator app.")
    required: bool = Field(description="The account's role must sign in with a second factor.")


class MeResponse(BaseModel):
    kind: Literal["user", "client"]
    email: str | None = None
    name: str | None = None
    role: Role | None
    organisation: OrganisationRef
    scopes: list[str]
    second_factor: MeSecondFactor | None = Field(default=None, description="For people; null for clients.")
    enrolment_required: bool = Field(
        default=False,
        description="True while the account must enrol a second factor before anything else: "
        "until then its tokens hold no scope, and only `/api/v1/auth/*` answers.",
    )


class SecondFactorStatus(BaseModel):
    enrolled: bool
    required: bool
    pending: bool = Field(description="An enrolment was started and waits for a code to confirm it.")
    enrolled_at: datetime | None
    recovery_codes_left: int


class SecondFactorSetup(BaseModel):
    secret: str = Field(description="The shared secret in base32, for typing into an authenticator app.")
    otpauth_uri: str = Field(description="The `otpauth://totp/...` URI the QR code holds.")
    qr_svg: str = Field(description="The QR code of `otpauth_uri` as an SVG document.")
    digits: int = 6
    period: int = 30
    algorithm: Literal["SHA1"] = "SHA1"


class SecondFactorConfirm(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=20, description="The current code of the authenticator app.")


class RecoveryCodes(BaseModel):
    recovery_codes: list[str] = Field(
        description="Ten one-time codes that stand in for the app; shown once, only hashes are kept."
    )


class PasswordConfirmation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    password: str = Field(min_length=1, max_length=1024, description="The account's current password.")


class PasswordChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    current_password: str = Field(min_length=1, max_length=1024)
    new_password: str = Field(min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH)


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: EmailStr
    name: str = Field(default="", max_length=200)
    role: Role
    organisation: str = Field(max_length=80, description="Slug of the user's organisation.")
    password: str = Field(min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH)

    @field_validator("email")
    @classmethod
    def _lower(cls, value: str) -> str:
        return value.lower()


class UserUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, max_length=200)
    role: Role | None = None
    organisation: str | None = Field(default=None, max_length=80)
    is_active: StrictBool | None = None


class PasswordReset(BaseModel):
    model_config = ConfigDict(extra="forbid")

    password: str = Field(min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH)


class UserOut(BaseModel):
    id: uuid.UUID
    email: str
    name: str
    role: Role
    organisation: OrganisationRef
    is_active: bool
    second_factor_enrolled: bool = Field(
        default=False, description="The user signs in with an authenticator app (an admin can reset it)."
    )
    created_at: datetime
    updated_at: datetime


# A client holds only the partner-system scopes (staff powers stay with people).
CLIENT_SCOPES_SCHEMA: dict[str, Any] = {"items": {"enum": sorted(CLIENT_SCOPES)}}


class ApiClientCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    organisation: str = Field(max_length=80)
    scopes: list[Scope] = Field(min_length=1, json_schema_extra=CLIENT_SCOPES_SCHEMA)


class ApiClientUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    scopes: list[Scope] | None = Field(default=None, json_schema_extra=CLIENT_SCOPES_SCHEMA)
    is_active: StrictBool | None = None


class ApiClientOut(BaseModel):
    id: uuid.UUID
    client_id: str
    name: str
    organisation: OrganisationRef
    scopes: list[str]
    is_active: bool
    created_at: datetime


class ApiClientWithSecret(ApiClientOut):
    client_secret: str = Field(description="Shown once; only a hash is kept.")
