"""Wrong arguments and bad settings: exit code 2 and one line, before any input is read."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from tests.conftest import WebSite, rss_feed, run_cli

#: (flags, briefing.toml, what the one line says): the bad settings issue 11 names,
#: run as a user runs them (a new interpreter each).
NAMED = [
    pytest.param(["-f", "pdf"], "", "--format: unknown format 'pdf'; use one of", id="format"),
    pytest.param(
        ["-m", "magic"],
        "",
        "--method: unknown method 'magic'; use one of newsrank, lead, lexrank",
        id="method",
    ),
    pytest.param(
        ["--timezone", "Mars/Base"],
        "",
        "unknown time zone 'Mars/Base' (--timezone); use an IANA name",
        id="timezone",
    ),
    pytest.param(
        ["--config", "missing.toml"],
        None,
        "--config: missing.toml: config file not found",
        id="config",
    ),
    pytest.param(
        [], "out = 5", "'out' must be a path (a non-empty string), not a number", id="out"
    ),
]
#: More of them, run in this interpreter (the same command, quicker).
MORE = [
    pytest.param(
        ["--input-format", "xml"],
        "",
        "--input-format: unknown input format 'xml'; use one of seed, text, json",
        id="input-format",
    ),
    pytest.param([], "title = 3", "'title' must be a string, not a number", id="title"),
    pytest.param([], 'history = "yes"', "'history' must be true or false", id="history"),
    pytest.param([], "watchlist = 5", "'watchlist' must be a list of strings", id="watchlist"),
    pytest.param([], "templates = []", "'templates' must be a path", id="templates"),
    pytest.param([], 'method = "magic"', "'method': unknown method 'magic'", id="method-file"),
    pytest.param([], 'timezone = "Mars/Base"', "unknown time zone 'Mars/Base'", id="tz-file"),
    pytest.param([], "sentences = true", "'sentences' must be a whole number", id="sentences"),
    pytest.param([], "[fetch]\ntimeout = -1", "'timeout' must be a number of seconds", id="fetch"),
    pytest.param([], 'fetch = "fast"', "[fetch] must be a table", id="fetch-type"),
    pytest.param([], "[email]\nsmtp_port = 0", "'smtp_port' must be a whole number", id="email"),
    pytest.param([], '[email]\nto = ["nobody"]', "'to': 'nobody' is not one e-mail", id="email-to"),
    pytest.param(
        [], 'briefing_url = "ftp://x"', "'briefing_url': 'ftp://x' is not an http(s)", id="url"
    ),
    pytest.param(["--lang", "klingon"], "", "--lang: the briefing's words come in", id="lang"),
    pytest.param(["--language", "1"], "", "--language: '1' is not a language code", id="language"),
    pytest.param([], 'lang = "pl"', "'lang': the briefing's words come in en, de", id="lang-file"),
]


@pytest.fixture
def feed(web_site: WebSite) -> str:
    """A feed on 127.0.0.1 that records every request: a build that starts reads it."""
    item = {
        "title": "Harbour to be dredged",
        "link": "http://127.0.0.1/none",
        "date": "Fri, 04 Apr 2025 08:00:00 +0000",
        "content": "<p>" + "The harbour board voted to dredge the channel. " * 30 + "</p>",
    }
    return web_site.add(
        "/feed.xml", rss_feed("Harbour news", [item]), content_type="application/rss+xml"
    )


def write_config(folder: Path, toml: str | None) -> None:
    if toml is not None:
        (folder / "briefing.toml").write_text(toml + "\n", encoding="utf-8")


def assert_one_line(stderr: str, message: str) -> None:
    [line] = stderr.splitlines()
    assert line.startswith("briefing: error: ") and message in line, line


@pytest.mark.parametrize("command", ["build", "send"])
@pytest.mark.parametrize(("flags", "toml", "message"), NAMED)
def test_a_bad_setting_exits_2_in_one_line_before_reading(
    command: str,
    flags: list[str],
    toml: str | None,
    message: str,
    tmp_path: Path,
    web_site: WebSite,
    feed: str,
) -> None:
    write_config(tmp_path, toml)
    result = run_cli(command, feed, "--date", "2025-04-04", *flags, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert_one_line(result.stderr, message)
    assert result.stdout == ""
    assert web_site.hits == {}, "the feed was fetched before the settings were checked"
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize("command", ["build", "send"])
@pytest.mark.parametrize(("flags", "toml", "message"), MORE)
def test_every_setting_is_checked_before_reading(
    command: str,
    flags: list[str],
    toml: str | None,
    message: str,
    tmp_path: Path,
    web_site: WebSite,
    feed: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write_config(tmp_path, toml)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, [command, feed, "--date", "2025-04-04", *flags])
    assert result.exit_code == 2, result.output
    assert_one_line(result.stderr, message)
    assert web_site.hits == {}, "the feed was fetched before the settings were checked"
    assert not (tmp_path / "output").exists()


def test_with_good_settings_the_same_feed_is_read(
    tmp_path: Path, web_site: WebSite, feed: str
) -> None:
    pytest.importorskip("httpx", reason="reading the web needs the web extra")
    result = run_cli("build", feed, "--date", "2025-04-04", "-f", "json", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert web_site.hits["/feed.xml"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "--bogus"], "No such option '--bogus'"),
        (["build", "x", "--date", "yesterday"], "'yesterday' is not a date"),
        (["build", "x", "-n", "0"], "Invalid value for '-n' / '--sentences'"),
        (["nope"], "No such command 'nope'"),
        (["send", "x", "--eml", "a.eml"], "give either INPUTs to build from or --eml FILE"),
        (["summarize", "-", "-m", "magic"], "'magic' is not one of 'newsrank'"),
        (["evaluate"], "Missing argument 'DATASET'"),
    ],
)
def test_wrong_arguments_exit_2_in_one_line(
    args: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, args, input="")
    assert result.exit_code == 2, result.output
    assert_one_line(result.stderr, message)


def test_a_wrong_argument_exits_2_in_one_line_as_run() -> None:
    result = run_cli("build", "--bogus")
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("briefing: error: No such option '--bogus'")
    assert line.endswith("(see 'python -m briefing build -h')")


def test_our_other_errors_exit_1(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    result = run_cli("build", str(tmp_path), "--out", str(tmp_path / "o"), "--no-history")
    assert result.returncode == 1
    # Nothing usable: each skipped input is named first, then the one-line error.
    skipped, error = result.stderr.splitlines()
    assert skipped == f"skipped {tmp_path / 'empty.txt'}: empty file"
    assert_one_line(error, "no article carries a date")
