"""What the history costs inside a build: ``History.mark`` and ``History.record`` timed in process.

Run from the repository root::

    python benchmarks/bench_history.py              # N = 4000
    python benchmarks/bench_history.py 4000 16000 --repeat 3
    python benchmarks/bench_history.py 4000 --repo ../old-checkout
    python benchmarks/bench_history.py 4000 --repeat 1 --profile day2.prof

For each N, the two days of ``bench_build.py`` (day one: articles ``0 .. N-1`` of the real
BBC and CNN/DailyMail articles; day two: ``N/2 .. 3N/2 - 1``, half of them the same
articles again) are built with the default settings (history on, newsrank, Markdown and
HTML) by ``build_briefing`` in this process: day one into an empty folder, then day two
on top of it. It prints, for each day, the wall and CPU seconds of the whole build (CPU:
this process and its workers) and of the history's two steps (``mark`` reads the earlier
days and marks the stories, ``record`` writes the day), and the history's share of the
build's CPU seconds (wall time says little on a shared machine). Each figure is the
median of ``--repeat`` runs. ``--profile FILE`` also writes a cProfile of the main
process during the last run's day-two build (the serial stage; the workers are not in it)
and prints its top functions by cumulative time. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import functools
import os
import pstats
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench_build import DAY, NEXT_DAY, load_rows, write_articles

ROOT = Path(__file__).resolve().parents[1]


def cpu_seconds() -> float:
    """CPU seconds of this process and of the children it waited for (the workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class Clock:
    """Wall and CPU seconds spent in the functions it wraps, by name."""

    def __init__(self) -> None:
        self.spent: dict[str, list[float]] = {}

    def wrap(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            wall, cpu = time.perf_counter(), cpu_seconds()
            try:
                return function(*args, **kwargs)
            finally:
                found = self.spent.setdefault(name, [0.0, 0.0])
                found[0] += time.perf_counter() - wall
                found[1] += cpu_seconds() - cpu

        return timed


def one_run(
    size: int, folder: Path, rows: list[dict[str, str]], profile: Path | None = None
) -> dict[str, dict[str, list[float]]]:
    """Day one then day two, each build and its history steps timed."""
    from briefing.config.settings import Settings
    from briefing.pipeline import build_briefing
    from briefing.stories.history import History

    one, two = folder / "day1.jsonl", folder / "day2.jsonl"
    write_articles(rows, size, one)
    write_articles(rows, size, two, first=size // 2, day=NEXT_DAY)
    out = folder / "out"
    found: dict[str, dict[str, list[float]]] = {}
    mark, record = History.mark, History.record
    try:
        for name, path, day in (("day one", one, DAY), ("day two", two, NEXT_DAY)):
            clock = Clock()
            History.mark = clock.wrap("mark", mark)  # type: ignore[method-assign]
            History.record = clock.wrap("record", record)  # type: ignore[method-assign]
            # The history in this run's own state folder: not the user's, nor shared by
            # runs (or by benchmarks running at once, which would wait for its lock).
            settings = Settings(
                inputs=(str(path),), out=str(out), state_dir=str(folder / "state"), quiet=True
            )
            build = clock.wrap("build", build_briefing)
            if profile is not None and name == "day two":
                profiler = cProfile.Profile()
                profiler.runcall(build, settings, dt.date.fromisoformat(day))
                profiler.dump_stats(profile)
            else:
                build(settings, dt.date.fromisoformat(day))
            found[name] = clock.spent
    finally:
        History.mark, History.record = mark, record  # type: ignore[method-assign]
    return found


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[4000], metavar="N")
    parser.add_argument("--repeat", type=int, default=3, help="runs per N; medians are shown")
    parser.add_argument("--repo", type=Path, default=ROOT, help="the checkout to time")
    parser.add_argument(
        "--profile", type=Path, metavar="FILE", help="cProfile the last day-two build into FILE"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(args.repo.resolve()))
    rows = load_rows()
    print(f"briefing from {args.repo.resolve()}; load average {os.getloadavg()[0]:.2f}")
    print(f"medians of {args.repeat} runs; seconds wall / CPU (with the workers' CPU)")
    header = f"{'N':>6} {'day':<8} | {'build':>13} | {'mark':>11} | {'record':>11} | {'history':>8}"
    print(header)
    print("-" * len(header))
    for size in args.sizes:
        runs = []
        for run in range(args.repeat):
            profile = args.profile if run == args.repeat - 1 else None
            with tempfile.TemporaryDirectory() as folder:
                runs.append(one_run(size, Path(folder), rows, profile))
        for day in ("day one", "day two"):

            def figure(step: str, which: int, day: str = day, runs: list[Any] = runs) -> float:
                return median([run[day].get(step, [0.0, 0.0])[which] for run in runs])

            build = figure("build", 1)
            history = figure("mark", 1) + figure("record", 1)
            line = f"{size:>6} {day:<8} | {figure('build', 0):>6.2f} {build:>6.2f} |"
            for step in ("mark", "record"):
                line += f" {figure(step, 0):>5.2f} {figure(step, 1):>5.2f} |"
            print(line + f" {100 * history / build:>7.1f}%", flush=True)
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    if args.profile is not None:
        stats = pstats.Stats(str(args.profile))
        stats.sort_stats("cumulative").print_stats(40)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
