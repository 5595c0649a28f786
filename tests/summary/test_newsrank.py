"""newsrank is deterministic, favours the lead and does not pick the same fact twice."""

from __future__ import annotations

import math
import random
from collections import Counter

import numpy as np

from briefing.models import Length
from briefing.summary.key_sentences import pick_sentences, summarize
from briefing.summary.newsrank import _OPENS_WITH_QUOTE, mmr_order, newsrank, similarity
from briefing.text.terms import terms_of

STORY = [
    "The city council voted on Tuesday to rebuild the old harbour wall after the winter storms.",
    "The new harbour wall will cost four million pounds and take two years to build.",
    "Fishermen said the storms had damaged their boats and the harbour wall last winter.",
    "The mayor said the council would pay for the harbour wall from its reserves.",
    "A local bakery has also opened a second shop near the station this week.",
    "Builders will start work on the harbour wall in the spring, the council said.",
]


def test_deterministic() -> None:
    first = [pick_sentences(STORY, Length(3)) for _ in range(3)]
    assert first[0] == first[1] == first[2]
    assert newsrank(STORY) == newsrank(list(STORY))


def test_lead_prior_favours_the_first_sentence() -> None:
    # Identical sentences: only position tells them apart.
    same = ["The council voted to rebuild the harbour wall after the storms."] * 4
    scores = newsrank(same)
    assert scores == sorted(scores, reverse=True)
    assert scores[0] > scores[-1]


def test_opening_quote_is_penalised() -> None:
    plain = "The council voted to rebuild the harbour wall after the storms."
    quoted = "'The council voted to rebuild the harbour wall after the storms.'"
    assert newsrank([plain, plain])[1] > newsrank([plain, quoted])[1]


def test_off_topic_sentence_not_picked() -> None:
    picked = summarize(" ".join(STORY), sentences=3)
    assert STORY[4] not in picked
    assert picked[0] == STORY[0]


def test_mmr_avoids_duplicates() -> None:
    lead = STORY[0]
    sentences = [lead, lead, STORY[1], STORY[2]]
    sim = similarity(terms_of(sentences))
    scores = newsrank(sentences, sim=sim)
    order = mmr_order(scores, sim)
    assert sorted(order) == [0, 1, 2, 3]
    assert set(order[:2]) != {0, 1}, "the duplicate of the lead came second"
    picks = pick_sentences(sentences, Length(2))
    assert [p.position for p in picks] != [0, 1]


def test_picks_carry_score_and_position() -> None:
    picks = pick_sentences(STORY, Length(2))
    assert [p.position for p in picks] == sorted(p.position for p in picks)
    assert all(isinstance(p.score, float) for p in picks)


def test_similarity_is_symmetric_with_zero_diagonal() -> None:
    sim = similarity(terms_of(STORY))
    assert np.allclose(sim, sim.T)
    assert np.all(np.diag(sim) == 0)


def test_empty_input() -> None:
    assert newsrank([]) == []
    assert summarize("") == []


def _similarity_slowly(terms: list[list[str]]) -> np.ndarray:
    """similarity as a loop over every sentence's terms, through np.linalg.norm."""
    n = len(terms)
    vocab = list(dict.fromkeys(term for bag in terms for term in bag))
    column = {term: i for i, term in enumerate(vocab)}
    doc_freq = Counter(term for bag in terms for term in set(bag))
    matrix = np.zeros((n, max(1, len(vocab))))
    for row, bag in enumerate(terms):
        for term, tf in Counter(bag).items():
            weight = (1 + math.log(tf)) * math.log(1 + n / doc_freq[term])
            matrix[row, column[term]] = weight
    norms = np.linalg.norm(matrix, axis=1)
    norms[norms == 0] = 1.0
    unit = matrix / norms[:, None]
    sim = unit @ unit.T
    np.fill_diagonal(sim, 0.0)
    return sim


def test_similarity_is_the_loop_bit_for_bit() -> None:
    # Random texts: empty sentences, repeated terms, few and many sentences (the tables
    # of logarithms are kept between calls, so sizes come back).
    rng = random.Random(16)
    words = [f"w{k}" for k in range(40)]
    for _ in range(400):
        n = rng.choice([0, 1, 2, 3, 8, 20, 60, 150])
        terms = [
            rng.choices(words[: rng.randrange(1, 41)], k=rng.randrange(0, 15)) for _ in range(n)
        ]
        expected = _similarity_slowly(terms)
        found = similarity(terms)
        assert found.shape == expected.shape
        assert found.tobytes() == expected.tobytes()


def _newsrank_slowly(sentences: list[str], sim: np.ndarray) -> list[float]:
    """newsrank as first written, through np.triu."""
    n = len(sentences)
    centrality = np.triu(sim, 1).sum(axis=1) / max(1, n - 1)
    if centrality.max() > 0:
        centrality = centrality / centrality.max()
    position = 1.0 / (1.0 + 0.2 * np.arange(n))
    quotes = np.array([1.0 if _OPENS_WITH_QUOTE.match(s) else 0.0 for s in sentences])
    return [float(s) for s in position + 0.2 * centrality - 0.2 * quotes]


def test_newsrank_is_the_first_version_bit_for_bit() -> None:
    rng = random.Random(16)
    for n in [1, 2, 3, 7, 8, 9, 20, 99, 100, 101, 230]:
        for _ in range(3):
            sentences = [
                rng.choice(["A fact.", "'A quote,' she said.", '(-"Quoted"']) for _ in range(n)
            ]
            values = np.array([[rng.random() for _ in range(n)] for _ in range(n)])
            sim = (values + values.T) / 2
            np.fill_diagonal(sim, 0.0)
            assert newsrank(sentences, sim=sim) == _newsrank_slowly(sentences, sim)


def _mmr_slowly(scores: list[float], sim: np.ndarray, redundancy: float = 0.4) -> list[int]:
    """mmr_order as first written, all in NumPy."""
    n = len(scores)
    base = np.asarray(scores, dtype=float)
    taken = np.zeros(n, dtype=bool)
    closest = np.zeros(n)
    order = []
    for _ in range(n):
        best = int(np.argmax(np.where(taken, -np.inf, base - redundancy * closest)))
        order.append(best)
        taken[best] = True
        closest = np.maximum(closest, sim[best])
    return order


def test_mmr_order_is_the_numpy_loop() -> None:
    # Ties everywhere (few distinct values), sizes on both sides of the Python loop's
    # limit, and values the Python loop leaves to NumPy (NaN, infinities, huge).
    rng = random.Random(16)
    odd = [math.nan, math.inf, -math.inf, 1e308, -1e308]
    for _ in range(600):
        n = rng.choice([0, 1, 2, 5, 16, 47, 48, 49, 70])
        levels = rng.choice([[0.0, 0.5, 1.0], [0.1 * k for k in range(10)], [-0.0, 0.0]])
        scores = [rng.choice(levels) for _ in range(n)]
        values = np.array([[rng.choice(levels) for _ in range(n)] for _ in range(n)])
        sim = np.maximum(values, values.T)
        if n and rng.random() < 0.2:
            scores[rng.randrange(n)] = rng.choice(odd)
        if n and rng.random() < 0.2:
            sim[rng.randrange(n), rng.randrange(n)] = rng.choice(odd)
        assert mmr_order(scores, sim) == _mmr_slowly(scores, sim), (scores, sim)
