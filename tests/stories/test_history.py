"""What's new: stories seen before are updates showing only new facts; reruns change nothing."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from briefing.config.settings import Settings
from briefing.errors import HistoryError
from briefing.models import Article
from briefing.pipeline import make_briefing
from briefing.render.formats import render
from briefing.stories.history import FILE_NAME, History, open_history
from tests.conftest import json_stories, make_article, run_cli, word_overlap, write_jsonl
from tests.newsday import DAY, event_articles, newsday, other_articles

NEXT = DAY + dt.timedelta(days=1)

FOLLOW_UP = make_article(
    "Regional government offers a subsidy to keep Tarn Island ferries running",
    "The regional government on Saturday offered Brightwater Ferries a subsidy of 3.2 "
    "million euros to keep the winter crossings to Tarn Island running. Brightwater "
    "Ferries had said it would cancel every winter crossing between Port Alder and Tarn "
    "Island from November until March. Chief executive Olav Rusk said the board would "
    "study the offer over the weekend and answer on Monday. Islanders gathered on the "
    "quay at Port Alder to cheer the announcement with flags and car horns. The subsidy "
    "would be paid from the regional road maintenance budget, which opposition "
    "councillors criticised.",
    tags=("world-news",),
    date=NEXT,
    url="https://northern-wire.example.com/2025-04-05/ferry-subsidy",
    source="Northern Wire",
)
FRESH = make_article(
    "Glassworks in Lindau reopens after restoration",
    "A glassworks in Lindau that closed during the last recession has reopened as a "
    "working museum. Visitors can watch glassblowers shape bowls and vases at the "
    "furnace every afternoon. The town bought the building for one euro and spent four "
    "years restoring its brick chimney and kilns. Twelve craftspeople now work there, "
    "several of them trained by the last owner of the old factory.",
    tags=("world-news",),
    date=NEXT,
    url="https://coastal-post.example.com/2025-04-05/glassworks",
    source="Coastal Post",
)


def redated(articles: list[Article], day: dt.date) -> list[Article]:
    """The same articles (same URLs) carried again on ``day``."""
    return [
        make_article(
            a.title,
            a.text,
            tags=[t.slug for t in a.tags],
            date=day,
            url=a.url,
            source=a.source,
        )
        for a in articles
    ]


def second_day() -> list[Article]:
    return [FOLLOW_UP, FRESH, *redated(event_articles(1), NEXT)]


def built(articles: list[Article], day: dt.date, history: History | None) -> dict[str, Any]:
    briefing = make_briefing(articles, Settings(), day, (), history=history)
    if history is not None:
        history.record(briefing)
    data: dict[str, Any] = json.loads(render(briefing, "json"))
    return data


def test_first_day_is_all_new_and_later_days_show_only_what_is_new(tmp_path: Path) -> None:
    history = History(tmp_path / "h.sqlite3")
    first = built(newsday(), DAY, history)
    # Before any earlier briefing everything is new, and a badge saying so says nothing.
    assert {s["status"] for s in json_stories(first)} == {None}
    sent = [s["text"] for story in json_stories(first) for s in story["sentences"]]

    second = built(second_day(), NEXT, history)
    by_title = {s["title"]: s for s in json_stories(second)}
    assert by_title[FRESH.title]["status"] == "new"
    ferry = by_title[FOLLOW_UP.title]
    assert ferry["status"] == "update"
    assert ferry["sentences"], "the subsidy is news"
    assert any("3.2 million euros" in s["text"] for s in ferry["sentences"])
    painting = next(s for s in json_stories(second) if len(s["articles"]) == 3)
    assert painting["status"] == "update"
    assert painting["sentences"] == []
    # An update with nothing new is not an item of the main read: it is listed below.
    assert painting["featured"] is False
    assert ferry["featured"] is True
    for story in json_stories(second):
        for sentence in story["sentences"]:
            assert all(word_overlap(sentence["text"], old) < 0.6 for old in sent), sentence["text"]


def test_updates_rank_below_new_stories_with_as_many_sources(tmp_path: Path) -> None:
    history = History(tmp_path / "h.sqlite3")
    built(newsday(), DAY, history)
    second = built(second_day(), NEXT, history)
    order = [s["title"] for s in json_stories(second) if len(s["articles"]) == 1]
    assert order.index(FRESH.title) < order.index(FOLLOW_UP.title)
    # The painting story, told again by three outlets with nothing new, sinks to the end.
    assert len(json_stories(second)[-1]["articles"]) == 3
    assert json_stories(second)[-1]["sentences"] == []


def test_rebuilding_a_day_gives_the_same_briefing(tmp_path: Path) -> None:
    history = History(tmp_path / "h.sqlite3")
    built(newsday(), DAY, history)
    once = built(second_day(), NEXT, history)
    again = built(second_day(), NEXT, history)
    assert once == again
    first_again = built(newsday(), DAY, history)
    assert {s["status"] for s in json_stories(first_again)} == {None}  # still the first day
    with sqlite3.connect(tmp_path / "h.sqlite3") as db:
        days = db.execute("SELECT day, COUNT(*) FROM stories GROUP BY day ORDER BY day").fetchall()
    assert days == [(DAY.isoformat(), 9), (NEXT.isoformat(), 3)]


def test_markdown_marks_new_and_update_and_says_when_nothing_is_new(tmp_path: Path) -> None:
    history = History(tmp_path / "h.sqlite3")
    built(newsday(), DAY, history)
    briefing = make_briefing(second_day(), Settings(), NEXT, (), history=history)
    markdown = render(briefing, "markdown")
    assert "· *Update, first reported Friday 4 April 2025*" in markdown
    assert "· *New*" in markdown
    # The update with nothing new is listed under "More from today", saying so.
    more = markdown.split("## More from today", 1)[1]
    assert "*no new details*" in more
    text = render(briefing, "text")
    assert "[UPDATE] " in text and "[NEW] " in text


def test_without_history_there_is_no_status(tmp_path: Path) -> None:
    data = built(newsday(), DAY, None)
    assert {s["status"] for s in json_stories(data)} == {None}
    assert open_history(Settings(history=False, out=str(tmp_path))) is None
    default = open_history(Settings(out=str(tmp_path)))
    assert default is not None and default.path == tmp_path / FILE_NAME
    chosen = open_history(Settings(out=str(tmp_path), history_path=str(tmp_path / "x.db")))
    assert chosen is not None and chosen.path == tmp_path / "x.db"


def test_an_unusable_history_path_is_an_error_that_says_what_to_do(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    history = History(folder)
    briefing = make_briefing(other_articles(), Settings(), DAY, (), history=history)
    with pytest.raises(HistoryError, match="--no-history"):
        history.record(briefing)


def test_cli_remembers_in_the_output_folder_and_reruns_are_identical(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    write_jsonl(feed, newsday() + second_day())
    out = tmp_path / "out"
    outputs = []
    for day in (DAY, NEXT, NEXT):
        result = run_cli(
            "build", str(feed), "--date", day.isoformat(), "-f", "json", "-o", str(out)
        )
        assert result.returncode == 0, result.stderr
        outputs.append((out / f"briefing-{day.isoformat()}.json").read_bytes())
    # Remembered in the state folder (the tests' $XDG_STATE_HOME), never in the output.
    assert (Path(os.environ["XDG_STATE_HOME"]) / "briefing" / FILE_NAME).is_file()
    assert not (out / FILE_NAME).exists()
    assert outputs[1] == outputs[2]
    statuses = {s["status"] for s in json_stories(json.loads(outputs[1]))}
    assert statuses == {"new", "update"}


def test_cli_history_path_and_no_history(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    write_jsonl(feed, newsday())
    out, db = tmp_path / "out", tmp_path / "elsewhere" / "memory.sqlite3"
    result = run_cli("build", str(feed), "-f", "json", "-o", str(out), "--history-path", str(db))
    assert result.returncode == 0, result.stderr
    assert db.is_file() and not (out / FILE_NAME).exists()
    result = run_cli("build", str(feed), "-f", "json", "-o", str(tmp_path / "o2"), "--no-history")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "o2" / FILE_NAME).exists()


def test_sentences_sent_before_are_not_repeated_even_in_new_stories(tmp_path: Path) -> None:
    history = History(tmp_path / "h.sqlite3")
    first = built(other_articles(), DAY, history)
    sent = {s["text"] for story in json_stories(first) for s in story["sentences"]}
    old = other_articles()[3]  # the football story
    retold = make_article(
        "Rovers' new manager meets the players",
        old.text + " Ekwueme met the squad for the first time at the training ground on "
        "Wednesday and promised an attacking style of play.",
        tags=("world-news",),
        date=NEXT,
        url="https://elsewhere.example.com/rovers-training",
        source="Elsewhere",
    )
    second = built([retold], NEXT, history)
    shown = [s["text"] for story in json_stories(second) for s in story["sentences"]]
    assert not set(shown) & sent
    for a, b in itertools.product(shown, sent):
        assert word_overlap(a, b) < 0.6


def test_story_vectors_are_each_storys_heaviest_terms_scaled_and_rounded() -> None:
    import random
    from collections import Counter

    from briefing.stories.history import story_vectors
    from briefing.stories.similarity import bag_vectors

    rng = random.Random(2)
    bags = [
        Counter({f"w{rng.randint(0, 90)}": rng.randint(1, 5) for _ in range(rng.randint(0, 80))})
        for _ in range(120)
    ]
    expected = []
    for vector in bag_vectors(bags):
        top = sorted(vector.items(), key=lambda item: (-item[1], item[0]))[:40]
        norm = sum(w * w for _, w in top) ** 0.5 or 1.0
        expected.append({term: round(w / norm, 6) for term, w in sorted(top)})
    found = story_vectors(bags)
    assert found == expected
    assert [list(v) for v in found] == [list(v) for v in expected]  # terms in sorted order


def test_the_history_looks_up_by_index_and_writes_a_day_at_once(tmp_path: Path) -> None:
    history = History(tmp_path / "h.sqlite3")
    first = [
        make_article(
            f"Harbour {i}",
            f"The harbour {i} reopened after repairs, the council said.",
            url=f"https://x.example/{i}",
        )
        for i in range(3)
    ]
    built(first, DAY, history)
    with sqlite3.connect(tmp_path / "h.sqlite3") as connection:
        plans = {
            query: " ".join(row[-1] for row in connection.execute("EXPLAIN QUERY PLAN " + query))
            for query in (
                "SELECT story FROM stories WHERE day >= '2025-03-20' AND day < '2025-04-05'",
                "SELECT story FROM articles WHERE day >= '2025-03-20' AND day < '2025-04-05'",
                "SELECT words FROM sentences WHERE day >= '2025-03-20' AND day < '2025-04-05'",
                "SELECT story, day FROM articles WHERE key = 'https://x.example/1'",
            )
        }
        days = connection.execute("SELECT DISTINCT day FROM articles").fetchall()
    for query, plan in plans.items():
        assert "USING INDEX" in plan or "USING COVERING INDEX" in plan, (query, plan)
    assert days == [(DAY.isoformat(),)]


def test_sentences_sent_before_are_found_as_comparing_every_pair() -> None:
    import random

    from briefing.stories.history import _Said
    from briefing.stories.similarity import NearDuplicates

    rng = random.Random(7)
    vocabulary = [f"w{i}" for i in range(30)]
    # Short and long sets, some words rare and some in most sets, and unseen words.
    weights = [1 + (i % 7) ** 2 for i in range(len(vocabulary))]
    bags = [frozenset(rng.choices(vocabulary, weights, k=rng.randint(0, 16))) for _ in range(400)]
    sent = _Said(bags[:200])
    pairwise = NearDuplicates()
    queries = bags[200:] + bags[:20] + [bag | {"unseen"} for bag in bags[:40]]
    for bag in queries:
        brute = any(pairwise.alike(bag, other) for other in bags[:200] if bag and other)
        assert sent.repeats(bag) == brute, sorted(bag)
        assert sent.repeats(bag) == brute  # asked again: the same answer
    assert any(sent.repeats(bag) for bag in bags[200:])
    assert not all(sent.repeats(bag) for bag in bags[200:] if bag)


def test_story_vectors_from_the_workers_features_are_those_of_the_stories_bags() -> None:
    from briefing.models import Story
    from briefing.pipeline import digest_article
    from briefing.stories.history import _story_matrix, _top_vectors, story_vectors
    from briefing.stories.similarity import story_bags
    from briefing.stories.tfidf import TermIndex

    articles = [*newsday(), *other_articles()]
    # A title word that is not in the text, and one that is there twice.
    articles.append(make_article("Quayside zebra crossing zebra", "The quay reopened today."))
    features = {a.id: digest_article(a, Settings()).features for a in articles}
    # Stories of one article, and of several (their titles taken off and the lead's put back).
    stories = [Story(a.id, (a,), ()) for a in articles]
    stories += [
        Story(f"s{n}", tuple(articles[n : n + size]), ())
        for n, size in ((0, 3), (4, 2), (9, 4), (len(articles) - 2, 2))
    ]
    expected = story_vectors(story_bags(stories, features))
    found = _top_vectors(_story_matrix(stories, features, None))
    assert found == expected
    assert [list(v) for v in found] == [list(v) for v in expected]
    # With the terms read already (as clustering leaves them), and with stories of one article only.
    index = TermIndex()
    index.ids([f.terms for f in features.values()])
    assert _top_vectors(_story_matrix(stories, features, index)) == expected
    alone = [s for s in stories if len(s.articles) == 1]
    assert _top_vectors(_story_matrix(alone, features, None)) == story_vectors(
        story_bags(alone, features)
    )


def history_dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return list(connection.iterdump())


def test_prepare_reads_the_days_before_so_that_mark_need_not(tmp_path: Path) -> None:
    from briefing.stories.history import article_key

    first = tmp_path / "first.sqlite3"
    built(newsday(), DAY, History(first))
    alone, prepared = tmp_path / "alone.sqlite3", tmp_path / "prepared.sqlite3"
    for path in (alone, prepared):
        path.write_bytes(first.read_bytes())
    expected = built(second_day(), NEXT, History(alone))
    assert {s["status"] for s in json_stories(expected)} == {"new", "update"}

    history = History(prepared)
    keys = [article_key(a) for a in second_day()]
    history.prepare(NEXT, keys[::-1] + keys[:2])  # any order, repeats allowed
    # Out of reach from here on: marking works from what prepare read.
    prepared.rename(tmp_path / "away.sqlite3")
    assert history.knows_days_before(NEXT)
    briefing = make_briefing(second_day(), Settings(), NEXT, (), history=history)
    (tmp_path / "away.sqlite3").rename(prepared)
    history.record(briefing)
    assert json.loads(render(briefing, "json")) == expected
    assert history_dump(prepared) == history_dump(alone)


def test_mark_reads_the_history_itself_when_prepare_was_for_another_day_or_articles(
    tmp_path: Path,
) -> None:
    from briefing.stories.history import article_key

    path = tmp_path / "h.sqlite3"
    built(newsday(), DAY, History(path))
    built(second_day(), NEXT, History(path))
    keys = [article_key(a) for a in second_day()]
    expected = built(second_day(), NEXT, History(path))  # a rerun reads only the day before

    # Prepared for the day after: that would count the second day as sent already.
    history = History(path)
    history.prepare(NEXT + dt.timedelta(days=1), keys)
    assert built(second_day(), NEXT, history) == expected

    # Prepared for the right day but not for every article: read again, here from a
    # history that is gone, so nothing was seen before and nothing is marked.
    history = History(path)
    history.prepare(NEXT, keys[1:])
    assert history.knows_days_before(NEXT)
    path.rename(tmp_path / "away.sqlite3")
    briefing = make_briefing(second_day(), Settings(), NEXT, (), history=history)
    assert {story.status for story in briefing.stories} == {None}
    assert not history.knows_days_before(NEXT)


def test_weights_are_rounded_as_python_rounds_them() -> None:
    import random
    import struct

    import numpy as np

    from briefing.stories.history import _rounded

    rng = random.Random(5)
    values = [rng.random() for _ in range(20000)] + [rng.random() * 1e-5 for _ in range(2000)]
    # Values at a half of the sixth decimal place and right beside it, where the product
    # by a million may round either way; negative ones, zeros, large ones.
    halves = [(k + 0.5) / 1e6 for k in rng.sample(range(1_000_000), 3000)]
    values += halves + [math.nextafter(v, 2.0) for v in halves]
    values += [math.nextafter(v, -1.0) for v in halves] + [-v for v in values[:500]]
    values += [0.0, -0.0, 1.0, 2.5e-7, -2.5e-7, 5e-7, 1.5e-6, 1234.0000005, 3e9 + 0.1, 1e300]

    def bits(x: float) -> bytes:
        return struct.pack("<d", x)  # -0.0 and 0.0 told apart

    found = _rounded(np.array(values))
    assert [bits(x) for x in found] == [bits(round(v, 6)) for v in values]
