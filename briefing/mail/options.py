"""One day's e-mail: the checked ``[email]`` settings, its subject, link and time zone.

The ``[email]`` table itself is checked when the settings are loaded
(:class:`~briefing.config.email.EmailSettings`); this only fills in what depends on
the briefing: the subject (its title and day) and the zone of the Date header.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from briefing.config.email import EmailSettings
from briefing.config.settings import Settings
from briefing.render.formats import long_date

__all__ = ["EmailOptions", "email_options"]


@dataclass(frozen=True, slots=True)
class EmailOptions:
    """Everything needed to compose the e-mail of one briefing."""

    email: EmailSettings
    subject: str
    briefing_url: str | None = None
    timezone: dt.tzinfo = dt.timezone.utc
    #: The day's page in the published archive (``site_url``), where permalinks point.
    page_url: str | None = None


def email_options(settings: Settings, day: dt.date, title: str | None = None) -> EmailOptions:
    """The e-mail of ``day`` under ``settings``; ``title`` defaults to the settings' title."""
    email = settings.email
    if email.lang is None:  # The e-mail speaks the briefing's language unless told.
        email = dataclasses.replace(email, lang=settings.lang)
    # Plain replacement, not str.format: a subject is text, never a format program.
    subject = email.subject.replace("{title}", title or settings.title)
    subject = subject.replace("{date}", long_date(day))
    page = f"{settings.site_url}briefing-{day.isoformat()}.html" if settings.site_url else None
    return EmailOptions(
        email=email,
        subject=" ".join(subject.split()),
        briefing_url=settings.briefing_url or page,
        timezone=settings.timezone or dt.timezone.utc,
        page_url=page,
    )
