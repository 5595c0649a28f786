"""parallel: the same briefing whatever the number of workers; a progress bar only on a terminal."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from briefing import workers as parallel
from briefing.config.settings import Settings, load_settings
from briefing.errors import SummarizerError
from briefing.pipeline import digest_article
from tests.conftest import make_article, run_cli

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
    assert len(outputs[0]) == 3
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
