"""What every ``briefing`` command shares: click's settings, error reporting, the day.

Its own module, importing nothing of :mod:`briefing.cli`, so that commands kept in
modules of their own (``briefing send``) use the same pieces the CLI registers them with.
"""

from __future__ import annotations

import datetime as dt
import gc
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from briefing.errors import BriefingError

__all__ = ["CONTEXT", "parse_day", "reports_errors"]

F = TypeVar("F", bound=Callable[..., Any])
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _fail(error: BriefingError) -> None:
    click.echo(f"briefing: error: {error}", err=True)
    sys.exit(1)


def reports_errors(command: F) -> F:
    """Turn our exceptions into one line on stderr and exit code 1."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from briefing.text.nltk_loader import import_nltk_without_scipy

        import_nltk_without_scipy()
        # A command is one short batch run whose data (frozen values, strings, arrays)
        # makes next to no reference cycles (a 4,000-article build leaves 61 objects to
        # the collector), so its passes over hundreds of thousands of live objects cost
        # about 5% of a build for nothing. Reference counting still frees memory, and
        # the collector is back on when the command returns.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return command(*args, **kwargs)
        except BriefingError as error:
            _fail(error)
        finally:
            if collecting:
                gc.enable()

    wrapper.__name__ = command.__name__
    wrapper.__doc__ = command.__doc__
    return wrapper  # type: ignore[return-value]


def parse_day(value: str | None, zone: dt.tzinfo | None = None) -> dt.date | None:
    """``YYYY-MM-DD`` or ``today`` (in ``zone``); the clock is read here, never in the library."""
    if value is None:
        return None
    if value.lower() == "today":
        return dt.datetime.now(zone).date() if zone is not None else dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD or 'today')") from None
