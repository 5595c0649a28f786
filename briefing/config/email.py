"""The ``[email]`` table: who the e-mail is from and to, and how to reach the SMTP server.

Checked when the settings are loaded, so a bad address or port stops ``briefing send``
before any input is read. Credentials never live in the file: ``username_env`` and
``password_env`` name the environment variables that hold them, read only when sending.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from briefing.errors import ConfigError

__all__ = ["SECURITY", "EmailSettings", "email_settings", "mailbox", "mailboxes", "web_url"]

#: SMTP connection security and the default port of each.
SECURITY = {"starttls": 587, "ssl": 465, "none": 25}
_KEYS = (
    "from",
    "lang",
    "list_unsubscribe",
    "password_env",
    "smtp_host",
    "smtp_port",
    "smtp_security",
    "smtp_timeout",
    "stories_per_topic",
    "subject",
    "to",
    "username_env",
)
_SECRETS = frozenset({"password", "username", "user", "login", "smtp_password", "smtp_username"})
_LANG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SUBJECT = "{title} — {date}"
_FROM = "briefing@localhost"


@dataclass(frozen=True, slots=True)
class EmailSettings:
    """The ``[email]`` table of ``briefing.toml``, checked; every field has its default here."""

    #: ``{title}`` and ``{date}`` are filled in (plain replacement, never a format program).
    subject: str = _SUBJECT
    sender: str = _FROM
    recipients: tuple[str, ...] = ()
    list_unsubscribe: tuple[str, ...] = ()
    #: The e-mail's language tag (``de-AT``); None: the briefing's ``lang``.
    lang: str | None = None
    stories_per_topic: int = 5
    smtp_host: str = "localhost"
    #: None: the default port of ``smtp_security`` (see :data:`SECURITY`).
    smtp_port: int | None = None
    smtp_security: str = "starttls"
    smtp_timeout: float = 30.0
    username_env: str | None = None
    password_env: str | None = None

    @property
    def port(self) -> int:
        """The SMTP port: ``smtp_port``, or the default of the connection security."""
        return self.smtp_port or SECURITY.get(self.smtp_security, 587)

    @property
    def domain(self) -> str:
        """The sender's domain, used to make the Message-ID."""
        return self.sender.rpartition("@")[2].strip(">").lower() or "localhost"


def email_settings(table: object, origin: str = "[email]") -> EmailSettings:
    """The ``[email]`` table checked and filled with defaults; ``origin`` names it in messages."""
    if isinstance(table, EmailSettings):
        return table
    if not isinstance(table, Mapping):
        raise ConfigError(f"{origin} must be a table (keys: {', '.join(_KEYS)})")
    secret = sorted(set(table) & _SECRETS)
    if secret:
        raise ConfigError(
            f"{origin} {secret[0]!r}: never store credentials in briefing.toml; set "
            "'username_env' and 'password_env' to the names of environment variables"
        )
    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        raise ConfigError(f"{origin} unknown key {unknown[0]!r}; known: {', '.join(_KEYS)}")
    security = _text(table, "smtp_security", "starttls", origin).lower()
    if security not in SECURITY:
        raise ConfigError(f"{origin} 'smtp_security' must be one of {', '.join(SECURITY)}")
    lang = _text(table, "lang", "", origin) if "lang" in table else None
    if lang is not None and not _LANG.fullmatch(lang):
        raise ConfigError(f"{origin} 'lang' {lang!r} is not a language tag such as 'en' or 'en-GB'")
    return EmailSettings(
        subject=_text(table, "subject", _SUBJECT, origin),
        sender=mailbox(_text(table, "from", _FROM, origin), f"{origin} 'from'"),
        recipients=tuple(mailbox(a, f"{origin} 'to'") for a in _strings(table, "to", origin)),
        list_unsubscribe=tuple(
            _unsubscribe(u, origin) for u in _strings(table, "list_unsubscribe", origin)
        ),
        lang=lang,
        stories_per_topic=_whole(table, "stories_per_topic", 5, origin),
        smtp_host=_text(table, "smtp_host", "localhost", origin),
        smtp_port=_whole(table, "smtp_port", 0, origin) if "smtp_port" in table else None,
        smtp_security=security,
        smtp_timeout=float(_whole(table, "smtp_timeout", 30, origin)),
        username_env=_env_name(table, "username_env", origin),
        password_env=_env_name(table, "password_env", origin),
    )


def mailbox(value: str, setting: str) -> str:
    """One mailbox (``Name <user@example.org>`` or ``user@example.org``), checked."""
    if any(c in value for c in "\r\n\x00"):
        raise ConfigError(f"{setting} must be one line")
    # Imported here: the e-mail package costs a third of `briefing --help`'s start-up.
    from email.headerregistry import Address
    from email.utils import getaddresses

    parsed = getaddresses([value])
    if len(parsed) != 1 or "@" not in parsed[0][1]:
        raise ConfigError(f"{setting}: {value!r} is not one e-mail address")
    name, addr = parsed[0]
    try:
        local, _, domain = addr.rpartition("@")
        return str(Address(display_name=name, username=local, domain=domain))
    except (ValueError, IndexError) as error:
        raise ConfigError(f"{setting}: {value!r} is not an e-mail address ({error})") from None


def mailboxes(values: Iterable[str], setting: str) -> tuple[str, ...]:
    """Each of ``values`` as a checked mailbox (for ``--to``)."""
    return tuple(mailbox(value, setting) for value in values)


def web_url(value: str, schemes: frozenset[str] = frozenset({"http", "https"})) -> str | None:
    """``value`` when it is a safe absolute URL of one of ``schemes``, else None."""
    # The one definition of a safe URL lives with the escaping; imported here only when
    # a URL is set, so that loading the settings does not load Jinja2.
    from briefing.render.escape import safe_url

    return safe_url(value, schemes)


def _text(table: Mapping[str, Any], key: str, default: str, origin: str) -> str:
    value = table.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{origin} {key!r} must be a non-empty string")
    if any(c in value for c in "\r\n\x00"):
        raise ConfigError(f"{origin} {key!r} must be one line")
    return value.strip()


def _strings(table: Mapping[str, Any], key: str, origin: str) -> tuple[str, ...]:
    value = table.get(key, ())
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(v, str) for v in items):
        raise ConfigError(f"{origin} {key!r} must be a string or a list of strings")
    return tuple(_text({key: v}, key, "", origin) for v in items)


def _whole(table: Mapping[str, Any], key: str, default: int, origin: str) -> int:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"{origin} {key!r} must be a whole number of at least 1")
    return value


def _env_name(table: Mapping[str, Any], key: str, origin: str) -> str | None:
    if key not in table:
        return None
    name = _text(table, key, "", origin)
    if not _ENV_NAME.fullmatch(name):
        raise ConfigError(
            f"{origin} {key!r} must name an environment variable, e.g. BRIEFING_SMTP_USER"
        )
    return name


def _unsubscribe(value: str, origin: str) -> str:
    url = web_url(value, frozenset({"https", "http", "mailto"}))
    if url is None:
        raise ConfigError(f"{origin} 'list_unsubscribe': {value!r} is not an https or mailto URL")
    return url
