"""The ``briefing`` command: parse, load settings, call the library, report.

Each command turns :class:`~briefing.errors.BriefingError` into a one-line message
and exit code 1; click reports wrong arguments with exit code 2.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from briefing.cli.common import CONTEXT, parse_day, reports_errors
from briefing.config.methods import METHODS

__all__ = ["main"]

METHOD_HELP = f"Summarisation method: {', '.join(METHODS)}. Default: {METHODS[0]}."


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="briefing", message="briefing %(version)s")
def main() -> None:
    """Turn a day's news articles into a daily briefing you can read in five minutes.

    \b
    Example:
      briefing build articles/ --date 2025-04-04
    """


@main.command(context_settings=CONTEXT)
@click.argument("inputs", nargs=-1)
@click.option(
    "--date", "day", metavar="YYYY-MM-DD|today", help="The day to brief (default: latest)."
)
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    metavar="FORMAT",
    help="markdown (md), html, text (txt), json, eml; repeat for several. Default: markdown, html.",
)
@click.option("-o", "--out", metavar="DIR", help="Folder to write into (default: output).")
@click.option("-m", "--method", metavar="METHOD", help=METHOD_HELP)
@click.option("-n", "--sentences", type=click.IntRange(min=1), help="Key sentences per story.")
@click.option("--words", type=click.IntRange(min=1), help="Length by words instead of sentences.")
@click.option("--templates", metavar="DIR", help="Folder of templates overriding the defaults.")
@click.option(
    "--input-format", type=click.Choice(["seed", "text", "json", "jsonl", "feed", "opml", "html"])
)
@click.option("--title", help="The briefing's title.")
@click.option("-c", "--config", metavar="FILE", help="Config file (default: ./briefing.toml).")
@click.option("--strict", is_flag=True, default=None, help="Fail when any input is skipped.")
@click.option("--front-matter", is_flag=True, default=None, help="YAML front matter in Markdown.")
@click.option("--history/--no-history", default=None, help="Remember what earlier briefings said.")
@click.option("--timezone", metavar="ZONE", help="Time zone of the briefing's day (default UTC).")
@click.option("--cache-dir", metavar="DIR", help="Web cache folder (default: OUT/.cache).")
@click.option(
    "--history-path",
    metavar="FILE",
    help="History database (default: history.sqlite3 in the output folder).",
)
@click.option(
    "--watch",
    "watchlist",
    multiple=True,
    metavar="TERM",
    help="A name or term to track; repeat for several (replaces the config's watchlist).",
)
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), help="Worker processes (default: every core)."
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors; no progress bar.")
@reports_errors
def build(
    inputs: tuple[str, ...], day: str | None, config: str | None, quiet: bool, **flags: Any
) -> None:
    """Build the briefing for one day from files, folders, - (standard input) or URLs.

    Web addresses may be feeds (RSS, Atom, JSON Feed) or article pages; OPML files list
    feeds.

    \b
    Examples:
      briefing build articles/ --date 2025-04-04
      briefing build articles/ feeds.jsonl --format markdown --format json --out site/
      briefing build https://example.org/feed.xml feeds.opml --date today --timezone Europe/Paris
      cat day.jsonl | briefing build - --date today
    """
    from briefing.config.settings import load_settings
    from briefing.pipeline import build_briefing

    settings = load_settings(config, inputs=inputs or None, quiet=quiet or None, **flags)
    from briefing.readers.web import resolve_timezone

    zone = resolve_timezone(settings.timezone) if settings.timezone else None
    result = build_briefing(settings, parse_day(day, zone))
    briefing = result.briefing
    for item in briefing.skipped:
        click.echo(f"skipped {item.input}: {item.reason}", err=True)
    if not settings.quiet:
        for path in result.files:
            click.echo(f"wrote {path}")
        from briefing.render.formats import plural

        click.echo(
            f"{plural(briefing.article_count, 'article')} for {briefing.date.isoformat()} "
            f"({briefing.articles_read} read, {len(briefing.skipped)} skipped), "
            f"{plural(len(briefing.stories), 'story')}, "
            f"{plural(len(briefing.sections), 'topic')}"
        )


def _read_source(source: str) -> str:
    from pathlib import Path

    from briefing.errors import InputError, SkippedInput
    from briefing.readers.decode import decode

    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
        return decode(data, source)
    except SkippedInput as error:
        raise InputError(str(error)) from None
    except OSError as error:
        raise InputError(f"{source}: cannot read ({error.strerror or error})") from None


@main.command(context_settings=CONTEXT)
@click.argument("source", default="-")
@click.option("-m", "--method", metavar="METHOD", help=METHOD_HELP)
@click.option("-n", "--sentences", type=click.IntRange(min=1), default=3, show_default=True)
@click.option("--words", type=click.IntRange(min=1), help="Length by words instead of sentences.")
@reports_errors
def summarize(source: str, method: str | None, sentences: int, words: int | None) -> None:
    """Print the key sentences of one article (a file, or - for standard input).

    \b
    Examples:
      briefing summarize article.txt --sentences 3
      curl -s https://example.com/a.txt | briefing summarize - --method lexrank
    """
    from briefing.readers.plain import read_text
    from briefing.summary.key_sentences import summarize as summarize_text

    text = _read_source(source)
    article = next(iter(read_text(text, source)))
    for sentence in summarize_text(article.text, sentences, method, words):
        click.echo(sentence)


@main.command(context_settings=CONTEXT)
@click.argument("source", default="-")
@reports_errors
def sentences(source: str) -> None:
    """Print the sentences of a text, one per line.

    \b
    Examples:
      briefing sentences article.txt
      echo "Dr. Who arrived. He left." | briefing sentences -
    """
    from briefing.text.sentences import split_sentences

    for sentence in split_sentences(_read_source(source)):
        click.echo(sentence)


def _register() -> None:
    """Commands that live in their own modules (each keeps its heavy imports lazy)."""
    from briefing.cli.evaluate import evaluate_command
    from briefing.cli.send import send_command

    main.add_command(evaluate_command, "evaluate")
    main.add_command(send_command, "send")


_register()

if __name__ == "__main__":  # pragma: no cover
    main()
