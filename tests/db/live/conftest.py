"""Tests that commit, as production does: several connections, a worker process, races.

Their rows are not rolled back, so each module here gets a migrated and seeded database
of its own (``database_url`` and ``engine`` are overridden per module): what they leave
behind never reaches another test, whatever the order. The notification fixtures (a
mail server, a webhook receiver) are shared by the modules that deliver.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from api.core.config import Settings
from api.core.crypto import FieldCipher
from api.core.db import Database
from api.core.row_encryption import Sealer
from tests.conftest import disposed_engine, migrate_and_seed, throwaway_database
from tests.notification_helpers import SmtpSink, WebhookReceiver


@pytest.fixture(scope="module")
async def database_url(backend: str, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    """A migrated and seeded database of this module alone."""
    async with throwaway_database(backend, tmp_path_factory.mktemp("live")) as url:
        await migrate_and_seed(url)
        yield url


@pytest.fixture(scope="module")
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    async with disposed_engine(database_url) as engine:
        yield engine


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    """A mail server that is not running yet: tests start it when they need it."""
    sink = SmtpSink()
    yield sink
    sink.stop()


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    server = WebhookReceiver()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def notif_settings(settings: Settings, smtp_sink: SmtpSink) -> Settings:
    return settings.model_copy(update={"smtp_port": smtp_sink.port, "webhooks_allow_loopback": True})


@pytest.fixture
def live_database(engine: AsyncEngine) -> Database:
    """The app's database on the module's engine: every request commits for real."""
    return Database(engine)


@pytest.fixture
def sealer(notif_settings: Settings) -> Sealer:
    return Sealer(FieldCipher.from_settings(notif_settings))
