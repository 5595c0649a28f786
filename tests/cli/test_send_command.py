"""``briefing send`` goes through the build's pipeline: the same history, the same marks,
and the day recorded only once a real SMTP server (aiosmtpd on 127.0.0.1) accepted it."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import make_article, run_cli, write_jsonl

aiosmtpd = pytest.importorskip("aiosmtpd", reason="the test extra installs aiosmtpd")

from aiosmtpd.controller import Controller  # noqa: E402

from tests.mail.test_send import (  # noqa: E402
    assert_same_message,
    free_port,
    parsed,
    smtp_server,
    write_config,
)

DAY_ONE, DAY_TWO = "2025-04-04", "2025-04-05"
HARBOUR = (
    "The harbour board voted on Thursday to dredge the main channel before the summer. "
    "Fishing crews said the silted channel had grounded three boats since January. "
    "The work will cost two million euros and take six weeks to finish. "
    "Dredgers from the port of Lindau will start work in May."
)
HARBOUR_LATER = (
    HARBOUR + " On Friday the regional government agreed to pay half of the dredging bill. "
    "The harbour master said the first dredger would arrive on the first of May."
)
SCHOOLS = (
    "Two primary schools in the old town will merge next year, the council said. "
    "Parents were told at a meeting in the town hall on Thursday evening. "
    "The merged school will use the larger building on Market Street. "
    "Teachers' jobs are safe, the council's education officer promised."
)
GLASS = (
    "A glassworks in Lindau that closed during the last recession has reopened as a museum. "
    "Visitors can watch glassblowers shape bowls and vases every afternoon. "
    "The town bought the building for one euro and spent four years restoring it. "
    "Twelve craftspeople now work there, several trained by the last owner."
)


def two_days(folder: Path) -> Path:
    """Day one: the harbour and the schools. Day two: the harbour again, with news (the
    same address, so an update), and a glassworks nobody wrote about before (new)."""
    one, two = dt.date.fromisoformat(DAY_ONE), dt.date.fromisoformat(DAY_TWO)
    inputs = folder / "in"
    inputs.mkdir()
    harbour = "https://news.example.org/harbour-dredging"
    write_jsonl(
        inputs / "day-one.jsonl",
        [
            make_article(
                "Harbour to be dredged", HARBOUR, tags=("harbour",), url=harbour, date=one
            ),
            make_article(
                "Old town schools to merge",
                SCHOOLS,
                tags=("schools",),
                url="https://news.example.org/schools",
                date=one,
            ),
        ],
    )
    write_jsonl(
        inputs / "day-two.jsonl",
        [
            make_article(
                "Region pays half of the harbour dredging",
                HARBOUR_LATER,
                tags=("harbour",),
                url=harbour,
                date=two,
            ),
            make_article(
                "Lindau glassworks reopens as a museum",
                GLASS,
                tags=("culture",),
                url="https://news.example.org/glassworks",
                date=two,
            ),
        ],
    )
    return inputs


def history_dump(path: Path) -> list[str]:
    """Everything the history database holds, as SQL (whatever its schema)."""
    with closing(sqlite3.connect(path)) as connection:
        return list(connection.iterdump())


def marks(text: str) -> list[str]:
    """The ``(New)`` and ``(Update)`` marks of the text part, with the titles they follow."""
    return re.findall(r"^(.+ \((?:New|Update)(?:, first reported [^)]+)?\))\r?$", text, re.M)


def text_part(data: bytes) -> str:
    body = parsed(data).get_body(("plain",))
    assert body is not None
    return str(body.get_content())


class Refuser:
    """An SMTP handler that refuses every message."""

    def __init__(self) -> None:
        self.tries = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.tries += 1
        return "554 5.7.1 Message refused"


@contextmanager
def refusing_server() -> Iterator[tuple[Any, Refuser]]:
    handler = Refuser()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), ready_timeout=10)
    controller.start()
    try:
        yield controller, handler
    finally:
        controller.stop()


@pytest.fixture
def day_one(tmp_path: Path) -> tuple[Path, Path]:
    """The inputs, and an output folder whose history holds day one, built by ``build``
    into the state folder the tests' briefing.toml (:func:`write_config`) will imply."""
    inputs = two_days(tmp_path)
    out = tmp_path / "out"
    state = ["--state-dir", str(tmp_path / ".briefing")]
    first = run_cli("build", str(inputs), "--date", DAY_ONE, "-o", str(out), "-f", "json", *state)
    assert first.returncode == 0, first.stderr
    assert (tmp_path / ".briefing" / "history.sqlite3").is_file()
    assert not (out / "history.sqlite3").exists()
    return inputs, out


def test_send_shows_the_marks_build_shows_and_records_the_day_once_sent(
    tmp_path: Path,
    day_one: tuple[Path, Path],
) -> None:
    inputs, out = day_one
    history = tmp_path / ".briefing" / "history.sqlite3"
    # build -f eml of day two, from a copy of the same history state.
    twin = tmp_path / "twin"
    (twin / "state").mkdir(parents=True)
    shutil.copy(history, twin / "state" / "history.sqlite3")
    with smtp_server() as (controller, inbox):
        config = write_config(tmp_path, controller.port)
        common = ["--date", DAY_TWO, "-c", str(config), "-q"]
        built = run_cli(
            "build",
            str(inputs),
            *common,
            "-f",
            "eml",
            "-o",
            str(twin),
            "--state-dir",
            str(twin / "state"),
        )
        assert built.returncode == 0, built.stderr
        before = history_dump(history)
        sent = run_cli("send", str(inputs), *common, "-o", str(out))
        assert sent.returncode == 0, sent.stderr
    [(_, recipients, content)] = inbox.received
    assert recipients == ["reader@example.org"]
    eml = (twin / f"briefing-{DAY_TWO}.eml").read_bytes()
    assert_same_message(eml, content)
    found = marks(text_part(content))
    assert found == marks(text_part(eml))
    # The update that says nothing new is listed under "More from today", saying so.
    more = " ".join(text_part(content).split("MORE FROM TODAY", 1)[1].split())
    assert "Region pays half" in more and "(no new details)" in more
    assert any(m.startswith("Lindau glassworks") and m.endswith("(New)") for m in found), found
    # The day is recorded once the server accepted it, and reads back as sent.
    after = history_dump(history)
    assert after != before
    assert any(DAY_TWO in line for line in after) and not any(DAY_TWO in line for line in before)


