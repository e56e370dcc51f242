"""Language negotiation for texts stored in German and English."""

from __future__ import annotations

from enum import StrEnum


class Language(StrEnum):
    de = "de"
    en = "en"


DEFAULT_LANGUAGE = Language.de


def negotiate(query_lang: Language | None, accept_language: str | None) -> Language:
    """``?lang=`` wins; otherwise the best of ``Accept-Language``; otherwise German."""
    if query_lang is not None:
        return query_lang
    if not accept_language:
        return DEFAULT_LANGUAGE
    best: tuple[float, Language] | None = None
    for position, part in enumerate(accept_language.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-", 1)[0]
        try:
            language = Language(primary)
        except ValueError:
            continue
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                continue
        if quality <= 0:
            continue
        candidate = (quality - position * 1e-6, language)
        if best is None or candidate[0] > best[0]:
            best = candidate
    return best[1] if best else DEFAULT_LANGUAGE


def pick(language: Language, german: str, english: str | None) -> str:
    """The text in ``language``; English falls back to German."""
    if language is Language.en and english:
        return english
    return german


def pick_optional(language: Language, german: str | None, english: str | None) -> str | None:
    if german is None:
        return None
    return pick(language, german, english)
