"""What every staff write of the directory shares: the editor, the traces a write leaves,
and how refusals of the database become answers."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from api.audit import service as audit
from api.core.conditional import CHANGED_MEANWHILE
from api.core.errors import Conflict, PreconditionFailed
from api.core.page_cache import PageCache
from api.core.principal import Actor, RequestMeta
from api.directory import repository
from api.directory.models import Organisation
from api.directory.schemas import (
    LongText,
)
from api.directory.versions import record_directory_write


@dataclass(frozen=True)
class DirectoryEditor:
    """Who writes, in which transaction, and the page cache to drop once it commits."""

    session: AsyncSession
    actor: Actor
    meta: RequestMeta
    cache: PageCache

    async def recorded(
        self, action: str, object_type: str, object_id: uuid.UUID, details: dict[str, Any]
    ) -> None:
        """Leaves the traces every write must leave, in the same transaction as the write."""
        await record_directory_write(self.session, self.cache)
        await audit.record(
            self.session,
            action=f"directory.{object_type}.{action}",
            actor=self.actor,
            meta=self.meta,
            object_type=object_type,
            object_id=object_id,
            details=details,
        )


@contextmanager
def write_errors(conflict: str) -> Iterator[None]:
    """Turns what the database refuses at flush into answers a client can act on."""
    try:
        yield
    except StaleDataError as exc:
        raise PreconditionFailed(CHANGED_MEANWHILE) from exc
    except IntegrityError as exc:
        raise Conflict(conflict) from exc


def invalid(*problems: tuple[str, str]) -> Conflict:
    """A 409 for rules the schema alone cannot check: the request conflicts with what the
    directory holds (an unknown slug, a channel's stored kind) or with its rules (a
    relation to itself); ``errors`` names the fields, as for a schema error."""
    return Conflict(
        "The request does not fit the directory.",
        extensions={"errors": [{"loc": ["body", field], "msg": message} for field, message in problems]},
    )


def long_text(text: LongText | None) -> tuple[str, str | None]:
    return (text.de, text.en) if text is not None else ("", None)


async def referenced_organisation(session: AsyncSession, slug: str, field: str) -> Organisation:
    organisation = await repository.find_organisation(session, slug)
    if organisation is None:
        raise invalid((field, "No organisation with this slug."))
    return organisation
