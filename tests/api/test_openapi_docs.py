"""The OpenAPI document and Swagger UI, served without any third-party host."""

from __future__ import annotations

import re

from httpx import AsyncClient


async def test_the_openapi_document_names_operations_by_tag(client: AsyncClient) -> None:
    schema = (await client.get("/api/v1/openapi.json")).json()

    operation = schema["paths"]["/api/v1/organisations/{slug}"]["get"]
    assert operation["operationId"] == "directory-get_organisation"
    assert operation["summary"]
    assert "application/problem+json" in operation["responses"]["404"]["content"]
    assert {tag["name"] for tag in schema["tags"]} >= {"directory", "operations"}


async def test_list_operations_document_paging_and_errors(client: AsyncClient) -> None:
    schema = (await client.get("/api/v1/openapi.json")).json()

    operation = schema["paths"]["/api/v1/organisations"]["get"]
    limit = next(parameter for parameter in operation["parameters"] if parameter["name"] == "limit")
    assert limit["schema"]["maximum"] == 200
    assert {"200", "304", "400", "422"} <= operation["responses"].keys()


async def test_swagger_ui_loads_only_local_assets(client: AsyncClient) -> None:
    page = await client.get("/api/docs")

    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources
    assert all(source.startswith("/api/docs/static/") for source in sources)
    assert "cdn" not in page.text.lower()
    assert "<script>" not in page.text
    for source in sources:
        assert (await client.get(source)).status_code == 200


async def test_swagger_ui_starts_with_the_versioned_schema(client: AsyncClient) -> None:
    page = await client.get("/api/docs")
    script = await client.get("/api/docs/static/swagger-init.js")

    assert 'data-openapi-url="/api/v1/openapi.json"' in page.text
    assert "validatorUrl: null" in script.text
