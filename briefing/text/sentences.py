"""Sentence splitting and word tokens, with no NLTK data to download.

NLTK's Punkt algorithm needs trained parameters, normally fetched with
``nltk.download("punkt")``. That fails offline, so the parameters live here
(in :mod:`briefing.text.rules`, with the rules Punkt's parameters cannot
express).

Exactness: every sentence is an exact slice of the input with each run of
whitespace folded to one space (``" ".join(text.split())``), so a quote taken
from it matches the publisher's words. A blank line ends a sentence unless the
text goes on in lower case (headlines and captions often have no final period);
it folds like any space.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

from briefing.text import rules
from briefing.text.language import LANGUAGES, resolve_language
from briefing.text.nltk_loader import import_nltk

if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktParameters

    from briefing.text.punkt import FastPunkt

__all__ = [
    "ASCII_WORD",
    "WORD",
    "SentenceTokenizer",
    "find_words",
    "lower_words",
    "normalize_space",
    "punkt_parameters",
    "punkt_tokenizer",
    "split_sentences",
    "words",
]

# NLTK runs Punkt's regexes under a wall-clock limit (5 s in nltk.redos), which
# a few megabytes of text exceed; Punkt is given the text in chunks this long.
_CHUNK = 20_000


def punkt_parameters(language: str = "en") -> PunktParameters:
    """Our Punkt parameters for ``language``, in place of NLTK's trained data file (a new
    object each call; see :mod:`briefing.text.punkt`)."""
    import_nltk()
    from briefing.text.punkt import parameters

    return parameters(language)


def punkt_tokenizer(language: str = "en") -> FastPunkt:
    """Punkt with :func:`punkt_parameters` and our fast path, built once per process and
    language. NLTK is imported only here: a process that splits no sentence (the main
    process of a build whose workers summarise) never loads it."""
    import_nltk()
    from briefing.text.punkt import tokenizer

    return tokenizer(language)


_PARAGRAPH = re.compile(r"\n[^\S\n]*\n\s*")
_GOES_ON = tuple(".,;:!?)]}")
#: A word token: what :func:`words` finds.
WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*", re.UNICODE)
#: :data:`WORD` for text that is all ASCII, where it finds the same words (\w and \W class
#: every ASCII character alike either way; a test compares) a third faster.
ASCII_WORD = re.compile(WORD.pattern, re.ASCII)


def find_words(text: str) -> list[str]:
    """``WORD.findall(text)``, through the ASCII pattern when ``text`` is ASCII."""
    return (ASCII_WORD if text.isascii() else WORD).findall(text)


def normalize_space(text: str) -> str:
    """``text`` with each run of whitespace made one space, ends stripped."""
    # Every whitespace character but the space is unprintable (a test checks every
    # character): printable text, its line feeds made spaces, needs only its runs of
    # spaces folded, and they are few (a paragraph's end, not each word's), where
    # splitting into words makes a string a word. Any other text takes the long way.
    spaced = text.replace("\n", " ") if "\n" in text else text
    if not spaced.isprintable():
        return " ".join(text.split())
    if "  " not in spaced:
        return spaced.strip(" ")
    return " ".join(piece for part in spaced.split("  ") if (piece := part.strip(" ")))


def split_sentences(text: str, language: str | None = None) -> list[str]:
    """Split ``text`` into sentences, each an exact slice of ``normalize_space(text)``.

    ``language`` is an ISO 639-1 code ("de") or a tag ("de-AT"); ``None`` detects it
    (see :mod:`briefing.text.language`). Text without case at sentence starts (all lower
    case, transcripts) is split on its punctuation.
    """
    lang = rules.language_rules(resolve_language(text, language))
    uncased = rules.is_uncased(text)
    if "\n" not in text:
        return _split_folded(normalize_space(text), lang, uncased)
    paragraphs: list[list[str]] = []
    for part in _PARAGRAPH.split(text):
        if paragraphs and ((part[:1].islower() and not uncased) or part[:1] in _GOES_ON):
            paragraphs[-1].append(part)  # the sentence goes on after the blank line
        else:
            paragraphs.append([part])
    return [
        s
        for parts in paragraphs
        for s in _split_folded(normalize_space(" ".join(parts)), lang, uncased)
    ]


# An opening mark standing alone before a sentence ("lignes. « Nous"), which Punkt
# leaves at the end of the sentence before.
_LONE_OPENERS = frozenset("«„‹¿¡")


def _split_folded(
    text: str, lang: rules.LanguageRules = rules.ENGLISH, uncased: bool = False
) -> list[str]:
    if not text:
        return []
    masked, starts = rules.prepare(text, lang, uncased)
    # Punkt can start a sentence right after punctuation ("Wow!!" at the end of a
    # text gives "Wow!" and "!"); ours start after a space.
    keep = rules.keep_break
    found = [
        s
        for s in _punkt_starts(masked, lang.code)
        if text[s - 1] == " " and keep(text, s, lang, uncased)
    ]
    if lang is not rules.ENGLISH:
        found = [
            s - 2 if s > 2 and text[s - 2] in _LONE_OPENERS and text[s - 3] == " " else s
            for s in found
        ]
    starts.update(found)
    starts.discard(0)
    bounds = [0, *sorted(starts), len(text)]
    return [text[a:b].rstrip() for a, b in itertools.pairwise(bounds) if a < b]


def _punkt_starts(text: str, language: str = "en") -> list[int]:
    """Where Punkt starts sentences in ``text`` (one line), except at 0.

    Chunks are cut at a space, and the next chunk starts again at the last word
    of the previous one, so every candidate is seen with the words either side
    of it, as Punkt would see it in the whole text.
    """
    punkt = punkt_tokenizer(language)
    starts: list[int] = []
    pos, size = 0, len(text)
    while True:
        end = size if size - pos <= _CHUNK else text.rfind(" ", pos, pos + _CHUNK)
        second_word = text.find(" ", pos) + 1
        if end < size and end <= second_word:  # at least two words, or no progress
            end = text.find(" ", second_word) if second_word else -1
            end = size if end < 0 else end
        starts.extend(pos + s for s in punkt.sentence_starts(text[pos:end]))
        if end >= size:
            return starts
        last_word = text.rfind(" ", pos, end) + 1
        pos = last_word if last_word > pos else end + 1


def words(text: str) -> list[str]:
    """The word tokens of ``text``, punctuation dropped, case kept."""
    return find_words(text)


def lower_words(text: str) -> list[str]:
    """``[w.lower() for w in words(text)]``, with one ``lower()`` for the whole text.

    That is the same list because :data:`WORD` is made of character classes that
    ``lower()`` maps onto themselves (word characters and punctuation: true of every
    character) and ``lower()`` works on each character alone, which it does except on
    two: "İ" (lowered to two characters) and "Σ" (a final sigma depends on what
    follows). A test checks both facts on every character.
    """
    if "İ" in text or "Σ" in text:
        return [word.lower() for word in WORD.findall(text)]
    return find_words(text.lower())


class SentenceTokenizer:
    """The tokenizer sumy expects (``to_sentences``, ``to_words``), built on ours.

    ``code`` is the language of the text (ISO 639-1); ``language`` is its name as sumy
    spells it.
    """

    def __init__(self, code: str = "en") -> None:
        self.code = code
        self.language = LANGUAGES.get(code, code)

    def to_sentences(self, paragraph: str) -> list[str]:
        return split_sentences(paragraph, self.code)

    def to_words(self, sentence: str) -> list[str]:
        return words(sentence)
