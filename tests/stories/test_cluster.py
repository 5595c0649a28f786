"""Which articles tell one event: names decide where common vocabulary cannot."""

from __future__ import annotations

import json
import random
from collections import Counter
from typing import Any

import numpy as np

from briefing.config.settings import Settings
from briefing.models import Article
from briefing.pipeline import make_briefing
from briefing.render.formats import render
from briefing.stories.cluster import _digit_columns, _Names, cluster
from briefing.stories.similarity import cosine, term_bag, text_features, tfidf_vectors
from briefing.stories.tfidf import TfidfMatrix
from tests.conftest import json_stories, make_article
from tests.newsday import newsday
from tests.stories.eventday import AUCTIONS, INTERVIEW, auction_articles, interview_articles


def groups_of(articles: list[Article]) -> set[frozenset[str]]:
    """The stories clustering makes of ``articles``, as sets of URLs."""
    features = [text_features(a.text, a.title) for a in articles]
    found = cluster([], [a.title for a in articles], features=features)
    return {frozenset(articles[i].url or "" for i in group) for group in found.groups}


def briefing_stories(articles: list[Article]) -> list[dict[str, Any]]:
    data = json.loads(render(make_briefing(articles, Settings()), "json"))
    stories: list[dict[str, Any]] = json_stories(data)
    return stories


def test_two_auctions_of_different_stars_are_two_stories_in_a_briefing() -> None:
    auctions = auction_articles()
    stories = briefing_stories([*auctions, *newsday()])
    for article in auctions:
        holding = [s for s in stories if article.url in {a["url"] for a in s["articles"]}]
        assert len(holding) == 1
        assert len(holding[0]["articles"]) == 1, holding[0]["title"]


def test_seven_reports_of_one_interview_are_one_story_in_a_briefing() -> None:
    reports = interview_articles()
    stories = briefing_stories([*reports, *newsday()])
    urls = {a.url for a in reports}
    holding = [s for s in stories if urls & {a["url"] for a in s["articles"]}]
    assert len(holding) == 1
    assert {a["url"] for a in holding[0]["articles"]} == urls
    assert len({a["source"] for a in holding[0]["articles"]}) == 7
    # The day's other events are still told apart: nine stories besides.
    assert len(stories) == 10


def test_the_decision_does_not_depend_on_input_order() -> None:
    articles = [*auction_articles(), *interview_articles(), *newsday()]
    first = groups_of(articles)
    for seed in range(3):
        shuffled = articles[:]
        random.Random(seed).shuffle(shuffled)
        assert groups_of(shuffled) == first


def test_it_is_the_names_that_tell_the_auctions_apart() -> None:
    # The very same two texts, with one star's name in both: one event (one estate's
    # lots sold at one auction), told by two outlets.
    (outlet_a, title_a, text_a), (outlet_b, title_b, text_b) = AUCTIONS

    def same_star(text: str) -> str:
        return text.replace("Maribel Ostrander", "Dorian Quillfeather").replace(
            "Ostrander", "Quillfeather"
        )

    one_star = [
        make_article(title_a, text_a, url="https://a.example/1", source=outlet_a),
        make_article(
            same_star(title_b), same_star(text_b), url="https://b.example/1", source=outlet_b
        ),
    ]
    background = newsday()
    assert frozenset(a.url for a in one_star) in groups_of([*one_star, *background])
    two_stars = [
        make_article(title_a, text_a, url="https://a.example/1", source=outlet_a),
        make_article(title_b, text_b, url="https://b.example/1", source=outlet_b),
    ]
    assert frozenset(a.url for a in two_stars) not in groups_of([*two_stars, *background])


def test_a_report_naming_someone_else_does_not_join_the_interview() -> None:
    # The shortest report, about another singer on another show: it shares the
    # interview's vocabulary ("retirement", "touring", "fans") but none of its names.
    outlet, _, text = INTERVIEW[2]
    other = (
        text.replace("Lucia Brandvold", "Petra Sollendahl")
        .replace("Brandvold", "Sollendahl")
        .replace("Tobin Marsh", "Ada Kirwin")
        .replace("Nightline Hour", "Morning Table")
    )
    stray = make_article("", other, url="https://stray.example/1", source=outlet)
    reports = interview_articles()
    found = groups_of([*reports, stray, *newsday()])
    assert frozenset(a.url for a in reports if a.source != outlet) <= max(found, key=len)
    assert frozenset({stray.url}) in found


TOPICS = (
    "harbour wall storm repair pier tide crane concrete engineer",
    "council budget vote mayor school road tax levy meeting",
    "fishing boats quota winter catch trawler cod market price",
    "flood rain river bridge warning rescue pump sandbag levee",
)


def random_day(seed: int) -> list[str]:
    """Texts on a few topics (no names, no numbers: plain cosines decide), each told by
    one to three rewordings, and each written out one to four times (copies)."""
    rng = random.Random(seed)
    texts = []
    for topic in TOPICS:
        words = topic.split()
        for _ in range(rng.randint(1, 3)):
            base = [rng.choice(words) for _ in range(30)]
            for _ in range(rng.randint(1, 3)):
                told = " ".join(w if rng.random() < 0.8 else rng.choice(words) for w in base)
                texts.extend([told] * rng.randint(1, 4))
    rng.shuffle(texts)
    return texts


