"""The options of a build, declared once: ``briefing build`` and ``briefing send`` take them all.

Each option's name is the setting it sets (see :class:`~briefing.config.settings.Settings`),
except ``--date`` (``day``) and ``--config``; a flag left out is ``None`` and does not
override ``briefing.toml``. Values are checked by
:func:`~briefing.config.settings.load_settings`, so that a flag and the same setting in
the file accept the same things and fail with the same message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from briefing.cli.common import parse_day
from briefing.config.methods import DEFAULT_METHOD, METHODS
from briefing.config.settings import EXECUTORS, INPUT_FORMATS

__all__ = ["build_options"]

F = TypeVar("F", bound=Callable[..., Any])

_OPTIONS: tuple[Callable[[Any], Any], ...] = (
    click.argument("inputs", nargs=-1),
    click.option(
        "--date",
        "day",
        metavar="YYYY-MM-DD|today",
        callback=parse_day,
        help="The day to brief (default: the latest found).",
    ),
    click.option(
        "-f",
        "--format",
        "formats",
        multiple=True,
        metavar="FORMAT",
        help="markdown (md), html, text (txt), json, eml; repeat for several. "
        "Default: markdown, html.",
    ),
    click.option("-o", "--out", metavar="DIR", help="Folder to write into (default: output)."),
    click.option(
        "-m",
        "--method",
        metavar="METHOD",
        help=f"Summarisation method: {', '.join(METHODS)}. Default: {DEFAULT_METHOD}.",
    ),
    click.option("-n", "--sentences", type=click.IntRange(min=1), help="Key sentences per story."),
    click.option(
        "--words", type=click.IntRange(min=1), help="Length by words instead of sentences."
    ),
    click.option(
        "--minutes",
        type=click.FloatRange(min=0, max=1440),
        help="Length of the main read in minutes (default 5); 0 shows every story whole.",
    ),
    click.option("--templates", metavar="DIR", help="Folder of templates overriding the defaults."),
    click.option(
        "--input-format",
        metavar="NAME",
        help=f"Read every input as {', '.join(INPUT_FORMATS)}, whatever its suffix.",
    ),
    click.option("--title", help="The briefing's title."),
    click.option("-c", "--config", metavar="FILE", help="Config file (default: ./briefing.toml)."),
    click.option("--strict", is_flag=True, default=None, help="Fail when any input is skipped."),
    click.option(
        "--follow-symlinks",
        is_flag=True,
        default=None,
        help="Follow symbolic links in input folders that lead out of them.",
    ),
    click.option(
        "--front-matter", is_flag=True, default=None, help="YAML front matter in Markdown."
    ),
    click.option(
        "--history/--no-history", default=None, help="Remember what earlier briefings said."
    ),
    click.option(
        "--history-path",
        metavar="FILE",
        help="History database (default: history.sqlite3 in the state folder).",
    ),
    click.option(
        "--watch",
        "watchlist",
        multiple=True,
        metavar="TERM",
        help="A name or term to track; repeat for several (replaces the config's watchlist).",
    ),
    click.option(
        "--timezone",
        metavar="ZONE",
        help="IANA time zone of the briefing's day, e.g. Europe/Paris (default UTC).",
    ),
    click.option(
        "--cache-dir", metavar="DIR", help="Web cache folder (default: cache in the state folder)."
    ),
    click.option(
        "--state-dir",
        metavar="DIR",
        help="Where the history, web cache and send ledger live (default: .briefing beside "
        "briefing.toml, else $XDG_STATE_HOME/briefing).",
    ),
    click.option(
        "--site-url",
        metavar="URL",
        help="Where the output folder is published; the e-mail links to the day's page there.",
    ),
    click.option(
        "--language",
        metavar="CODE",
        help="The language of every article, e.g. de (default: declared, else detected).",
    ),
    click.option(
        "--lang",
        metavar="CODE",
        help="The language of the briefing's own words: en, de, fr, es, it, pt or nl.",
    ),
    click.option(
        "-j", "--jobs", type=click.IntRange(min=1), help="Worker processes (default: every core)."
    ),
    click.option(
        "--executor",
        metavar="NAME",
        help=f"Where the per-article work runs: {', '.join(EXECUTORS)}. Default: local.",
    ),
    click.option(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler, e.g. tcp://host:8786 (default with dask: a local cluster).",
    ),
    click.option(
        "-q", "--quiet", is_flag=True, default=None, help="Print nothing but errors; no progress."
    ),
)


def build_options(command: F) -> F:
    """``command`` with the INPUT arguments and every option of a build."""
    for option in reversed(_OPTIONS):
        command = option(command)
    return command
