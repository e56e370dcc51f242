"""The site's own duties: the legal data behind the pages, sitemap.xml, robots.txt and the
sign-language media, each public and cacheable."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from httpx import ASGITransport, AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.config import Settings
from api.core.db import Database
from api.directory.models import Organisation
from api.main import create_app

LEGAL = "/api/v1/site/legal"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
BASE = "https://kipni.example"


@pytest.fixture
async def configure(settings: Settings, database: Database) -> AsyncIterator[Any]:
    """A client factory for an app whose settings differ from the defaults."""
    clients: list[AsyncClient] = []

    def make(**changes: Any) -> AsyncClient:
        app = create_app(settings.model_copy(update=changes), database)
        client = AsyncClient(transport=ASGITransport(app=app), base_url="http://testserver")
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()


async def test_the_legal_data_names_the_empty_required_settings(client: AsyncClient) -> None:
    body = (await client.get(LEGAL)).json()

    assert body["operator"]["responsible_person"] is None
    assert body["operator"]["vat_id"] is None
    assert body["missing"] == ["responsible_person", "data_protection_officer"]
    assert "Landesbeauftragte für den Datenschutz Niedersachsen" in body["operator"]["supervisory_authority"]


async def test_configured_operator_data_is_shown_and_no_longer_missing(configure: Any) -> None:
    client = configure(
        site_responsible_person="Dr. Erika Beispiel",
        site_vat_id="DE123456789",
        site_data_protection_officer="Datenschutzbeauftragte, Am Waterlooplatz 11, 30169 Hannover",
        site_supervisory_authority="  ",
    )

    body = (await client.get(LEGAL)).json()

    assert body["operator"]["responsible_person"] == "Dr. Erika Beispiel"
    assert body["operator"]["vat_id"] == "DE123456789"
    assert body["operator"]["supervisory_authority"] is None
    assert body["missing"] == ["supervisory_authority"]


async def test_the_retention_periods_and_throttles_follow_the_settings(configure: Any) -> None:
    client = configure(
        message_retention_days=30, retention_days=400, login_max_failures=7, login_window_seconds=600
    )

    body = (await client.get(LEGAL)).json()

    assert body["retention"]["message_days"] == 30
    assert body["retention"]["referral_days"] == 400
    assert body["throttles"]["sign_in"] == {"max_attempts": 7, "window_seconds": 600}
    assert body["throttles"]["contact_form"] == {"max_attempts": 5, "window_seconds": 600}
    assert body["throttles"]["counters_kept_seconds"] == 3600


async def test_the_legal_data_is_public_and_revalidates(client: AsyncClient) -> None:
    first = await client.get(LEGAL)
    again = await client.get(LEGAL, headers={"If-None-Match": first.headers["etag"]})

    assert first.headers["cache-control"] == "public, max-age=60"
    assert first.headers["access-control-allow-origin"] == "*"
    assert again.status_code == 304


def _sitemap_entries(xml: str) -> dict[str, dict[str, str]]:
    root = ET.fromstring(xml)
    entries = {}
    for url in root.findall("s:url", NS):
        loc = url.findtext("s:loc", namespaces=NS) or ""
        entries[loc.removeprefix(BASE)] = {
            link.attrib["hreflang"]: link.attrib["href"].removeprefix(BASE)
            for link in url.findall("x:link", NS)
        }
    return entries


async def test_the_sitemap_lists_every_organisation_in_both_languages_with_hreflang_pairs(
    client: AsyncClient, session: AsyncSession
) -> None:
    response = await client.get("/sitemap.xml")
    entries = _sitemap_entries(response.text)
    slugs = (await session.scalars(select(Organisation.slug))).all()

    assert response.headers["content-type"].startswith("application/xml")
    assert len(slugs) >= 11
    for slug in slugs:
        pair = {
            "de": f"/organisationen/{slug}",
            "en": f"/en/organisations/{slug}",
            "x-default": f"/organisationen/{slug}",
        }
        assert entries[f"/organisationen/{slug}"] == pair
        assert entries[f"/en/organisations/{slug}"] == pair


async def test_the_sitemap_lists_the_public_pages_and_the_german_only_ones(client: AsyncClient) -> None:
    entries = _sitemap_entries((await client.get("/sitemap.xml")).text)

    for german, english in [
        ("/impressum", "/en/legal-notice"),
        ("/datenschutz", "/en/privacy"),
        ("/", "/en/"),
    ]:
        assert entries[german]["en"] == english
        assert entries[english]["de"] == german
    assert entries["/barrierefreiheit"]["en"] == "/en/accessibility"
    assert entries["/leichte-sprache"] == {"de": "/leichte-sprache", "x-default": "/leichte-sprache"}
    assert "/gebaerdensprache" in entries
    assert not any(path.startswith(("/konsole", "/portal", "/api")) for path in entries)


async def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_the_signed_in_parts(
    client: AsyncClient,
) -> None:
    response = await client.get("/robots.txt")

    assert response.headers["content-type"].startswith("text/plain")
    assert f"Sitemap: {BASE}/sitemap.xml" in response.text
    assert "Disallow: /konsole" in response.text
    assert "Disallow: /api/" in response.text


@pytest.fixture
def video_folder(tmp_path: Path) -> Path:
    (tmp_path / "01-was-die-kip-ni-ist.webm").write_bytes(b"\x1aE\xdf\xa3 video")
    (tmp_path / "01-was-die-kip-ni-ist.vtt").write_text(
        "WEBVTT Was die KIP NI ist\n\n00:00.000 --> 00:04.000\nDie KIP NI hilft.\n", encoding="utf-8"
    )
    (tmp_path / "02-nachricht-schreiben.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42")
    (tmp_path / "notes.txt").write_text("not served", encoding="utf-8")
    return tmp_path


async def test_without_a_video_folder_no_sign_language_video_is_listed(client: AsyncClient) -> None:
    assert (await client.get(LEGAL)).json()["sign_language_videos"] == []


async def test_the_videos_of_the_folder_are_listed_with_their_captions(
    configure: Any, video_folder: Path
) -> None:
    client = configure(sign_language_dir=video_folder)

    videos = (await client.get(LEGAL)).json()["sign_language_videos"]

    assert videos == [
        {
            "title": "Was die KIP NI ist",
            "video_url": "/media/sign-language/01-was-die-kip-ni-ist.webm",
            "media_type": "video/webm",
            "captions_url": "/media/sign-language/01-was-die-kip-ni-ist.vtt",
        },
        {
            "title": "nachricht schreiben",
            "video_url": "/media/sign-language/02-nachricht-schreiben.mp4",
            "media_type": "video/mp4",
            "captions_url": None,
        },
    ]


async def test_the_service_serves_the_videos_and_captions_itself(configure: Any, video_folder: Path) -> None:
    client = configure(sign_language_dir=video_folder)

    video = await client.get("/media/sign-language/01-was-die-kip-ni-ist.webm")
    captions = await client.get("/media/sign-language/01-was-die-kip-ni-ist.vtt")

    assert video.status_code == 200
    assert video.headers["content-type"] == "video/webm"
    assert video.content == b"\x1aE\xdf\xa3 video"
    assert captions.headers["content-type"] == "text/vtt; charset=utf-8"
    assert captions.text.startswith("WEBVTT")


@pytest.mark.parametrize("name", ["notes.txt", "missing.webm", "..%2Fsecret.webm", ".hidden.vtt"])
async def test_other_files_are_not_found(configure: Any, video_folder: Path, name: str) -> None:
    client = configure(sign_language_dir=video_folder)

    response = await client.get(f"/media/sign-language/{name}")

    assert response.status_code in (404, 422)
    assert response.headers["content-type"] == "application/problem+json"
