"""What the public pages must state, derived from the settings and the code's own rules,
so that a changed retention period or throttle shows on the privacy page at once."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from sqlalchemy.ext.asyncio import AsyncSession

from api.core.config import Settings
from api.directory import service as directory
from api.messages import service as messages
from api.notifications import service as notifications
from api.site import media
from api.site.schemas import (
    LegalOut,
    OperatorOut,
    RequiredSetting,
    RetentionOut,
    SignLanguageVideo,
    ThrottleOut,
    ThrottlesOut,
)
from api.throttle import service as throttle

MEDIA_PATH = "/media/sign-language"

# The public pages of the SPA (frontend/src/i18n/routes.ts): German path, English twin.
PUBLIC_PAGES: tuple[tuple[str, str], ...] = (
    ("/", "/en/"),
    ("/organisationen", "/en/organisations"),
    ("/zustaendigkeiten", "/en/responsibilities"),
    ("/netzwerk", "/en/network"),
    ("/kontakt/kip-ni", "/en/contact/kip-ni"),
    ("/impressum", "/en/legal-notice"),
    ("/datenschutz", "/en/privacy"),
    ("/barrierefreiheit", "/en/accessibility"),
)
# Leichte Sprache and Gebärdensprache exist in German only.
GERMAN_ONLY_PAGES: tuple[str, ...] = ("/leichte-sprache", "/gebaerdensprache")
ORGANISATION_PAGE = ("/organisationen/{slug}", "/en/organisations/{slug}")
# Never for search engines: the signed-in parts of the SPA and the API.
NOT_FOR_CRAWLERS: tuple[str, ...] = (
    "/api/",
    "/media/",
    "/anmelden",
    "/portal",
    "/konsole",
    "/konto",
    "/en/sign-in",
    "/en/portal",
    "/en/console",
    "/en/account",
)


def _given(value: str) -> str | None:
    return value.strip() or None


def legal(settings: Settings) -> LegalOut:
    operator = OperatorOut(
        responsible_person=_given(settings.site_responsible_person),
        vat_id=_given(settings.site_vat_id),
        data_protection_officer=_given(settings.site_data_protection_officer),
        supervisory_authority=_given(settings.site_supervisory_authority),
        arbitration_body=_given(settings.site_arbitration_body),
    )
    required: tuple[RequiredSetting, ...] = (
        "responsible_person",
        "data_protection_officer",
        "supervisory_authority",
        "arbitration_body",
    )
    return LegalOut(
        operator=operator,
        missing=[name for name in required if getattr(operator, name) is None],
        retention=RetentionOut(
            message_days=settings.message_retention_days,
            referral_days=settings.retention_days,
            idempotency_hours=settings.idempotency_hours,
            finished_notifications_days=notifications.FINISHED_ITEMS_KEPT.days,
            refresh_token_days=settings.refresh_token_days,
            access_token_minutes=settings.access_token_minutes,
        ),
        throttles=ThrottlesOut(
            sign_in=ThrottleOut(
                max_attempts=settings.login_max_failures, window_seconds=settings.login_window_seconds
            ),
            contact_form=ThrottleOut(
                max_attempts=messages.MESSAGES_PER_WINDOW,
                window_seconds=int(messages.RATE_WINDOW.total_seconds()),
            ),
            counters_kept_seconds=int(throttle.counters_kept(settings.login_window_seconds).total_seconds()),
        ),
        sign_language_videos=sign_language_videos(settings.sign_language_dir),
    )


def sign_language_videos(folder: Path | None) -> list[SignLanguageVideo]:
    return [
        SignLanguageVideo(
            title=video.title,
            video_url=f"{MEDIA_PATH}/{video.name}",
            media_type=video.media_type,
            captions_url=f"{MEDIA_PATH}/{video.captions}" if video.captions else None,
        )
        for video in media.videos(folder)
    ]


def _url(base: str, german: str, english: str | None, lastmod: datetime | None) -> list[str]:
    """One ``<url>`` per language, each naming every language version (hreflang pairs)."""
    versions = [("de", german)] + ([("en", english)] if english else [])
    alternates = [
        f'    <xhtml:link rel="alternate" hreflang="{lang}" href={quoteattr(base + path)}/>'
        for lang, path in [*versions, ("x-default", german)]
    ]
    entries = []
    for _lang, path in versions:
        entries.append("  <url>")
        entries.append(f"    <loc>{escape(base + path)}</loc>")
        if lastmod is not None:
            entries.append(f"    <lastmod>{lastmod.date().isoformat()}</lastmod>")
        entries.extend(alternates)
        entries.append("  </url>")
    return entries


async def sitemap(session: AsyncSession, base_url: str) -> bytes:
    """Every public page and every organisation of the directory, in both languages."""
    base = base_url.rstrip("/")
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for german, english in PUBLIC_PAGES:
        lines.extend(_url(base, german, english, None))
    for german_only in GERMAN_ONLY_PAGES:
        lines.extend(_url(base, german_only, None, None))
    german_page, english_page = ORGANISATION_PAGE
    for slug, updated_at in await directory.organisation_slugs(session):
        lines.extend(_url(base, german_page.format(slug=slug), english_page.format(slug=slug), updated_at))
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode()


def robots(base_url: str) -> str:
    rules = "\n".join(f"Disallow: {path}" for path in NOT_FOR_CRAWLERS)
    return f"User-agent: *\n{rules}\nAllow: /\n\nSitemap: {base_url.rstrip('/')}/sitemap.xml\n"
