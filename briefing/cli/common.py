"""What every ``briefing`` command shares: click's settings, one-line errors, the day.

Exit codes: 0 done; 1 for our errors (:class:`~briefing.errors.BriefingError`: an input,
a template, the history, sending); 2 for wrong arguments and bad settings
(:class:`~briefing.errors.ConfigError`); 3 when ``briefing send`` sent nothing because
the day already went to its recipients (:class:`~briefing.errors.AlreadySent`).
Every error is one line on standard error, ``briefing: error: ...``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import sys
from collections.abc import Callable, Iterator
from typing import IO, Any, TypeVar

import click

from briefing.errors import AlreadySent, BriefingError, ConfigError

__all__ = [
    "CONTEXT",
    "Command",
    "Group",
    "day_of",
    "fail",
    "parse_day",
    "reports_errors",
]

F = TypeVar("F", bound=Callable[..., Any])
CONTEXT: dict[str, Any] = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
#: click >= 8.2 raises this for a bare ``briefing``; it shows the help, not an error.
_SHOWS_HELP: tuple[type[Exception], ...] = tuple(
    getattr(click.exceptions, name)
    for name in ("NoArgsIsHelpError",)
    if hasattr(click.exceptions, name)
)


def fail(message: str, code: int) -> None:
    """Print ``briefing: error: MESSAGE`` and exit with ``code``."""
    click.echo(f"briefing: error: {message}", err=True)
    sys.exit(code)


class _OneLineUsageError(click.UsageError):
    """A wrong argument as one line, pointing to the command's help."""

    def show(self, file: IO[Any] | None = None) -> None:
        where = self.ctx.command_path if self.ctx is not None else "briefing"
        click.echo(f"briefing: error: {self.format_message()} (see '{where} -h')", err=True)


@contextlib.contextmanager
def _one_line() -> Iterator[None]:
    try:
        yield
    except _SHOWS_HELP:
        raise
    except click.UsageError as error:
        if isinstance(error, _OneLineUsageError):
            raise
        raise _OneLineUsageError(error.format_message(), error.ctx) from None


class Command(click.Command):
    """A command whose wrong arguments are reported in one line (exit code 2)."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        with _one_line():
            return super().make_context(info_name, args, parent, **extra)


class Group(Command, click.Group):
    """The ``briefing`` group: an unknown command is one line too (exit code 2)."""

    command_class = Command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        with _one_line():
            return super().resolve_command(ctx, args)


def reports_errors(command: F) -> F:
    """Turn our exceptions into one line on stderr: exit code 2 for bad settings, else 1."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from briefing.text.nltk_loader import in_the_command

        in_the_command()
        # A command is one short batch run whose data (frozen values, strings, arrays)
        # makes next to no reference cycles (a 4,000-article build leaves 61 objects to
        # the collector), so its passes over hundreds of thousands of live objects cost
        # about 5% of a build for nothing. Reference counting still frees memory, and
        # the collector is back on when the command returns.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return command(*args, **kwargs)
        except ConfigError as error:
            fail(str(error), 2)
        except AlreadySent as error:
            fail(str(error), 3)
        except BriefingError as error:
            # Nothing usable: every input skipped on the way, and why, before the error.
            for item in getattr(error, "skipped", ()):
                click.echo(f"skipped {item.input}: {item.reason}", err=True)
            fail(str(error), 1)
        finally:
            if collecting:
                gc.enable()

    wrapper.__name__ = command.__name__
    wrapper.__doc__ = command.__doc__
    return wrapper  # type: ignore[return-value]


def parse_day(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    """``--date``: ``YYYY-MM-DD``, or ``today`` (kept as the word: its date needs the zone)."""
    if value is None:
        return None
    if value.strip().lower() == "today":
        return "today"
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD or 'today')") from None


def day_of(value: dt.date | str | None, zone: dt.tzinfo | None) -> dt.date | None:
    """The day a ``--date`` value names; ``today`` is read from the clock here, in ``zone``
    (the computer's own day when None), never in the library."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.datetime.now(zone).date() if zone is not None else dt.date.today()
