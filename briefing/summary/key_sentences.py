"""Key sentences of one text: the only module that imports sumy.

Every method rates the content sentences of a text (see :mod:`briefing.summary.content`);
the best ones are kept in document order and quoted exactly. sumy's summarisers
are wrapped so that their ratings, not only their picks, come back to us.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from briefing.config.methods import DEFAULT_METHOD, METHODS
from briefing.errors import SummarizerError
from briefing.models import Article, Sentence
from briefing.summary import lexrank as fastrank
from briefing.summary import newsrank as rank
from briefing.summary.content import is_content
from briefing.text.sentences import SentenceTokenizer, split_sentences
from briefing.text.terms import stop_words, terms_of

__all__ = [
    "DEFAULT_METHOD",
    "METHODS",
    "Pick",
    "pick_sentences",
    "summarize",
    "summarize_article",
]


@dataclass(frozen=True, slots=True)
class Pick:
    """A chosen sentence: its index in the text's sentences and the method's score."""

    position: int
    score: float


def summarize(
    text: str, sentences: int = 3, method: str | None = None, words: int | None = None
) -> list[str]:
    """The key sentences of ``text``, in document order, exactly as written."""
    split = split_sentences(text)
    return [split[p.position] for p in pick_sentences(split, sentences, method, words)]


def summarize_article(
    article: Article,
    sentences: int = 3,
    method: str | None = None,
    words: int | None = None,
    split: Sequence[str] | None = None,
    terms: Sequence[Sequence[str]] | None = None,
) -> tuple[Sentence, ...]:
    """The key sentences of one article, each linked to it.

    ``split`` is the article's text already split by :func:`split_sentences`, and
    ``terms`` the :func:`~briefing.text.terms.sentence_terms` of each of those sentences.
    """
    if split is None:
        split = split_sentences(article.text)
    picks = pick_sentences(split, sentences, method, words, title=article.title, terms=terms)
    return tuple(
        Sentence(split[p.position], article.id, p.position, p.score, article.url) for p in picks
    )


def pick_sentences(
    sentences: Sequence[str],
    count: int = 3,
    method: str | None = None,
    words: int | None = None,
    title: str | None = None,
    terms: Sequence[Sequence[str]] | None = None,
) -> list[Pick]:
    """Rate the content sentences with ``method`` and keep the best, in document order.

    With ``words``, sentences are added best first while they fit in that many words
    (the first always fits), instead of taking ``count`` of them. ``terms`` are the
    sentences' terms when they are known already (see :mod:`briefing.text.terms`).
    """
    method = method or DEFAULT_METHOD
    if method not in METHODS:
        raise SummarizerError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    if count < 1 and words is None:
        raise SummarizerError("the number of sentences must be at least 1")
    candidates = [i for i, s in enumerate(sentences) if is_content(s)]
    if not candidates:
        # A text of nothing but short lines still deserves a summary: use what there is.
        candidates = [i for i, s in enumerate(sentences) if s.strip()]
    if not candidates:
        return []
    texts = [sentences[i] for i in candidates]
    known: Sequence[Sequence[str]] = [()] * len(texts)  # sumy tokenises for itself
    if method in _ON_TERMS:
        known = terms_of(texts) if terms is None else [terms[i] for i in candidates]
    scores, order = fastrank.in_rounds(
        len(texts),
        lambda part: _rank(method, [texts[k] for k in part], [known[k] for k in part], title),
    )
    chosen = _take(order, texts, count, words)
    return [Pick(candidates[k], round(float(scores[k]), 6)) for k in sorted(chosen)]


def _take(order: list[int], texts: list[str], count: int, words: int | None) -> list[int]:
    if words is None:
        return order[:count]
    chosen: list[int] = []
    used = 0
    for k in order:
        size = len(texts[k].split())
        if chosen and used + size > words:
            continue
        chosen.append(k)
        used += size
    return chosen


#: The methods computed here from the sentences' terms; sumy runs the others.
_ON_TERMS = frozenset({DEFAULT_METHOD, "lexrank"})


def _rank(
    method: str, texts: list[str], terms: list[Sequence[str]], title: str | None
) -> tuple[list[float], list[int]]:
    """Each sentence's score and the order to pick them in, best first."""
    if method == DEFAULT_METHOD:
        # newsrank picks with redundancy control, so its order is not just by score.
        sim = rank.similarity(terms)
        scores = rank.newsrank(texts, sim=sim)
        return scores, rank.mmr_order(scores, sim)
    if method == "lead":
        scores = [1.0 / (1 + i) for i in range(len(texts))]
    elif method == "lexrank":
        scores = _lexrank(texts, terms)
    else:
        scores = _sumy_ratings(method, texts, title)
    return scores, sorted(range(len(texts)), key=lambda k: (-scores[k], k))


