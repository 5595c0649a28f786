"""The briefing as an e-mail: compose the bodies, build the message, send it.

- :mod:`~briefing.mail.options`: the ``[email]`` table of the settings, checked.
- :mod:`~briefing.mail.compose`: HTML (CSS inlined) and plain text within a size budget.
- :mod:`~briefing.mail.message`: the ``multipart/alternative`` message, byte-identical per day.
- :mod:`~briefing.mail.send`: SMTP with STARTTLS or SSL.
"""

from __future__ import annotations

from briefing.mail.compose import HTML_BUDGET, EmailBodies, compose
from briefing.mail.message import build_message, eml_bytes, message_bytes
from briefing.mail.options import EmailOptions, email_options
from briefing.mail.send import describe, send_bytes

__all__ = [
    "HTML_BUDGET",
    "EmailBodies",
    "EmailOptions",
    "build_message",
    "compose",
    "describe",
    "email_options",
    "eml_bytes",
    "message_bytes",
    "send_bytes",
]
