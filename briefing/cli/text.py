"""``briefing summarize`` and ``briefing sentences``: one text, no settings file."""

from __future__ import annotations

import sys

import click

from briefing.cli.common import CONTEXT, Command, reports_errors
from briefing.config.methods import DEFAULT_METHOD, METHODS

__all__ = ["sentences_command", "summarize_command"]


@click.command("summarize", cls=Command, context_settings=CONTEXT)
@click.argument("source", default="-")
@click.option(
    "-m",
    "--method",
    type=click.Choice(METHODS),
    help=f"Summarisation method (default: {DEFAULT_METHOD}).",
)
@click.option("-n", "--sentences", type=click.IntRange(min=1), default=3, show_default=True)
@click.option("--words", type=click.IntRange(min=1), help="Length by words instead of sentences.")
@reports_errors
def summarize_command(source: str, method: str | None, sentences: int, words: int | None) -> None:
    """Print the key sentences of one article (a file, or - for standard input).

    \b
    Examples:
      briefing summarize article.txt --sentences 3
      curl -s https://example.com/a.txt | briefing summarize - --method lexrank
    """
    from briefing.readers.plain import read_text
    from briefing.summary.key_sentences import summarize

    article = next(iter(read_text(read_source(source), source)))
    for sentence in summarize(article.text, sentences, method, words):
        click.echo(sentence)


@click.command("sentences", cls=Command, context_settings=CONTEXT)
@click.argument("source", default="-")
@reports_errors
def sentences_command(source: str) -> None:
    """Print the sentences of a text, one per line.

    \b
    Examples:
      briefing sentences article.txt
      echo "Dr. Who arrived. He left." | briefing sentences -
    """
    from briefing.text.sentences import split_sentences

    for sentence in split_sentences(read_source(source)):
        click.echo(sentence)


def read_source(source: str) -> str:
    """The decoded text of a file, or of standard input for ``-``."""
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
