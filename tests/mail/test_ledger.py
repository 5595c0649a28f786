"""Delivered once: ``briefing send`` keeps what it sent in the state folder, and a real SMTP
server (aiosmtpd on 127.0.0.1) gets one day once per recipient unless ``--force``."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from briefing.errors import AlreadySent, DeliveryError, PartlyRefused
from briefing.mail.ledger import Ledger, send_once
from tests.conftest import run_cli

pytest.importorskip("aiosmtpd", reason="the test extra installs aiosmtpd")

from tests.cli.test_send_command import DAY_TWO, two_days
from tests.mail.test_send import parsed, smtp_server, write_config

READER = "reader@example.org"


def ledger_rows(folder: Path) -> list[tuple[str, str, str, str]]:
    with closing(sqlite3.connect(folder / ".briefing" / "sent.sqlite3")) as connection:
        query = "SELECT day, recipient, message_id, state FROM sent ORDER BY recipient"
        return connection.execute(query).fetchall()


def test_sending_one_day_twice_delivers_one_message_unless_forced(tmp_path: Path) -> None:
    inputs = two_days(tmp_path)
    with smtp_server() as (controller, inbox):
        config = write_config(tmp_path, controller.port)
        send = ["send", str(inputs), "--date", DAY_TWO, "-c", str(config)]
        first = run_cli(*send)
        assert first.returncode == 0, first.stderr
        assert len(inbox.received) == 1
        message_id = str(parsed(inbox.received[0][2])["Message-ID"])
        assert ledger_rows(tmp_path) == [(DAY_TWO, READER, message_id, "sent")]
        again = run_cli(*send)
        assert again.returncode == 3
        [line] = again.stderr.splitlines()
        assert line.startswith(
            f"briefing: error: the e-mail of {DAY_TWO} was already sent to {READER} at "
        )
        assert line.endswith(f"({message_id}); nothing sent. Use --force to send it again")
        assert len(inbox.received) == 1
        forced = run_cli(*send, "--force")
        assert forced.returncode == 0, forced.stderr
        assert len(inbox.received) == 2
        # A recipient added since gets it; the others do not get it again.
        more = run_cli(*send, "--to", READER, "--to", "Desk <desk@example.org>")
        assert more.returncode == 0, more.stderr
        assert f"already sent to {READER}: not sent again" in more.stderr
        assert len(inbox.received) == 3 and inbox.received[-1][1] == ["desk@example.org"]
        assert run_cli(*send, "--to", READER, "--to", "desk@example.org").returncode == 3
        dry = run_cli(*send, "--dry-run")
        assert dry.returncode == 0 and f"(already sent to {READER}: " in dry.stdout
    assert len(inbox.received) == 3
    assert not (tmp_path / "out").exists(), "send writes no files"


def test_a_run_that_fails_after_the_server_accepted_does_not_send_again(tmp_path: Path) -> None:
    inputs = two_days(tmp_path)
    # A history that cannot be written: the run fails after the message went out.
    broken = tmp_path / "history-is-a-folder"
    broken.mkdir()
    with smtp_server() as (controller, inbox):
        config = write_config(tmp_path, controller.port)
        send = ["send", str(inputs), "--date", DAY_TWO, "-c", str(config)]
        failed = run_cli(*send, "--history-path", str(broken))
        assert failed.returncode == 1
        assert "cannot open the history" in failed.stderr
        assert len(inbox.received) == 1
        # Still broken: nothing sent again, and what is still wrong is said.
        retry = run_cli(*send, "--history-path", str(broken))
        assert retry.returncode == 1 and "cannot open the history" in retry.stderr
        assert len(inbox.received) == 1
        # Fixed: the retry sends nothing and records the day the first run could not.
        broken.rmdir()
        fixed = run_cli(*send, "--history-path", str(broken))
        assert fixed.returncode == 3 and "already sent" in fixed.stderr
    assert len(inbox.received) == 1
    assert broken.is_file(), "the day was recorded in the history"


def test_a_send_that_never_finished_is_not_repeated_blindly(tmp_path: Path) -> None:
    inputs = two_days(tmp_path)
    # What a run killed while talking to the server leaves: a claim, never settled.
    Ledger(tmp_path / ".briefing" / "sent.sqlite3").claim(DAY_TWO, "<lost@example.org>", [READER])
    with smtp_server() as (controller, inbox):
        config = write_config(tmp_path, controller.port)
        send = ["send", str(inputs), "--date", DAY_TWO, "-c", str(config)]
        unsure = run_cli(*send)
        assert unsure.returncode == 3
        assert "never finished: it may have arrived. Check the mailbox" in unsure.stderr
        assert inbox.received == []
        forced = run_cli(*send, "--force")
        assert forced.returncode == 0, forced.stderr
    assert len(inbox.received) == 1
    assert [row[3] for row in ledger_rows(tmp_path)] == ["sent"]


def test_a_saved_eml_is_sent_once(tmp_path: Path) -> None:
    inputs = two_days(tmp_path)
    with smtp_server() as (controller, inbox):
        config = write_config(tmp_path, controller.port)
        built = run_cli("build", str(inputs), "--date", DAY_TWO, "-c", str(config), "-f", "eml")
        assert built.returncode == 0, built.stderr
        eml = tmp_path / "out" / f"briefing-{DAY_TWO}.eml"
        send = ["send", "--eml", str(eml), "-c", str(config)]
        assert run_cli(*send).returncode == 0
        again = run_cli(*send)
        assert again.returncode == 3 and "already sent" in again.stderr
    assert len(inbox.received) == 1


def test_refused_recipients_are_not_recorded(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "sent.sqlite3")

    def partly(recipients: tuple[str, ...]) -> tuple[str, ...]:
        raise PartlyRefused("b refused", accepted=("a@example.org",))

    with pytest.raises(PartlyRefused):
        send_once(ledger, "2025-04-04", "<m1@x>", ["a@example.org", "b@example.org"], partly)
    found = ledger.find("2025-04-04", "<m1@x>", ["a@example.org", "b@example.org"])
    assert [(row.recipient, row.state) for row in found] == [("a@example.org", "sent")]

    def down(recipients: tuple[str, ...]) -> tuple[str, ...]:
        raise DeliveryError("no server")

    with pytest.raises(DeliveryError):
        send_once(ledger, "2025-04-05", "<m2@x>", ["a@example.org"], down)
    assert ledger.find("2025-04-05", "<m2@x>", ["a@example.org"]) == []
    accepted, before = send_once(
        ledger, "2025-04-04", "<m3@x>", ["a@example.org", "b@example.org"], lambda r: r
    )
    assert accepted == ("b@example.org",) and [row.recipient for row in before] == ["a@example.org"]
    with pytest.raises(AlreadySent):
        send_once(ledger, "2025-04-04", "<m3@x>", ["b@example.org"], lambda r: r)
