"""E-mail over SMTP: a multipart message (plain text and HTML) sent with aiosmtplib.

Host, port, TLS mode and credentials come from settings. Failures become
``DeliveryError`` with the SMTP reply code at most: a server's reply text often quotes
the recipient's address, which must not end up in the outbox or a log.
"""

from __future__ import annotations

import uuid
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

import aiosmtplib

from api.core.config import Settings
from api.core.db import utcnow
from api.notifications.errors import DeliveryError
from api.notifications.templates import RenderedMail


def message_id(settings: Settings, notification: uuid.UUID) -> str:
    """One Message-ID per outbox item, the same on every attempt: a mail that is sent again
    (a worker died after sending and before recording it) is recognisable as the same."""
    domain = parseaddr(settings.mail_from)[1].rpartition("@")[2] or "kipni.invalid"
    return f"<{notification}@{domain}>"


def compose(settings: Settings, *, to: str, mail: RenderedMail, notification: uuid.UUID) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = to
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = message_id(settings, notification)
    message["Content-Language"] = mail.language
    # Tells mail servers and auto-responders not to answer (RFC 3834).
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(mail.text)
    message.add_alternative(mail.html, subtype="html")
    return message


async def send(settings: Settings, message: EmailMessage) -> None:
    password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
    try:
        await aiosmtplib.send(
            message,
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_username or None,
            password=password if settings.smtp_username else None,
            use_tls=settings.smtp_tls == "tls",
            start_tls=settings.smtp_tls == "starttls",
            timeout=settings.smtp_timeout_seconds,
        )
    except aiosmtplib.SMTPResponseException as exc:
        raise DeliveryError(f"SMTP server answered {exc.code} ({type(exc).__name__})") from exc
    except (aiosmtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"SMTP delivery failed ({type(exc).__name__})") from exc
