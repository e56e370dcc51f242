"""E-mail texts in German and English, as plain text and HTML.

A template says what happened and where to look: a reference, a coarse status and a
link into the console. It never sees a personal field, because the outbox payload that
fills it holds none; every inserted value is escaped in the HTML version anyway.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from string import Template
from urllib.parse import quote

DEFAULT_LANGUAGE = "de"
FOOTER = {
    "de": "Diese Nachricht wurde automatisch erstellt. Sie enthält bewusst keine persönlichen Angaben; "
    "die Einzelheiten sehen Sie nach der Anmeldung.",
    "en": "This message was sent automatically. It deliberately contains no personal data; "
    "sign in to see the details.",
}
STATUS_LABELS = {
    "de": {
        "received": "eingegangen",
        "in_review": "in Prüfung",
        "in_progress": "in Bearbeitung",
        "closed": "abgeschlossen",
        "rejected": "abgelehnt",
        "withdrawn": "zurückgezogen",
    },
    "en": {
        "received": "received",
        "in_review": "in review",
        "in_progress": "in progress",
        "closed": "closed",
        "rejected": "rejected",
        "withdrawn": "withdrawn",
    },
}


class TemplateError(ValueError):
    """An unknown template, or a context that lacks one of its values."""


@dataclass(frozen=True)
class Text:
    subject: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class MailTemplate:
    # The console page, below the public base URL; None when the caller's context
    # carries an absolute ``link`` itself.
    link: str | None
    texts: dict[str, Text]
    # Delivered before everything else that is due (an acute referral).
    priority: bool = False


@dataclass(frozen=True)
class RenderedMail:
    language: str
    subject: str
    text: str
    html: str


_NEW_REFERRAL_DE = (
    "Guten Tag,",
    "bei der Fallkoordination ist eine neue Meldung eingegangen: $reference.",
    "Sie finden sie in der Konsole: $link",
)
_NEW_REFERRAL_EN = (
    "Hello,",
    "a new referral has reached case coordination: $reference.",
    "You find it in the console: $link",
)

TEMPLATES: dict[str, MailTemplate] = {
    "referral.received": MailTemplate(
        link="/konsole/meldungen/$referral_id",
        texts={
            "de": Text("Neue Meldung $reference", _NEW_REFERRAL_DE),
            "en": Text("New referral $reference", _NEW_REFERRAL_EN),
        },
    ),
    "referral.received_acute": MailTemplate(
        link="/konsole/meldungen/$referral_id",
        priority=True,
        texts={
            "de": Text(
                "[AKUT] Neue Meldung $reference: bitte sofort prüfen",
                (
                    *_NEW_REFERRAL_DE,
                    "Die meldende Stelle hat die Dringlichkeit „akut“ angegeben (Gefahr für Leib oder "
                    "Leben). Bitte prüfen Sie die Meldung sofort.",
                ),
            ),
            "en": Text(
                "[ACUTE] New referral $reference: please review now",
                (
                    *_NEW_REFERRAL_EN,
                    "The referring agency marked it as acute (danger to life or limb). "
                    "Please review it at once.",
                ),
            ),
        },
    ),
    "referral.status_changed": MailTemplate(
        link="/konsole/meldungen/$referral_id",
        texts={
            "de": Text(
                "Meldung $reference: $status_label",
                (
                    "Guten Tag,",
                    "der Status Ihrer Meldung $reference hat sich geändert; er lautet jetzt: $status_label.",
                    "Den Verlauf sehen Sie hier: $link",
                ),
            ),
            "en": Text(
                "Referral $reference: $status_label",
                (
                    "Hello,",
                    "the status of your referral $reference has changed; it is now: $status_label.",
                    "See its history here: $link",
                ),
            ),
        },
    ),
    "message.received": MailTemplate(
        link=None,
        texts={
            "de": Text(
                "Neue Nachrichten über das Kontaktformular",
                (
                    "Guten Tag,",
                    "über das Kontaktformular sind neue Nachrichten an Ihre Organisation eingegangen "
                    "(die erste mit der Eingangsnummer $receipt).",
                    "Sie finden sie in der Konsole: $link",
                ),
            ),
            "en": Text(
                "New messages through the contact form",
                (
                    "Hello,",
                    "new messages to your organisation have arrived through the contact form "
                    "(the first with receipt $receipt).",
                    "You find them in the console: $link",
                ),
            ),
        },
    ),
}

PRIORITY_TEMPLATES = frozenset(name for name, template in TEMPLATES.items() if template.priority)


def _values(template: MailTemplate, language: str, context: dict[str, str], base_url: str) -> dict[str, str]:
    """The context plus what every template may use: the status label and the link."""
    values = dict(context)
    if "status" in context:
        values["status_label"] = STATUS_LABELS[language].get(context["status"], context["status"])
    if template.link is not None:
        quoted = {key: quote(value, safe="") for key, value in context.items()}
        values["link"] = base_url.rstrip("/") + Template(template.link).substitute(quoted)
    return values


def render(name: str, language: str, context: dict[str, str], *, base_url: str) -> RenderedMail:
    """The mail for ``name`` in ``language`` (German when there is no such translation)."""
    try:
        template = TEMPLATES[name]
        language = language if language in template.texts else DEFAULT_LANGUAGE
        text = template.texts[language]
        values = _values(template, language, context, base_url)
        # One line whatever the values hold: a line break in a header would start a new one.
        subject = " ".join(Template(text.subject).substitute(values).split())
        paragraphs = [Template(paragraph).substitute(values) for paragraph in text.paragraphs]
    except KeyError as exc:
        raise TemplateError(f"template {name} cannot be filled: {exc}") from exc
    escaped = {key: html.escape(value) for key, value in values.items()}
    escaped["link"] = f'<a href="{escaped["link"]}">{escaped["link"]}</a>'
    html_paragraphs = [
        Template(html.escape(paragraph, quote=False)).substitute(escaped) for paragraph in text.paragraphs
    ]
    body = "".join(f"<p>{paragraph}</p>\n" for paragraph in [*html_paragraphs, html.escape(FOOTER[language])])
    return RenderedMail(
        language=language,
        subject=subject,
        text="\n\n".join([*paragraphs, FOOTER[language]]) + "\n",
        html=f'<!DOCTYPE html>\n<html lang="{language}"><body>\n{body}</body></html>\n',
    )
