"""The time zone setting: an IANA name, or ``UTC`` / ``Z``, resolved once at load."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from briefing.errors import ConfigError

__all__ = ["resolve_timezone"]


def resolve_timezone(name: str | None, setting: str = "timezone") -> dt.tzinfo:
    """The zone named (an IANA name such as ``Europe/Paris``); UTC for none, ``UTC`` or ``Z``.

    ``setting`` names where the value came from in the error message.
    """
    if not name or name.strip().upper() in ("UTC", "Z"):
        return dt.timezone.utc
    try:
        return zoneinfo.ZoneInfo(name.strip())
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"unknown time zone {name!r} ({setting}); use an IANA name such as "
            "'Europe/London' or 'America/New_York', or UTC"
        ) from None
