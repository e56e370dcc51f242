"""Hand-made JWTs for attack tests, built without the library under test."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from typing import Any

from tests.conftest import TEST_JWT_SECRET


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def valid_claims(subject: str, organisation: str, scope: str, **overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": "kipni",
        "aud": "kipni-api",
        "sub": subject,
        "iat": now,
        "exp": now + 600,
        "jti": uuid.uuid4().hex,
        "scope": scope,
        "org": organisation,
        "kind": "user",
    }
    claims.update(overrides)
    return {key: value for key, value in claims.items() if value is not None}


def forge(
    claims: dict[str, Any],
    *,
    secret: str = TEST_JWT_SECRET,
    alg: str = "HS256",
    typ: str = "at+jwt",
) -> str:
    header = _b64(json.dumps({"alg": alg, "typ": typ}).encode())
    payload = _b64(json.dumps(claims).encode())
    signing_input = f"{header}.{payload}".encode()
    if alg == "none":
        return f"{header}.{payload}."
    digest = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}[alg]
    signature = hmac.new(secret.encode(), signing_input, digest).digest()
    return f"{header}.{payload}.{_b64(signature)}"
