"""The state folder: where the history and cache live, moving an old history out of the
output once, one build at a time on a history (two real processes), and the temporary
files a killed build leaves behind."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import filelock
import pytest

from briefing.config.settings import Settings, load_settings
from briefing.errors import HistoryError
from briefing.state import (
    TEMP_AGE,
    history_lock,
    output_temp,
    remove_stale_temps,
    resolve_state,
)
from tests.conftest import EXAMPLES, ROOT, run_cli
from tests.render.test_site import DAYS, three_days

ARTICLES = EXAMPLES / "articles"
WAIT_SECONDS = 120


def history_rows(path: Path) -> list[tuple[str, ...]]:
    with closing(sqlite3.connect(path)) as connection:
        return sorted(connection.execute("SELECT day, story, thread FROM stories").fetchall())


def test_the_state_lives_beside_briefing_toml_or_in_the_users_state_folder(
    tmp_path: Path, private_state: Path
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "briefing.toml").write_text('out = "site"\n', encoding="utf-8")
    result = run_cli("build", str(ARTICLES), "--date", "2025-04-04", "-q", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / ".briefing" / "history.sqlite3").is_file()
    assert not list((project / "site").glob("*.sqlite3"))
    # No config file: $XDG_STATE_HOME/briefing (the tests' own, see conftest).
    bare = tmp_path / "bare"
    bare.mkdir()
    result = run_cli("build", str(ARTICLES), "--date", "2025-04-04", "-o", "out", "-q", cwd=bare)
    assert result.returncode == 0, result.stderr
    assert (private_state / "history.sqlite3").is_file()
    # state_dir, relative to the config file; --state-dir over it.
    (project / "briefing.toml").write_text('out = "site"\nstate_dir = "../kept"\n')
    settings = load_settings(project / "briefing.toml")
    assert settings.state_dir == str(project.resolve() / "../kept")
    assert load_settings(project / "briefing.toml", state_dir="flag").state_dir == "flag"


def test_without_xdg_the_state_goes_to_local_state(tmp_path: Path) -> None:
    from briefing.config.settings import default_state_dir

    home = {"HOME": str(tmp_path)}
    assert default_state_dir(home) == tmp_path / ".local" / "state" / "briefing"
    relative = {"HOME": str(tmp_path), "XDG_STATE_HOME": "relative/path"}
    assert default_state_dir(relative) == tmp_path / ".local" / "state" / "briefing"


def test_history_and_cache_given_by_hand_stay_where_they_are(tmp_path: Path) -> None:
    settings = resolve_state(
        Settings(out=str(tmp_path / "out"), history_path="h.db", cache_dir="c", state_dir="s")
    )
    assert (settings.history_path, settings.cache_dir) == ("h.db", "c")
    settings = resolve_state(Settings(out=str(tmp_path / "out"), state_dir=str(tmp_path / "s")))
    assert settings.history_path == str(tmp_path / "s" / "history.sqlite3")
    assert settings.cache_dir == str(tmp_path / "s" / "cache")


def test_an_old_history_and_cache_in_the_output_are_moved_once(tmp_path: Path) -> None:
    out, state = tmp_path / "out", tmp_path / "state"
    old = run_cli(
        "build", str(ARTICLES), "--date", "2025-04-03", "-o", str(out), "-f", "json",
        "--history-path", str(out / "history.sqlite3"),
    )  # fmt: skip
    assert old.returncode == 0, old.stderr
    recorded = history_rows(out / "history.sqlite3")
    (out / ".cache").mkdir()
    (out / ".cache" / ("a" * 40 + ".body")).write_bytes(b"cached")
    args = ["build", str(ARTICLES), "--date", "2025-04-04", "-o", str(out), "-f", "json"]
    moved = run_cli(*args, "--state-dir", str(state))
    assert moved.returncode == 0, moved.stderr
    assert f"moved the history {out / 'history.sqlite3'} out of the output folder" in moved.stderr
    assert f"moved the web cache {out / '.cache'} out of the output folder" in moved.stderr
    assert not (out / "history.sqlite3").exists() and not (out / ".cache").exists()
    assert (state / "cache" / ("a" * 40 + ".body")).read_bytes() == b"cached"
    # The moved history was used: day two was marked against day one, and both are kept.
    days = {row[0] for row in history_rows(state / "history.sqlite3")}
    assert days == {"2025-04-03", "2025-04-04"}
    assert set(recorded) <= set(history_rows(state / "history.sqlite3"))
    again = run_cli(*args, "--state-dir", str(state))
    assert again.returncode == 0 and "moved" not in again.stderr
    # A second old copy is not used nor moved over the real one, and it is said.
    (out / "history.sqlite3").write_bytes(b"old")
    third = run_cli(*args, "--state-dir", str(state))
    assert third.returncode == 0, third.stderr
    assert "an old history left in the output folder, not used" in third.stderr
    assert (out / "history.sqlite3").read_bytes() == b"old"


def start_build(inputs: Path, day: str, state: Path, out: Path) -> subprocess.Popen[str]:
    args = ["build", str(inputs), "--date", day, "-o", str(out), "-f", "json", "-j", "1"]
    return subprocess.Popen(
        [sys.executable, "-m", "briefing", *args, "--state-dir", str(state)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_line(process: subprocess.Popen[str], words: str) -> str:
    """Read the process's stderr until a line holds ``words`` (bounded)."""
    assert process.stderr is not None
    deadline = time.monotonic() + WAIT_SECONDS
    seen = []
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        seen.append(line)
        if words in line:
            return line
        if not line and process.poll() is not None:
            break
    process.kill()
    raise AssertionError(f"no line with {words!r} in {''.join(seen)!r}")


