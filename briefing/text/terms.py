"""Terms: the stemmed content words of a sentence, the one tokenisation every stage shares.

A sentence's terms are its words (:func:`briefing.text.sentences.lower_words`, the tokens our
tokenizer gives sumy), lower-cased, without the language's stop words, each stemmed by
the language's Snowball stemmer (NLTK's, which sumy uses too). LexRank rates sentences
on them, newsrank compares sentences with them, the story stage compares articles and
sentences with them, and topic inference reads them. The summarise stage works them out
once per sentence (:func:`sentence_terms`) and every later step reuses that list.

Languages: English, German, French, Spanish, Italian, Portuguese and Dutch have their
stemmer and stop words (sumy's lists; Dutch from the ``stop-words`` package, sumy has
none). Any other language keeps its words whole, lower-cased, with no stop words. Every
function takes ``language`` (an ISO 639-1 code); left out, it is the language set by
:func:`using_language` around the call (English when none is), so that code written for
one language (the story stage) works on the article's own.

Stemming is the costliest step per word and news repeats its words, so each word is
stemmed once per process and language.
"""

from __future__ import annotations

import contextvars
import pkgutil
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache

from briefing.text.language import DEFAULT_LANGUAGE, LANGUAGES
from briefing.text.sentences import ASCII_WORD, WORD, lower_words

__all__ = [
    "current_language",
    "sentence_terms",
    "stop_words",
    "terms_of",
    "using_language",
    "word_terms",
]

_LANGUAGE: contextvars.ContextVar[str] = contextvars.ContextVar(
    "briefing_language", default=DEFAULT_LANGUAGE
)


def current_language() -> str:
    """The language terms are found in when a call does not say (see :func:`using_language`)."""
    return _LANGUAGE.get()


@contextmanager
def using_language(language: str | None) -> Iterator[str]:
    """Within the block, terms are found in ``language`` unless a call says otherwise.

    ``None`` keeps the language already set. The setting is the caller's own (a context
    variable: each thread and task has its own).
    """
    code = language or _LANGUAGE.get()
    token = _LANGUAGE.set(code)
    try:
        yield code
    finally:
        _LANGUAGE.reset(token)


@lru_cache(maxsize=16)
def stop_words(language: str = DEFAULT_LANGUAGE) -> frozenset[str]:
    """The language's stop words, lower-cased as sumy's summarisers compare them.

    sumy's lists are read from its data files as ``sumy.utils.get_stop_words`` reads them
    (a test compares), without importing ``sumy.utils``, which imports an HTTP client at
    a cost of a twentieth of a second on every start. A language without a list has none.
    """
    name = LANGUAGES.get(language)
    if name is None:
        return frozenset()
    if language == "nl":
        from stop_words import get_stop_words

        return frozenset(w.lower() for w in get_stop_words("dutch"))
    data = pkgutil.get_data("sumy", f"data/stopwords/{name}.txt")
    if data is None:  # pragma: no cover - a loader without get_data
        raise LookupError(f"sumy's {name} stop words are missing")
    return frozenset(w.rstrip().lower() for w in data.decode("utf-8").splitlines() if w)


@lru_cache(maxsize=16)
def stemmer(language: str = DEFAULT_LANGUAGE) -> Callable[[str], str]:
    """The language's Snowball stemmer, on a lower-cased word; the word unchanged for a
    language without one.

    Snowball's own C implementation (PyStemmer), some thirty times faster than NLTK's
    pure-Python port that sumy uses: stemming was a fifth of the per-article work. The
    two agree on all but a few dozen of 90,000 words of real news (Snowball's later
    revisions of English: "-ologist", "international", "university"...; see
    ``tests/text/test_terms.py``). Dutch is Snowball's original Dutch algorithm, as in
    NLTK. English words of two letters stay as they are and curly apostrophes are read
    as straight ones, as in NLTK.
    """
    name = LANGUAGES.get(language)
    if name is None:
        return str
    import Stemmer

    # PyStemmer's own cache (10,000 words by default) is off: _TermCache keeps every
    # word's term already, and filling and trimming that second cache cost twice the
    # stemming itself (a fresh worker stems some twenty thousand words).
    stem: Callable[[str], str] = Stemmer.Stemmer(_SNOWBALL.get(name, name), 0).stemWord
    if language != "en":
        return stem
    return lambda word: (
        word
        if len(word) <= 2
        else stem(word)
        if word.isascii()  # no curly apostrophe to straighten
        else stem(word.translate(_APOSTROPHES))
    )


#: PyStemmer's names where they differ from NLTK's: its "dutch" is a newer algorithm.
_SNOWBALL = {"dutch": "dutch_porter"}
#: Curly and reversed apostrophes, which NLTK's English stemmer reads as straight ones.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201b": "'"})


class _TermCache(dict[str, str]):
    """Lower-cased word to its term in one language: its stem, or "" for a stop word."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.stop = stop_words(language)
        self.stem = stemmer(language)

    def __missing__(self, word: str) -> str:
        if len(self) > 500_000:  # a bound for long-running processes
            self.clear()
        term = "" if word in self.stop else self.stem(word)
        self[word] = term
        return term


class _Caches(dict[str, _TermCache]):
    def __missing__(self, language: str) -> _TermCache:
        cache = self[language] = _TermCache(language)
        return cache


_TERMS = _Caches()


def sentence_terms(sentence: str, language: str | None = None) -> list[str]:
    """The terms of one sentence, in order, repeats kept."""
    # filter(None, ...) drops the stop words ("") without a Python step per word.
    return list(
        filter(None, map(_TERMS[language or _LANGUAGE.get()].__getitem__, lower_words(sentence)))
    )


def word_terms(word: str, language: str | None = None) -> tuple[str, ...]:
    """The terms of one word as written (case kept): a hyphenated word may give several."""
    return _WORD_TERMS[language or _LANGUAGE.get()][word]


class _WordCache(dict[str, tuple[str, ...]]):
    """A word as written to its terms in one language (a dict: the story stage asks for
    a hundred thousand words a day, and a dict lookup costs a third of lru_cache's)."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language

    def __missing__(self, word: str) -> tuple[str, ...]:
        if len(self) >= 100_000:  # a bound for long-running processes
            self.clear()
        found = self[word] = tuple(sentence_terms(word, self.language))
        return found


class _WordCaches(dict[str, _WordCache]):
    def __missing__(self, language: str) -> _WordCache:
        cache = self[language] = _WordCache(language)
        return cache


_WORD_TERMS = _WordCaches()


def terms_of(sentences: Sequence[str], language: str | None = None) -> list[list[str]]:
    """:func:`sentence_terms` of each sentence."""
    if not sentences:
        return []
    language = language or _LANGUAGE.get()
    # Lowered in one go: split sentences hold no newline (they are folded), and lower()
    # works on each character alone but for "İ" and "Σ" (see lower_words).
    joined = "\n".join(sentences)
    if "İ" in joined or "Σ" in joined or joined.count("\n") != len(sentences) - 1:
        return [sentence_terms(s, language) for s in sentences]
    term = _TERMS[language].__getitem__
    lowered = joined.lower()
    find = (ASCII_WORD if lowered.isascii() else WORD).findall
    return [list(filter(None, map(term, find(part)))) for part in lowered.split("\n")]
