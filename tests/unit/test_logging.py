"""Debug logging is for the service's own code: libraries that log their SQL and its
parameters (aiosqlite), or the bytes they send (httpcore), stay quiet below INFO."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from api.core.logging import configure_logging


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.mark.usefixtures("restore_logging")
def test_debug_level_reaches_the_services_own_loggers() -> None:
    configure_logging("DEBUG")

    assert logging.getLogger("api.notifications.worker").isEnabledFor(logging.DEBUG)


@pytest.mark.usefixtures("restore_logging")
@pytest.mark.parametrize("library", ["aiosqlite", "sqlalchemy.engine", "httpcore.http11", "httpx", "asyncio"])
def test_debug_level_leaves_libraries_at_info(library: str) -> None:
    configure_logging("DEBUG")

    assert not logging.getLogger(library).isEnabledFor(logging.DEBUG)


@pytest.mark.usefixtures("restore_logging")
def test_at_debug_level_libraries_still_report_at_info() -> None:
    configure_logging("DEBUG")

    assert logging.getLogger("aiosqlite").isEnabledFor(logging.INFO)


@pytest.mark.usefixtures("restore_logging")
def test_a_level_above_info_applies_to_libraries_too() -> None:
    configure_logging("WARNING")

    assert not logging.getLogger("aiosqlite").isEnabledFor(logging.INFO)
    assert not logging.getLogger("api.access").isEnabledFor(logging.INFO)
