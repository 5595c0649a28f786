"""Stories across outlets: merged once, every source kept, nothing said twice, ranked."""

from __future__ import annotations

import functools
import itertools
import json
import random
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from briefing.config.settings import Settings
from briefing.models import Length, Section, Sentence, Story, Tag
from briefing.pipeline import make_briefing
from briefing.render.formats import render
from briefing.stories.cluster import cluster
from briefing.stories.events import _fact_groups, dedupe_briefing, merge_stories
from briefing.stories.ranking import top_stories
from briefing.stories.similarity import NearDuplicates, sentence_words
from tests.conftest import (
    json_stories,
    make_article,
    run_cli,
    shared_file,
    syndicate,
    word_overlap,
    write_jsonl,
)
from tests.newsday import EVENTS, OTHERS, OUTLETS, newsday


def briefing_json(articles: list[Any], **settings: Any) -> dict[str, Any]:
    briefing = make_briefing(articles, Settings(**settings))
    data: dict[str, Any] = json.loads(render(briefing, "json"))
    return data


def test_three_events_by_three_outlets_beside_six_others_make_nine_stories() -> None:
    data = briefing_json(newsday())
    stories = json_stories(data)
    assert len(stories) == 9
    assert data["counts"]["stories"] == 9
    assert len({s["id"] for s in stories}) == 9
    by_size = sorted(stories, key=lambda s: -len(s["articles"]))
    for story in by_size[:3]:
        assert sorted(a["source"] for a in story["articles"]) == sorted(OUTLETS)
        urls = {a["url"] for a in story["articles"]}
        assert len({u.rsplit("/", 1)[1] for u in urls}) == 1  # all three copies of one event
    for story in by_size[3:]:
        assert len(story["articles"]) == 1
    titles = {s["title"] for s in by_size[3:]}
    assert titles == {title for title, _, _ in OTHERS}


def test_no_two_sentences_of_the_briefing_repeat_each_other() -> None:
    sentences = [s for story in json_stories(briefing_json(newsday())) for s in story["sentences"]]
    assert len(sentences) >= 9
    for a, b in itertools.combinations(sentences, 2):
        assert word_overlap(a["text"], b["text"]) < 0.6, (a["text"], b["text"])


def test_sentences_are_quoted_from_the_article_they_link_to() -> None:
    for story in json_stories(briefing_json(newsday())):
        assert 1 <= len(story["sentences"]) <= 3
        texts = {a["url"]: a for a in story["articles"]}
        for sentence in story["sentences"]:
            assert sentence["url"] in texts
    articles = {a.url: a.text for a in newsday()}
    for story in json_stories(briefing_json(newsday())):
        for sentence in story["sentences"]:
            assert sentence["text"] in articles[sentence["url"]]


def test_the_headline_comes_from_the_fullest_central_article() -> None:
    stories = json_stories(briefing_json(newsday()))
    event_titles = {title for title, _ in EVENTS}
    merged = [s for s in stories if len(s["articles"]) == 3]
    assert {s["title"] for s in merged} == event_titles
    assert all(s["articles"][0]["source"] == OUTLETS[0] for s in merged)


def test_clustering_ignores_input_order_and_ids_are_stable() -> None:
    articles = newsday()
    first = briefing_json(articles)
    shuffled = articles[:]
    random.Random(3).shuffle(shuffled)
    second = briefing_json(shuffled)
    groups = lambda d: {  # noqa: E731
        frozenset(a["url"] for a in s["articles"]) for s in json_stories(d)
    }
    assert groups(first) == groups(second)
    assert {s["id"] for s in json_stories(first)} == {s["id"] for s in json_stories(second)}


