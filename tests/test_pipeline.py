"""The orchestrator: read, make, write, deliver, remember, in that order and no other."""

from __future__ import annotations

import dataclasses
import datetime as dt
import multiprocessing
import pickle
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from briefing import pipeline
from briefing.config.settings import Settings
from briefing.errors import DeliveryError, InputError
from briefing.models import Briefing
from briefing.pipeline import build_briefing, digest_article, make_briefing, read_briefing
from briefing.readers import read_inputs
from briefing.stories.history import FILE_NAME, History
from tests.conftest import EXAMPLES, make_article, write_jsonl
from tests.newsday import DAY, newsday

ARTICLES = EXAMPLES / "articles"
DAY_ONE = dt.date(2025, 4, 3)
DAY_TWO = dt.date(2025, 4, 4)


def settings_for(tmp_path: Path, **changes: object) -> Settings:
    values: dict[str, object] = {
        "inputs": (str(ARTICLES),),
        "out": str(tmp_path / "out"),
        "state_dir": str(tmp_path / "state"),
        "formats": ("markdown", "json"),
        "jobs": 1,
        "quiet": True,
    }
    values.update(changes)
    return Settings(**values)  # type: ignore[arg-type]


def recorded_days(settings: Settings) -> list[str]:
    assert settings.state_dir is not None
    path = Path(settings.state_dir) / FILE_NAME
    assert not (Path(settings.out) / FILE_NAME).exists(), "the history is state, not output"
    if not path.exists():
        return []
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT DISTINCT day FROM stories ORDER BY day").fetchall()
    return [day for (day,) in rows]


