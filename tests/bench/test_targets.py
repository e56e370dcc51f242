"""The targets table says what was measured: a ratio just short of its goal never reads
as the goal itself."""

from __future__ import annotations

from bench.run import Row, evaluate


def _row(scenario: str, ratio: float) -> Row:
    return Row(scenario, 100_000, 1, 1000.0, 1.0, 2.0, 0, 100, baseline_rps=1000.0, ratio=ratio)


def test_a_ratio_just_under_its_goal_is_shown_under_it_and_missed() -> None:
    (check,) = [
        check
        for check in evaluate([_row("304 (If-None-Match)", 1.4974)])
        if check["target"] == "304, to the full hot list"
    ]

    assert check["value"] < 1.5
    assert check["met"] is False


def test_a_ratio_at_its_goal_is_met() -> None:
    (check,) = [
        check for check in evaluate([_row("hot list", 0.9)]) if check["target"] == "hot list, to its baseline"
    ]

    assert check["met"] is True