def finish(process: subprocess.Popen[str]) -> str:
    stdout, stderr = process.communicate(timeout=WAIT_SECONDS)
    assert process.returncode == 0, stderr
    return stdout


def test_two_builds_at_once_on_one_history_lose_nothing(tmp_path: Path) -> None:
    inputs = three_days(tmp_path)
    first, second = DAYS[0], DAYS[1]
    # In turn.
    for day in (first, second):
        finish(start_build(inputs, day, tmp_path / "turn", tmp_path / "turn-out"))
    # At once: the first build waits for the lock (held here) and takes it when it is
    # released; the second starts while the first holds it, and waits its turn.
    state = tmp_path / "once"
    state.mkdir()
    lock = filelock.FileLock(str(state / "history.sqlite3.lock"))
    lock.acquire(timeout=10)
    one = start_build(inputs, first, state, tmp_path / "once-out")
    try:
        line = wait_for_line(one, "waiting for another build using the history")
        assert "(up to 600 s, lock_timeout)" in line
    finally:
        lock.release()
    two = start_build(inputs, second, state, tmp_path / "once-out")
    finish(one)
    finish(two)
    turn, once = tmp_path / "turn-out", tmp_path / "once-out"
    for day in (first, second):
        name = f"briefing-{day}.json"
        assert (once / name).read_bytes() == (turn / name).read_bytes(), name
    assert '"status": "update"' in (once / f"briefing-{second}.json").read_text()
    assert history_rows(state / "history.sqlite3") == history_rows(
        tmp_path / "turn" / "history.sqlite3"
    )


def test_a_build_that_cannot_get_the_history_says_so_within_its_timeout(tmp_path: Path) -> None:
    config = tmp_path / "briefing.toml"
    config.write_text('out = "out"\nlock_timeout = 1\n', encoding="utf-8")
    lock = filelock.FileLock(str(tmp_path / ".briefing" / "history.sqlite3.lock"))
    (tmp_path / ".briefing").mkdir()
    with lock.acquire(timeout=10):
        result = run_cli("build", str(ARTICLES), "-c", str(config), "--date", "2025-04-04")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        f"briefing: error: {tmp_path / '.briefing' / 'history.sqlite3'}: another build has been "
        f"using the history for more than 1 s (lock {tmp_path / '.briefing'}"
        "/history.sqlite3.lock); try again once it is done, or raise lock_timeout"
    )
    assert not (tmp_path / "out").exists(), "nothing written without the history"


def test_the_lock_is_not_taken_without_history(tmp_path: Path) -> None:
    settings = resolve_state(Settings(out=str(tmp_path), state_dir=str(tmp_path), history=False))
    with history_lock(settings):
        assert not (tmp_path / "history.sqlite3.lock").exists()
    blocked = resolve_state(Settings(out=str(tmp_path), state_dir=str(tmp_path / "f" / "s")))
    (tmp_path / "f").write_text("a file where the state folder should be")
    with pytest.raises(HistoryError, match="cannot lock the history"), history_lock(blocked):
        pass


def test_temp_files_a_killed_build_left_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    # A real build process killed while writing: its fsync never returns.
    code = (
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "from briefing.render.files import write_atomic\n"
        "os.fsync = lambda fd: time.sleep(600)\n"
        "write_atomic(Path(sys.argv[1]) / 'briefing-2025-04-04.html', b'<html>' * 1000)\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code, str(out)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while not list(out.glob(".briefing-2025-04-04.html.*")) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=WAIT_SECONDS)
    [left] = out.glob(".briefing-2025-04-04.html.*")
    assert output_temp(left.name) and not (out / "briefing-2025-04-04.html").exists()
    # Old enough to be sure no build is still writing it.
    old = time.time() - TEMP_AGE - 60
    os.utime(left, (old, old))
    fresh = out / ".index.html.abcd1234.tmp"  # another build's, being written now
    fresh.write_text("")
    cache = out / ".feed.xml.zz99__xx"  # the older naming, without .tmp
    cache.write_text("")
    os.utime(cache, (old, old))
    keep = [out / ".htaccess", out / ".notes.md.abcdefgh"]  # not ours
    for path in keep:
        path.write_text("")
        os.utime(path, (old, old))
    result = run_cli("build", str(ARTICLES), "--date", "2025-04-04", "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    assert not left.exists() and not cache.exists()
    assert fresh.exists() and all(path.exists() for path in keep)
    assert (out / "briefing-2025-04-04.html").is_file()


def test_stale_cache_temps_are_recognised(tmp_path: Path) -> None:
    from briefing.state import cache_temp

    name = "." + "0" * 40 + ".body.k2j4h5g6"
    assert cache_temp(name) and not output_temp(name)
    (tmp_path / name).write_text("")
    assert remove_stale_temps(tmp_path, cache_temp, age=-1) == [tmp_path / name]
