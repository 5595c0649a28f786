"""Delivered once: what ``briefing send`` sent (day, recipient, Message-ID), in the state folder.

A day's e-mail goes to each recipient once. Before the message is handed to the
server each recipient is *claimed* (a row in state ``sending``, in one transaction that
also checks what was sent before, so two sends at once cannot both claim it); once the
server accepted it the rows turn ``sent`` at once, before anything else can fail; when
the server refused it they are removed. A later send of the same day (or of the same
Message-ID, for ``--eml``) to a recipient that has a row is refused with
:class:`~briefing.errors.AlreadySent` unless ``force``; recipients added since get it.
A run killed while sending leaves ``sending`` rows: whether the message arrived is
unknown, so the next run refuses too, and says to check before using ``--force``.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from briefing.errors import AlreadySent, DeliveryError, PartlyRefused

__all__ = ["Ledger", "Sent", "send_once"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sent (
    day TEXT, recipient TEXT NOT NULL, message_id TEXT NOT NULL, state TEXT NOT NULL,
    at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS sent_recipient ON sent (recipient);
"""


@dataclass(frozen=True, slots=True)
class Sent:
    """One recipient's copy of one day's e-mail, as the ledger holds it."""

    day: str | None
    recipient: str
    message_id: str
    state: str  # "sending" (claimed, outcome unknown) or "sent" (the server accepted it)
    at: str


class Ledger:
    """The send ledger at ``path`` (SQLite); created on the first send."""

    def __init__(self, path: str | Path, timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.timeout = timeout

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction that holds the ledger from its first read (BEGIN IMMEDIATE)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with closing(sqlite3.connect(self.path, timeout=self.timeout)) as connection:
                connection.executescript(_SCHEMA)
                connection.execute("BEGIN IMMEDIATE")
                try:
                    yield connection
                except BaseException:
                    connection.rollback()
                    raise
                connection.commit()
        except (OSError, sqlite3.Error) as error:
            raise DeliveryError(
                f"{self.path}: cannot use the send ledger ({error}); set another state_dir"
            ) from None

    def find(self, day: str | None, message_id: str, recipients: Sequence[str]) -> list[Sent]:
        """What was sent of ``day`` (or of ``message_id``) to any of ``recipients``."""
        if not self.path.is_file():
            return []
        with self._write() as connection:
            return _find(connection, day, message_id, recipients)

    def claim(
        self,
        day: str | None,
        message_id: str,
        recipients: Sequence[str],
        *,
        force: bool = False,
        now: dt.datetime | None = None,
    ) -> tuple[tuple[str, ...], tuple[Sent, ...]]:
        """Claim the recipients that have not had this e-mail (all of them with ``force``);
        the claimed ones and what was sent before. Raises :class:`AlreadySent` when none
        is left, or when an earlier send's outcome is unknown."""
        at = _stamp(now)
        with self._write() as connection:
            before = _find(connection, day, message_id, recipients)
            done = {row.recipient for row in before}
            unsure = [row for row in before if row.state == "sending"]
            what = f"the e-mail of {day}" if day else f"message {message_id}"
            if unsure and not force:
                raise AlreadySent(
                    f"a send of {what} to {', '.join(sorted({r.recipient for r in unsure}))} "
                    f"started at {unsure[0].at} and never finished: it may have arrived. "
                    "Check the mailbox, then send again with --force"
                )
            claimed = tuple(r for r in recipients if force or r not in done)
            if not claimed:
                first = before[0]
                raise AlreadySent(
                    f"{what} was already sent to {', '.join(sorted(done))} at {first.at} "
                    f"({first.message_id}); nothing sent. Use --force to send it again"
                )
            _forget(connection, day, message_id, claimed)
            connection.executemany(
                "INSERT INTO sent VALUES (?, ?, ?, 'sending', ?)",
                [(day, r, message_id, at) for r in claimed],
            )
        return claimed, tuple(before)

    def settle(
        self,
        day: str | None,
        message_id: str,
        accepted: Sequence[str],
        claimed: Sequence[str],
        now: dt.datetime | None = None,
    ) -> None:
        """Mark ``accepted`` sent, and forget the rest of ``claimed`` (refused, not sent)."""
        with self._write() as connection:
            connection.executemany(
                "UPDATE sent SET state = 'sent', at = ? WHERE message_id = ? AND recipient = ?",
                [(_stamp(now), message_id, r) for r in accepted],
            )
            _forget(connection, day, message_id, [r for r in claimed if r not in accepted])


def _find(
    connection: sqlite3.Connection, day: str | None, message_id: str, recipients: Sequence[str]
) -> list[Sent]:
    marks = ", ".join("?" * len(recipients))
    rows = connection.execute(
        "SELECT day, recipient, message_id, state, at FROM sent "
        f"WHERE recipient IN ({marks}) AND (day = ? OR message_id = ?) ORDER BY at, recipient",
        (*recipients, day, message_id),
    ).fetchall()
    return [Sent(*row) for row in rows]


def _forget(
    connection: sqlite3.Connection, day: str | None, message_id: str, recipients: Sequence[str]
) -> None:
    connection.executemany(
        "DELETE FROM sent WHERE recipient = ? AND (day = ? OR message_id = ?)",
        [(r, day, message_id) for r in recipients],
    )


def _stamp(now: dt.datetime | None) -> str:
    # The ledger is state, not output: the clock is read here, for people reading it.
    moment = now or dt.datetime.now(dt.timezone.utc)
    return moment.isoformat(timespec="seconds")


def send_once(
    ledger: Ledger,
    day: str | None,
    message_id: str,
    recipients: Sequence[str],
    send: Callable[[tuple[str, ...]], tuple[str, ...]],
    *,
    force: bool = False,
) -> tuple[tuple[str, ...], tuple[Sent, ...]]:
    """Send with ``send`` (given the envelope recipients, returning those accepted) to
    the ``recipients`` that have not had this e-mail; the accepted ones are recorded the
    moment the server took the message. Returns the accepted and the earlier sends."""
    claimed, before = ledger.claim(day, message_id, recipients, force=force)
    try:
        accepted = send(claimed)
    except PartlyRefused as error:
        ledger.settle(day, message_id, error.accepted, claimed)
        raise
    except DeliveryError:
        ledger.settle(day, message_id, (), claimed)
        raise
    ledger.settle(day, message_id, accepted, claimed)
    return accepted, before