def test_top_stories_and_ranking_put_widely_reported_stories_first() -> None:
    shouting = make_article(
        "SHOCK!!! Celebrity chef's secret feud EXPLODES",
        "In an astonishing and explosive outburst, the celebrity chef Bram Kettle accused "
        "his former partner of stealing his famous soup recipe. Fans were left stunned and "
        "furious as the bitter feud exploded across social media overnight. Insiders say "
        "the shocking row could end the most successful cookery show on television. "
        "Kettle vowed to reveal everything in an explosive interview next week.",
        tags=("world-news",),
        url="https://gossip.example.net/kettle",
        source="Gossip Daily",
    )
    data = briefing_json([shouting, *newsday()])
    stories = json_stories(data)
    assert 3 <= len(data["top_stories"]) <= 5
    top = [next(s for s in stories if s["id"] == i) for i in data["top_stories"]]
    assert all(len({a["source"] for a in s["articles"]}) == 3 for s in top[:3])
    order = [s["id"] for s in stories]
    gossip = next(s["id"] for s in stories if s["title"].startswith("SHOCK"))
    assert all(order.index(s["id"]) < order.index(gossip) for s in top)
    scores = [s["score"] for s in stories]
    assert scores == sorted(scores, reverse=True)


def test_top_stories_take_three_then_only_widely_reported_ones() -> None:
    def story(n: int, outlets: int) -> Story:
        arts = tuple(
            make_article(f"Story {n}", url=f"https://o{k}.example.com/{n}", source=f"O{k}")
            for k in range(outlets)
        )
        return Story(id=f"s{n}", articles=arts, sentences=(), score=outlets + 0.1 * n)

    assert top_stories([story(n, 1) for n in range(6)]) == ("s5", "s4", "s3")
    mixed = [story(0, 3), story(1, 3), story(2, 2), story(3, 2), story(4, 2), story(5, 2)]
    assert len(top_stories(mixed)) == 5
    assert top_stories([story(0, 1)]) == ("s0",)


def test_a_fact_shown_in_one_story_is_not_shown_again_in_another() -> None:
    shared = "The regional parliament will debate the proposal again after the summer recess."
    a, b = make_article("First"), make_article("Second", url="https://x.example.com/2")
    one = Story("a", (a,), (Sentence(shared, a.id, 0, 1.0, a.url),), score=2.0)
    reworded = "After the summer recess the regional parliament will debate the proposal again."
    other = Sentence("Fishermen protested outside the town hall on Monday morning.", b.id, 1, 0.5)
    two = Story("b", (b,), (Sentence(reworded, b.id, 0, 1.0, b.url), other), score=1.0)
    sections = dedupe_briefing([Section(Tag("x", "X"), (one, two))])
    assert [s.text for s in sections[0].stories[0].sentences] == [shared]
    assert [s.text for s in sections[0].stories[1].sentences] == [other.text]


def test_reworded_sentences_are_near_duplicates_and_different_facts_are_not() -> None:
    test = NearDuplicates()
    a = sentence_words("The company said on Tuesday it would close the plant in March.")
    b = sentence_words("The firm stated on Tuesday that it would shut the plant in March.")
    c = sentence_words("Workers at the plant voted to strike over pay in March.")
    assert test.alike(a, b)
    assert not test.alike(a, c)


def test_merge_keeps_every_article_once_and_unrelated_ones_apart() -> None:
    articles = newsday()
    stories = [Story(a.id, (a,), ()) for a in articles]
    merged = merge_stories(stories)
    assert sorted(a.id for s in merged for a in s.articles) == sorted(a.id for a in articles)
    assert sorted(len(s.articles) for s in merged) == [1] * 6 + [3] * 3


def test_cli_json_has_nine_stories_with_their_sources(tmp_path: Path) -> None:
    feed = tmp_path / "day.jsonl"
    write_jsonl(feed, newsday())
    out = tmp_path / "out"
    result = run_cli("build", str(feed), "-f", "json", "-f", "md", "-o", str(out), "--no-history")
    assert result.returncode == 0, result.stderr
    data = json.loads((out / "briefing-2025-04-04.json").read_text(encoding="utf-8"))
    assert len(json_stories(data)) == 9
    assert sorted(len(s["articles"]) for s in json_stories(data)) == [1] * 6 + [3] * 3
    markdown = (out / "briefing-2025-04-04.md").read_text(encoding="utf-8")
    assert "## Top stories" in markdown
    assert markdown.count("Reported by [Harbour Gazette]") == 3
    assert not (out / "history.sqlite3").exists()


def _bbc_rows() -> list[dict[str, str]]:
    return _read_bbc(shared_file("eval", "bbc_news_summary.jsonl"))


