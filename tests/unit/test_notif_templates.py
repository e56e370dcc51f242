"""E-mail templates: both languages, escaped HTML, one-line subjects."""

from __future__ import annotations

import pytest

from api.notifications.templates import TEMPLATES, TemplateError, render

BASE = "https://kipni.example"
REFERRAL = {"referral_id": "6f1c0b5e-0000-4000-8000-000000000001", "reference": "KIP-2026-000123"}


@pytest.mark.parametrize("name", sorted(TEMPLATES))
@pytest.mark.parametrize("language", ["de", "en"])
def test_every_template_exists_in_german_and_english(name: str, language: str) -> None:
    assert language in TEMPLATES[name].texts


def test_a_status_change_names_the_status_in_the_readers_language() -> None:
    context = {**REFERRAL, "status": "in_review"}

    german = render("referral.status_changed", "de", context, base_url=BASE)
    english = render("referral.status_changed", "en", context, base_url=BASE)

    assert "in Prüfung" in german.text
    assert "in review" in english.text
    assert f"{BASE}/konsole/meldungen/{REFERRAL['referral_id']}" in english.text
    assert english.subject == "Referral KIP-2026-000123: in review"


def test_an_unknown_language_falls_back_to_german() -> None:
    mail = render("referral.received", "fr", REFERRAL, base_url=BASE)

    assert mail.language == "de"
    assert mail.subject == "Neue Meldung KIP-2026-000123"


def test_inserted_values_are_escaped_in_html_and_kept_on_one_line_in_the_subject() -> None:
    context = {"referral_id": "x", "reference": '<script>alert("x")</script>\nBcc: someone@example.org'}

    mail = render("referral.received", "en", context, base_url=BASE)

    assert "<script>" not in mail.html
    assert "&lt;script&gt;" in mail.html
    assert "\n" not in mail.subject


def test_the_message_template_uses_the_link_its_caller_passes() -> None:
    link = "https://kipni.example/konsole/nachrichten/1"

    mail = render(
        "message.received", "de", {"receipt": "1a2b3c4d", "organisation": "mk", "link": link}, base_url=BASE
    )

    assert link in mail.text
    assert f'<a href="{link}">' in mail.html


def test_a_missing_value_is_a_template_error() -> None:
    with pytest.raises(TemplateError):
        render("referral.status_changed", "de", REFERRAL, base_url=BASE)
