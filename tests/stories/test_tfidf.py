"""The TF-IDF matrix computes the very floats of the one-pair code, in bulk.

The reference below is the plain-Python computation the story stage used before the
matrix (a dictionary per text, one pair at a time); every float must come out equal,
not merely close, since stories are ordered by sums of these numbers.
"""

from __future__ import annotations

import itertools
import json
import math
import random
from collections import Counter

import numpy as np
import pytest

from briefing.stories.cluster import cluster
from briefing.stories.similarity import (
    candidate_pairs,
    cosine,
    term_bag,
    text_features,
    tfidf_vectors,
)
from briefing.stories.tfidf import (
    TermIndex,
    TfidfMatrix,
    sequential_sums,
    sorted_distinct,
    stable_order,
)
from tests.conftest import shared_file

WORDS = (
    "harbour wall storm council mayor boats fishing winter repair vote budget pier tide "
    "Tuesday March builders town crane concrete engineer rain flood road bridge school"
).split()


def reference_vectors(bags: list[Counter[str]]) -> list[dict[str, float]]:
    df: Counter[str] = Counter(term for bag in bags for term in bag)
    n = len(bags)
    idf = {term: math.log((1 + n) / (1 + count)) + 1.0 for term, count in df.items()}
    vectors = []
    for bag in bags:
        weights = {term: (1.0 + math.log(tf)) * idf[term] for term, tf in bag.items()}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        vectors.append({} if norm == 0 else {t: w / norm for t, w in sorted(weights.items())})
    return vectors