def average_link(texts: list[str], threshold: float = 0.5) -> set[frozenset[int]]:
    """Average linkage as the definition says it, one article at a time: links
    strongest first (ties by pair), a join when the mean similarity across passes."""
    vectors = tfidf_vectors(texts)
    n = len(texts)
    sims = {(i, j): cosine(vectors[i], vectors[j]) for i in range(n) for j in range(i + 1, n)}
    groups = {i: [i] for i in range(n)}
    root = list(range(n))
    for (i, j), value in sorted(sims.items(), key=lambda item: (-item[1], item[0])):
        if value < threshold or root[i] == root[j]:
            continue
        a, b = root[i], root[j]
        cross = [sims[min(x, y), max(x, y)] for x in groups[a] for y in groups[b]]
        if sum(cross) / len(cross) >= threshold:
            keep, gone = min(a, b), max(a, b)
            for member in groups[gone]:
                root[member] = keep
            groups[keep] += groups.pop(gone)
    return {frozenset(g) for g in groups.values()}


def test_copies_of_a_text_cluster_as_average_linkage_over_every_article_says() -> None:
    for seed in range(6):
        texts = random_day(seed)
        assert len(set(texts)) < len(texts)
        found = {frozenset(g) for g in cluster(texts).groups}
        assert found == average_link(texts)
        for group in found:
            # Copies of one text are always in one story.
            assert len({texts[i] for i in group}) <= len(group)
        assert all(
            texts[i] != texts[j] for a in found for b in found if a != b for i in a for j in b
        )


def test_blocking_keys_of_copies_are_found_once_and_are_their_originals() -> None:
    texts = random_day(11)
    matrix = TfidfMatrix.from_bags(term_bag(text) for text in texts)
    first = matrix.first_equal()
    assert (first != np.arange(len(texts))).any()
    plain = sorted(zip(*(a.tolist() for a in matrix.top_terms(5)), strict=True))
    once = sorted(zip(*(a.tolist() for a in matrix.top_terms(5, first)), strict=True))
    assert once == plain
    assert np.array_equal(matrix.candidate_pairs(5, 150, first), matrix.candidate_pairs(5, 150))


def test_small_groups_sum_centrality_to_the_same_floats_as_large_ones() -> None:
    from briefing.stories.cluster import _means, _small_means

    rng = random.Random(3)
    n = 60
    # Similarities with many digits, so that another order of adding shows in the last bit.
    sims = {lo * n + hi: rng.random() / 3 for lo in range(n) for hi in range(lo + 1, n)}

    def sims_of(keys: np.ndarray) -> np.ndarray:
        return np.array([sims[k] for k in keys.tolist()])

    unit = np.array([rng.choice([k, k, max(0, k - 1)]) for k in range(n)], dtype=np.int64)
    same = {u: rng.random() for u in range(0, n, 3)}
    for size in (2, 3, 5, 9, 20, 24):
        for _ in range(20):
            group = sorted(rng.sample(range(n), size))
            expected = _means(group, unit, sims_of, same, n)
            found = _small_means(group, unit, sims_of, same, n)
            assert list(found.items()) == list(expected.items())


def test_names_read_from_the_matrix_are_the_names_of_the_vector() -> None:
    rng = random.Random(17)
    words = ["harbour", "mayor", "ferry", "tide", "1200", "3.5", "pier", "council", "jane"]
    for _ in range(200):
        bags = [
            Counter({w: rng.randint(1, 4) for w in rng.sample(words, rng.randint(0, len(words)))})
            for _ in range(rng.randint(1, 6))
        ]
        matrix = TfidfMatrix.from_bags(bags)
        columns = {term: c for c, term in enumerate(matrix.terms)}
        rows = rng.sample(range(len(matrix)), rng.randint(0, len(matrix)))
        # Specifics may name terms of no row, and numbers, which are no names.
        details = [frozenset(rng.sample([*words, "absent", "9"], rng.randint(0, 8))) for _ in rows]
        together = _Names.of_rows(matrix, rows, details, columns)
        for row, found, alone in zip(rows, details, together, strict=True):
            expected = _Names.of(matrix.vector(row), found)
            assert alone == expected
            assert list(alone.weights) == list(expected.weights)  # the order sums follow


def test_digit_columns_are_the_terms_starting_with_a_digit() -> None:
    rng = random.Random(29)
    starts = ["0", "5", "9", "/", ":", "a", "Z", "é", "²", "٣", "Ⅻ", "_", "~", "\x7f", "\x80"]
    for _ in range(200):
        terms = sorted({rng.choice(starts) + rng.choice(["", "x", "1"]) for _ in range(12)})
        flags = _digit_columns(terms).tolist()
        assert flags == [term[0].isdigit() for term in terms], terms
