"""Reading on the build's workers: the same articles, skips and order as reading here."""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pytest

from briefing.config.settings import Settings
from briefing.errors import SkippedInput
from briefing.pipeline import _OnWorkers
from briefing.readers.inputs import FILES_PER_TASK, SPREAD_FROM, read_inputs
from tests.test_workers import story_text

T = TypeVar("T")
R = TypeVar("R")


class Recording:
    """A spread that runs on a real executor and remembers what it was given."""

    def __init__(self, settings: Settings) -> None:
        self.inner = _OnWorkers(settings)
        self.remote = self.inner.remote
        self.calls: list[tuple[str, int, int]] = []

    def __call__(self, work: Callable[[T], R], items: Sequence[T], per_task: int) -> list[R]:
        self.calls.append((work.__name__, len(items), per_task))
        return self.inner(work, items, per_task)


def write_folder(folder: Path, count: int) -> Path:
    """``count`` seed-style articles in a folder tree, with files that cannot be read."""
    for i in range(count):
        part = folder / f"part{i % 3}"
        part.mkdir(parents=True, exist_ok=True)
        tag = ("harbour", "schools", "weather")[i % 3]
        body = f"date 2025-04-04\n\n{story_text(i)} Filed under [{tag}](/tags/{tag}/).\n"
        (part / f"story-{i:04d}.txt").write_text(body, encoding="utf-8")
    (folder / "part1" / "empty.txt").write_bytes(b"")
    (folder / "part2" / "broken.json").write_text('{"title": "half', encoding="utf-8")
    (folder / "part0" / "binary.txt").write_bytes(b"\x00\x01\x02" * 200)
    return folder


def test_files_read_on_workers_are_what_reading_here_gives(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "day", SPREAD_FROM + 40)
    here = read_inputs([folder])
    spread = Recording(Settings(jobs=2))
    there = read_inputs([folder], spread=spread)
    # Every file went through the executor, in tasks of FILES_PER_TASK.
    assert spread.calls == [("_read_listed", SPREAD_FROM + 43, FILES_PER_TASK)]
    assert len(here.articles) == SPREAD_FROM + 40
    assert there.articles == here.articles  # the same articles, in the same order
    assert [(s.input, s.reason) for s in there.skipped] == [
        (s.input, s.reason) for s in here.skipped
    ]
    assert {Path(s.input).name for s in there.skipped} == {"empty.txt", "broken.json", "binary.txt"}


def test_a_few_files_are_read_here(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "day", 5)
    spread = Recording(Settings(jobs=2))
    assert read_inputs([folder], spread=spread).articles == read_inputs([folder]).articles
    assert spread.calls == []


def test_a_skip_read_on_a_worker_comes_back_whole() -> None:
    skip = SkippedInput("feeds/one.xml", "malformed feed (line 3)")
    back: Any = pickle.loads(pickle.dumps(skip))
    assert (type(back), back.input, back.reason, str(back)) == (
        SkippedInput,
        "feeds/one.xml",
        "malformed feed (line 3)",
        "feeds/one.xml: malformed feed (line 3)",
    )


class Elsewhere:
    """A spread whose worker runs on a machine without the inputs' storage: here, in a
    folder where the inputs' relative names lead nowhere."""

    remote = True

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.answers: list[object] = []

    def __call__(self, work: Callable[[T], R], items: Sequence[T], per_task: int) -> list[R]:
        back = Path.cwd()
        os.chdir(self.folder)
        try:
            answers = [work(item) for item in items]
        finally:
            os.chdir(back)
        self.answers.extend(answers)
        return answers


def test_files_a_worker_cannot_see_are_read_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_folder(tmp_path / "day", SPREAD_FROM)
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path)
    spread = Elsewhere(tmp_path / "elsewhere")
    there = read_inputs(["day"], spread=spread)
    assert len(spread.answers) == SPREAD_FROM + 3 and set(spread.answers) == {None}
    here = read_inputs(["day"])
    assert len(there.articles) == SPREAD_FROM
    assert there.articles == here.articles
    assert [(s.input, s.reason) for s in there.skipped] == [
        (s.input, s.reason) for s in here.skipped
    ]
