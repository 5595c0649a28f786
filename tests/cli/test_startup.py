"""Start-up: ``briefing --help`` loads no heavy library (they are imported on first use)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.pipeline import FEED_FROM
from tests.conftest import run_python, write_jsonl
from tests.newsday import DAY, newsday

HEAVY = ("numpy", "scipy", "sumy", "nltk")

PROBE = """
import sys
sys.argv = ["briefing", *sys.argv[1:]]
from briefing.cli import main  # what the command runs (then it exits at once)
try:
    main()
except SystemExit as done:
    assert done.code in (0, None), done.code
print("loaded:", *sorted(m for m in {heavy!r} if m in sys.modules))
"""


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"], ["summarize", "-h"]])
def test_help_imports_no_heavy_library(args: list[str]) -> None:
    result = run_python(PROBE.format(heavy=HEAVY), *args)
    assert result.returncode == 0, result.stderr
    assert "Usage:" in result.stdout
    assert result.stdout.splitlines()[-1] == "loaded:"


QUICK_EXIT = """
import atexit, sys
atexit.register(lambda: print("exit handler ran"))
sys.argv = ["briefing", *sys.argv[1:]]
from briefing.cli import run
print("before", flush=False)
run()
print("never here")
"""


@pytest.mark.parametrize(
    ("args", "status", "says"),
    [
        (["--version"], 0, "briefing "),
        (["build", "no-such-folder-here"], 1, "no such file or folder"),
        (["build", "--jobs", "0", "x"], 2, "Invalid value"),
    ],
)
def test_the_command_exits_at_once_with_its_status_output_and_exit_handlers(
    args: list[str], status: int, says: str
) -> None:
    """The installed command ends its process itself (the memory left to the system),
    yet says all it printed, runs the exit handlers and exits with Click's status."""
    done = run_python(QUICK_EXIT, *args)
    assert done.returncode == status, done.stderr
    assert done.stdout.startswith("before\n")
    assert "exit handler ran" in done.stdout and "never here" not in done.stdout
    assert says in done.stdout + done.stderr


BUILD = """
import sys
from briefing.cli import main
try:
    main(["build", *sys.argv[1:]])
except SystemExit as done:
    assert done.code in (0, None), done.code
print("loaded:", *sorted(m for m in ("nltk",) if m in sys.modules))
"""


@pytest.mark.parametrize(("jobs", "loaded"), [("2", "loaded:"), ("1", "loaded: nltk")])
def test_the_main_process_of_a_big_build_loads_no_nltk(
    tmp_path: Path, jobs: str, loaded: str
) -> None:
    """The workers split the texts of a big day (each has NLTK's Punkt); the main
    process, which reads and groups them, never imports NLTK. With one job it
    splits them itself."""
    day = write_jsonl(tmp_path / "day.jsonl", newsday() * 30)
    assert day.stat().st_size >= FEED_FROM
    out = tmp_path / f"out-{jobs}"
    args = [str(day), "--date", DAY.isoformat(), "--jobs", jobs, "-q", "-o", str(out)]
    result = run_python(BUILD, *args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == loaded
    assert (out / f"briefing-{DAY.isoformat()}.md").is_file()
