"""Terms: the stemmed content words of a sentence, the one tokenisation every stage shares.

A sentence's terms are its words (:func:`briefing.text.sentences.lower_words`, the tokens our
tokenizer gives sumy), lower-cased, without sumy's English stop words, each stemmed
by the Snowball English stemmer sumy uses. LexRank rates sentences on them, newsrank
compares sentences with them, the story stage compares articles and sentences with
them, and topic inference reads them. The summarise stage works them out once per
sentence (:func:`sentence_terms`) and every later step reuses that list.

Stemming is the costliest step per word and news repeats its words, so each word is
stemmed once per process.
"""

from __future__ import annotations

import pkgutil
from collections.abc import Sequence
from functools import lru_cache

from nltk.stem.snowball import EnglishStemmer

from briefing.text.sentences import WORD, lower_words

__all__ = ["sentence_terms", "stop_words", "terms_of", "word_terms"]


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """sumy's English stop words, lower-cased as its summarisers compare them.

    Read from sumy's data file as ``sumy.utils.get_stop_words("english")`` reads it
    (a test compares), without importing ``sumy.utils``, which imports an HTTP client
    at a cost of a twentieth of a second on every start.
    """
    data = pkgutil.get_data("sumy", "data/stopwords/english.txt")
    if data is None:  # pragma: no cover - a loader without get_data
        raise LookupError("sumy's English stop words are missing")
    return frozenset(w.rstrip().lower() for w in data.decode("utf-8").splitlines() if w)


class _TermCache(dict[str, str]):
    """Lower-cased word to its term: its stem, or "" for a stop word."""

    def __missing__(self, word: str) -> str:
        if len(self) > 500_000:  # a bound for long-running processes
            self.clear()
        term = "" if word in stop_words() else _stem(word)
        self[word] = term
        return term


@lru_cache(maxsize=1)
def _stemmer() -> EnglishStemmer:
    # What sumy's Stemmer("english") runs (SnowballStemmer("english") is this one), on
    # the lower-cased word it passes.
    return EnglishStemmer()


def _stem(word: str) -> str:
    return str(_stemmer().stem(word))


_TERMS = _TermCache()


def sentence_terms(sentence: str) -> list[str]:
    """The terms of one sentence, in order, repeats kept."""
    term = _TERMS.__getitem__
    return [t for t in map(term, lower_words(sentence)) if t]


@lru_cache(maxsize=100_000)
def word_terms(word: str) -> tuple[str, ...]:
    """The terms of one word as written (case kept): a hyphenated word may give several."""
    return tuple(sentence_terms(word))


def terms_of(sentences: Sequence[str]) -> list[list[str]]:
    """:func:`sentence_terms` of each sentence."""
    if not sentences:
        return []
    # Lowered in one go: split sentences hold no newline (they are folded), and lower()
    # works on each character alone but for "İ" and "Σ" (see lower_words).
    joined = "\n".join(sentences)
    if "İ" in joined or "Σ" in joined or joined.count("\n") != len(sentences) - 1:
        return [sentence_terms(s) for s in sentences]
    term = _TERMS.__getitem__
    find = WORD.findall
    return [[t for t in map(term, find(part)) if t] for part in joined.lower().split("\n")]
