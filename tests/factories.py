"""Builders of directory rows for tests, with sensible defaults."""

from __future__ import annotations

import itertools
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import ApiClient, User
from api.core.security import hash_password, hash_secret
from api.core.tokens import new_opaque_token
from api.directory.models import ContactChannel, Organisation, Relation, Responsibility, Topic
from api.directory.service import refresh_derived_fields

_numbers = itertools.count(1)


async def make_organisation(session: AsyncSession, **fields: Any) -> Organisation:
    number = next(_numbers)
    values: dict[str, Any] = {
        "slug": f"test-organisation-{number}",
        "name_de": f"Testorganisation {number}",
        "name_en": f"Test organisation {number}",
        "kind": "agency",
        "description_de": "Eine Organisation nur für Tests.",
        "region": "03241001",
    }
    values.update(fields)
    organisation = Organisation(**values)
    refresh_derived_fields(organisation)
    session.add(organisation)
    await session.flush()
    return organisation


async def make_channel(session: AsyncSession, organisation: Organisation, **fields: Any) -> ContactChannel:
    values: dict[str, Any] = {
        "organisation_id": organisation.id,
        "kind": "phone",
        "label_de": "Telefon",
        "label_en": "Phone",
        "value": "+49 511 000000",
        "visibility": "public",
        "languages": ["de"],
    }
    values.update(fields)
    channel = ContactChannel(**values)
    session.add(channel)
    await session.flush()
    return channel


async def make_topic(session: AsyncSession, **fields: Any) -> Topic:
    number = next(_numbers)
    values: dict[str, Any] = {
        "slug": f"test-topic-{number}",
        "position": 1000 + number,
        "name_de": f"Thema {number}",
    }
    values.update(fields)
    topic = Topic(**values)
    session.add(topic)
    await session.flush()
    return topic


async def make_responsibility(
    session: AsyncSession, topic: Topic, organisation: Organisation, **fields: Any
) -> Responsibility:
    values: dict[str, Any] = {"topic_id": topic.id, "organisation_id": organisation.id, "role": "lead"}
    values.update(fields)
    responsibility = Responsibility(**values)
    session.add(responsibility)
    await session.flush()
    return responsibility


async def make_relation(
    session: AsyncSession, subject: Organisation, kind: str, obj: Organisation
) -> Relation:
    relation = Relation(subject_id=subject.id, kind=kind, object_id=obj.id)
    session.add(relation)
    await session.flush()
    return relation


DEFAULT_PASSWORD = "correct horse battery staple"


async def make_user(
    session: AsyncSession,
    *,
    role: str = "editor",
    organisation: str = "kip-ni",
    email: str | None = None,
    password: str = DEFAULT_PASSWORD,
    **fields: Any,
) -> User:
    organisation_row = await session.scalar(select(Organisation).where(Organisation.slug == organisation))
    assert organisation_row is not None, organisation
    user = User(
        email=email or f"user{next(_numbers)}@example.org",
        name="Test User",
        role=role,
        organisation_id=organisation_row.id,
        password_hash=hash_password(password),
        **fields,
    )
    session.add(user)
    await session.flush()
    return user


async def make_api_client(
    session: AsyncSession, *, organisation: str = "kip-ni", scopes: list[str] | None = None, **fields: Any
) -> tuple[ApiClient, str]:
    """The client and its secret (only the hash is stored)."""
    organisation_row = await session.scalar(select(Organisation).where(Organisation.slug == organisation))
    assert organisation_row is not None, organisation
    secret = new_opaque_token()
    client = ApiClient(
        client_id=f"test-client-{next(_numbers)}",
        name="Test partner system",
        organisation_id=organisation_row.id,
        scopes=scopes if scopes is not None else ["referrals:submit", "referrals:read-own"],
        secret_hash=hash_secret(secret),
        **fields,
    )
    session.add(client)
    await session.flush()
    return client, secret
