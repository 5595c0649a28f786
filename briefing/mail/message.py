"""The e-mail as a MIME message: ``multipart/alternative``, text first and HTML last.

Everything in it comes from the briefing, so the bytes are the same on every run: the
Date is the briefing's day at 06:00 (in ``timezone`` when set, else UTC), and the
Message-ID and MIME boundary are made from a hash of the content.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime

import jinja2

from briefing.config.settings import Settings
from briefing.errors import ConfigError
from briefing.mail.compose import EmailBodies, compose
from briefing.mail.options import EmailOptions, email_options
from briefing.models import Briefing

__all__ = ["SEND_TIME", "build_message", "eml_bytes", "message_bytes"]

#: The time of day written in the Date header.
SEND_TIME = dt.time(6, 0)


def eml_bytes(
    briefing: Briefing, settings: Settings, env: jinja2.Environment | None = None
) -> bytes:
    """The ``.eml`` file of ``briefing``: the whole message, CRLF line endings."""
    options = email_options(settings, briefing.date, briefing.title)
    return message_bytes(build_message(briefing, options, compose(briefing, options, env)))


def build_message(briefing: Briefing, options: EmailOptions, bodies: EmailBodies) -> EmailMessage:
    """The message: headers from ``options``, the text part first, the HTML part last."""
    digest = hashlib.sha256()
    for part in (options.subject, options.sender, *options.recipients, bodies.text, bodies.html):
        digest.update(part.encode("utf-8") + b"\x00")
    key = digest.hexdigest()
    message = EmailMessage(policy=policy.SMTP)
    message["Subject"] = options.subject
    message["From"] = options.sender
    if options.recipients:
        message["To"] = ", ".join(options.recipients)
    message["Date"] = format_datetime(_sent_at(briefing.date, options.timezone))
    message["Message-ID"] = f"<{briefing.date:%Y%m%d}.{key[:24]}@{options.domain}>"
    if options.list_unsubscribe:
        message["List-Unsubscribe"] = ", ".join(f"<{url}>" for url in options.list_unsubscribe)
    # Quoted-printable keeps every line short (SMTP's limit is 998) and never contains
    # "=_", so the boundary below can never occur in a body.
    message.set_content(bodies.text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(bodies.html, subtype="html", charset="utf-8", cte="quoted-printable")
    message.set_boundary(f"=_briefing_{key[24:48]}")
    for child in message.iter_parts():
        del child["MIME-Version"]  # the policy repeats it in each part; once at the top is enough
    return message


def message_bytes(message: EmailMessage) -> bytes:
    """``message`` as it goes on the wire and into the ``.eml`` file."""
    return message.as_bytes(policy=policy.SMTP)


def _sent_at(day: dt.date, timezone: str | None) -> dt.datetime:
    zone: dt.tzinfo = dt.timezone.utc
    if timezone:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            zone = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(
                f"'timezone' {timezone!r} is not a known time zone (e.g. Europe/London)"
            ) from None
    return dt.datetime.combine(day, SEND_TIME, tzinfo=zone)
