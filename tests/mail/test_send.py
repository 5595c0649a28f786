"""Sending: a real SMTP server (aiosmtpd) on 127.0.0.1 receives the message, which is
parsed and compared with what was built. Servers stop by themselves; every wait is bounded."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from briefing.cli.send import send_command
from briefing.config.email import EmailSettings, email_settings
from briefing.config.settings import Settings
from briefing.errors import ConfigError, DeliveryError
from briefing.mail import build_message, compose, email_options, message_bytes, send_bytes
from tests.conftest import briefing_of, make_article, make_story, seed_file

aiosmtpd = pytest.importorskip("aiosmtpd", reason="the test extra installs aiosmtpd")
trustme = pytest.importorskip("trustme", reason="the test extra installs trustme")

from aiosmtpd.controller import Controller  # noqa: E402
from aiosmtpd.smtp import AuthResult, LoginPassword  # noqa: E402

DAY = dt.date(2025, 4, 4)
USER, PASSWORD = "briefing", "s3cret-from-env"


class Inbox:
    """An aiosmtpd handler that keeps what it receives."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    # handled=False: let aiosmtpd answer 535 itself on a refusal.
    return AuthResult(success=ok, handled=False)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def authority() -> Any:
    return trustme.CA()


@pytest.fixture
def client_context(authority: Any) -> ssl.SSLContext:
    context = ssl.create_default_context()
    authority.configure_trust(context)
    return context


@contextmanager
def smtp_server(authority: Any | None = None, *, implicit_tls: bool = False) -> Iterator[Any]:
    """An SMTP server on 127.0.0.1 and a free port; STARTTLS and login when ``authority``."""
    inbox = Inbox()
    options: dict[str, Any] = {}
    if authority is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        authority.issue_cert("127.0.0.1").configure_cert(context)
        options = {"authenticator": authenticate}
        if implicit_tls:
            # aiosmtpd only knows about TLS it started itself (STARTTLS).
            options.update(ssl_context=context, auth_require_tls=False)
        else:
            options.update(tls_context=context, require_starttls=True)
    controller = Controller(
        inbox, hostname="127.0.0.1", port=free_port(), ready_timeout=10, **options
    )
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


def day_briefing() -> Any:
    articles = [
        make_article("Harbour plan approved", tags=("harbour",), url="https://news.example.org/1"),
        make_article("Schools to merge", tags=("schools",), url="https://news.example.org/2"),
    ]
    return briefing_of([make_story(a, story_id=f"s{i}") for i, a in enumerate(articles)])


def options_for(controller: Any, security: str, **extra: Any) -> EmailSettings:
    table = {
        "from": "Briefing <briefing@news.example.org>",
        "to": ["reader@example.org", "Editor <editor@example.org>"],
        "smtp_host": "127.0.0.1",
        "smtp_port": controller.port,
        "smtp_security": security,
        "smtp_timeout": 10,
        **extra,
    }
    return email_settings(table)


def built(email: EmailSettings) -> bytes:
    briefing = day_briefing()
    options = email_options(Settings(email=email), DAY)
    return message_bytes(build_message(briefing, options, compose(briefing, options)))


