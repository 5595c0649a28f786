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

from briefing.cli.build import notifier, report_skipped
from briefing.cli.common import CONTEXT, Command, day_of, reports_errors
from briefing.cli.options import build_options
from briefing.config.email import mailboxes
from briefing.config.settings import load_settings
from briefing.errors import AlreadySent, ConfigError

if TYPE_CHECKING:
    from briefing.config.email import EmailSettings
    from briefing.config.settings import Settings
    from briefing.models import Briefing

__all__ = ["send_command"]


@click.command("send", cls=Command, context_settings=CONTEXT)
@build_options
@click.option("--eml", metavar="FILE", help="Send this .eml file instead of building one.")
@click.option("--to", multiple=True, metavar="ADDRESS", help="Recipient; repeat for several.")
@click.option("--dry-run", is_flag=True, help="Print what would be sent; send and record nothing.")
@click.option(
    "--force",
    is_flag=True,
    help="Send even to recipients who already had this day's e-mail (exit code 3 without).",
)
@reports_errors
def send_command(
    inputs: tuple[str, ...],
    day: Any,
    config: str | None,
    eml: str | None,
    to: tuple[str, ...],
    dry_run: bool,
    force: bool,
    **flags: Any,
) -> None:
    """E-mail the day's briefing over SMTP, as set in the [email] table of briefing.toml.

    Takes every option of build, and builds the same briefing with the same history
    (New and Update marks); the history records the day once the server accepted the
    message. It writes no files, so --format and --front-matter change nothing here.
    The login is read from the environment variables that username_env and
    password_env name; it is never stored in the config file.

    Each day goes to each recipient once: what was sent (day, recipient, Message-ID)
    is kept in the state folder, and sending a day again to the same recipients
    sends nothing and exits with code 3, unless --force. Recipients added since
    get it.

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
        post = _Post(settings, dry_run=dry_run, force=force)
        post(saved.message, saved.data, email, None)
        return
    from briefing.mail import describe
    from briefing.pipeline import build_briefing

    describe(settings.email)  # no recipients or no login: said before any input is read
    post = _Post(settings, dry_run=dry_run, force=force)
    refused: list[AlreadySent] = []

    def deliver(briefing: Briefing) -> None:
        from briefing.mail import email_message, message_bytes
        from briefing.render.formats import environment

        report_skipped(briefing)
        message = email_message(briefing, settings, environment(settings.templates))
        try:
            post(message, message_bytes(message), settings.email, briefing.date.isoformat())
        except AlreadySent as error:
            # Sent before: the history still records the day (a retry after a run that
            # failed once the server had the message finishes what that run left).
            refused.append(error)

    build_briefing(
        settings,
        day_of(day, settings.timezone),
        write=False,
        deliver=deliver,
        record=not dry_run,
        notify=notifier(settings.quiet),
    )
    if refused:
        raise refused[0]


class _Post:
    """Send a message once per day and recipient (or, dry, show it) and say where it went."""

    def __init__(self, settings: Settings, *, dry_run: bool, force: bool) -> None:
        from briefing.mail.ledger import Ledger
        from briefing.state import LEDGER_FILE, state_dir

        self.ledger = Ledger(state_dir(settings) / LEDGER_FILE)
        self.dry_run = dry_run
        self.force = force
        self.quiet = settings.quiet

    def __call__(
        self, message: EmailMessage, data: bytes, email: EmailSettings, day: str | None
    ) -> None:
        from briefing.mail import describe, preview, send_bytes
        from briefing.mail.ledger import send_once
        from briefing.mail.send import addr_spec

        where = describe(email)
        recipients = tuple(addr_spec(r) for r in email.recipients)
        message_id = str(message["Message-ID"] or "")
        if self.dry_run:
            click.echo(f"would send {len(data)} bytes {where}")
            found = self.ledger.find(day, message_id, recipients)
            if found and not self.force:
                had = ", ".join(sorted({row.recipient for row in found}))
                click.echo(f"(already sent to {had}: they would not get it again)")
            click.echo(preview(message))
            return

        def send(claimed: tuple[str, ...]) -> tuple[str, ...]:
            return send_bytes(data, dataclasses.replace(email, recipients=claimed))

        accepted, before = send_once(
            self.ledger, day, message_id, recipients, send, force=self.force
        )
        if self.quiet:
            return
        if before and not self.force:
            had = ", ".join(sorted({row.recipient for row in before}))
            click.echo(f"already sent to {had}: not sent again", err=True)
        click.echo(f"sent {message['Subject']} to {len(accepted)} recipient(s) {where}")
