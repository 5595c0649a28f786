"""The ``briefing`` command: each subcommand parses, loads settings, calls the library, reports.

- :mod:`~briefing.cli.build`: ``briefing build``, and :mod:`~briefing.cli.send`:
  ``briefing send``, both through :func:`briefing.pipeline.build_briefing` with the
  options of :mod:`~briefing.cli.options`, declared once.
- :mod:`~briefing.cli.text`: ``briefing summarize`` and ``briefing sentences``.
- :mod:`~briefing.cli.evaluate`: ``briefing evaluate``.
- :mod:`~briefing.cli.common`: one-line errors and exit codes (2 for wrong arguments and
  bad settings, 1 for any other of our errors), and the day.

Heavy libraries are imported inside the commands, so that ``briefing --help`` is quick.
"""

from __future__ import annotations

import click

from briefing.cli.build import build_command
from briefing.cli.common import CONTEXT, Group
from briefing.cli.evaluate import evaluate_command
from briefing.cli.send import send_command
from briefing.cli.text import sentences_command, summarize_command

__all__ = ["main"]


@click.group(cls=Group, context_settings=CONTEXT)
@click.version_option(package_name="briefing", message="briefing %(version)s")
def main() -> None:
    """Turn a day's news articles into a daily briefing you can read in five minutes.

    \b
    Example:
      briefing build articles/ --date 2025-04-04
    """


for _command in (
    build_command,
    send_command,
    summarize_command,
    sentences_command,
    evaluate_command,
):
    main.add_command(_command)
