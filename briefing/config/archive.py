"""The ``[archive]`` table: the site rebuilt in the output folder on every build, checked at load.

The site itself is made by :mod:`briefing.render.site`; this module only checks the
table, so that loading the settings stays light.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from briefing.config.tables import table_items
from briefing.errors import ConfigError

__all__ = ["ArchiveSettings", "archive_settings"]


@dataclass(frozen=True, slots=True)
class ArchiveSettings:
    """The ``[archive]`` table of ``briefing.toml``; every field has its default here."""

    #: False: write the day's files only, no index, latest or feed.
    enabled: bool = True
    #: How many briefings the Atom feed carries, newest first.
    feed_entries: int = 30
    #: How many top stories each day shows on the index page.
    index_stories: int = 5
    #: True: a page per topic (``topic-SLUG.html``) listing its stories day by day.
    topic_pages: bool = False


_SWITCHES = frozenset({"enabled", "topic_pages"})
_KEYS = tuple(sorted(f.name for f in fields(ArchiveSettings)))


def archive_settings(table: object, origin: str = "[archive]") -> ArchiveSettings:
    """The ``[archive]`` table checked; ``origin`` names it in messages."""
    if isinstance(table, ArchiveSettings):
        return table
    values: dict[str, Any] = {}
    for key, value in table_items(table, _KEYS, origin):
        if key in _SWITCHES:
            if not isinstance(value, bool):
                raise ConfigError(f"{origin}: {key!r} must be true or false, not {value!r}")
        elif isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ConfigError(f"{origin}: {key!r} must be a whole number of at least 1")
        values[key] = value
    return replace(ArchiveSettings(), **values)
