"""A saved ``.eml`` file (``briefing send --eml FILE``): read it, and address it as it says."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import formataddr, getaddresses
from pathlib import Path

from briefing.config.email import EmailSettings
from briefing.errors import InputError

__all__ = ["SavedMessage", "read_eml"]


@dataclass(frozen=True, slots=True)
class SavedMessage:
    """An ``.eml`` file: its bytes, sent as they are, and the message they hold."""

    data: bytes
    message: EmailMessage

    def addressed(self, email: EmailSettings, recipients: bool = True) -> EmailSettings:
        """``email`` with the message's own sender and (with ``recipients``) its To."""
        sender = str(self.message["From"] or email.sender)
        if recipients and self.message["To"]:
            found = getaddresses([str(self.message["To"])])
            email = dataclasses.replace(
                email, recipients=tuple(formataddr(pair) for pair in found if pair[1])
            )
        return dataclasses.replace(email, sender=sender)


def read_eml(path: str | Path) -> SavedMessage:
    """The message in the ``.eml`` file at ``path``."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror or error})") from None
    message = BytesParser(policy=policy.SMTP).parsebytes(data)
    assert isinstance(message, EmailMessage)
    return SavedMessage(data, message)
