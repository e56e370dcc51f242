"""Access tokens: the only module that imports python-jose.

python-jose is barely maintained and permissive by default (it accepts tokens without
``exp`` or ``aud`` unless told otherwise), so everything it does is pinned here: HS256
only, ``typ: at+jwt`` checked before the signature, audience, issuer and every
``require_*`` option set, no JWE, a size cap. Refresh tokens are opaque random strings
and never pass through here.
"""

from __future__ import annotations

import secrets
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from jose import jwt
from jose.exceptions import JOSEError
from pydantic import BaseModel, ConfigDict, ValidationError

ALGORITHM = "HS256"
TOKEN_TYPE = "at+jwt"
MAX_TOKEN_BYTES = 8192
# Clocks of the machines that issue and check tokens may differ this much.
CLOCK_SKEW_SECONDS = 30
# Tokens whose signature and claims were checked, by codec and token: a partner system or
# a console sends the same token for its whole lifetime, and checking it again costs more
# than the rest of the token's work. Only tokens that passed every check get in, so a
# flood of forged ones cannot fill it; the oldest leaves when it is full.
MAX_VERIFIED_TOKENS = 4096
_verified: dict[tuple[TokenCodec, str], AccessClaims] = {}
_now = time.time

_DECODE_OPTIONS = {
    "verify_signature": True,
    "verify_aud": True,
    "verify_iss": True,
    "verify_exp": True,
    "verify_iat": True,
    "verify_nbf": True,
    "verify_sub": True,
    "verify_jti": True,
    "require_exp": True,
    "require_aud": True,
    "require_iss": True,
    "require_iat": True,
    "require_sub": True,
    "require_jti": True,
    "leeway": 0,
}


class InvalidToken(Exception):
    """The token is not one this service issued, or no longer valid. The reason is for
    logs only; clients get one generic answer."""


class AccessClaims(BaseModel):
    # Frozen: one checked token's claims are shared by all the requests that carry it.
    model_config = ConfigDict(frozen=True)

    sub: str
    jti: str
    scope: str
    org: str
    iat: int
    exp: int
    kind: str
    # The refresh token family (the sign-in) a user's token belongs to; ending the
    # family ends its access tokens too.
    sid: str | None = None

    @property
    def scopes(self) -> frozenset[str]:
        return frozenset(self.scope.split())

    @property
    def expires_at(self) -> datetime:
        return datetime.fromtimestamp(self.exp, UTC)


@dataclass(frozen=True)
class IssuedToken:
    token: str
    jti: str
    expires_in: int
    expires_at: datetime


@dataclass(frozen=True)
class TokenCodec:
    secret: str
    issuer: str
    audience: str
    lifetime: timedelta

    def issue(
        self,
        *,
        subject: str,
        kind: str,
        scopes: frozenset[str],
        organisation: str,
        session_id: str | None = None,
    ) -> IssuedToken:
        now = datetime.now(UTC)
        expires_at = now + self.lifetime
        jti = uuid.uuid4().hex
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": subject,
            "iat": int(now.timestamp()),
            "exp": int(expires_at.timestamp()),
            "jti": jti,
            "scope": " ".join(sorted(scopes)),
            "org": organisation,
            "kind": kind,
        }
        if session_id is not None:
            claims["sid"] = session_id
        token = jwt.encode(claims, self.secret, algorithm=ALGORITHM, headers={"typ": TOKEN_TYPE})
        return IssuedToken(token, jti, int(self.lifetime.total_seconds()), expires_at)

    def decode(self, token: str) -> AccessClaims:
        """The claims of a token this service issued and that is still valid. A token
        checked before is not checked again, but its expiry is, every time."""
        known = _verified.get((self, token))
        if known is not None:
            if known.exp < int(_now()):
                _verified.pop((self, token), None)
                raise InvalidToken("expired")
            return known
        access = self._check(token)
        if len(_verified) >= MAX_VERIFIED_TOKENS:
            _verified.pop(next(iter(_verified)), None)
        _verified[(self, token)] = access
        return access

    def _check(self, token: str) -> AccessClaims:
        if len(token.encode()) > MAX_TOKEN_BYTES:
            raise InvalidToken("token too large")
        if token.count(".") != 2:
            raise InvalidToken("not a compact JWS (JWE and other forms are refused)")
        try:
            header = jwt.get_unverified_header(token)
        except JOSEError as exc:
            raise InvalidToken("unreadable header") from exc
        if header.get("alg") != ALGORITHM or header.get("typ") != TOKEN_TYPE:
            raise InvalidToken("wrong alg or typ")
        try:
            claims = jwt.decode(
                token,
                self.secret,
                algorithms=[ALGORITHM],
                audience=self.audience,
                issuer=self.issuer,
                options=_DECODE_OPTIONS,
            )
            access = AccessClaims.model_validate(claims)
        except (JOSEError, ValidationError) as exc:
            raise InvalidToken(type(exc).__name__) from exc
        # What the signature cannot tell: a token whose secret leaked could otherwise be
        # minted to live for years, or to start living years from now.
        if access.exp - access.iat > self.lifetime.total_seconds():
            raise InvalidToken("lifetime longer than the configured one")
        if access.iat > datetime.now(UTC).timestamp() + CLOCK_SKEW_SECONDS:
            raise InvalidToken("issued in the future")
        return access


def new_opaque_token() -> str:
    """A refresh token or client secret: 256 bits from the OS generator."""
    return secrets.token_urlsafe(32)
