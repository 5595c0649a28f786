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

import atexit
import logging
import os
import sys
from typing import NoReturn

import click

from briefing.cli.build import build_command
from briefing.cli.common import CONTEXT, Group
from briefing.cli.evaluate import evaluate_command
from briefing.cli.send import send_command
from briefing.cli.text import sentences_command, summarize_command

__all__ = ["main", "run"]


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


def run() -> NoReturn:
    """The ``briefing`` command as installed: :func:`main`, then a quick exit.

    A big build leaves millions of objects, which Python frees one by one when it
    exits: a fifth of a second at 4,000 articles, after the work is done. The command
    ends its process once its output is flushed and the exit handlers (``atexit``) have
    run, leaving the memory to the operating system. A library caller of :func:`main`
    (or Click's test runner) gets the ordinary ``SystemExit``.
    """
    try:
        main()
    except SystemExit as done:
        code = done.code
    else:  # pragma: no cover - Click always exits in standalone mode
        code = 0
    if isinstance(code, str):  # what sys.exit("message") does: the message, status 1
        print(code, file=sys.stderr)
    status = code if isinstance(code, int) else 0 if code is None else 1
    logging.shutdown()
    atexit._run_exitfuncs()  # the handlers os._exit would skip
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said
            status = status or 1
    os._exit(status)
