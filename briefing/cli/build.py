"""``briefing build``: the day's briefing, written in every format asked for."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from briefing.cli.common import CONTEXT, Command, day_of, reports_errors
from briefing.cli.options import build_options
from briefing.config.settings import load_settings

if TYPE_CHECKING:
    from briefing.models import Briefing

__all__ = ["build_command", "report_skipped"]


@click.command("build", cls=Command, context_settings=CONTEXT)
@build_options
@reports_errors
def build_command(inputs: tuple[str, ...], day: Any, config: str | None, **flags: Any) -> None:
    """Build the briefing for one day from files, folders, - (standard input) or URLs.

    Web addresses may be feeds (RSS, Atom, JSON Feed) or article pages; OPML files list
    feeds. Every setting is checked before any input is read: a bad one exits with
    code 2, a build that finds nothing usable with code 1.

    \b
    Examples:
      briefing build articles/ --date 2025-04-04
      briefing build articles/ feeds.jsonl --format markdown --format json --out site/
      briefing build https://example.org/feed.xml feeds.opml --date today --timezone Europe/Paris
      cat day.jsonl | briefing build - --date today
    """
    settings = load_settings(config, inputs=inputs or None, **flags)
    from briefing.pipeline import build_briefing

    result = build_briefing(settings, day_of(day, settings.timezone))
    briefing = result.briefing
    report_skipped(briefing)
    if not settings.quiet:
        for path in result.files:
            click.echo(f"wrote {path}")
        click.echo(counts(briefing))


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
