"""The only module that imports sumy: its summarisers' ratings of every sentence.

sumy's summarisers only return their best sentences; they are wrapped here so that
their ratings come back to us, computed with our sentence tokenizer, stemmer and stop
words. sumy's errors become :class:`~briefing.errors.SummarizerError`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from briefing.config.methods import SUMY_METHODS
from briefing.errors import SummarizerError
from briefing.text.sentences import SentenceTokenizer
from briefing.text.terms import current_language, stemmer, stop_words

__all__ = ["sumy_ratings"]


def sumy_ratings(
    method: str, texts: list[str], title: str | None, language: str | None = None
) -> list[float]:
    """sumy's rating of every sentence, captured where sumy would pick the best.

    ``language`` (default: :func:`~briefing.text.terms.current_language`) chooses the
    stemmer and stop words sumy rates with.
    """
    language = language or current_language()
    if method not in SUMY_METHODS:
        raise SummarizerError(
            f"{method!r} is not one of sumy's methods ({', '.join(SUMY_METHODS)})"
        )
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence

    tokenizer = SentenceTokenizer(language)
    sentences = [SumySentence(t, tokenizer) for t in texts]
    document = ObjectDocumentModel([Paragraph(sentences)])
    summarizer = _summarizer(method, language)
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


def _summarizer(method: str, language: str) -> Any:
    """A fresh sumy summariser with our stemmer and stop words of ``language``."""
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
    summarizer = classes[method](_stemmer(language))
    if method == "edmundson":
        summarizer.null_words = stop_words(language)
        summarizer.stigma_words = ("however", "perhaps", "reportedly")
    else:
        summarizer.stop_words = stop_words(language)
    return summarizer


@lru_cache(maxsize=16)
def _stemmer(language: str) -> Callable[[str], str]:
    """Ours (:func:`briefing.text.terms.stemmer`), remembered: sumy stems every word of
    every sentence again, and its own ``Stemmer`` would fail on languages it does not know."""
    return lru_cache(maxsize=200_000)(stemmer(language))
