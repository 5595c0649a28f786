"""``briefing build``: the day's briefing, written in every format asked for."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from briefing.cli.common import CONTEXT, Command, day_of, parse_day, reports_errors
from briefing.cli.options import build_options
from briefing.config.settings import load_settings

if TYPE_CHECKING:
    from briefing.models import Briefing

__all__ = ["build_command", "notifier", "report_skipped"]


@click.command("build", cls=Command, context_settings=CONTEXT)
@build_options
@click.option(
    "--since",
    metavar="YYYY-MM-DD",
    callback=parse_day,
    help="Also build every day from this one to --date that is not in the output folder yet.",
)
@reports_errors
def build_command(
    inputs: tuple[str, ...], day: Any, config: str | None, since: Any, **flags: Any
) -> None:
    """Build the briefing for one day from files, folders, - (standard input) or URLs.

    Web addresses may be feeds (RSS, Atom, JSON Feed) or article pages; OPML files list
    feeds. Every setting is checked before any input is read: a bad one exits with
    code 2, a build that finds nothing usable with code 1. The archive in the output
    folder (index.html, latest.html, latest.md, feed.xml) is rebuilt after every build;
    the history and the web cache live in the state folder, never in the output.

    \b
    Examples:
      briefing build articles/ --date 2025-04-04
      briefing build articles/ feeds.jsonl --format markdown --format json --out site/
      briefing build https://example.org/feed.xml feeds.opml --date today --timezone Europe/Paris
      cat day.jsonl | briefing build - --date today
      briefing build articles/ --since 2025-04-01 --date 2025-04-04
    """
    settings = load_settings(config, inputs=inputs or None, **flags)
    from briefing.pipeline import build_briefing, build_since

    notify = notifier(settings.quiet)
    date = day_of(day, settings.timezone)
    start = day_of(since, settings.timezone)
    if start is not None:
        results = build_since(settings, start, date, notify=notify)
    else:
        results = (build_briefing(settings, date, notify=notify),)
    for result in results:
        report_skipped(result.briefing)
        if not settings.quiet:
            for path in (*result.files, *result.site):
                click.echo(f"wrote {path}")
            click.echo(counts(result.briefing))


def notifier(quiet: bool) -> Callable[[str], None] | None:
    """Where a build says what it did to its state (standard error), unless ``quiet``."""
    if quiet:
        return None

    def notify(message: str) -> None:
        click.echo(f"briefing: {message}", err=True)

    return notify


def report_skipped(briefing: Briefing) -> None:
    """Each skipped input on standard error, with its reason."""
    for item in briefing.skipped:
        click.echo(f"skipped {item.input}: {item.reason}", err=True)


def counts(briefing: Briefing) -> str:
    """The one line of counts a build ends with."""
    from briefing.render.formats import plural

    return (
        f"{plural(briefing.article_count, 'article')} for {briefing.date.isoformat()} "
        f"({briefing.articles_read} read, "
        f"{f'{briefing.other_days} on other days, ' if briefing.other_days else ''}"
        f"{len(briefing.skipped)} skipped), "
        f"{plural(len(briefing.stories), 'story')}, "
        f"{plural(len(briefing.sections), 'topic')}"
    )
