"""Start-up: ``briefing --help`` loads no heavy library (they are imported on first use)."""

from __future__ import annotations

import pytest

from tests.conftest import run_python

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
