"""``briefing summarize`` and ``briefing sentences``: one text, no settings file."""

from __future__ import annotations

import sys

import click

from briefing.cli.common import CONTEXT, Command, reports_errors
from briefing.config.methods import DEFAULT_METHOD, METHODS

__all__ = ["sentences_command", "summarize_command"]

_LANGUAGE_HELP = "The text's language, e.g. de (default: detected)."


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
@click.option("--language", metavar="CODE", help=_LANGUAGE_HELP)
@reports_errors
def summarize_command(
    source: str, method: str | None, sentences: int, words: int | None, language: str | None
) -> None:
    """Print the key sentences of one article (a file, or - for standard input).

    \b
    Examples:
      briefing summarize article.txt --sentences 3
      curl -s https://example.com/a.txt | briefing summarize - --method lexrank
      briefing summarize artikel.txt --language de
    """
    from briefing.readers.plain import read_text
    from briefing.summary.key_sentences import summarize

    code = _language(language)
    article = next(iter(read_text(read_source(source), source)))
    for sentence in summarize(article.text, sentences, method, words, language=code):
        click.echo(sentence)


@click.command("sentences", cls=Command, context_settings=CONTEXT)
@click.argument("source", default="-")
@click.option("--language", metavar="CODE", help=_LANGUAGE_HELP)
@reports_errors
def sentences_command(source: str, language: str | None) -> None:
    """Print the sentences of a text, one per line.

    \b
    Examples:
      briefing sentences article.txt
      echo "Dr. Who arrived. He left." | briefing sentences -
      echo "Er kam am 4. April. Dann ging er." | briefing sentences - --language de
    """
    from briefing.text.sentences import split_sentences

    code = _language(language)
    for sentence in split_sentences(read_source(source), code):
        click.echo(sentence)


def _language(value: str | None) -> str | None:
    """``--language`` checked like the setting of that name (None: detect)."""
    from briefing.text.language import checked_language

    return None if value is None else checked_language(value, "--language")


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
