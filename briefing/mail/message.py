"""The e-mail as a MIME message: ``multipart/alternative``, text first and HTML last.

Everything in it comes from the briefing, so the bytes are the same on every run: the
Date is the briefing's day at 06:00 (in the settings' time zone when set, else UTC),
and the Message-ID and MIME boundary are made from a hash of the content.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime

import jinja2

from briefing.config.settings import Settings
from briefing.mail.compose import EmailBodies, compose
from briefing.mail.options import EmailOptions, email_options
from briefing.models import Briefing

__all__ = ["SEND_TIME", "build_message", "email_message", "eml_bytes", "message_bytes", "preview"]

#: The time of day written in the Date header.
SEND_TIME = dt.time(6, 0)


def email_message(
    briefing: Briefing, settings: Settings, env: jinja2.Environment | None = None
) -> EmailMessage:
    """The e-mail of ``briefing``: what ``briefing send`` sends and ``-f eml`` writes."""
    options = email_options(settings, briefing.date, briefing.title)
    return build_message(briefing, options, compose(briefing, options, env))


def eml_bytes(
    briefing: Briefing, settings: Settings, env: jinja2.Environment | None = None
) -> bytes:
    """The ``.eml`` file of ``briefing``: the whole message, CRLF line endings."""
    return message_bytes(email_message(briefing, settings, env))


def build_message(briefing: Briefing, options: EmailOptions, bodies: EmailBodies) -> EmailMessage:
    """The message: headers from ``options``, the text part first, the HTML part last."""
    email = options.email
    digest = hashlib.sha256()
    for part in (options.subject, email.sender, *email.recipients, bodies.text, bodies.html):
        digest.update(part.encode("utf-8") + b"\x00")
    key = digest.hexdigest()
    message = EmailMessage(policy=policy.SMTP)
    message["Subject"] = options.subject
    message["From"] = email.sender
    if email.recipients:
        message["To"] = ", ".join(email.recipients)
    sent_at = dt.datetime.combine(briefing.date, SEND_TIME, tzinfo=options.timezone)
    message["Date"] = format_datetime(sent_at)
    message["Message-ID"] = f"<{briefing.date:%Y%m%d}.{key[:24]}@{email.domain}>"
    if email.list_unsubscribe:
        message["List-Unsubscribe"] = ", ".join(f"<{url}>" for url in email.list_unsubscribe)
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


def preview(message: EmailMessage) -> str:
    """The headers and the text part, as a reader would see them (for a dry run)."""
    lines = [f"{name}: {value}" for name, value in message.items()]
    body = message.get_body(("plain",))
    text = body.get_content() if isinstance(body, EmailMessage) else "(no text part)"
    return "\n".join(lines) + "\n\n" + str(text).rstrip() + "\n"
