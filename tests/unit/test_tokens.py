"""The python-jose wrapper."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest

from api.core import tokens
from api.core.tokens import MAX_TOKEN_BYTES, InvalidToken, TokenCodec
from tests.jwt_forge import forge, valid_claims

CODEC = TokenCodec(secret="s" * 32, issuer="kipni", audience="kipni-api", lifetime=timedelta(minutes=15))


def test_an_issued_token_decodes_to_its_claims() -> None:
    issued = CODEC.issue(subject="abc", kind="user", scopes=frozenset({"b", "a"}), organisation="kip-ni")

    claims = CODEC.decode(issued.token)

    assert (claims.sub, claims.scope, claims.org, claims.jti) == ("abc", "a b", "kip-ni", issued.jti)
    assert claims.exp - claims.iat == 900


def test_every_token_has_its_own_id() -> None:
    first = CODEC.issue(subject="a", kind="user", scopes=frozenset(), organisation="x")
    second = CODEC.issue(subject="a", kind="user", scopes=frozenset(), organisation="x")

    assert first.jti != second.jti


def test_another_audience_cannot_read_the_token() -> None:
    other = TokenCodec(secret="s" * 32, issuer="kipni", audience="elsewhere", lifetime=timedelta(minutes=15))
    token = CODEC.issue(subject="a", kind="user", scopes=frozenset(), organisation="x").token

    with pytest.raises(InvalidToken):
        other.decode(token)


def test_an_expired_token_is_refused() -> None:
    expired = TokenCodec(
        secret="s" * 32, issuer="kipni", audience="kipni-api", lifetime=timedelta(seconds=-1)
    )
    token = expired.issue(subject="a", kind="user", scopes=frozenset(), organisation="x").token

    with pytest.raises(InvalidToken):
        CODEC.decode(token)


@pytest.mark.parametrize("token", ["", "a.b", "a.b.c.d.e", "x" * (MAX_TOKEN_BYTES + 1), "....", "a.b.c"])
def test_malformed_tokens_are_refused(token: str) -> None:
    with pytest.raises(InvalidToken):
        CODEC.decode(token)


def _signed(claims: dict[str, Any]) -> str:
    return forge(claims, secret="s" * 32)


def _claims(iat: int, exp: int) -> dict[str, Any]:
    return valid_claims("a", "x", "", iat=iat, exp=exp)


def test_a_token_minted_for_longer_than_the_configured_lifetime_is_refused() -> None:
    """A leaked signing secret must not mint tokens valid for years."""
    now = int(time.time())

    with pytest.raises(InvalidToken, match="lifetime"):
        CODEC.decode(_signed(_claims(now, now + 10 * 365 * 86400)))


def test_a_token_issued_in_the_future_is_refused() -> None:
    now = int(time.time())

    with pytest.raises(InvalidToken, match="future"):
        CODEC.decode(_signed(_claims(now + 86400, now + 86400 + 900)))


def test_a_token_of_exactly_the_configured_lifetime_is_accepted() -> None:
    now = int(time.time())

    assert CODEC.decode(_signed(_claims(now, now + 900))).sub == "a"


def test_a_token_checked_once_is_not_checked_again(monkeypatch: pytest.MonkeyPatch) -> None:
    token = CODEC.issue(subject="a", kind="user", scopes=frozenset(), organisation="x").token
    first = CODEC.decode(token)

    def verify_again(*args: object, **kwargs: object) -> None:
        raise AssertionError("the signature of a known token was checked again")

    monkeypatch.setattr("api.core.tokens.jwt.decode", verify_again)

    assert CODEC.decode(token) is first


def test_a_known_token_is_refused_once_it_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    token = CODEC.issue(subject="a", kind="user", scopes=frozenset(), organisation="x").token
    claims = CODEC.decode(token)

    monkeypatch.setattr(tokens, "_now", lambda: claims.exp + 1.0)

    with pytest.raises(InvalidToken, match="expired"):
        CODEC.decode(token)


def test_a_known_token_is_still_valid_in_its_last_second(monkeypatch: pytest.MonkeyPatch) -> None:
    token = CODEC.issue(subject="a", kind="user", scopes=frozenset(), organisation="x").token
    claims = CODEC.decode(token)

    monkeypatch.setattr(tokens, "_now", lambda: claims.exp + 0.5)

    assert CODEC.decode(token) is claims


def test_a_token_known_to_one_codec_is_checked_by_another() -> None:
    """After the signing secret changes, the tokens of the old one are refused at once."""
    token = CODEC.issue(subject="a", kind="user", scopes=frozenset(), organisation="x").token
    CODEC.decode(token)
    rotated = TokenCodec(
        secret="t" * 32, issuer="kipni", audience="kipni-api", lifetime=timedelta(minutes=15)
    )

    with pytest.raises(InvalidToken):
        rotated.decode(token)


def test_refused_tokens_are_not_kept() -> None:
    before = len(tokens._verified)
    for n in range(50):
        with pytest.raises(InvalidToken):
            CODEC.decode(forge(_claims(int(time.time()), int(time.time()) + 60), secret=f"wrong-{n}" * 4))

    assert len(tokens._verified) == before


def test_the_known_tokens_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tokens, "MAX_VERIFIED_TOKENS", 3)
    monkeypatch.setattr(tokens, "_verified", {})
    issued = [
        CODEC.issue(subject=str(n), kind="user", scopes=frozenset(), organisation="x").token for n in range(5)
    ]
    for token in issued:
        CODEC.decode(token)

    assert [token for _, token in tokens._verified] == issued[2:]
