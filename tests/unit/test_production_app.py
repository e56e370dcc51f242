"""The application as uvicorn's factory builds it for each worker."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from api import main
from api.core.config import Environment, Settings
from tests.conftest import TEST_AUDIT_KEYS, TEST_DATA_KEYS, TEST_JWT_SECRET


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_a_worker_keeps_what_start_up_built_out_of_the_collectors_walks(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, unfrozen: None
) -> None:
    """A full collection that walks every object of the process pauses the worker; what
    start-up built lives as long as the process and is frozen once it is built."""
    settings = Settings(
        environment=Environment.test,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'kipni.db'}",
        frontend_dist=Path("/nonexistent"),
        jwt_secret=SecretStr(TEST_JWT_SECRET),
        data_keys=SecretStr(TEST_DATA_KEYS),
        audit_keys=SecretStr(TEST_AUDIT_KEYS),
    )
    monkeypatch.setattr(main, "get_settings", lambda: settings)
    monkeypatch.setattr(main, "configure_logging", lambda *args, **kwargs: None)

    app = main.create_production_app()

    walked = gc.get_objects()  # what a full collection walks: the frozen objects are not
    assert not any(thing is app or thing is app.router for thing in walked)
