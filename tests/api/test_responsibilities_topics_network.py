"""Responsibilities, topics and the network picture."""

from __future__ import annotations

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from tests.factories import make_organisation, make_responsibility, make_topic

FACT_TABLE = {
    ("management", "mi", "formal"),
    ("management", "nfv", "shared_lead"),
    ("management", "lka-ni", "shared_lead"),
    ("case-coordination", "lka-ni", "lead"),
    ("strategy", "nfv", "lead"),
    ("information-management", "nfv", "lead"),
    ("local-networks", "kosti", "lead"),
    ("exit-support", "aktion-neustart", "lead"),
    ("counselling", "beraten", "lead"),
    ("networking", "kip-ni", "lead"),
}
FACT_RELATIONS = {
    ("mi", "member_of", "kip-ni"),
    ("lka-ni", "member_of", "kip-ni"),
    ("lka-ni-praeventionsstelle-pmk", "member_of", "kip-ni"),
    ("ms", "member_of", "kip-ni"),
    ("mj", "member_of", "kip-ni"),
    ("mk", "member_of", "kip-ni"),
    ("lka-ni", "part_of", "mi"),
    ("nfv", "part_of", "mi"),
    ("lka-ni-praeventionsstelle-pmk", "part_of", "lka-ni"),
    ("nfv", "runs", "aktion-neustart"),
    ("ms", "funds", "beraten"),
    ("aktion-neustart", "integrated_in", "kip-ni"),
    ("beraten", "integrated_in", "kip-ni"),
}


async def test_every_responsibility_of_the_facts_is_listed(client: AsyncClient) -> None:
    items = (await client.get("/api/v1/responsibilities", params={"limit": 200})).json()["items"]

    assert {
        (item["topic"]["slug"], item["organisation"]["slug"], item["role"]) for item in items
    } == FACT_TABLE


async def test_responsibilities_filter_by_topic(client: AsyncClient) -> None:
    items = (await client.get("/api/v1/responsibilities", params={"topic": "management"})).json()["items"]

    assert {(item["organisation"]["slug"], item["role"]) for item in items} == {
        ("mi", "formal"),
        ("nfv", "shared_lead"),
        ("lka-ni", "shared_lead"),
    }


async def test_responsibilities_filter_by_organisation(client: AsyncClient) -> None:
    items = (await client.get("/api/v1/responsibilities", params={"organisation": "nfv"})).json()["items"]

    assert {item["topic"]["slug"] for item in items} == {"management", "strategy", "information-management"}


async def test_a_region_filter_keeps_statewide_and_matching_regional_entries(
    client: AsyncClient, session: AsyncSession
) -> None:
    topic = await make_topic(session, slug="lokal")
    hannover = await make_organisation(session, slug="netz-hannover")
    celle = await make_organisation(session, slug="netz-celle")
    await make_responsibility(session, topic, hannover, region="03241")
    await make_responsibility(session, topic, celle, region="03351")

    items = (
        await client.get("/api/v1/responsibilities", params={"region": "03241001", "topic": "lokal"})
    ).json()
    statewide = (await client.get("/api/v1/responsibilities", params={"region": "03241001"})).json()

    assert [item["organisation"]["slug"] for item in items["items"]] == []
    assert "counselling" in {item["topic"]["slug"] for item in statewide["items"]}


async def test_responsibility_region_prefix_finds_regional_entries(
    client: AsyncClient, session: AsyncSession
) -> None:
    topic = await make_topic(session, slug="regional")
    hannover = await make_organisation(session, slug="netz-region-hannover")
    await make_responsibility(session, topic, hannover, region="03241001")

    items = (
        await client.get("/api/v1/responsibilities", params={"region": "03241", "topic": "regional"})
    ).json()

    assert [item["organisation"]["slug"] for item in items["items"]] == ["netz-region-hannover"]


async def test_responsibilities_page_with_a_cursor(client: AsyncClient) -> None:
    first = (await client.get("/api/v1/responsibilities", params={"limit": 4})).json()
    second = (
        await client.get("/api/v1/responsibilities", params={"limit": 200, "cursor": first["next_cursor"]})
    ).json()

    ids = [item["id"] for item in first["items"] + second["items"]]
    assert len(ids) == len(set(ids)) == len(FACT_TABLE)


async def test_topics_come_in_their_order_with_both_languages(client: AsyncClient) -> None:
    german = (await client.get("/api/v1/topics")).json()["items"]
    english = (await client.get("/api/v1/topics", params={"lang": "en"})).json()["items"]

    assert [topic["slug"] for topic in german] == [
        "management",
        "case-coordination",
        "strategy",
        "information-management",
        "local-networks",
        "exit-support",
        "counselling",
        "networking",
    ]
    assert german[0]["name"] != english[0]["name"]


async def test_the_network_has_every_organisation_and_relation_of_the_facts(client: AsyncClient) -> None:
    body = (await client.get("/api/v1/network")).json()

    assert {node["id"] for node in body["nodes"]} >= {"kip-ni", "kosti", "beraten", "aktion-neustart"}
    edges = {(edge["source"], edge["kind"], edge["target"]) for edge in body["edges"]}
    assert edges >= FACT_RELATIONS
    assert ("kosti", "part_of", "kip-ni") in edges or ("kosti", "integrated_in", "kip-ni") in edges