def test_build_writes_every_format_then_records_the_day(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    result = build_briefing(settings, DAY_TWO)
    assert [p.name for p in result.files] == ["briefing-2025-04-04.md", "briefing-2025-04-04.json"]
    assert all(p.is_file() for p in result.files)
    assert recorded_days(settings) == ["2025-04-04"]
    # The first day recorded: nothing to compare with, so no story is marked.
    assert {s.status for s in result.briefing.stories} == {None}


def test_deliver_sees_the_marked_briefing_before_the_history_records_it(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    build_briefing(settings, DAY_ONE)
    seen: list[tuple[Briefing, list[str]]] = []

    def deliver(briefing: Briefing) -> None:
        seen.append((briefing, recorded_days(settings)))

    result = build_briefing(settings, DAY_TWO, write=False, deliver=deliver)
    ((delivered, days_then),) = seen
    assert delivered is result.briefing
    assert days_then == ["2025-04-03"], "the day was recorded before it was delivered"
    assert recorded_days(settings) == ["2025-04-03", "2025-04-04"]
    assert result.files == ()
    assert not list(Path(settings.out).glob("briefing-2025-04-04.*"))
    assert all(story.status in {"new", "update"} for story in delivered.stories)
    assert all(story.thread is not None for story in delivered.stories)


def test_a_failed_delivery_records_nothing(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)

    def refuse(_briefing: Briefing) -> None:
        raise DeliveryError("the server refused the message")

    with pytest.raises(DeliveryError, match="refused"):
        build_briefing(settings, DAY_TWO, write=False, deliver=refuse)
    assert recorded_days(settings) == []


def test_a_rehearsal_records_nothing(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    result = build_briefing(settings, DAY_TWO, write=False, record=False)
    assert result.briefing.stories
    assert recorded_days(settings) == []


def test_read_briefing_is_read_inputs_then_make_briefing(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, history=False)
    read = read_inputs(settings.inputs)
    made = make_briefing(read.articles, settings, DAY_TWO, read.skipped, sources=read.sources)
    assert read_briefing(settings, DAY_TWO) == made


def test_workers_change_nothing(tmp_path: Path) -> None:
    articles = newsday() * 30  # enough for several chunks of work
    path = write_jsonl(tmp_path / "day.jsonl", articles)
    one = settings_for(tmp_path, inputs=(str(path),), jobs=1, history=False)
    two = settings_for(tmp_path, inputs=(str(path),), jobs=2, history=False)
    assert read_briefing(one, DAY) == read_briefing(two, DAY)


def test_a_big_day_is_summarised_while_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big input with the day given goes to the workers article by article as it is
    read (no map once reading is done); the briefing is the one a single process makes."""
    path = write_jsonl(tmp_path / "day.jsonl", newsday() * 30)
    assert path.stat().st_size >= pipeline.FEED_FROM
    one = settings_for(tmp_path, inputs=(str(path),), jobs=1, out=str(tmp_path / "one"))
    alone = build_briefing(one, DAY)
    workers = settings_for(tmp_path, inputs=(str(path),), jobs=2, out=str(tmp_path / "two"))

    def no_map(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the articles were mapped after reading, not fed while read")

    monkeypatch.setattr(pipeline, "map_articles", no_map)
    fed = build_briefing(workers, DAY)
    assert fed.briefing == alone.briefing
    assert [f.read_bytes() for f in fed.files] == [f.read_bytes() for f in alone.files]
    assert multiprocessing.active_children() == []


def test_no_feed_beside_a_folder_whose_files_workers_of_their_own_may_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder among the inputs may be read on workers of its own (a big one is): the
    articles are then summarised once everything is read, not fed to a pool of a
    second kind started before it (a fork beside a running pool's threads)."""
    path = write_jsonl(tmp_path / "day.jsonl", newsday() * 30)
    folder = tmp_path / "more"
    folder.mkdir()
    write_jsonl(folder / "one.jsonl", newsday()[:1])

    def no_feed(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a feed was started")

    monkeypatch.setattr(pipeline, "feed", no_feed)
    settings = settings_for(tmp_path, inputs=(str(path), str(folder)), jobs=2, history=False)
    assert build_briefing(settings, DAY).briefing.article_count > 0


def test_the_history_is_read_while_the_workers_summarise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the articles fed to the workers as they are read, the earlier days are
    read from the history while the workers finish (History.prepare, with the day and
    every article of it); the briefing marked against them is the one a single process
    makes, updates and all."""
    before = DAY - dt.timedelta(days=1)
    yesterday = [dataclasses.replace(a, date=before) for a in newsday()[:6]]
    first = write_jsonl(tmp_path / "before.jsonl", yesterday)
    path = write_jsonl(tmp_path / "day.jsonl", newsday() * 30)
    prepared: list[tuple[int, dt.date, int]] = []
    real = History.prepare
    jobs = 1

    def spy(self: History, day: dt.date, keys: Sequence[str]) -> None:
        prepared.append((jobs, day, len(set(keys))))
        real(self, day, keys)

    monkeypatch.setattr(History, "prepare", spy)
    made = []
    for jobs in (1, 2):
        history = str(tmp_path / f"history-{jobs}.sqlite3")
        common = {"jobs": jobs, "history_path": history, "out": str(tmp_path / f"out-{jobs}")}
        build_briefing(settings_for(tmp_path, inputs=(str(first),), **common), before)
        made.append(build_briefing(settings_for(tmp_path, inputs=(str(path),), **common), DAY))
    # A small day, or one process: the story stage reads the history itself.
    assert prepared == [(2, DAY, len({a.url for a in newsday()}))]
    assert made[0].briefing == made[1].briefing
    assert any(story.status == "update" for story in made[1].briefing.stories)


def test_the_workers_stop_when_reading_fails(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "day.jsonl", newsday() * 30)
    with path.open("a", encoding="utf-8") as out:
        out.write('\n{"title": "broken')
    settings = settings_for(tmp_path, inputs=(str(path),), jobs=2, strict=True)
    with pytest.raises(InputError, match=r"--strict: skipped .*day\.jsonl"):
        build_briefing(settings, DAY)
    assert multiprocessing.active_children() == []


def test_a_digest_carries_the_opening_only_when_the_history_needs_it() -> None:
    article = make_article()
    with_history = digest_article(article, Settings(history=True))
    without = digest_article(article, Settings(history=False))
    assert with_history.key.picked == without.key.picked
    assert without.key.opening == ()
    positions = [s.position for s in with_history.key.opening]
    assert positions == sorted(positions) and positions[0] == 0
    assert {s.position for s in with_history.key.picked} <= set(positions)
    assert pickle.loads(pickle.dumps(with_history)) == with_history


def test_an_outlier_day_does_not_choose_the_default_day():
    import datetime as dt

    from briefing.pipeline import default_day

    day = dt.date(2025, 4, 4)
    many = [day] * 12 + [dt.date(2025, 4, 3)] * 8
    assert default_day([*many, dt.date(2099, 1, 1)]) == day  # One wild date among many
    assert default_day([*many, dt.date(2025, 4, 5)]) == dt.date(2025, 4, 5)  # The next day
    assert default_day([day, dt.date(2025, 6, 1)]) == dt.date(2025, 6, 1)  # Half: not outlying
    assert default_day([day] * 3 + [dt.date(2099, 1, 1)]) == day  # Years ahead, fewer


def test_the_story_stage_leaves_the_garbage_collector_as_it_found_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gc

    import briefing.pipeline

    merge = briefing.pipeline.merge_stories
    frozen_while_merging: list[int] = []

    def spied(*args: Any, **kwargs: Any) -> Any:
        frozen_while_merging.append(gc.get_freeze_count())
        return merge(*args, **kwargs)

    monkeypatch.setattr(briefing.pipeline, "merge_stories", spied)
    articles = newsday()
    expected = make_briefing(articles, Settings(jobs=1), DAY)
    # The articles and the workers' digests are kept out of the collector's passes while
    # the stories are made, and handed back once the briefing is made.
    assert frozen_while_merging[-1] > 0
    assert gc.get_freeze_count() == 0
    # A program that froze objects of its own keeps them frozen, and gets the same briefing.
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert make_briefing(articles, Settings(jobs=1), DAY) == expected
        # (not one more frozen, and not unfrozen; a few may be freed meanwhile)
        assert 0 < frozen_while_merging[-1] <= frozen
        assert 0 < gc.get_freeze_count() <= frozen
    finally:
        gc.unfreeze()
    # With the collector off, it is left off and nothing is frozen.
    gc.disable()
    try:
        assert make_briefing(articles, Settings(jobs=1), DAY) == expected
        assert frozen_while_merging[-1] == 0
        assert not gc.isenabled()
    finally:
        gc.enable()
