"""The ``[fetch]`` table: the limits that keep reading the web bounded, checked at load.

:func:`briefing.readers.web.web_options` turns these into the fetcher's options; this
module imports nothing of the readers, so loading the settings stays light.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from briefing.config.tables import table_items
from briefing.errors import ConfigError

__all__ = ["FetchSettings", "fetch_settings"]


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """The ``[fetch]`` table of ``briefing.toml``; every field has its default here."""

    timeout: float = 5.0
    deadline: float = 15.0
    retries: int = 2
    backoff: float = 0.5
    concurrency: int = 8
    per_host: int = 2
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    #: None: ``briefing/<version> (+<project url>)``.
    user_agent: str | None = None
    #: False: no conditional GET cache.
    cache: bool = True
    #: Every fetch of a run ends this many seconds after the first starts; what is cut is named.
    run_deadline: float = 120.0
    #: Teaser pages fetched per feed at most; the others are named as not fetched.
    max_pages: int = 50
    #: True: addresses found inside content may lead to loopback, private or link-local IPs.
    allow_private: bool = False
    #: Hosts (names, IPs or networks such as ``10.1.0.0/16``) that content may lead to.
    allow_hosts: tuple[str, ...] = ()


_COUNTS = frozenset(
    {"retries", "concurrency", "per_host", "max_bytes", "max_redirects", "max_pages"}
)
_SECONDS = frozenset({"timeout", "deadline", "backoff", "run_deadline"})
_SWITCHES = frozenset({"cache", "allow_private"})
_KEYS = tuple(sorted(f.name for f in fields(FetchSettings)))


def fetch_settings(table: object, origin: str = "[fetch]") -> FetchSettings:
    """The ``[fetch]`` table checked; ``origin`` names it in messages."""
    if isinstance(table, FetchSettings):
        return table
    values: dict[str, Any] = {
        key: _check(key, value, origin) for key, value in table_items(table, _KEYS, origin)
    }
    options = replace(FetchSettings(), **values)
    if min(options.concurrency, options.per_host, options.max_bytes, options.max_pages) < 1:
        raise ConfigError(
            f"{origin}: concurrency, per_host, max_bytes and max_pages must be at least 1"
        )
    if min(options.timeout, options.deadline, options.run_deadline) <= 0:
        raise ConfigError(f"{origin}: timeout, deadline and run_deadline must be above 0 seconds")
    return options


def _check(key: str, value: object, origin: str) -> object:
    if key in _SWITCHES:
        if not isinstance(value, bool):
            raise ConfigError(f"{origin}: {key!r} must be true or false")
        return value
    if key == "allow_hosts":
        return _hosts(value, origin)
    if key == "user_agent":
        if not isinstance(value, str) or not value.strip() or any(c in value for c in "\r\n"):
            raise ConfigError(f"{origin}: 'user_agent' must be a non-empty string on one line")
        return value
    if key in _COUNTS:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ConfigError(f"{origin}: {key!r} must be a whole number (0 or more)")
        return value
    assert key in _SECONDS
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ConfigError(f"{origin}: {key!r} must be a number of seconds")
    return float(value)


def _hosts(value: object, origin: str) -> tuple[str, ...]:
    """``allow_hosts``: host names, IPs or networks, each checked for its shape."""
    import ipaddress

    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise ConfigError(f"{origin}: 'allow_hosts' must be a list of host names, IPs or networks")
    hosts: list[str] = []
    for item in value:
        text = item.strip().lower() if isinstance(item, str) else ""
        is_network = "/" in text
        if is_network:
            try:
                ipaddress.ip_network(text, strict=False)
            except ValueError:
                is_network = False
        if not text or (not is_network and not all(c.isalnum() or c in ".-:[]_" for c in text)):
            raise ConfigError(
                f"{origin}: 'allow_hosts' entry {item!r} is not a host name, IP or network"
            )
        hosts.append(text)
    return tuple(hosts)
