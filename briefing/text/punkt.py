"""NLTK's Punkt with our parameters and a fast path: the one module that imports NLTK.

:mod:`briefing.text.sentences` imports it when it first splits a text, so a process
that splits none (the main process of a build, while its workers summarise) does not
pay for loading NLTK.
"""

from __future__ import annotations

import re
import string
from collections import defaultdict
from functools import lru_cache
from typing import Any

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from briefing.text import rules

__all__ = ["FastPunkt", "parameters", "tokenizer"]

# Punkt's orthographic flags (nltk.tokenize.punkt._ORTHO_*): seen capitalised
# at a sentence start, seen in lower case mid-sentence.
_ORTHO_BEG_UC = 1 << 1
_ORTHO_MID_LC = 1 << 5

# A candidate whose outcome Punkt's rules fix in advance: a word of letters that
# is no abbreviation, or a number, then a period (or letters, then ? or !), then
# a space and a word or one punctuation mark.
_PLAIN_BREAK = re.compile(
    r"(?:(?P<word>[^\W\d_]{2,})\.|(?P<number>\d+)\.|[^\W\d_]*[?!])(?: (?P<next>\S+)|\S)"
)


# A wider word before the period ("pro-Kremlin.", "5pm.", "9.5%.", "£4,000bn."): letters,
# digits, %, $, £ and €, single hyphens, and periods and commas before a letter or digit,
# then the period, then a space and a word that opens with no period, or one of Punkt's
# NonWord marks. Punkt's word tokenizer keeps such a word and its period one token (none
# of those characters ends a word), so Punkt marks it a sentence end unless it is an
# abbreviation (whole or after its last hyphen), a number, or an initial (one letter):
# the second pass changes only those (we define no collocations).
_INNER = r"(?:[^\W_]|[%$£€]|-(?!-)|[.,](?=[^\W_]))"
_WORD_BREAK = re.compile(
    rf"(?P<word>[^\W_]{_INNER}+|[%$£€]{_INNER}*)"
    r"\.(?: [^\s.]\S*|[)\";}\]*:@'({\[‘’“”«»?!])"
)
# Punkt's number type (PunktToken._RE_NUMERIC), on the lower-cased token.
_NUMERIC = re.compile(r"-?[\.,]?\d[\d,\.-]*\.?")

# Closing quotes and brackets: Punkt's word tokenizer splits them from a following period.
_CLOSERS = frozenset("\"')]}’”»")