def test_a_dry_run_sends_and_records_nothing(
    tmp_path: Path,
    day_one: tuple[Path, Path],
) -> None:
    inputs, out = day_one
    before = history_dump(tmp_path / ".briefing" / "history.sqlite3")
    with smtp_server() as (controller, inbox):
        config = write_config(tmp_path, controller.port)
        dry = run_cli(
            "send", str(inputs), "--date", DAY_TWO, "-c", str(config), "-o", str(out), "--dry-run"
        )
    assert dry.returncode == 0, dry.stderr
    assert "would send" in dry.stdout
    assert "(New)" in dry.stdout and "MORE FROM TODAY" in dry.stdout
    assert inbox.received == []
    assert history_dump(tmp_path / ".briefing" / "history.sqlite3") == before


def test_a_refused_send_records_nothing(
    tmp_path: Path,
    day_one: tuple[Path, Path],
) -> None:
    inputs, out = day_one
    before = history_dump(tmp_path / ".briefing" / "history.sqlite3")
    with refusing_server() as (controller, handler):
        config = write_config(tmp_path, controller.port)
        refused = run_cli("send", str(inputs), "--date", DAY_TWO, "-c", str(config), "-o", str(out))
    assert handler.tries == 1
    assert refused.returncode == 1
    assert refused.stderr.strip().splitlines() == [
        f"briefing: error: 127.0.0.1:{controller.port}: the server said 554 5.7.1 Message refused"
    ]
    assert history_dump(tmp_path / ".briefing" / "history.sqlite3") == before


def test_no_server_records_nothing(
    tmp_path: Path,
    day_one: tuple[Path, Path],
) -> None:
    inputs, out = day_one
    before = history_dump(tmp_path / ".briefing" / "history.sqlite3")
    config = write_config(tmp_path, free_port())
    failed = run_cli("send", str(inputs), "--date", DAY_TWO, "-c", str(config), "-o", str(out))
    assert failed.returncode == 1
    assert failed.stderr.startswith("briefing: error: 127.0.0.1:")
    assert history_dump(tmp_path / ".briefing" / "history.sqlite3") == before


def test_send_takes_every_option_of_build() -> None:
    def options(command: str) -> set[str]:
        shown = run_cli(command, "-h")
        assert shown.returncode == 0, shown.stderr
        return set(re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", shown.stdout))

    build, send = options("build"), options("send")
    # --since builds days the e-mail never goes out for: build's alone.
    assert build - {"--since"} <= send, sorted(build - send)
    for flag in ("-q", "--watch", "--timezone", "--words", "--no-history", "--history-path"):
        assert flag in send
    assert {"--eml", "--to", "--dry-run", "--force"} <= send - build


def test_send_offers_every_input_format(tmp_path: Path) -> None:
    from briefing.config.settings import INPUT_FORMATS
    from briefing.readers.inputs import FORMATS

    assert set(INPUT_FORMATS) == set(FORMATS)
    page = tmp_path / "page.txt"
    page.write_text(
        "<html><head><title>Ferry</title></head><body><article><p>"
        + GLASS
        + "</p></article></body></html>"
    )
    with smtp_server() as (controller, _):
        config = write_config(tmp_path, controller.port)
        shown = run_cli(
            "send",
            str(page),
            "--input-format",
            "html",
            "--date",
            DAY_TWO,
            "-c",
            str(config),
            "--no-history",
            "--dry-run",
        )
    assert shown.returncode == 0, shown.stderr
    assert "glassworks" in shown.stdout


def test_send_date_today_is_today_in_the_configured_time_zone(tmp_path: Path) -> None:
    import zoneinfo

    # UTC+14 and UTC-12 are 26 hours apart: at any moment their days differ.
    east = dt.datetime.now(zoneinfo.ZoneInfo("Pacific/Kiritimati")).date()
    west = dt.datetime.now(zoneinfo.ZoneInfo("Etc/GMT+12")).date()
    inputs = tmp_path / "in"
    inputs.mkdir()
    write_jsonl(
        inputs / "days.jsonl",
        [
            make_article("Harbour to be dredged", HARBOUR, tags=("harbour",), date=east, url=None),
            make_article("Old town schools to merge", SCHOOLS, tags=("schools",), date=west),
        ],
    )
    with smtp_server() as (controller, _):
        config = write_config(tmp_path, controller.port)
        shown = run_cli(
            "send",
            str(inputs),
            "--date",
            "today",
            "--timezone",
            "Pacific/Kiritimati",
            "-c",
            str(config),
            "--no-history",
            "--dry-run",
        )
    assert shown.returncode == 0, shown.stderr
    assert "Harbour to be dredged" in shown.stdout
    assert "Old town schools" not in shown.stdout
