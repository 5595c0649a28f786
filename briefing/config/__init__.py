"""Settings: defaults < ``briefing.toml`` < command-line flags, checked when loaded."""

from __future__ import annotations

from briefing.config.settings import CONFIG_FILE, FORMAT_ALIASES, Settings, load_settings

__all__ = ["CONFIG_FILE", "FORMAT_ALIASES", "Settings", "load_settings"]
