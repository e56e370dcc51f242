"""A method a path does not serve is 405, and ``Allow`` names every method it does serve."""

from __future__ import annotations

from httpx import AsyncClient


async def test_a_405_names_every_method_of_the_path_in_allow(client: AsyncClient) -> None:
    response = await client.request("OPTIONS", "/api/v1/organisations")

    assert response.status_code == 405
    assert response.headers["content-type"] == "application/problem+json"
    assert {method.strip() for method in response.headers["allow"].split(",")} == {"GET", "POST"}
