"""The seed carries every fact of the network and is safe to run again."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.directory.models import ContactChannel, Organisation, Relation, Responsibility, Topic
from api.directory.seed import load_seed_file, seed_directory

ORGANISATION_SLUGS = {
    "kip-ni",
    "mi",
    "lka-ni",
    "lka-ni-praeventionsstelle-pmk",
    "nfv",
    "ms",
    "mj",
    "mk",
    "kosti",
    "aktion-neustart",
    "beraten",
}
TOPIC_SLUGS = {
    "management",
    "case-coordination",
    "strategy",
    "information-management",
    "local-networks",
    "exit-support",
    "counselling",
    "networking",
}


async def _counts(session: AsyncSession) -> tuple[int, ...]:
    models = (Organisation, Topic, Relation, Responsibility, ContactChannel)
    return tuple([await session.scalar(select(func.count()).select_from(model)) or 0 for model in models])


async def test_running_the_seed_again_changes_nothing(session: AsyncSession) -> None:
    before = await _counts(session)
    stamps = {
        row.slug: row.updated_at
        for row in await session.execute(select(Organisation.slug, Organisation.updated_at))
    }

    report = await seed_directory(session)

    assert not report.changed
    assert await _counts(session) == before
    after = {
        row.slug: row.updated_at
        for row in await session.execute(select(Organisation.slug, Organisation.updated_at))
    }
    assert after == stamps


async def test_the_seed_holds_the_stable_slugs(session: AsyncSession) -> None:
    organisations = set(await session.scalars(select(Organisation.slug)))
    topics = set(await session.scalars(select(Topic.slug)))

    assert organisations >= ORGANISATION_SLUGS
    assert topics >= TOPIC_SLUGS


async def test_the_seed_does_not_overwrite_an_editors_change(session: AsyncSession) -> None:
    organisation = await session.scalar(select(Organisation).where(Organisation.slug == "mk"))
    assert organisation is not None
    organisation.short_name = "MK (geändert)"
    await session.flush()

    await seed_directory(session)

    assert (
        await session.scalar(select(Organisation.short_name).where(Organisation.slug == "mk"))
        == "MK (geändert)"
    )


def test_every_seed_text_has_german_and_english() -> None:
    data = load_seed_file()
    texts = [item["name"] for item in data["topics"] + data["organisations"]]
    texts += [
        item["description"] for item in data["topics"] + data["organisations"] + data["responsibilities"]
    ]
    texts += [channel["label"] for item in data["organisations"] for channel in item["contact_channels"]]

    assert all(text["de"].strip() and text["en"].strip() for text in texts)


def test_the_centre_publishes_no_email_channel() -> None:
    centre = next(item for item in load_seed_file()["organisations"] if item["slug"] == "kip-ni")

    assert "email" not in {channel["kind"] for channel in centre["contact_channels"]}
    assert centre["founded"] == 2016
