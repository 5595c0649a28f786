"""The built wheel works on its own: templates ship inside it; no NLTK data is needed."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import venv
from pathlib import Path

from tests.conftest import EXAMPLES, ROOT, run_cli


def test_wheel_in_a_fresh_venv_builds_a_briefing(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        timeout=300,
    )
    (wheel,) = wheels.glob("briefing-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            "-q",
            str(wheel),
        ],
        check=True,
        timeout=300,
    )
    # The dependencies come from this environment, appended after the venv's own
    # site-packages, so the wheel's copy of briefing is the one imported.
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    paths = [p for p in [*site.getsitepackages(), site.getusersitepackages()] if Path(p).is_dir()]
    Path(purelib, "deps-from-test.pth").write_text("\n".join(paths) + "\n")
    out = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [
            str(env_dir / "bin" / "briefing"),
            "build",
            str(EXAMPLES / "articles"),
            "--out",
            str(out),
            "-f",
            "html",
            "-f",
            "json",
            "--no-history",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    where = subprocess.run(
        [
            str(python),
            "-c",
            "import briefing.render.formats as r; print(r.default_templates_dir())",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout.strip()
    assert where.startswith(purelib), where
    assert (Path(where) / "briefing.html").is_file()
    assert json.loads((out / "briefing-2025-04-04.json").read_text())["sections"]


def test_build_needs_no_nltk_data(tmp_path: Path) -> None:
    empty = tmp_path / "nltk_data"
    empty.mkdir()
    result = run_cli(
        "build",
        str(EXAMPLES / "articles"),
        "--out",
        str(tmp_path / "o"),
        "-f",
        "json",
        "-f",
        "md",
        "--method",
        "lexrank",
        "--no-history",
        env={"NLTK_DATA": str(empty), "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "o" / "briefing-2025-04-04.md").exists()
