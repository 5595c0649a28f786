"""``briefing evaluate``: ROUGE of the summarisation methods on a dataset.

The optional ``rouge-score`` dependency is only imported when the command runs.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from briefing.cli.common import CONTEXT, Command, reports_errors
from briefing.config.methods import DEFAULT_METHOD, METHODS

__all__ = ["evaluate_command"]

_HELP = """Score summarisation methods against the reference summaries in DATASET.

DATASET is JSON Lines: one object per line with "text" and "summary" (or
"summary_sentences", a list). Every table includes Lead-N, the first N
sentences of each text, as the reference row, and each method's difference.

\b
Example:
  briefing evaluate cnndm_dev.jsonl --method newsrank --method lexrank --limit 100
"""


@click.command("evaluate", cls=Command, context_settings=CONTEXT, help=_HELP)
@click.argument("dataset", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--method",
    "-m",
    "methods",
    multiple=True,
    type=click.Choice(METHODS),
    help=f"Method to score; repeat for several. Default: {DEFAULT_METHOD}.",
)
@click.option(
    "--sentences",
    "-n",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="Sentences per summary.",
)
@click.option("--words", type=click.IntRange(min=1), help="Word budget per summary instead.")
@click.option("--limit", type=click.IntRange(min=1), help="Score only the first N articles.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@reports_errors
def evaluate_command(
    dataset: Path,
    methods: tuple[str, ...],
    sentences: int,
    words: int | None,
    limit: int | None,
    as_json: bool,
) -> None:
    from briefing.evaluate import evaluate, format_table, report_to_json

    with contextlib.ExitStack() as stack:
        progress = _progress_bar(stack) if sys.stderr.isatty() else None
        report = evaluate(dataset, methods or (DEFAULT_METHOD,), sentences, words, limit, progress)
    if as_json:
        click.echo(json.dumps(report_to_json(report), indent=2))
    else:
        click.echo(format_table(report))


def _progress_bar(stack: contextlib.ExitStack) -> Callable[[int, int], None]:
    """A progress callback that opens the bar once the number of articles is known."""
    bars: list[Any] = []  # click.progressbar's class is private

    def progress(done: int, total: int) -> None:
        if not bars:
            bar = click.progressbar(length=total, label="Scoring", file=sys.stderr)
            bars.append(stack.enter_context(bar))
        bars[0].update(1)

    return progress
