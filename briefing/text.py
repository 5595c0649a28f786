"""Sentence splitting and word tokens, with no NLTK data to download.

NLTK's Punkt algorithm needs trained parameters, normally fetched with
``nltk.download("punkt")``. That fails offline, so the parameters live here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

__all__ = ["SentenceTokenizer", "split_sentences", "words"]

# Lower-case, without the final period, as Punkt stores them.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st mt ft gov gen sen rep rev hon col lt sgt capt cmdr adm maj
    cpl pvt supt insp det pres vs etc al approx dept est fig inc corp ltd co bros llc plc
    no nos vol pp ed eds jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed
    thu thur thurs fri sat sun u.s u.k u.n e.u u.s.a a.m p.m i.e e.g ph.d b.a m.a d.c
    ave blvd rd hwy dist univ assn intl natl cf viz ca op cit ibid
    """.split()
)


@lru_cache(maxsize=1)
def _punkt() -> PunktSentenceTokenizer:
    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*", re.UNICODE)


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into sentences, each exactly as written (whitespace folded)."""
    text = _SPACE.sub(" ", text).strip()
    if not text:
        return []
    pieces = _punkt().tokenize(text)
    merged: list[str] = []
    for piece in pieces:
        # A quote that ends in ? or ! and goes on in lower case ("...?" she asked)
        # is one sentence.
        if merged and piece[:1].islower() and merged[-1].rstrip("\"'”’)").endswith(("?", "!")):
            merged[-1] = merged[-1] + " " + piece
        else:
            merged.append(piece)
    return merged


def words(text: str) -> list[str]:
    """The word tokens of ``text``, punctuation dropped, case kept."""
    return _WORD.findall(text)


class SentenceTokenizer:
    """The tokenizer sumy expects (``to_sentences``, ``to_words``), built on ours."""

    language = "english"

    def to_sentences(self, paragraph: str) -> list[str]:
        return split_sentences(paragraph)

    def to_words(self, sentence: str) -> list[str]:
        return words(sentence)
