"""The fuzzing hooks send what a conforming client sends, and no more than that."""

from __future__ import annotations

import copy
from typing import Any

from tests.fuzz.hooks import ordered_opening_hours


def _body(*spans: dict[str, Any]) -> dict[str, Any]:
    return {"value": "x", "opening_hours": {"weekly": list(spans)}}


def test_a_span_in_the_wrong_order_is_put_in_order() -> None:
    body = _body({"day": "tue", "opens": "22:15", "closes": "17:43"})

    ordered_opening_hours(body)

    assert body["opening_hours"]["weekly"] == [{"day": "tue", "opens": "17:43", "closes": "22:15"}]


def test_a_span_of_no_length_spans_the_day() -> None:
    body = _body({"day": "mon", "opens": "09:00", "closes": "09:00"})

    ordered_opening_hours(body)

    assert body["opening_hours"]["weekly"] == [{"day": "mon", "opens": "00:00", "closes": "23:59"}]


def test_a_span_in_order_is_left_alone() -> None:
    span = {"day": "fri", "opens": "09:00", "closes": "15:30"}
    body = _body(dict(span))

    ordered_opening_hours(body)

    assert body["opening_hours"]["weekly"] == [span]


def test_times_that_are_not_hours_and_minutes_are_sent_as_generated() -> None:
    spans: list[dict[str, Any]] = [
        {"day": "mon", "opens": "24:00", "closes": "09:00"},
        {"day": "mon", "opens": 9, "closes": "08:00"},
    ]
    body = _body(*copy.deepcopy(spans))

    ordered_opening_hours(body)

    assert body["opening_hours"]["weekly"] == spans


def test_bodies_without_weekly_spans_are_untouched() -> None:
    bodies: list[Any] = [
        None,
        [],
        "text",
        {"value": "x"},
        {"opening_hours": None},
        {"opening_hours": {"weekly": "x"}},
    ]
    sent = copy.deepcopy(bodies)

    for body in sent:
        ordered_opening_hours(body)

    assert sent == bodies
