"""parallel: the same briefing whatever the number of workers; a progress bar only on a terminal."""

from __future__ import annotations

import io
import json
import multiprocessing
import sys
from pathlib import Path

import pytest

from briefing import workers as parallel
from briefing.config.settings import Settings, load_settings
from briefing.errors import SummarizerError
from briefing.pipeline import digest_article
from tests.conftest import make_article, run_cli, run_python

PLACES = ["harbour", "airport", "library", "stadium", "market", "bridge", "hospital", "school"]
EVENTS = ["reopened", "closed for repairs", "won new funding", "faced a strike", "was sold"]
TOPICS = ["business", "politics", "sport", "tech", "health"]


def story_text(i: int) -> str:
    """A short article written here, different for every ``i``."""
    place, event = PLACES[i % len(PLACES)], EVENTS[i % len(EVENTS)]
    return (
        f"The town {place} {event} on day {i} of the month, officials said. "
        f"Visitors to the {place} were told to expect delays for {i % 7 + 2} weeks. "
        f"The council said the {place} had {event} after a review of its budget. "
        f"Local traders welcomed the news but asked for clearer signs near the {place}. "
        f"A spokesman said a full report on the {place} would be published next month."
    )


def articles(count: int) -> list:  # type: ignore[type-arg]
    return [
        make_article(f"Story {i}: the {PLACES[i % 8]}", story_text(i), tags=[TOPICS[i % 5]])
        for i in range(count)
    ]


def double(item: int, _settings: Settings) -> int:
    return 2 * item


def fail_on_seven(item: int, _settings: Settings) -> int:
    if item == 7 * parallel.CHUNK:
        raise SummarizerError(f"item {item} failed")
    return item


def test_any_number_of_workers_gives_the_same_stories() -> None:
    items = articles(3 * parallel.CHUNK + 5)
    for method in ("lexrank", "newsrank"):
        one = parallel.map_articles(digest_article, items, Settings(jobs=1, method=method))
        two = parallel.map_articles(digest_article, items, Settings(jobs=2, method=method))
        assert one == two
        assert [d.key.picked[0].article_id for d in two] == [a.id for a in items]


def test_results_keep_the_order_of_the_items() -> None:
    items = list(range(10 * parallel.CHUNK + 3))
    assert parallel.map_articles(double, items, Settings(jobs=3)) == [2 * i for i in items]
    assert parallel.map_articles(double, [], Settings(jobs=2)) == []


def test_an_error_in_a_worker_reaches_the_caller() -> None:
    items = list(range(10 * parallel.CHUNK))
    with pytest.raises(SummarizerError, match="item 448 failed"):
        parallel.map_articles(fail_on_seven, items, Settings(jobs=2))


def test_a_feed_summarises_items_as_they_come_and_hands_them_back_in_order() -> None:
    """Items handed over one by one (as they are read) go to the workers in chunks;
    the results are map_articles' own, in order; what the main process does meanwhile
    runs once, and what it does with each chunk as it comes back, once a chunk."""
    items = articles(3 * parallel.CHUNK + 5)
    calls: list[int] = []
    with parallel.feed(digest_article, Settings(jobs=2, quiet=True)) as started:
        if started is None:
            pytest.skip("this machine cannot fork a pool here")
        for item in items:
            started.add(item)
        assert started.items == items
        chunks: list[list[object]] = []
        digests = started.results(meanwhile=lambda: calls.append(1), each=chunks.append)
    assert calls == [1]
    # Each chunk's results as they came back, in order.
    assert [len(chunk) for chunk in chunks] == [parallel.CHUNK] * 3 + [5]
    assert [digest for chunk in chunks for digest in chunk] == digests
    assert digests == parallel.map_articles(digest_article, items, Settings(jobs=1))


def test_a_feed_passes_a_workers_error_on_and_stops_its_workers() -> None:
    with parallel.feed(fail_on_seven, Settings(jobs=2)) as started:
        assert started is not None
        for item in range(10 * parallel.CHUNK):
            started.add(item)
        with pytest.raises(SummarizerError, match="item 448 failed"):
            started.results()
    assert multiprocessing.active_children() == []


def test_no_feed_where_the_work_cannot_be_spread_here() -> None:
    """With one job, or on Dask, the items are mapped once they are all known."""
    for settings in (Settings(jobs=1), Settings(executor="dask")):
        with parallel.feed(double, settings) as started:
            assert started is None


def write_day(folder: Path, count: int) -> Path:
    path = folder / "day.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i, article in enumerate(articles(count)):
            item = {"title": article.title, "text": article.text, "tags": [TOPICS[i % 5]]}
            out.write(json.dumps({**item, "date": "2025-04-04"}) + "\n")
    return path


