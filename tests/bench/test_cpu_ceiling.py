"""How far more workers can go when the load generator shares the machine's cores."""

from __future__ import annotations

import pytest

from bench.run import sharing_ceiling


def test_two_workers_on_two_cores_stop_at_the_share_wrk_leaves() -> None:
    # 164 µs per request in the worker and 46 µs in wrk, as measured on this kind of machine.
    assert sharing_ceiling(2, 164.0, 46.0, workers=2) == pytest.approx(2 * 164 / 210)


def test_two_workers_double_when_the_cores_to_spare_carry_the_load_generator() -> None:
    assert sharing_ceiling(4, 164.0, 46.0, workers=2) == pytest.approx(2.0)


def test_a_load_generator_that_costs_nothing_leaves_the_workers_all_cores() -> None:
    assert sharing_ceiling(2, 100.0, 0.0, workers=2) == pytest.approx(2.0)


def test_a_cheaper_worker_scales_less_beside_the_same_load_generator() -> None:
    assert sharing_ceiling(2, 80.0, 46.0, workers=2) < sharing_ceiling(2, 164.0, 46.0, workers=2)
