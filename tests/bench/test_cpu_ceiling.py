"""How far more workers can go when the load generator shares the machine's cores."""

from __future__ import annotations

import pytest

from bench.run import busy_ticks, sharing_ceiling
from bench.wrk import Result


def test_two_workers_on_two_cores_stop_at_the_share_wrk_leaves() -> None:
    # 164 µs per request in the worker and 46 µs in wrk, as measured on this kind of machine.
    assert sharing_ceiling(2, 164.0, 46.0, workers=2) == pytest.approx(2 * 164 / 210)


def test_two_workers_double_when_the_cores_to_spare_carry_the_load_generator() -> None:
    assert sharing_ceiling(4, 164.0, 46.0, workers=2) == pytest.approx(2.0)


def test_a_load_generator_that_costs_nothing_leaves_the_workers_all_cores() -> None:
    assert sharing_ceiling(2, 100.0, 0.0, workers=2) == pytest.approx(2.0)


def test_a_cheaper_worker_scales_less_beside_the_same_load_generator() -> None:
    assert sharing_ceiling(2, 80.0, 46.0, workers=2) < sharing_ceiling(2, 164.0, 46.0, workers=2)


def test_the_machine_is_busy_with_all_but_idle_and_io_wait() -> None:
    # cpu  user nice system idle iowait irq softirq steal guest guest_nice
    line = "cpu  332353 3295 122607 627812 2627 0 16112 267 900 0"

    assert busy_ticks(line) == 332353 + 3295 + 122607 + 16112 + 267


def test_a_run_reports_the_machine_s_cpu_per_request_beside_the_server_s() -> None:
    result = Result(1000, 1.0, 1000.0, 1.0, 2.0, 0, client_cpu_s=0.02, server_cpu_s=0.05, machine_cpu_s=0.08)

    assert result.cpu_us_per_request() == pytest.approx({"client": 20.0, "server": 50.0, "machine": 80.0})