def _lexrank(texts: list[str], terms: Sequence[Sequence[str]] | None = None) -> list[float]:
    """sumy's LexRank ratings, computed by :func:`briefing.summary.lexrank.lexrank`.

    The terms are what sumy rates sentences on: our tokenizer's words, lower-cased,
    without stop words, stemmed by the same stemmer.
    """
    scores = fastrank.lexrank(terms_of(texts) if terms is None else terms)
    # sumy keys its ratings by sentence text: a repeated sentence gets its last rating.
    last = {t.strip(): s for t, s in zip(texts, scores, strict=True)}
    return [last[t.strip()] for t in texts]


def _sumy_ratings(method: str, texts: list[str], title: str | None) -> list[float]:
    """sumy's rating of every sentence, captured where sumy would pick the best."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence

    tokenizer = SentenceTokenizer()
    sentences = [SumySentence(t, tokenizer) for t in texts]
    document = ObjectDocumentModel([Paragraph(sentences)])
    summarizer = _summarizer(method)
    if method == "edmundson":
        summarizer.bonus_words = tuple(w.lower() for w in tokenizer.to_words(title or "")) or (
            "said",
        )
    ratings: dict[int, float] = {}

    def capture(found: Any, _count: Any, rating: Any, *args: Any, **kwargs: Any) -> tuple[()]:
        rate: Callable[..., float] = rating.__getitem__ if isinstance(rating, dict) else rating
        for index, sentence in enumerate(found):
            ratings[index] = float(rate(sentence, *args, **kwargs))
        return ()

    summarizer._get_best_sentences = capture
    try:
        summarizer(document, len(texts))
    except (ValueError, ZeroDivisionError, LookupError) as error:
        raise SummarizerError(f"sumy's {method} failed: {error}") from error
    return [ratings.get(i, 0.0) for i in range(len(texts))]


def _summarizer(method: str) -> Any:
    """A fresh sumy summariser with our stemmer and stop words."""
    from sumy.summarizers import (
        edmundson,
        kl,
        lex_rank,
        lsa,
        luhn,
        reduction,
        sum_basic,
        text_rank,
    )

    classes = {
        "lexrank": lex_rank.LexRankSummarizer,
        "lsa": lsa.LsaSummarizer,
        "textrank": text_rank.TextRankSummarizer,
        "luhn": luhn.LuhnSummarizer,
        "kl": kl.KLSummarizer,
        "sumbasic": sum_basic.SumBasicSummarizer,
        "edmundson": edmundson.EdmundsonSummarizer,
        "reduction": reduction.ReductionSummarizer,
    }
    summarizer = classes[method](_stemmer())
    if method == "edmundson":
        summarizer.null_words = stop_words()
        summarizer.stigma_words = ("however", "perhaps", "reportedly")
    else:
        summarizer.stop_words = stop_words()
    return summarizer


@lru_cache(maxsize=1)
def _stemmer() -> Callable[[str], str]:
    from sumy.nlp.stemmers import Stemmer

    stem = Stemmer("english")
    return lru_cache(maxsize=200_000)(stem)