def random_texts(seed: int, count: int) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        words = rng.choices(WORDS, k=rng.randint(0, 60))
        texts.append(" ".join(words) + ".")
    titles = [" ".join(rng.choices(WORDS, k=rng.randint(0, 5))) for _ in range(count)]
    # Exact copies, as syndication makes them, give ties that must stay ties.
    texts[count // 2 :] = texts[: count - count // 2]
    return texts, titles


@pytest.mark.parametrize("seed", range(6))
def test_vectors_pairs_and_cosines_are_the_reference_floats(seed: int) -> None:
    texts, titles = random_texts(seed, 80)
    bags = [term_bag(text, title) for text, title in zip(texts, titles, strict=True)]
    expected = reference_vectors(bags)
    matrix = TfidfMatrix.from_bags(bags)
    assert [list(matrix.vector(i).items()) for i in range(len(matrix))] == [
        list(v.items()) for v in expected
    ]
    assert tfidf_vectors(texts, titles) == expected
    for terms, most in ((12, 150), (3, 5), (1, 2)):
        pairs = matrix.candidate_pairs(terms, most)
        assert [tuple(p) for p in pairs.tolist()] == candidate_pairs(expected, terms, most)
    every = np.array([(i, j) for i in range(80) for j in range(80) if i != j], dtype=np.int64)
    assert matrix.cosines(every).tolist() == [cosine(expected[i], expected[j]) for i, j in every]


@pytest.mark.parametrize("seed", range(3))
def test_matrix_from_joined_features_is_the_matrix_from_bags(seed: int) -> None:
    texts, titles = random_texts(seed, 80)
    texts[3] = titles[3] = ""  # a row without terms
    features = [text_features(text, title) for text, title in zip(texts, titles, strict=True)]
    joined = TfidfMatrix.from_joined([(f.terms, f.counts) for f in features])
    bags = TfidfMatrix.from_bags(f.bag() for f in features)
    assert joined.terms == bags.terms
    for name in ("indptr", "indices", "data"):
        assert getattr(joined, name).tolist() == getattr(bags, name).tolist()
    assert len(TfidfMatrix.from_joined([])) == 0
    with pytest.raises(ValueError, match="one count"):
        TfidfMatrix.from_joined([("tide\npier", features[0].counts[:4])])


@pytest.mark.parametrize("seed", range(3))
def test_rows_read_once_for_several_matrices_give_the_same_vectors(seed: int) -> None:
    """A :class:`TermIndex` shared by two matrices (the articles', then the stories',
    mostly the same rows plus new ones) gives each matrix the vectors, pairs and cosines
    it has on its own; its terms may hold more, with no entry."""
    texts, titles = random_texts(seed, 60)
    texts[5] = titles[5] = ""
    features = [text_features(text, title) for text, title in zip(texts, titles, strict=True)]
    articles = [(f.terms, f.counts) for f in features]
    rng = random.Random(seed)
    extra, extra_titles = random_texts(seed + 10, 10)
    stories = rng.sample(articles, 30) + [
        (f.terms, f.counts)
        for f in (text_features(t, h) for t, h in zip(extra, extra_titles, strict=True))
    ]
    index = TermIndex()
    for rows in (articles, stories, articles[:7]):
        shared, alone = TfidfMatrix.from_joined(rows, index), TfidfMatrix.from_joined(rows)
        assert set(alone.terms) <= set(shared.terms)
        assert [shared.vector(i) for i in range(len(rows))] == [
            alone.vector(i) for i in range(len(rows))
        ]
        assert shared.candidate_pairs(12, 150).tolist() == alone.candidate_pairs(12, 150).tolist()
        every = np.array(list(itertools.permutations(range(len(rows)), 2)), dtype=np.int64)
        assert shared.cosines(every).tolist() == alone.cosines(every).tolist()
    assert len(index.numbers) == len(set(TfidfMatrix.from_joined(articles + stories).terms))


def test_empty_inputs() -> None:
    matrix = TfidfMatrix.from_bags([])
    assert len(matrix) == 0
    assert matrix.candidate_pairs(12, 150).shape == (0, 2)
    assert matrix.cosines(np.zeros((0, 2), dtype=np.int64)).shape == (0,)
    blank = TfidfMatrix.from_bags([Counter(), Counter({"tide": 1})])
    assert blank.vector(0) == {}
    assert blank.vector(1) == {"tide": 1.0}
    assert blank.cosines(np.array([[0, 1]], dtype=np.int64)).tolist() == [0.0]


def test_sequential_sums_add_left_to_right() -> None:
    rng = np.random.default_rng(3)
    values = rng.random(5000) * rng.random(5000)
    bounds = np.unique(np.r_[0, rng.integers(0, 5000, 300), 5000])
    expected = []
    for start, end in itertools.pairwise(bounds.tolist()):
        total = 0.0
        for value in values[start:end].tolist():
            total += value
        expected.append(total)
    assert sequential_sums(values, bounds).tolist() == expected


def test_clustering_with_features_is_clustering_from_texts() -> None:
    texts, titles = random_texts(11, 60)
    features = [text_features(text, title) for text, title in zip(texts, titles, strict=True)]
    assert cluster(texts, titles, features=features) == cluster(texts, titles)


def test_bbc_cosines_are_the_reference_floats() -> None:
    path = shared_file("eval", "bbc_news_summary.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()[:600]]
    bags = [term_bag(row["text"], row["title"]) for row in rows]
    expected = reference_vectors(bags)
    matrix = TfidfMatrix.from_bags(bags)
    pairs = matrix.candidate_pairs(12, 150)
    assert [tuple(p) for p in pairs.tolist()] == candidate_pairs(expected, 12, 150)
    values = matrix.cosines(pairs).tolist()
    assert values == [cosine(expected[i], expected[j]) for i, j in pairs.tolist()]


@pytest.mark.parametrize("seed", range(4))
def test_heaviest_terms_of_long_rows_are_the_reference_ones(seed: int) -> None:
    """Rows of many terms (where only the heavier part of each row is sorted), with ties
    in weight, rows of a few terms, empty rows and copies: each row's heaviest terms
    are those the one-vector code finds."""
    rng = random.Random(seed)
    vocabulary = [f"t{i:03d}" for i in range(300)]
    bags: list[Counter[str]] = []
    for _ in range(60):
        roll = rng.random()
        if bags and roll < 0.15:
            bags.append(Counter(rng.choice(bags)))
        elif roll < 0.25:
            bags.append(Counter({w: 1 for w in rng.sample(vocabulary, rng.randint(0, 14))}))
        else:
            # Counts of 1 and 2 over common terms give many equal weights in a row; a
            # few heavy terms leave most of the row far below its heaviest.
            bag = Counter({w: rng.choice([1, 1, 2]) for w in rng.sample(vocabulary[:60], 40)})
            bag.update({w: rng.randint(5, 40) for w in rng.sample(vocabulary, rng.randint(0, 12))})
            bags.append(bag)
    matrix = TfidfMatrix.from_bags(bags)
    vectors = [matrix.vector(i) for i in range(len(matrix))]
    first = matrix.first_equal()
    for terms in (1, 3, 12, 30):
        expected = [
            (term, row)
            for row, vector in enumerate(vectors)
            for term, _ in sorted(vector.items(), key=lambda item: (-item[1], item[0]))[:terms]
        ]
        for known in (None, first):
            cols, rows = matrix.top_terms(terms, known)
            found = [
                (matrix.terms[c], r) for c, r in zip(cols.tolist(), rows.tolist(), strict=True)
            ]
            assert sorted(found) == sorted(expected)
        pairs = matrix.candidate_pairs(terms, 20, first)
        assert [tuple(p) for p in pairs.tolist()] == candidate_pairs(vectors, terms, 20)


def test_stable_order_is_numpys_stable_argsort() -> None:
    rng = np.random.default_rng(3)
    for bound in (1, 7, 4000, 1 << 16, (1 << 16) + 1, 1 << 40):
        values = rng.integers(0, bound, rng.integers(0, 3000))
        assert stable_order(values, bound).tolist() == np.argsort(values, kind="stable").tolist()


@pytest.mark.parametrize("seed", range(3))
def test_a_rows_cosine_with_itself_is_the_pairs(seed: int) -> None:
    texts, titles = random_texts(seed, 40)
    texts[2] = titles[2] = ""  # a row without terms
    matrix = TfidfMatrix.from_bags(
        [term_bag(text, title) for text, title in zip(texts, titles, strict=True)]
    )
    rows = np.array([0, 2, 5, 5, 39, 17], dtype=np.int64)
    expected = matrix.pair_cosines(np.stack([rows, rows], axis=1))
    assert matrix.self_cosines(rows).tolist() == expected.tolist()
    assert matrix.self_cosines(np.zeros(0, dtype=np.int64)).tolist() == []


def test_sorted_distinct_is_numpys_unique() -> None:
    rng = np.random.default_rng(5)
    for size in (0, 1, 2, 50, 5000):
        values = rng.integers(0, max(1, size // 3), size)
        assert sorted_distinct(values).tolist() == np.unique(values).tolist()
