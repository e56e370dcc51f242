"""Fixtures of the fault tests: a PostgreSQL cluster of the test's own, migrated and
seeded with the demo accounts, and the settings every `kipni` process of the test reads."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.faults.harness import (
    DemoAccounts,
    PostgresCluster,
    postgres_cluster,
    prepare_database,
    service_environment,
)


@dataclass
class Stack:
    cluster: PostgresCluster
    database_url: str
    env: dict[str, str]
    accounts: DemoAccounts
    logs: Path


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    with postgres_cluster() as cluster:
        url = cluster.create_database("kipni")
        env = service_environment(url)
        yield Stack(cluster, url, env, prepare_database(env), tmp_path)
