"""Our own sentence ranking, in NumPy: position-aware centrality for news."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from nltk.stem.snowball import EnglishStemmer

__all__ = ["newsrank", "sentence_terms"]

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from sumy.utils import get_stop_words

    return frozenset(get_stop_words("english"))


@lru_cache(maxsize=1)
def _stemmer() -> EnglishStemmer:
    return EnglishStemmer()


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    # Stemming is the costliest step per word and news repeats its words: cache it.
    return str(_stemmer().stem(word))


def sentence_terms(sentence: str) -> list[str]:
    """Stemmed content words of one sentence."""
    stop = _stop_words()
    return [_stem(w) for w in (m.lower() for m in _WORD.findall(sentence)) if w not in stop]


def newsrank(sentences: Sequence[str], prior: float = 0.5, decay: float = 0.35) -> list[float]:
    """Centrality among the sentences blended with a lead prior (news puts facts first).

    Centrality is the mean TF-IDF cosine similarity of a sentence to the others; the
    prior falls off with position as ``1 / (1 + decay * i)``.
    """
    n = len(sentences)
    if n == 0:
        return []
    terms = [sentence_terms(s) for s in sentences]
    vocab: dict[str, int] = {}
    for bag in terms:
        for term in bag:
            vocab.setdefault(term, len(vocab))
    matrix = np.zeros((n, max(1, len(vocab))))
    doc_freq: Counter[str] = Counter(t for bag in terms for t in set(bag))
    for i, bag in enumerate(terms):
        for term, tf in Counter(bag).items():
            matrix[i, vocab[term]] = tf * math.log(1 + n / doc_freq[term])
    norms = np.linalg.norm(matrix, axis=1)
    norms[norms == 0] = 1.0
    unit = matrix / norms[:, None]
    similarity = unit @ unit.T
    np.fill_diagonal(similarity, 0.0)
    centrality = similarity.sum(axis=1) / max(1, n - 1)
    top = centrality.max()
    if top > 0:
        centrality = centrality / top
    position = 1.0 / (1.0 + decay * np.arange(n))
    scores = (1 - prior) * centrality + prior * position
    return [float(s) for s in scores]