def parsed(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def assert_same_message(sent: bytes, received: bytes) -> None:
    a, b = parsed(sent), parsed(received)
    for header in ("Subject", "From", "To", "Date", "Message-ID"):
        assert a[header] == b[header], header
    assert [p.get_content_type() for p in b.iter_parts()] == ["text/plain", "text/html"]
    for left, right in zip(a.iter_parts(), b.iter_parts(), strict=True):
        assert left.get_content() == right.get_content()


def test_sends_over_starttls_with_a_login_from_the_environment(
    authority: Any, client_context: ssl.SSLContext
) -> None:
    with smtp_server(authority) as (controller, inbox):
        options = options_for(controller, "starttls", username_env="BU", password_env="BP")
        data = built(options)
        accepted = send_bytes(data, options, {"BU": USER, "BP": PASSWORD}, client_context)
    assert accepted == ("reader@example.org", "editor@example.org")
    [(sender, recipients, content)] = inbox.received
    assert sender == "briefing@news.example.org"
    assert recipients == ["reader@example.org", "editor@example.org"]
    assert_same_message(data, content)


def test_sends_over_implicit_ssl(authority: Any, client_context: ssl.SSLContext) -> None:
    with smtp_server(authority, implicit_tls=True) as (controller, inbox):
        options = options_for(controller, "ssl", username_env="BU", password_env="BP")
        data = built(options)
        send_bytes(data, options, {"BU": USER, "BP": PASSWORD}, client_context)
    assert len(inbox.received) == 1
    assert_same_message(data, inbox.received[0][2])


def test_a_wrong_password_is_a_delivery_error(
    authority: Any, client_context: ssl.SSLContext
) -> None:
    with smtp_server(authority) as (controller, inbox):
        options = options_for(controller, "starttls", username_env="BU", password_env="BP")
        with pytest.raises(DeliveryError, match="login refused"):
            send_bytes(built(options), options, {"BU": USER, "BP": "wrong"}, client_context)
    assert inbox.received == []


def test_an_untrusted_certificate_is_refused(authority: Any) -> None:
    with smtp_server(authority) as (controller, inbox):
        options = options_for(controller, "starttls")
        with pytest.raises(DeliveryError, match="cannot send"):
            send_bytes(built(options), options, {}, ssl.create_default_context())
    assert inbox.received == []


def test_plain_smtp_only_when_asked_and_never_with_a_password() -> None:
    with smtp_server() as (controller, inbox):
        options = options_for(controller, "none")
        data = built(options)
        send_bytes(data, options, {})
        assert_same_message(data, inbox.received[0][2])
        with_login = options_for(controller, "none", username_env="BU", password_env="BP")
        with pytest.raises(ConfigError, match="without encryption"):
            send_bytes(data, with_login, {"BU": USER, "BP": PASSWORD})


def test_missing_credentials_and_recipients_say_what_to_set() -> None:
    with smtp_server() as (controller, _):
        options = options_for(controller, "starttls", username_env="BU", password_env="BP")
        with pytest.raises(ConfigError, match="environment variable BU is not set"):
            send_bytes(b"", options, {})
        nobody = dataclasses.replace(options, recipients=())
        with pytest.raises(ConfigError, match="'to' is empty"):
            send_bytes(b"", nobody, {})


def test_no_server_is_a_delivery_error() -> None:
    options = email_settings(
        {
            "to": "a@example.org",
            "smtp_host": "127.0.0.1",
            "smtp_port": free_port(),
            "smtp_security": "none",
            "smtp_timeout": 5,
        }
    )
    with pytest.raises(DeliveryError, match="cannot send"):
        send_bytes(b"Subject: x\r\n\r\nx\r\n", options, {})


# --- the command --------------------------------------------------------------------------


def write_config(folder: Path, port: int, security: str = "none") -> Path:
    """A config sending to the server on ``port``; its output (the history) stays in ``folder``."""
    config = folder / "briefing.toml"
    config.write_text(
        'out = "out"\n'
        "[email]\n"
        'from = "Briefing <briefing@news.example.org>"\n'
        'to = ["reader@example.org"]\n'
        'smtp_host = "127.0.0.1"\n'
        f"smtp_port = {port}\n"
        f'smtp_security = "{security}"\n'
        "smtp_timeout = 10\n",
        encoding="utf-8",
    )
    return config


def articles(folder: Path) -> Path:
    inputs = folder / "in"
    inputs.mkdir()
    seed_file(inputs, "a.txt", "2025-04-04", ["harbour"], "The harbour plan was approved today.")
    seed_file(inputs, "b.txt", "2025-04-04", ["schools"], "Two schools will merge next year.")
    return inputs


def test_send_command_dry_run_prints_and_sends_nothing(tmp_path: Path) -> None:
    with smtp_server() as (controller, inbox):
        config = write_config(tmp_path, controller.port)
        runner = CliRunner()
        result = runner.invoke(
            send_command,
            [str(articles(tmp_path)), "--date", "2025-04-04", "-c", str(config), "--dry-run"],
        )
    assert result.exit_code == 0, result.output
    assert "would send" in result.output
    assert "to reader@example.org" in result.output
    assert "Subject: Daily briefing — Friday 4 April 2025" in result.output
    assert "harbour plan was approved" in result.output
    assert inbox.received == []


def test_send_command_sends_the_built_briefing(tmp_path: Path) -> None:
    with smtp_server() as (controller, inbox):
        config = write_config(tmp_path, controller.port)
        result = CliRunner().invoke(
            send_command,
            [str(articles(tmp_path)), "--date", "2025-04-04", "-c", str(config)],
        )
    assert result.exit_code == 0, result.output
    assert "sent Daily briefing" in result.output
    [(_, recipients, content)] = inbox.received
    assert recipients == ["reader@example.org"]
    message = parsed(content)
    text = message.get_body(("plain",))
    assert text is not None and "harbour plan was approved" in str(text.get_content())


def test_send_command_sends_an_eml_file_to_given_recipients(tmp_path: Path) -> None:
    with smtp_server() as (controller, inbox):
        options = options_for(controller, "none")
        data = built(options)
        eml = tmp_path / "briefing-2025-04-04.eml"
        eml.write_bytes(data)
        config = write_config(tmp_path, controller.port)
        result = CliRunner().invoke(
            send_command, ["--eml", str(eml), "--to", "other@example.org", "-c", str(config)]
        )
    assert result.exit_code == 0, result.output
    [(_, recipients, content)] = inbox.received
    assert recipients == ["other@example.org"]
    assert_same_message(data, content)


def test_send_command_reports_errors_in_one_line(tmp_path: Path) -> None:
    config = write_config(tmp_path, free_port(), security="none")
    result = CliRunner().invoke(
        send_command,
        [str(articles(tmp_path)), "--date", "2025-04-04", "-c", str(config)],
    )
    assert result.exit_code == 1
    assert result.output.startswith("briefing: error: 127.0.0.1:")
