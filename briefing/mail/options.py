"""E-mail settings: the ``[email]`` table of ``briefing.toml``, checked once.

Credentials never live in the file: ``username_env`` and ``password_env`` name the
environment variables that hold them, and are read only when sending.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import getaddresses
from typing import Any

from briefing.config.settings import Settings
from briefing.errors import ConfigError
from briefing.render.escape import safe_url
from briefing.render.formats import long_date

__all__ = ["SECURITY", "EmailOptions", "email_options"]

#: SMTP connection security and the default port of each.
SECURITY = {"starttls": 587, "ssl": 465, "none": 25}
_KEYS = frozenset(
    {
        "subject",
        "from",
        "to",
        "list_unsubscribe",
        "lang",
        "stories_per_topic",
        "smtp_host",
        "smtp_port",
        "smtp_security",
        "smtp_timeout",
        "username_env",
        "password_env",
    }
)
_SECRETS = frozenset({"password", "username", "user", "login", "smtp_password", "smtp_username"})
_LANG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_DEFAULT_FROM = "briefing@localhost"


@dataclass(frozen=True, slots=True)
class EmailOptions:
    """Everything needed to compose and send the e-mail, validated."""

    subject: str
    sender: str
    recipients: tuple[str, ...] = ()
    list_unsubscribe: tuple[str, ...] = ()
    lang: str = "en"
    stories_per_topic: int = 5
    briefing_url: str | None = None
    timezone: str | None = None
    smtp_host: str = "localhost"
    smtp_port: int = 587
    smtp_security: str = "starttls"
    smtp_timeout: float = 30.0
    username_env: str | None = None
    password_env: str | None = None

    @property
    def domain(self) -> str:
        """The sender's domain, used to make the Message-ID."""
        return self.sender.rpartition("@")[2].strip(">").lower() or "localhost"


def email_options(settings: Settings, day: dt.date, title: str | None = None) -> EmailOptions:
    """The ``[email]`` table of ``settings`` checked and filled with defaults.

    ``day`` and ``title`` (default: the settings' title) fill the subject.
    """
    table: Mapping[str, Any] = settings.email or {}
    secret = sorted(set(table) & _SECRETS)
    if secret:
        raise ConfigError(
            f"[email] {secret[0]!r}: never store credentials in briefing.toml; set "
            "'username_env' and 'password_env' to the names of environment variables"
        )
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(f"[email] unknown key {unknown[0]!r}; known: {', '.join(sorted(_KEYS))}")
    security = _text(table, "smtp_security", "starttls").lower()
    if security not in SECURITY:
        raise ConfigError(f"[email] 'smtp_security' must be one of {', '.join(SECURITY)}")
    lang = _text(table, "lang", "en")
    if not _LANG.fullmatch(lang):
        raise ConfigError(f"[email] 'lang' {lang!r} is not a language tag such as 'en' or 'en-GB'")
    briefing_url = None
    if settings.briefing_url is not None:
        briefing_url = safe_url(settings.briefing_url, frozenset({"http", "https"}))
        if briefing_url is None:
            raise ConfigError(f"'briefing_url' {settings.briefing_url!r} is not an http(s) URL")
    return EmailOptions(
        subject=_subject(table, title or settings.title, day),
        sender=_address(_text(table, "from", _DEFAULT_FROM), "from"),
        recipients=tuple(_address(a, "to") for a in _strings(table, "to")),
        list_unsubscribe=tuple(_unsubscribe(u) for u in _strings(table, "list_unsubscribe")),
        lang=lang,
        stories_per_topic=_whole(table, "stories_per_topic", 5),
        briefing_url=briefing_url,
        timezone=settings.timezone,
        smtp_host=_text(table, "smtp_host", "localhost"),
        smtp_port=_whole(table, "smtp_port", SECURITY[security]),
        smtp_security=security,
        smtp_timeout=float(_whole(table, "smtp_timeout", 30)),
        username_env=_env_name(table, "username_env"),
        password_env=_env_name(table, "password_env"),
    )


def _subject(table: Mapping[str, Any], title: str, day: dt.date) -> str:
    template = _text(table, "subject", "{title} — {date}")
    # Plain replacement, not str.format: a subject is text, never a format program.
    subject = template.replace("{title}", title).replace("{date}", long_date(day))
    return " ".join(subject.split())


def _text(table: Mapping[str, Any], key: str, default: str) -> str:
    value = table.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"[email] {key!r} must be a non-empty string")
    if any(c in value for c in "\r\n\x00"):
        raise ConfigError(f"[email] {key!r} must be one line")
    return value.strip()


def _strings(table: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = table.get(key, ())
    items: Sequence[Any] = [value] if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(v, str) for v in items):
        raise ConfigError(f"[email] {key!r} must be a string or a list of strings")
    return tuple(_text({key: v}, key, "") for v in items)


def _whole(table: Mapping[str, Any], key: str, default: int) -> int:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"[email] {key!r} must be a whole number of at least 1")
    return value


def _env_name(table: Mapping[str, Any], key: str) -> str | None:
    if key not in table:
        return None
    name = _text(table, key, "")
    if not _ENV_NAME.fullmatch(name):
        raise ConfigError(f"[email] {key!r} must name an environment variable, e.g. BRIEFING_SMTP")
    return name


def _address(value: str, key: str) -> str:
    """One mailbox (``Name <user@example.org>`` or ``user@example.org``), checked."""
    parsed = getaddresses([value])
    if len(parsed) != 1 or "@" not in parsed[0][1]:
        raise ConfigError(f"[email] {key!r}: {value!r} is not one e-mail address")
    name, addr = parsed[0]
    try:
        local, _, domain = addr.rpartition("@")
        return str(Address(display_name=name, username=local, domain=domain))
    except (ValueError, IndexError) as error:
        raise ConfigError(
            f"[email] {key!r}: {value!r} is not an e-mail address ({error})"
        ) from None


def _unsubscribe(value: str) -> str:
    url = safe_url(value, frozenset({"https", "http", "mailto"}))
    if url is None:
        raise ConfigError(f"[email] 'list_unsubscribe': {value!r} is not an https or mailto URL")
    return url
