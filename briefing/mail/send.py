"""Sending a message over SMTP, with STARTTLS or SSL and a login from the environment.

Everything here takes the checked ``[email]`` settings
(:class:`~briefing.config.email.EmailSettings`): who the message goes to and how to
reach the server do not depend on the day.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import getaddresses

from briefing.config.email import EmailSettings
from briefing.errors import ConfigError, DeliveryError, PartlyRefused

__all__ = ["Envelope", "addr_spec", "describe", "envelope", "send_bytes"]


@dataclass(frozen=True, slots=True)
class Envelope:
    """Who the message is from and to, as SMTP sees it, and the login to use."""

    sender: str
    recipients: tuple[str, ...]
    username: str | None = None
    password: str | None = None


def envelope(email: EmailSettings, environ: Mapping[str, str] | None = None) -> Envelope:
    """The envelope and login for ``email``; credentials are read from ``environ``."""
    if not email.recipients:
        raise ConfigError("[email] 'to' is empty: give the recipients in briefing.toml or --to")
    environ = os.environ if environ is None else environ
    username = _secret(email.username_env, environ)
    password = _secret(email.password_env, environ)
    if (username is None) != (password is None):
        raise ConfigError("[email] set both 'username_env' and 'password_env', or neither")
    if username is not None and email.smtp_security == "none":
        raise ConfigError(
            "[email] refusing to send a password without encryption: set smtp_security to "
            "'starttls' or 'ssl'"
        )
    return Envelope(
        sender=addr_spec(email.sender),
        recipients=tuple(addr_spec(r) for r in email.recipients),
        username=username,
        password=password,
    )


def send_bytes(
    data: bytes,
    email: EmailSettings,
    environ: Mapping[str, str] | None = None,
    context: ssl.SSLContext | None = None,
) -> tuple[str, ...]:
    """Send ``data`` (a whole message) and return the recipients the server accepted."""
    env = envelope(email, environ)
    where = f"{email.smtp_host}:{email.port}"
    if email.smtp_security != "none":
        context = context or ssl.create_default_context()
    try:
        smtp: smtplib.SMTP
        if email.smtp_security == "ssl":
            smtp = smtplib.SMTP_SSL(
                email.smtp_host, email.port, timeout=email.smtp_timeout, context=context
            )
        else:
            smtp = smtplib.SMTP(email.smtp_host, email.port, timeout=email.smtp_timeout)
        with smtp:
            if email.smtp_security == "starttls":
                smtp.ehlo()
                if not smtp.has_extn("starttls"):
                    raise DeliveryError(f"{where}: the server does not offer STARTTLS; try 'ssl'")
                smtp.starttls(context=context)
            if env.username is not None and env.password is not None:
                smtp.login(env.username, env.password)
            refused = smtp.sendmail(env.sender, list(env.recipients), data)
    except smtplib.SMTPAuthenticationError as error:
        raise DeliveryError(f"{where}: login refused ({_reply(error)})") from None
    except smtplib.SMTPRecipientsRefused as error:
        raise DeliveryError(f"{where}: every recipient was refused ({error.recipients})") from None
    except smtplib.SMTPNotSupportedError as error:
        raise DeliveryError(f"{where}: {error}") from None
    except smtplib.SMTPResponseException as error:
        raise DeliveryError(f"{where}: the server said {_reply(error)}") from None
    except (smtplib.SMTPException, ssl.SSLError, OSError) as error:
        raise DeliveryError(f"{where}: cannot send ({error})") from None
    if refused:
        first, reply = next(iter(refused.items()))
        raise PartlyRefused(
            f"{where}: recipient {first} refused ({reply[0]} {reply[1]!r})",
            tuple(r for r in env.recipients if r not in refused),
        )
    return env.recipients


def describe(email: EmailSettings, environ: Mapping[str, str] | None = None) -> str:
    """One line saying where and how the message would be sent (no secrets)."""
    env = envelope(email, environ)
    login = f", login from ${email.username_env}" if env.username else ""
    return (
        f"to {', '.join(env.recipients)} from {env.sender} via "
        f"{email.smtp_host}:{email.port} ({email.smtp_security}{login})"
    )


def _secret(name: str | None, environ: Mapping[str, str]) -> str | None:
    if name is None:
        return None
    value = environ.get(name)
    if not value:
        raise ConfigError(
            f"environment variable {name} is not set (named in [email] of the config)"
        )
    return value


def addr_spec(mailbox: str) -> str:
    """The bare address of a mailbox (``Name <a@b>`` gives ``a@b``), as SMTP uses it."""
    (_, addr), *_ = getaddresses([mailbox])
    local, _, domain = addr.rpartition("@")
    return Address(username=local, domain=domain).addr_spec


def _reply(error: smtplib.SMTPResponseException) -> str:
    text = (
        error.smtp_error.decode("utf-8", "replace")
        if isinstance(error.smtp_error, bytes)
        else str(error.smtp_error)
    )
    return f"{error.smtp_code} {text}"