class FastPunkt(PunktSentenceTokenizer):  # type: ignore[misc]
    """Punkt, with a fast answer for the most common candidates.

    Punkt marks "word." a sentence end unless the word is an abbreviation, an
    initial, a number, or part of a known collocation (we define none); "12." when
    the next word is capitalised; and always "?" and "!".
    So is a period right after a closing quote or bracket ("said it". Then).
    Answering those cases here gives Punkt's result at a fraction of the cost
    (a test compares both); Punkt decides everything else.
    """

    def text_contains_sentbreak(self, text: str) -> bool:
        # The context is the word before the candidate, the candidate, then one
        # punctuation mark or a space and the next word. A period right after a closing
        # quote or bracket is a token of its own, which Punkt always takes for a break.
        space = text.find(" ")
        end = space - 1 if space >= 0 else len(text) - 2
        if end >= 1 and text[end] == "." and text[end - 1] in _CLOSERS:
            return True
        plain = _PLAIN_BREAK.fullmatch(text)
        if plain:
            word, following = plain["word"], plain["next"]
            if word:
                if word.lower() not in self._params.abbrev_types:
                    return True
            elif not plain["number"] or (following and following[0].isupper()):
                return True
        wide = _WORD_BREAK.fullmatch(text)
        if wide:
            word = wide["word"].lower()
            abbreviations = self._params.abbrev_types
            if (
                _NUMERIC.fullmatch(word + ".") is None
                and word not in abbreviations
                and word.split("-")[-1] not in abbreviations
            ):
                return True
        return bool(super().text_contains_sentbreak(text))

    def sentence_starts(self, text: str) -> list[int]:
        """Where ``span_tokenize(text)`` starts sentences, except at 0, computed in one loop.

        Punkt finds them through a chain of generators, each step of each candidate
        going through NLTK's time-limited wrapper of its regular expressions; this is
        the same steps in one function, with the same compiled expressions unwrapped
        (a test compares both on every text of the evaluation sets).
        """
        period, realignment = _patterns(self._lang_vars)
        # Punkt's _match_potential_end_contexts and _slices_from_text.
        slices: list[tuple[int, int]] = []
        last_break = 0
        previous: tuple[Any, int, int] | None = None
        start = stop = 0
        # The last whitespace before the candidate, in a text whose only whitespace is
        # the space (a folded text, as the splitter gives): one search, no slice.
        spaced = not any(blank in text for blank in _OTHER_WHITESPACE)
        for match in period.finditer(text):
            if spaced:
                space = text.rfind(" ", stop, match.start())
                word_start = space + 1 if space > stop else start
            else:
                before = text[stop : match.start()]
                space = max(map(before.rfind, string.whitespace))
                word_start = space + stop + 1 if space > 0 else start
            if previous is not None and stop <= word_start:
                last_break = self._cut(text, previous, slices, last_break)
            previous = (match, word_start, match.start())
            start, stop = word_start, match.start()
        if previous is not None:
            last_break = self._cut(text, previous, slices, last_break)
        slices.append((last_break, len(text.rstrip())))
        # Punkt's _realign_boundaries. It tests text[first:end] for being empty, which
        # (end is at most len(text)) is first >= end; and matches the realignment at the
        # start of text[a:b], which match(text, a, b) does without a copy: the pattern
        # has no "^" and no look-behind, and sees b as the end, as "$" does.
        starts: list[int] = []
        realign = 0
        for (first, end), following in zip(slices, [*slices[1:], None], strict=True):
            first += realign
            if following is None:
                if first < end:
                    starts.append(first)
                continue
            found = realignment.match(text, following[0], following[1])
            if found:
                starts.append(first)
                realign = found.end() - following[0]
            else:
                realign = 0
                if first < end:
                    starts.append(first)
        return [s for s in starts if s]

    def _cut(
        self, text: str, candidate: tuple[Any, int, int], slices: list[tuple[int, int]], at: int
    ) -> int:
        """Punkt's decision on one candidate: the sentence it ends, and the next start."""
        match, start, _ = candidate
        # The word before, the candidate and what follows it (after_tok is a look-ahead
        # right after the candidate's one character): one slice of the text.
        context = text[start : match.end("after_tok")]
        if not self.text_contains_sentbreak(context):
            return at
        slices.append((at, match.end()))
        return int(match.start("next_tok")) if match.group("next_tok") else int(match.end())


# What Punkt takes for whitespace besides the space (string.whitespace).
_OTHER_WHITESPACE = string.whitespace.replace(" ", "")


@lru_cache(maxsize=4)
def _patterns(lang: Any) -> tuple[Any, Any]:
    """Punkt's period-context and boundary-realignment expressions, for the fast loop."""
    return _unwrapped(lang.period_context_re()), _unwrapped(lang.re_boundary_realignment)


def _unwrapped(pattern: Any) -> Any:
    # NLTK 3.9.3 and later wrap Punkt's patterns in nltk.redos.TimedPattern, which adds
    # a time limit to each call (and a Python call to each step), around the third-party
    # regex module's compiled pattern; older NLTK gives a pattern of its own. The same
    # expression compiled by the standard library's re matches the same text a third
    # faster here (a test compares with Punkt on every evaluation text).
    inner = getattr(pattern, "_rx", pattern)
    try:
        return re.compile(inner.pattern, inner.flags & _RE_FLAGS)
    except (re.error, AttributeError, TypeError):  # pragma: no cover - not one re reads
        return inner


_RE_FLAGS = re.IGNORECASE | re.MULTILINE | re.DOTALL | re.UNICODE | re.VERBOSE


def parameters(language: str = "en") -> PunktParameters:
    """Our Punkt parameters for ``language``, in place of NLTK's trained data file (a new
    object each call)."""
    lang = rules.language_rules(language)
    params = PunktParameters()
    params.abbrev_types = lang.abbreviations
    params.sent_starters = set(lang.starters)
    # Telling Punkt that common words are written in lower case mid-sentence and
    # capitalised only at a sentence start makes an initial before one of them a
    # sentence end ("you and I. Did you ...") while "George W. Bush" stays whole.
    params.ortho_context = defaultdict(
        int, dict.fromkeys(lang.starters_after_initial, _ORTHO_BEG_UC | _ORTHO_MID_LC)
    )
    return params


@lru_cache(maxsize=32)
def tokenizer(language: str = "en") -> FastPunkt:
    """Punkt with :func:`parameters` and our fast path, built once per process and
    language."""
    return FastPunkt(parameters(language))
