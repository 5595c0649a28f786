"""Our own sentence ranking, in NumPy: position-aware centrality for news.

``newsrank`` rates each sentence once (lead prior + forward centrality), and
``mmr_order`` turns those ratings into a pick order that avoids saying the same
thing twice. Both are deterministic: no randomness, ties go to the earlier sentence.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from briefing.text.terms import terms_of

__all__ = ["mmr_order", "mmr_picks", "newsrank", "similarity"]

# A sentence that opens with a quotation is usually colour ("'It was awful,' she
# said."), rarely the fact a reader needs first.
_OPENS_WITH_QUOTE = re.compile(r"^\W*['‘\"“]")

# Tuned on the even rows of the CNN/DailyMail dev set, confirmed on the odd rows
# (see benchmarks/eval_methods.py). Small, round values: the set is small and noisy.
PRIOR_DECAY = 0.2
FORWARD_WEIGHT = 0.2
QUOTE_PENALTY = 0.2
REDUNDANCY = 0.4


def similarity(terms: Sequence[Sequence[str]]) -> NDArray[np.float64]:
    """TF-IDF cosine similarity of every pair of sentences, zero on the diagonal.

    Sentences are given as their terms (:func:`briefing.text.terms.sentence_terms`).
    Each weight is ``(1 + log tf) * log(1 + n / df)``, the logarithms taken by
    :func:`math.log` from two small tables (every tf and df is a small whole number),
    so the weights are the very floats a loop over every sentence's terms computes.
    """
    n = len(terms)
    # Each term numbered where it is first seen.
    vocab: dict[str, int] = {}
    number = vocab.setdefault
    ids = np.array([number(term, len(vocab)) for bag in terms for term in bag], dtype=np.intp)
    size = max(1, len(vocab))
    rows = np.repeat(np.arange(n), [len(bag) for bag in terms])
    counts = np.bincount(rows * size + ids, minlength=n * size).reshape(n, size)
    doc_freq = np.count_nonzero(counts, axis=0)
    # Sublinear tf: a name repeated in one sentence should not dominate it.
    matrix = _tf_table(int(counts.max(initial=0)))[counts] * _idf_table(n)[doc_freq]
    # np.linalg.norm(matrix, axis=1), as it computes it, without its checks of the input.
    norms = np.sqrt(np.add.reduce(matrix * matrix, axis=1))
    norms[norms == 0] = 1.0
    unit = matrix / norms[:, None]
    sim: NDArray[np.float64] = unit @ unit.T
    np.fill_diagonal(sim, 0.0)
    return sim


@lru_cache(maxsize=64)
def _tf_table(top: int) -> NDArray[np.float64]:
    """``1 + log tf`` for every tf up to ``top`` (0 for 0), read only."""
    return _frozen([0.0] + [1 + math.log(k) for k in range(1, top + 1)])


@lru_cache(maxsize=1024)
def _idf_table(n: int) -> NDArray[np.float64]:
    """``log(1 + n / df)`` for every df up to ``n`` (0 for 0), read only."""
    return _frozen([0.0] + [math.log(1 + n / df) for df in range(1, n + 1)])


def _frozen(values: list[float]) -> NDArray[np.float64]:
    table = np.array(values)
    table.flags.writeable = False
    return table


def newsrank(
    sentences: Sequence[str],
    decay: float = PRIOR_DECAY,
    forward: float = FORWARD_WEIGHT,
    quote_penalty: float = QUOTE_PENALTY,
    sim: NDArray[np.float64] | None = None,
) -> list[float]:
    """Lead prior plus forward centrality, minus a penalty for opening quotes.

    The prior ``1 / (1 + decay * i)`` encodes that news puts its facts first.
    Forward centrality (as in PacSum, Zheng & Lapata 2019) counts only how much
    the *later* sentences echo sentence ``i``: a sentence the rest of the story
    elaborates on is a key one, while one that merely repeats what came before
    (a photo caption restating the lead) earns nothing.
    """
    n = len(sentences)
    if n == 0:
        return []
    if sim is None:
        sim = similarity(terms_of(sentences))
    # np.triu(sim, 1), with the mask of a common size kept between calls.
    rows, columns = sim.shape
    mask = _on_or_below_diagonal(rows, columns) if rows <= _KEPT_MASKS else _mask(rows, columns)
    centrality = np.where(mask, 0.0, sim).sum(axis=1) / max(1, n - 1)
    top = centrality.max()
    if top > 0:
        centrality = centrality / top
    position = 1.0 / (1.0 + decay * np.arange(n))
    quotes = np.array([1.0 if _OPENS_WITH_QUOTE.match(s) else 0.0 for s in sentences])
    scores = position + forward * centrality - quote_penalty * quotes
    rated: list[float] = scores.tolist()
    return rated


#: Masks for up to this many sentences are kept (10 kB each at most).
_KEPT_MASKS = 100


@lru_cache(maxsize=_KEPT_MASKS)
def _on_or_below_diagonal(rows: int, columns: int) -> NDArray[np.bool_]:
    """:func:`_mask`, kept, read only."""
    mask = _mask(rows, columns)
    mask.flags.writeable = False
    return mask


def _mask(rows: int, columns: int) -> NDArray[np.bool_]:
    """What np.triu(..., 1) sets to zero: the diagonal and below."""
    return np.tri(rows, columns, k=0, dtype=bool)


def mmr_order(
    scores: Sequence[float], sim: NDArray[np.float64], redundancy: float = REDUNDANCY
) -> list[int]:
    """Every index, best first, each step penalised by its similarity to those already taken.

    Maximal marginal relevance (Carbonell & Goldstein 1998): news repeats its lead
    in captions and quotes, and two sentences saying one thing waste a summary slot.
    """
    return list(mmr_picks(scores, sim, redundancy))


def mmr_picks(
    scores: Sequence[float], sim: NDArray[np.float64], redundancy: float = REDUNDANCY
) -> Iterator[int]:
    """:func:`mmr_order`, one index at a time: a caller that needs the best three stops
    after three steps instead of ordering every sentence."""
    n = len(scores)
    if n <= _FEW and sim.shape == (n, n):
        base = [float(s) for s in scores]
        # Values this far from overflow give no infinity and no NaN: the loop below then
        # takes what np.argmax takes.
        if all(abs(b) <= _MODEST for b in base) and np.abs(sim).max(initial=0.0) <= _MODEST:
            yield from _few_picks(base, sim.tolist(), redundancy)
            return
    base_array = np.asarray(scores, dtype=float)
    taken = np.zeros(n, dtype=bool)
    closest = np.zeros(n)
    for _ in range(n):
        value = np.where(taken, -np.inf, base_array - redundancy * closest)
        best = int(np.argmax(value))  # argmax takes the first maximum: earlier wins ties
        yield best
        taken[best] = True
        closest = np.maximum(closest, sim[best])


#: Up to this many sentences, the picks are made in Python: NumPy's calls cost more
#: than the arithmetic on so few.
_FEW = 48
_MODEST = 1e300


def _few_picks(base: list[float], sim: list[list[float]], redundancy: float) -> Iterator[int]:
    """The NumPy loop of :func:`mmr_picks` on lists, step for step: the same float
    operations (``base - redundancy * closest``; the first maximum; ``np.maximum``,
    which keeps the first of two equal values)."""
    closest = [0.0] * len(base)
    left = list(range(len(base)))
    for _ in range(len(base)):
        best, top = left[0], base[left[0]] - redundancy * closest[left[0]]
        for i in left:
            value = base[i] - redundancy * closest[i]
            if value > top:
                best, top = i, value
        yield best
        left.remove(best)
        closest = [c if c >= r else r for c, r in zip(closest, sim[best], strict=True)]