@functools.lru_cache(maxsize=1)
def _read_bbc(path: Path) -> list[dict[str, str]]:
    seen: set[str] = set()
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["title"].lower() not in seen:  # the corpus repeats some articles
            seen.add(row["title"].lower())
            rows.append(row)
    return rows


@pytest.mark.parametrize("day", range(8))
def test_real_bbc_articles_with_injected_rewrites_make_nine_stories(day: int) -> None:
    by_category: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in _bbc_rows():
        by_category[row["category"]].append(row)
    rng = random.Random(1000 + day)
    pool = by_category[sorted(by_category)[day % 5]]
    chosen = rng.sample(pool, 9)
    articles, truth = [], []
    for number, row in enumerate(chosen):
        for copy in range(3 if number < 3 else 1):
            text = row["text"] if copy == 0 else syndicate(row["text"], rng.randrange(10**6))
            articles.append(
                make_article(
                    row["title"],
                    text,
                    tags=("bbc",),
                    url=f"https://outlet{copy}.example.com/{number}",
                    source=f"Outlet {copy}",
                )
            )
            truth.append(number)
    groups = cluster([a.text for a in articles], [a.title for a in articles]).groups
    assert sorted(sorted(truth[i] for i in g) for g in groups) == sorted(
        [[n] * (3 if n < 3 else 1) for n in range(9)]
    )
    data = briefing_json(articles)
    assert len(json_stories(data)) == 9
    sentences = [s["text"] for story in json_stories(data) for s in story["sentences"]]
    for a, b in itertools.combinations(sentences, 2):
        assert word_overlap(a, b) < 0.6


def test_one_fact_from_two_outlets_in_their_own_words_is_shown_once() -> None:
    from briefing.models import Sentence, Story
    from briefing.stories.events import pick_across

    def story(article_id: str, texts: list[str]) -> Story:
        article = make_article(f"Title {article_id}", " ".join(texts), url=None)
        picked = tuple(Sentence(t, article_id, i, 1.0 - i / 10, None) for i, t in enumerate(texts))
        return Story(id=article_id, articles=(article,), sentences=picked)

    first = story(
        "a",
        [
            "Ferry crews will walk out for three days from Tuesday after pay talks failed.",
            "The operator said its offer of four per cent was generous.",
        ],
    )
    second = story(
        "b",
        [
            "Island travellers face three days without ferries from Tuesday as crews strike.",
            "Harbour shops expect to lose most of their weekly trade during the walkout.",
        ],
    )
    texts = [s.text for s in pick_across([first, second], Length(3))]
    assert texts[0].startswith("Ferry crews will walk out")
    assert not any(t.startswith("Island travellers") for t in texts)
    assert any(t.startswith("Harbour shops") for t in texts)
    # Sentences of one article are never judged the same fact: the method kept them apart.
    same = story(
        "c",
        [
            "Ferry crews will walk out for three days from Tuesday after pay talks failed.",
            "Tuesday's strike by ferry crews will last three days, the union confirmed.",
        ],
    )
    assert len(pick_across([same], Length(3))) == 2


def test_fact_groups_are_the_first_group_with_an_alike_sentence() -> None:
    """Sentences of several members, many sharing words: each joins the first group
    holding a sentence :meth:`NearDuplicates.alike` to it, as comparing one by one does."""
    rng = random.Random(23)
    vocabulary = ["tide", "pier", "mayor", "vote", "storm", "wall", "budget", "ferry", "rain"]
    test = NearDuplicates()
    for _ in range(300):
        members = []
        for m in range(rng.randint(1, 5)):
            sentences = tuple(
                Sentence(" ".join(rng.choices(vocabulary, k=rng.randint(0, 7))), f"a{m}", p, 0.5)
                for p in range(rng.randint(0, 4))
            )
            members.append(Story(f"a{m}", (), sentences))
        expected: list[list[Sentence]] = []
        for member in members:
            for sentence in member.sentences:
                bag = sentence_words(sentence.text)
                for group in expected:
                    if any(test.alike(bag, sentence_words(s.text)) for s in group):
                        group.append(sentence)
                        break
                else:
                    expected.append([sentence])
        found = _fact_groups(members, None)
        assert [[s for _, s, _ in group] for group in found] == expected
