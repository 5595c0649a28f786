"""Settings: defaults < ``briefing.toml`` < command-line flags, every one checked at load.

Light to import (no third-party library), so that every command can check its settings
before it reads or fetches anything.
"""

from __future__ import annotations

from briefing.config.archive import ArchiveSettings
from briefing.config.email import EmailSettings
from briefing.config.fetch import FetchSettings
from briefing.config.settings import (
    CONFIG_FILE,
    FORMAT_ALIASES,
    INPUT_FORMATS,
    Settings,
    load_settings,
)
from briefing.config.timezone import resolve_timezone

__all__ = [
    "CONFIG_FILE",
    "FORMAT_ALIASES",
    "INPUT_FORMATS",
    "ArchiveSettings",
    "EmailSettings",
    "FetchSettings",
    "Settings",
    "load_settings",
    "resolve_timezone",
]
