"""The arithmetic of the second factor: TOTP codes (RFC 6238: SHA-1, six digits, 30-second
steps), recovery codes, and the QR code of an enrolment. Plain values, no database."""

from __future__ import annotations

import hashlib
import hmac
import io
import secrets

import pyotp
import segno

ISSUER = "KIP NI"
STEP_SECONDS = 30
DIGITS = 6
# A code of the step before or after the current one still counts (clocks drift, people type).
DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
# 16 characters of base32 in four groups: 80 random bits, typed without confusion.
_RECOVERY_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"
_RECOVERY_LENGTH = 16


def new_secret() -> str:
    """160 random bits in base32, as authenticator apps take them (RFC 4226 advises 160)."""
    return pyotp.random_base32(32)


def provisioning_uri(secret: str, account: str) -> str:
    """The ``otpauth://`` URI that authenticator apps read from the QR code."""
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS, issuer=ISSUER).provisioning_uri(
        name=account, issuer_name=ISSUER
    )


def qr_svg(uri: str) -> str:
    """The URI as a QR code in SVG, made here (no outside service), with no inline style."""
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(
        buffer,
        kind="svg",
        scale=4,
        border=4,
        xmldecl=False,
        svgns=True,
        nl=False,
        svgclass="qr-code",
        omitsize=True,
        lineclass=None,
        dark="#000",
        light="#fff",
        title=None,
    )
    return buffer.getvalue().decode()


def current_step(now: float) -> int:
    return int(now // STEP_SECONDS)


def code_at(secret: str, step: int) -> str:
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).generate_otp(step)


def looks_like_totp(code: str) -> bool:
    return len(code) == DIGITS and code.isdigit()


def matching_step(secret: str, code: str, *, now: float, after: int | None) -> int | None:
    """The time step whose code ``code`` is (within the drift), later than ``after``; None
    when there is none. Every candidate is compared, so timing tells nothing."""
    code = code.strip().replace(" ", "")
    if not looks_like_totp(code):
        return None
    found: int | None = None
    base = current_step(now)
    for step in range(base - DRIFT_STEPS, base + DRIFT_STEPS + 1):
        if hmac.compare_digest(code_at(secret, step), code) and (after is None or step > after):
            found = step if found is None else found
    return found


def new_recovery_codes() -> list[str]:
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
        codes.append("-".join(raw[index : index + 4] for index in range(0, _RECOVERY_LENGTH, 4)))
    return codes


def normalise_recovery_code(code: str) -> str:
    """What was typed, without case, spaces and hyphens."""
    return "".join(char for char in code.lower() if char.isalnum())


def recovery_code_hash(user_id: str, code: str) -> str:
    """SHA-256 of the code bound to its account (80 random bits need no slow hash)."""
    return hashlib.sha256(f"{user_id}\x00{normalise_recovery_code(code)}".encode()).hexdigest()
