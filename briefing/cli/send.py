"""``briefing send``: the day's briefing as an e-mail over SMTP, through the build's pipeline.

The briefing is made exactly as ``briefing build`` makes it (the same options, the same
history), and the history records the day only once the server accepted the message:
a failed send or a ``--dry-run`` is not remembered as sent.
"""

from __future__ import annotations

import dataclasses
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any

import click

from briefing.cli.build import report_skipped
from briefing.cli.common import CONTEXT, Command, day_of, reports_errors
from briefing.cli.options import build_options
from briefing.config.email import mailboxes
from briefing.config.settings import load_settings
from briefing.errors import ConfigError

if TYPE_CHECKING:
    from briefing.config.email import EmailSettings
    from briefing.models import Briefing

__all__ = ["send_command"]


@click.command("send", cls=Command, context_settings=CONTEXT)
@build_options
@click.option("--eml", metavar="FILE", help="Send this .eml file instead of building one.")
@click.option("--to", multiple=True, metavar="ADDRESS", help="Recipient; repeat for several.")
@click.option("--dry-run", is_flag=True, help="Print what would be sent; send and record nothing.")
@reports_errors
def send_command(
    inputs: tuple[str, ...],
    day: Any,
    config: str | None,
    eml: str | None,
    to: tuple[str, ...],
    dry_run: bool,
    **flags: Any,
) -> None:
    """E-mail the day's briefing over SMTP, as set in the [email] table of briefing.toml.

    Takes every option of build, and builds the same briefing with the same history
    (New and Update marks); the history records the day once the server accepted the
    message. It writes no files, so --format and --front-matter change nothing here.
    The login is read from the environment variables that username_env and
    password_env name; it is never stored in the config file.

    \b
    Examples:
      briefing send articles/ --date 2025-04-04 --dry-run
      BRIEFING_SMTP_PASSWORD=... briefing send articles/ --date today --timezone Europe/Paris
      briefing send --eml output/briefing-2025-04-04.eml --to team@example.org
    """
    settings = load_settings(config, inputs=inputs or None, **flags)
    if to:
        recipients = mailboxes(to, "--to")
        settings = dataclasses.replace(
            settings, email=dataclasses.replace(settings.email, recipients=recipients)
        )
    if eml:
        if inputs:
            raise ConfigError("give either INPUTs to build from or --eml FILE, not both")
        from briefing.mail import read_eml

        saved = read_eml(eml)
        email = saved.addressed(settings.email, recipients=not to)
        _post(saved.message, saved.data, email, dry_run=dry_run, quiet=settings.quiet)
        return
    from briefing.mail import describe
    from briefing.pipeline import build_briefing

    describe(settings.email)  # no recipients or no login: said before any input is read

    def deliver(briefing: Briefing) -> None:
        from briefing.mail import email_message, message_bytes
        from briefing.render.formats import environment

        report_skipped(briefing)
        message = email_message(briefing, settings, environment(settings.templates))
        data = message_bytes(message)
        _post(message, data, settings.email, dry_run=dry_run, quiet=settings.quiet)

    build_briefing(
        settings,
        day_of(day, settings.timezone),
        write=False,
        deliver=deliver,
        record=not dry_run,
    )


def _post(
    message: EmailMessage, data: bytes, email: EmailSettings, *, dry_run: bool, quiet: bool
) -> None:
    """Send ``data`` (or, dry, show ``message``) and say where it went."""
    from briefing.mail import describe, preview, send_bytes

    where = describe(email)
    if dry_run:
        click.echo(f"would send {len(data)} bytes {where}")
        click.echo(preview(message))
        return
    accepted = send_bytes(data, email)
    if not quiet:
        click.echo(f"sent {message['Subject']} to {len(accepted)} recipient(s) {where}")
