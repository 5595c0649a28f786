"""Start-up: ``briefing --help`` loads no heavy library (they are imported on first use)."""

from __future__ import annotations

import pytest

from tests.conftest import run_python

HEAVY = ("numpy", "scipy", "sumy", "nltk")

PROBE = """
import runpy, sys
sys.argv = ["briefing", *sys.argv[1:]]
try:
    runpy.run_module("briefing", run_name="__main__")
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
