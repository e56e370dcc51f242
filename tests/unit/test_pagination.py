"""Cursor encoding."""

from __future__ import annotations

import pytest

from api.core.errors import InvalidCursor
from api.core.pagination import decode_cursor, encode_cursor


def test_a_cursor_round_trips() -> None:
    cursor = encode_cursor(["präventionsstelle", "0b3c"])

    assert decode_cursor(cursor, (str, str)) == ["präventionsstelle", "0b3c"]


@pytest.mark.parametrize("types", [(str,), (int, str), (str, str, str)])
def test_a_cursor_of_another_shape_is_refused(types: tuple[type, ...]) -> None:
    with pytest.raises(InvalidCursor):
        decode_cursor(encode_cursor(["a", "b"]), types)


def test_booleans_do_not_pass_for_integers() -> None:
    with pytest.raises(InvalidCursor):
        decode_cursor(encode_cursor([True, "x"]), (int, str))
