"""``briefing send``: build the day's e-mail (or take an ``.eml``) and send it over SMTP.

Registered in :mod:`briefing.cli` with ``main.add_command(send_command)``. It imports
nothing from :mod:`briefing.cli` (what commands share is in :mod:`briefing.cli.common`),
so it can be imported from there.
"""

from __future__ import annotations

import dataclasses
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import formataddr, getaddresses
from pathlib import Path
from typing import Any

import click

from briefing.cli.common import CONTEXT, parse_day, reports_errors
from briefing.errors import DeliveryError, InputError

__all__ = ["send_command"]


@click.command("send", context_settings=CONTEXT)
@click.argument("inputs", nargs=-1)
@click.option(
    "--date", "day", metavar="YYYY-MM-DD|today", help="The day to brief (default: latest)."
)
@click.option("--eml", metavar="FILE", help="Send this .eml file instead of building one.")
@click.option("--to", multiple=True, metavar="ADDRESS", help="Recipient; repeat for several.")
@click.option("-m", "--method", metavar="METHOD", help="Summarisation method.")
@click.option("-n", "--sentences", type=click.IntRange(min=1), help="Key sentences per story.")
@click.option("--templates", metavar="DIR", help="Folder of templates overriding the defaults.")
@click.option("--input-format", type=click.Choice(["seed", "text", "json", "jsonl"]))
@click.option("--title", help="The briefing's title.")
@click.option("-c", "--config", metavar="FILE", help="Config file (default: ./briefing.toml).")
@click.option("--strict", is_flag=True, default=None, help="Fail when any input is skipped.")
@click.option("--dry-run", is_flag=True, help="Print what would be sent; send nothing.")
@reports_errors
def send_command(
    inputs: tuple[str, ...],
    day: str | None,
    eml: str | None,
    to: tuple[str, ...],
    config: str | None,
    dry_run: bool,
    **flags: Any,
) -> None:
    """E-mail the day's briefing over SMTP, as set in the [email] table of briefing.toml.

    The login is read from the environment variables that username_env and
    password_env name; it is never stored in the config file.

    \b
    Examples:
      briefing send articles/ --date 2025-04-04 --dry-run
      BRIEFING_SMTP_PASSWORD=... briefing send articles/ --date today
      briefing send --eml output/briefing-2025-04-04.eml --to team@example.org
    """
    from briefing.config.settings import load_settings
    from briefing.mail import build_message, compose, describe, email_options, message_bytes
    from briefing.mail.send import send_bytes
    from briefing.pipeline import read_briefing
    from briefing.render.formats import environment

    if eml and inputs:
        raise InputError("give either inputs to build from or --eml FILE, not both")
    settings = load_settings(config, inputs=inputs or None, **flags)
    if to:
        settings = dataclasses.replace(settings, email={**settings.email, "to": list(to)})
    if eml:
        data = _read_eml(eml)
        message = BytesParser(policy=policy.SMTP).parsebytes(data)
        assert isinstance(message, EmailMessage)
        date = parse_day(day) or _eml_day(message, eml)
        options = email_options(settings, date)
        if not to and message["To"]:
            found = getaddresses([str(message["To"])])
            options = dataclasses.replace(
                options, recipients=tuple(formataddr(pair) for pair in found if pair[1])
            )
        options = dataclasses.replace(options, sender=str(message["From"] or options.sender))
    else:
        briefing = read_briefing(settings, parse_day(day))
        for item in briefing.skipped:
            click.echo(f"skipped {item.input}: {item.reason}", err=True)
        options = email_options(settings, briefing.date, briefing.title)
        bodies = compose(briefing, options, environment(settings.templates))
        message = build_message(briefing, options, bodies)
        data = message_bytes(message)
    where = describe(options)
    if dry_run:
        click.echo(f"would send {len(data)} bytes {where}")
        click.echo(_preview(message))
        return
    accepted = send_bytes(data, options)
    click.echo(f"sent {message['Subject']} to {len(accepted)} recipient(s) {where}")


def _read_eml(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror or error})") from None


def _eml_day(message: EmailMessage, path: str) -> Any:
    date = message["Date"]
    if date is None or getattr(date, "datetime", None) is None:
        raise DeliveryError(f"{path}: no Date header; give the day with --date")
    return date.datetime.date()


def _preview(message: EmailMessage) -> str:
    """The headers and the text part, as a reader would see them."""
    lines = [f"{name}: {value}" for name, value in message.items()]
    body = message.get_body(("plain",))
    text = body.get_content() if isinstance(body, EmailMessage) else "(no text part)"
    return "\n".join(lines) + "\n\n" + str(text).rstrip() + "\n"