@pytest.mark.parametrize("method", ["lexrank", "newsrank"])
def test_the_briefing_is_byte_identical_for_one_and_two_jobs(tmp_path: Path, method: str) -> None:
    day = write_day(tmp_path, 2 * parallel.CHUNK + 9)
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}"
        result = run_cli(
            "build", str(day), "--date", "2025-04-04", "--method", method, "--jobs", jobs,
            "-f", "markdown", "-f", "json", "-f", "html", "--no-history", "-q", "-o", str(out),
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert result.stdout == "" and result.stderr == ""
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert len([name for name in outputs[0] if name.startswith("briefing-")]) == 3
    assert outputs[0] == outputs[1]


def test_jobs_must_be_at_least_one(tmp_path: Path) -> None:
    result = run_cli("build", str(write_day(tmp_path, 2)), "--jobs", "0")
    assert result.returncode == 2
    assert "--jobs" in result.stderr


def test_jobs_default_to_every_core() -> None:
    assert Settings().jobs is None
    assert load_settings(None, jobs=3).jobs == 3
    assert parallel.available_cores() >= 1


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run_with_stderr(stream: io.StringIO, settings: Settings, count: int) -> str:
    saved = sys.stderr
    sys.stderr = stream
    try:
        assert parallel.map_articles(double, list(range(count)), settings)[-1] == 2 * (count - 1)
    finally:
        sys.stderr = saved
    return stream.getvalue()


def test_a_progress_bar_on_a_terminal_for_long_runs() -> None:
    count = parallel.PROGRESS_FROM + 20
    shown = run_with_stderr(Terminal(), Settings(jobs=1), count)
    assert "Summarising" in shown
    assert f"{count}/{count}" in shown


@pytest.mark.parametrize(
    ("stream", "settings", "count"),
    [
        pytest.param(Terminal(), Settings(jobs=1, quiet=True), 600, id="quiet"),
        pytest.param(io.StringIO(), Settings(jobs=1), 600, id="not-a-terminal"),
        pytest.param(Terminal(), Settings(jobs=1), 20, id="short-run"),
    ],
)
def test_no_progress_bar(stream: io.StringIO, settings: Settings, count: int) -> None:
    assert run_with_stderr(stream, settings, count) == ""


def blas_threads(_item: int, _settings: Settings) -> int:
    """How many threads the BLAS libraries of this process may start."""
    from threadpoolctl import threadpool_info

    return max((pool["num_threads"] for pool in threadpool_info()), default=1)


def test_workers_run_one_blas_thread_each() -> None:
    # The first item is done in this process; the rest in the workers.
    found = parallel.map_articles(blas_threads, list(range(3 * parallel.CHUNK)), Settings(jobs=2))
    assert set(found[1:]) == {1}


def nap(item: int, _settings: Settings) -> int:
    import time

    time.sleep(0.05)
    return item


def children_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
def test_workers_exit_when_their_parent_is_killed() -> None:
    import os
    import signal
    import subprocess
    import time

    from tests.conftest import ROOT

    script = (
        "from briefing.config.settings import Settings\n"
        "from briefing.workers import map_articles\n"
        "from tests.test_workers import nap\n"
        "map_articles(nap, list(range(2000)), Settings(jobs=2, quiet=True))\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", script], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}
    )
    try:
        deadline = time.monotonic() + 30
        workers: list[int] = []
        while len(workers) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
            workers = children_of(parent.pid)
        assert len(workers) >= 2, "the pool did not start"
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 10
        alive = workers
        while alive and time.monotonic() < deadline:
            time.sleep(0.2)
            alive = [pid for pid in workers if Path(f"/proc/{pid}").exists() and not zombie(pid)]
        assert not alive, f"workers {alive} outlived their killed parent"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait(timeout=10)


def zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return False


BESIDE = """
import os, threading
from briefing.config.settings import Settings
from briefing.workers import available_cores, beside

numbers = list(range(200_000))
get = beside(lambda: (os.getpid(), sum(numbers)), Settings(jobs=2))
pid, total = get()
print("elsewhere" if pid != os.getpid() else "here", total == sum(numbers))

def fails():
    raise ValueError("no JSON today")

try:
    beside(fails, Settings(jobs=2))()
except ValueError as error:
    print("raised:", error)
print("one job:", beside(os.getpid, Settings(jobs=1))() == os.getpid())
threading.Thread(target=threading.Event().wait, args=(5,), daemon=True).start()
print("with a thread:", beside(os.getpid, Settings(jobs=2))() == os.getpid())
print("cores:", available_cores())
"""


def test_work_beside_runs_in_a_forked_process_and_hands_back_its_result() -> None:
    """What the main process starts beside its own work (a big day's JSON) runs in a
    forked process on another core, its result or its error coming back; with one job,
    or with other threads in the process (a fork would copy none of them), it runs in
    the main process when its result is asked for."""
    done = run_python(BESIDE)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    cores = int(lines[-1].split()[-1])
    assert lines[0] == ("elsewhere True" if cores > 1 else "here True")
    assert lines[1:4] == ["raised: no JSON today", "one job: True", "with a thread: True"]
