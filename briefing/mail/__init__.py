"""The briefing as an e-mail: compose the bodies, build the message, send it.

- :mod:`~briefing.mail.options`: one day's e-mail: the checked ``[email]`` settings, its subject.
- :mod:`~briefing.mail.compose`: HTML (CSS inlined) and plain text within a size budget.
- :mod:`~briefing.mail.message`: the ``multipart/alternative`` message, byte-identical per day.
- :mod:`~briefing.mail.send`: SMTP with STARTTLS or SSL.
- :mod:`~briefing.mail.saved`: a saved ``.eml`` file, sent again.

The ``[email]`` table itself is :class:`briefing.config.email.EmailSettings`, checked
when the settings are loaded.
"""

from __future__ import annotations

from briefing.mail.compose import HTML_BUDGET, EmailBodies, compose
from briefing.mail.message import build_message, email_message, eml_bytes, message_bytes, preview
from briefing.mail.options import EmailOptions, email_options
from briefing.mail.saved import SavedMessage, read_eml
from briefing.mail.send import describe, send_bytes

__all__ = [
    "HTML_BUDGET",
    "EmailBodies",
    "EmailOptions",
    "SavedMessage",
    "build_message",
    "compose",
    "describe",
    "email_message",
    "email_options",
    "eml_bytes",
    "message_bytes",
    "preview",
    "read_eml",
    "send_bytes",
]
