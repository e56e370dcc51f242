"""The python-jose wrapper."""

from __future__ import annotations

from datetime import timedelta

import pytest

from api.core.tokens import MAX_TOKEN_BYTES, InvalidToken, TokenCodec

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
