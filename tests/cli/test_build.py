"""The command line end to end, as a user runs it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from tests.conftest import EXAMPLES, run_cli, seed_article, seed_file

COMMANDS = ["build", "send", "summarize", "sentences", "evaluate"]


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help(flag: str) -> None:
    result = run_cli(flag)
    assert result.returncode == 0
    assert "Example" in result.stdout
    for command in COMMANDS:
        assert command in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_every_command_help_shows_an_example(command: str, flag: str) -> None:
    result = CliRunner().invoke(main, [command, flag])
    assert result.exit_code == 0
    assert "Example" in result.output and f"briefing {command}" in result.output


def test_build_examples(tmp_path: Path) -> None:
    result = run_cli(
        "build",
        str(EXAMPLES / "articles"),
        "--date",
        "2025-04-04",
        "--out",
        str(tmp_path),
        "--no-history",
    )
    assert result.returncode == 0, result.stderr
    md = tmp_path / "briefing-2025-04-04.md"
    html = tmp_path / "briefing-2025-04-04.html"
    assert md.exists() and html.exists()
    assert f"wrote {md}" in result.stdout and f"wrote {html}" in result.stdout
    assert "9 articles for 2025-04-04 (12 read, 3 on other days, 0 skipped)" in result.stdout
    # The archive reads each day back from its JSON, written beside the HTML.
    data = tmp_path / "briefing-2025-04-04.json"
    assert sorted(p.name for p in tmp_path.glob("briefing-*")) == [html.name, data.name, md.name]


def test_default_date_is_the_latest_and_formats_repeat(tmp_path: Path) -> None:
    result = run_cli(
        "build",
        str(EXAMPLES / "articles"),
        "--out",
        str(tmp_path),
        "--format",
        "md",
        "--format",
        "json",
        "-f",
        "txt",
        "--no-history",
    )
    assert result.returncode == 0, result.stderr
    names = {p.name for p in tmp_path.glob("briefing-*")}
    assert names == {
        "briefing-2025-04-04.md",
        "briefing-2025-04-04.json",
        "briefing-2025-04-04.txt",
    }


def test_other_day_and_json_shape(tmp_path: Path) -> None:
    result = run_cli(
        "build",
        str(EXAMPLES / "articles"),
        "--date",
        "2025-04-03",
        "--out",
        str(tmp_path),
        "-f",
        "json",
        "--no-history",
    )
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "briefing-2025-04-03.json").read_text())
    assert data["date"] == "2025-04-03"
    titles = [a["title"] for s in data["sections"] for st in s["stories"] for a in st["articles"]]
    assert len(titles) == 3


def test_same_inputs_give_identical_output(tmp_path: Path) -> None:
    for out in ("a", "b"):
        assert (
            run_cli(
                "build",
                str(EXAMPLES / "articles"),
                "--out",
                str(tmp_path / out),
                "-f",
                "html",
                "-f",
                "json",
                "-f",
                "md",
                "--no-history",
            ).returncode
            == 0
        )
    for name in ("briefing-2025-04-04.html", "briefing-2025-04-04.json", "briefing-2025-04-04.md"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_seed_alone_gives_topic_sections_without_markup(tmp_path: Path) -> None:
    seed = seed_article()
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seed, folder)
    result = run_cli(
        "build",
        str(folder),
        "--out",
        str(tmp_path),
        "-f",
        "md",
        "-f",
        "html",
        "-f",
        "json",
        "--no-history",
    )
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "briefing-2025-04-04.json").read_text())
    assert data["sections"] and data["skipped"] == []
    page = (tmp_path / "briefing-2025-04-04.html").read_text()
    body = page.split("<body>", 1)[1]
    assert "&lt;a" not in body and "target=" not in body
    md = (tmp_path / "briefing-2025-04-04.md").read_text()
    assert "href" not in md and "<a href" not in md


def test_bad_files_are_reported_and_the_run_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    seed_file(
        folder,
        "good.txt",
        "2025-04-04",
        ["harbour"],
        "The harbour board voted to dredge the channel. Crews said it was overdue.",
    )
    (folder / "empty.txt").write_text("")
    (folder / "bin.txt").write_bytes(b"\x00\xff" * 64)
    result = run_cli("build", str(folder), "--out", str(tmp_path / "o"), "--no-history")
    assert result.returncode == 0
    assert "empty.txt: empty file" in result.stderr
    assert "bin.txt: binary" in result.stderr
    assert "Traceback" not in result.stderr
    strict = run_cli("build", str(folder), "--out", str(tmp_path / "o"), "--strict")
    assert strict.returncode == 1
    assert strict.stderr.startswith("briefing: error: --strict")


def test_nothing_usable_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    result = run_cli("build", str(tmp_path), "--out", str(tmp_path / "o"))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("briefing: error:")
    assert "Traceback" not in result.stderr
    bad = run_cli("build", str(tmp_path), "--date", "yesterday-ish")
    assert bad.returncode == 2


def test_stdin_summarize_and_sentences() -> None:
    text = (
        "The bridge reopened on Monday after a year of repairs to its steel deck. "
        "Engineers said the work had cost less than planned. "
        "Traffic was light in the morning but grew steadily through the day."
    )
    summary = run_cli("summarize", "-", "-n", "2", "--method", "lead", stdin=text.encode())
    assert summary.returncode == 0
    assert summary.stdout.splitlines() == [
        "The bridge reopened on Monday after a year of repairs to its steel deck.",
        "Engineers said the work had cost less than planned.",
    ]
    split = run_cli("sentences", "-", stdin=b"Dr. Lee arrived at 9 a.m. on Monday. She left.")
    assert split.stdout.splitlines() == ["Dr. Lee arrived at 9 a.m. on Monday.", "She left."]
    german = b"Er kam am 4. April. Dann ging er."
    split = run_cli("sentences", "-", "--language", "de", stdin=german)
    assert split.stdout.splitlines() == ["Er kam am 4. April.", "Dann ging er."]


def test_build_from_stdin(tmp_path: Path) -> None:
    line = json.dumps(
        {
            "title": "Ferry",
            "text": "The ferry service to the islands resumed on "
            "Friday after storms. Operators said timetables were back to normal.",
            "date": "2025-04-04",
            "tags": ["islands"],
        }
    )
    result = run_cli(
        "build",
        "-",
        "--out",
        str(tmp_path),
        "-f",
        "json",
        "--no-history",
        stdin=(line + "\n" + line.replace("Ferry", "Boat") + "\n").encode(),
    )
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "briefing-2025-04-04.json").read_text())
    assert data["sections"][0]["topic"] == "Islands"


def test_config_file_and_flags(tmp_path: Path) -> None:
    (tmp_path / "briefing.toml").write_text(
        f'title = "Harbour digest"\ninputs = ["{EXAMPLES / "articles"}"]\nout = "site"\n'
        'formats = ["json"]\nsentences = 2\n'
    )
    result = run_cli("build", "--no-history", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "site" / "briefing-2025-04-04.json").read_text())
    assert data["title"] == "Harbour digest"
    assert all(len(st["sentences"]) <= 2 for s in data["sections"] for st in s["stories"])
    again = run_cli("build", "--no-history", "-n", "1", "--title", "Other", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    data = json.loads((tmp_path / "site" / "briefing-2025-04-04.json").read_text())
    assert data["title"] == "Other"
    assert all(len(st["sentences"]) == 1 for s in data["sections"] for st in s["stories"])


def test_written_files_are_readable_by_others(tmp_path: Path) -> None:
    result = run_cli("build", str(EXAMPLES / "articles"), "--out", str(tmp_path), "--no-history")
    assert result.returncode == 0, result.stderr
    for path in tmp_path.glob("briefing-*"):
        assert path.stat().st_mode & 0o044 == 0o044


def test_output_does_not_depend_on_where_the_inputs_sit(tmp_path: Path) -> None:
    copy = tmp_path / "elsewhere" / "articles"
    shutil.copytree(EXAMPLES / "articles", copy)
    outputs = []
    for folder, out in ((EXAMPLES / "articles", "a"), (copy, "b")):
        result = run_cli(
            "build", str(folder), "--out", str(tmp_path / out), "-f", "json", "--no-history"
        )
        assert result.returncode == 0, result.stderr
        outputs.append((tmp_path / out / "briefing-2025-04-04.json").read_bytes())
    assert outputs[0] == outputs[1]


def test_a_command_runs_without_the_cycle_collector_and_turns_it_back_on() -> None:
    import gc

    from briefing.cli.common import reports_errors
    from briefing.errors import ConfigError, InputError

    seen: list[bool] = []

    @reports_errors
    def command(fail: type[Exception] | None) -> str:
        seen.append(gc.isenabled())
        if fail is not None:
            raise fail("no inputs")
        return "done"

    assert gc.isenabled()
    assert command(None) == "done"
    with pytest.raises(SystemExit) as input_error:
        command(InputError)
    with pytest.raises(SystemExit) as config_error:
        command(ConfigError)
    assert (input_error.value.code, config_error.value.code) == (1, 2)
    assert seen == [False, False, False]
    assert gc.isenabled()
