"""Loads the facts of the KIP NI network into an empty or partly filled directory.

Only what is missing is inserted: running the seed twice changes nothing, and a seed run
at start-up never overwrites what editors have changed since.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.directory import repository
from api.directory.models import ContactChannel, Organisation, Relation, Responsibility, Topic
from api.directory.service import refresh_derived_fields
from api.directory.versions import record_directory_write

SEED_FILE = Path(__file__).with_name("seed_data.json")


@dataclass
class SeedReport:
    inserted: dict[str, int] = field(
        default_factory=lambda: {
            "topics": 0,
            "organisations": 0,
            "contact_channels": 0,
            "relations": 0,
            "responsibilities": 0,
        }
    )

    @property
    def changed(self) -> bool:
        return any(self.inserted.values())


def load_seed_file(path: Path = SEED_FILE) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


async def seed_directory(session: AsyncSession, data: dict[str, Any] | None = None) -> SeedReport:
    data = data or load_seed_file()
    report = SeedReport()
    topics = {topic.slug: topic for topic in await repository.all_topics(session)}
    for item in data["topics"]:
        if item["slug"] not in topics:
            topic = Topic(
                slug=item["slug"],
                position=item["position"],
                name_de=item["name"]["de"],
                name_en=item["name"].get("en"),
                description_de=item["description"]["de"],
                description_en=item["description"].get("en"),
            )
            session.add(topic)
            topics[topic.slug] = topic
            report.inserted["topics"] += 1

    organisations = {
        organisation.slug: organisation for organisation in await repository.all_organisations(session)
    }
    new_slugs: set[str] = set()
    for item in data["organisations"]:
        if item["slug"] in organisations:
            continue
        organisation = _organisation(item)
        session.add(organisation)
        organisations[organisation.slug] = organisation
        new_slugs.add(organisation.slug)
        report.inserted["organisations"] += 1
        for position, channel in enumerate(item["contact_channels"]):
            session.add(_channel(channel, organisation, position))
            report.inserted["contact_channels"] += 1
    await session.flush()
    for item in data["organisations"]:
        if item["slug"] in new_slugs and item.get("parent"):
            organisations[item["slug"]].parent_id = organisations[item["parent"]].id

    existing_relations = {
        (relation.subject_id, relation.kind, relation.object_id)
        for relation in await repository.all_relations(session)
    }
    for item in data["relations"]:
        relation_key = (organisations[item["subject"]].id, item["kind"], organisations[item["object"]].id)
        if relation_key not in existing_relations:
            session.add(Relation(subject_id=relation_key[0], kind=relation_key[1], object_id=relation_key[2]))
            existing_relations.add(relation_key)
            report.inserted["relations"] += 1

    existing_responsibilities = {
        (item.topic_id, item.organisation_id, item.role, item.region)
        for item in await repository.all_responsibilities(session)
    }
    for item in data["responsibilities"]:
        key = (
            topics[item["topic"]].id,
            organisations[item["organisation"]].id,
            item["role"],
            item.get("region"),
        )
        if key not in existing_responsibilities:
            session.add(
                Responsibility(
                    topic_id=key[0],
                    organisation_id=key[1],
                    role=key[2],
                    region=key[3],
                    description_de=item["description"]["de"],
                    description_en=item["description"].get("en"),
                )
            )
            existing_responsibilities.add(key)
            report.inserted["responsibilities"] += 1

    if report.changed:
        await record_directory_write(session)
    await session.flush()
    return report


def _organisation(item: dict[str, Any]) -> Organisation:
    founded_by = item.get("founded_by") or {}
    organisation = Organisation(
        slug=item["slug"],
        name_de=item["name"]["de"],
        name_en=item["name"].get("en"),
        short_name=item.get("short_name"),
        kind=item["kind"],
        description_de=item["description"]["de"],
        description_en=item["description"].get("en"),
        region=item.get("region"),
        website=item.get("website"),
        founded=item.get("founded"),
        founded_by_de=founded_by.get("de"),
        founded_by_en=founded_by.get("en"),
    )
    refresh_derived_fields(organisation)
    return organisation


def _channel(item: dict[str, Any], organisation: Organisation, position: int) -> ContactChannel:
    address = item.get("address") or {}
    return ContactChannel(
        organisation=organisation,
        kind=item["kind"],
        label_de=item["label"]["de"],
        label_en=item["label"].get("en"),
        value=item["value"],
        visibility=item["visibility"],
        street=address.get("street"),
        postal_code=address.get("postal_code"),
        city=address.get("city"),
        state=address.get("state"),
        country=address.get("country"),
        opening_hours=item.get("opening_hours"),
        languages=item.get("languages") or [],
        position=position,
    )
