"""Key sentences of one text: keep what is content, rate it, keep the best, quoted exactly.

Every method rates the content sentences of a text (see :mod:`briefing.summary.content`);
``newsrank`` (the default) and ``lexrank`` are computed here from the sentences'
terms, the other methods are sumy's (:mod:`briefing.summary.sumy_adapter`). The best
sentences, as many as a :class:`~briefing.models.Length` allows, are kept in document
order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from briefing.config.methods import DEFAULT_METHOD, METHODS
from briefing.errors import SummarizerError
from briefing.models import Article, Length, Sentence
from briefing.summary import lexrank, newsrank
from briefing.summary.content import content_positions
from briefing.summary.sumy_adapter import sumy_ratings
from briefing.text.headlines import headline_repeats
from briefing.text.language import resolve_language
from briefing.text.sentences import split_sentences
from briefing.text.terms import terms_of, using_language

__all__ = [
    "DEFAULT_METHOD",
    "METHODS",
    "OPENING",
    "KeySentences",
    "Pick",
    "key_sentences",
    "lexrank_ratings",
    "pick_sentences",
    "rank_sentences",
    "summarize",
]


@dataclass(frozen=True, slots=True)
class Pick:
    """A rated sentence: its index in the text's sentences and the method's score."""

    position: int
    score: float


@dataclass(frozen=True, slots=True)
class KeySentences:
    """One article's key sentences, and its opening.

    ``opening`` is the article's first rated sentences in document order, picked or
    not, with their scores: what the history fills an update from when some key
    sentences were sent on an earlier day.
    """

    picked: tuple[Sentence, ...]
    opening: tuple[Sentence, ...] = ()

    def __reduce__(self) -> tuple[Any, ...]:
        # Thousands travel back from the workers. Pickled as plain tuples and rebuilt by
        # the constructor, they unpickle several times faster than through the frozen
        # dataclass's __setstate__ (one call of fields() per sentence); a sentence both
        # picked and in the opening travels once and comes back as one object.
        number: dict[int, int] = {}
        rows: list[tuple[str, str, int, float, str | None]] = []
        for sentence in (*self.picked, *self.opening):
            if id(sentence) not in number:
                number[id(sentence)] = len(rows)
                rows.append(
                    (
                        sentence.text,
                        sentence.article_id,
                        sentence.position,
                        sentence.score,
                        sentence.url,
                    )
                )
        picked = tuple(number[id(s)] for s in self.picked)
        opening = tuple(number[id(s)] for s in self.opening)
        return _key_sentences, (tuple(rows), picked, opening)


def _key_sentences(
    rows: tuple[tuple[str, str, int, float, str | None], ...],
    picked: tuple[int, ...],
    opening: tuple[int, ...],
) -> KeySentences:
    """The :class:`KeySentences` that :meth:`KeySentences.__reduce__` took apart."""
    sentences = [Sentence(*row) for row in rows]
    return KeySentences(tuple(sentences[n] for n in picked), tuple(sentences[n] for n in opening))


#: How many rated sentences the opening of an article holds (when asked for).
OPENING = 16


def summarize(
    text: str,
    sentences: int = 3,
    method: str | None = None,
    words: int | None = None,
    language: str | None = None,
) -> list[str]:
    """The key sentences of ``text``, in document order, exactly as written.

    ``language`` is the text's (an ISO 639-1 code such as "de"); ``None`` detects it.
    """
    code = resolve_language(text, language)
    split = split_sentences(text, code)
    picks = pick_sentences(split, Length(sentences, words), method, language=code)
    return [split[p.position] for p in picks]


def key_sentences(
    article: Article,
    length: Length = Length(),
    method: str | None = None,
    *,
    split: Sequence[str] | None = None,
    terms: Sequence[Sequence[str]] | None = None,
    opening: int = 0,
    language: str | None = None,
) -> KeySentences:
    """The key sentences of one article, each linked to it.

    ``split`` is the article's text already split by :func:`split_sentences`, and
    ``terms`` the :func:`~briefing.text.terms.sentence_terms` of each of those
    sentences. ``opening`` asks for up to that many of the first rated sentences too.
    ``language`` is the article's: by default the one it declares, else detected.
    """
    code = resolve_language(article.text, language or article.language)
    if split is None:
        split = split_sentences(article.text, code)
    rated, order = _rated(split, method, article.title, terms, code)
    # A key sentence says more than the headline: one that only repeats it is not picked.
    # Both are lazy: the order is worked out, and each sentence compared with the
    # headline, only as far as the picking reads.
    repeats = headline_repeats(article.title)
    fresh = (p for p in order if not repeats(split[p.position]))
    chosen = _fill(fresh, split, length)
    made: dict[int, Sentence] = {}

    def sentence(pick: Pick) -> Sentence:
        # One object for a sentence both picked and in the opening: a smaller pickle.
        found = made.get(pick.position)
        if found is None:
            found = made[pick.position] = Sentence(
                split[pick.position], article.id, pick.position, pick.score, article.url
            )
        return found

    picked = tuple(sentence(p) for p in chosen)
    # Every rated sentence is in the order once: the opening is the first rated ones.
    return KeySentences(picked, tuple(sentence(p) for p in rated[:opening]))


def pick_sentences(
    sentences: Sequence[str],
    length: Length = Length(),
    method: str | None = None,
    title: str | None = None,
    terms: Sequence[Sequence[str]] | None = None,
    language: str | None = None,
) -> list[Pick]:
    """The best content sentences that fit in ``length``, in document order."""
    ranked = rank_sentences(sentences, method, title, terms, language=language)
    return _fill(ranked, sentences, length)


def rank_sentences(
    sentences: Sequence[str],
    method: str | None = None,
    title: str | None = None,
    terms: Sequence[Sequence[str]] | None = None,
    language: str | None = None,
) -> list[Pick]:
    """Every content sentence rated by ``method``, best first (the order to pick in).

    ``terms`` are the sentences' terms when they are known already (see
    :mod:`briefing.text.terms`). A text of nothing but short lines still deserves a
    summary: when no sentence is content, every non-empty one is rated. ``language``
    chooses the stemmer and stop words (default: the one set around the call, English
    when none is).
    """
    return list(_rated(sentences, method, title, terms, language)[1])


def _rated(
    sentences: Sequence[str],
    method: str | None,
    title: str | None,
    terms: Sequence[Sequence[str]] | None,
    language: str | None,
) -> tuple[list[Pick], Iterator[Pick]]:
    """:func:`rank_sentences` in two forms: every rated sentence in document order, and
    an iterator over them best first, which orders only as many as are read from it."""
    method = method or DEFAULT_METHOD
    if method not in METHODS:
        raise SummarizerError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    candidates = content_positions(sentences)
    if not candidates:
        candidates = [i for i, s in enumerate(sentences) if s.strip()]
    if not candidates:
        return [], iter(())
    texts = [sentences[i] for i in candidates]
    with using_language(language):
        known: list[Sequence[str]] = [()] * len(texts)  # sumy tokenises for itself
        if method in _ON_TERMS:
            known = [*terms_of(texts)] if terms is None else [terms[i] for i in candidates]
        order: Iterable[int]
        if len(texts) <= lexrank.ROUND_SIZE:
            # What in_rounds does with a text of one round, the order left lazy.
            scores, order = _rank(method, texts, known, title)
        else:

            def rank(part: list[int]) -> tuple[list[float], list[int]]:
                found, best = _rank(
                    method, [texts[k] for k in part], [known[k] for k in part], title
                )
                return found, list(best)

            scores, order = lexrank.in_rounds(len(texts), rank)
    picks = [Pick(c, round(float(score), 6)) for c, score in zip(candidates, scores, strict=True)]
    return picks, map(picks.__getitem__, order)


def _fill(ranked: Iterable[Pick], sentences: Sequence[str], length: Length) -> list[Pick]:
    chosen = length.fill(ranked, lambda p: len(sentences[p.position].split()))
    return sorted(chosen, key=lambda p: p.position)


#: The methods computed here from the sentences' terms; sumy runs the others.
_ON_TERMS = frozenset({DEFAULT_METHOD, "lexrank"})


def _rank(
    method: str, texts: list[str], terms: list[Sequence[str]], title: str | None
) -> tuple[list[float], Iterable[int]]:
    """Each sentence's score and the order to pick them in, best first (for newsrank an
    iterator that orders as it is read)."""
    if method == DEFAULT_METHOD:
        # newsrank picks with redundancy control, so its order is not just by score.
        sim = newsrank.similarity(terms)
        scores = newsrank.newsrank(texts, sim=sim)
        return scores, newsrank.mmr_picks(scores, sim)
    if method == "lead":
        scores = [1.0 / (1 + i) for i in range(len(texts))]
    elif method == "lexrank":
        scores = lexrank_ratings(texts, terms)
    else:
        scores = sumy_ratings(method, texts, title)
    return scores, sorted(range(len(texts)), key=lambda k: (-scores[k], k))


def lexrank_ratings(
    texts: Sequence[str], terms: Sequence[Sequence[str]] | None = None
) -> list[float]:
    """sumy's LexRank ratings, computed by :func:`briefing.summary.lexrank.lexrank`.

    The terms are what sumy rates sentences on: our tokenizer's words, lower-cased,
    without stop words, stemmed by the same stemmer.
    """
    scores = lexrank.lexrank(terms_of(texts) if terms is None else terms)
    # sumy keys its ratings by sentence text: a repeated sentence gets its last rating.
    last = {t.strip(): s for t, s in zip(texts, scores, strict=True)}
    return [last[t.strip()] for t in texts]
