"""Which sentences are content: never pick captions, bylines, prompts or fragments.

Run before ranking, so that a caption cannot be chosen however central it looks.
Sentences are quoted exactly as written, so a sentence is kept or dropped whole:
nothing here edits text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

__all__ = ["MIN_WORDS", "content_positions", "is_byline", "is_caption", "is_content"]

#: Fewer words than this is a fragment ("We see, Vladimir Putin."), not a key sentence.
MIN_WORDS = 6
#: A byline names people and perhaps a title or outlet; a longer "By ..." is prose.
_MAX_BYLINE_WORDS = 14

# What is not content. Alternatives anchored at the start are tried once, at the start
# (_LEADING); each of the others (_ANYWHERE_BY_KEYWORD) only when the sentence holds one
# of its keywords, which it needs. _NOT_CONTENT is the whole rule as one expression: it
# decides exactly what they do, more slowly (a test compares).
_LEADING_RULES = r"""
    ^\W*(?:read|see|watch|listen)\s+more\b
    | ^\W*(?:read|watch|see|related|more)\s*:
    | ^\W*click\s+here\b
    | ^\W*follow\s+(?:us|him|her|@)
    | ^\W*(?:share|tweet|email)\s+(?:or\s+comment\s+on\s+)?this\b
    | ^\W*(?:photo|image|picture|video|graphic|credit|caption|file\s+photo)\s*[:|]
    | ^\W*pictured\s*:
    | ^\W*(?:last\s+)?(?:published|updated)\s*(?::|at\b|on\b)
    | ^\W*(?:copyright|©|all\s+rights\s+reserved)
    | ^\W*(?:advertisement|sponsored)
    # The same in German, French, Spanish, Italian, Portuguese and Dutch.
    | ^\W*(?:lesen\s+sie\s+(?:auch|mehr)|mehr\s+zum\s+thema|(?:à\s+)?lire\s+aussi
        |lee\s+también|leer\s+más|leggi\s+anche|leia\s+(?:também|mais)|lees\s+(?:ook|meer)
        |voir\s+aussi|ver\s+también|vedi\s+anche|veja\s+também|zie\s+ook)\b
    | ^\W*(?:foto|bild|bildquelle|fotografía|imagen|immagine|imagem|afbeelding|quelle|source
        |fuente|fonte|bron|crédit|crédito|credito)\s*[:|]
    | ^\W*(?:anzeige|werbung|publicité|publicidad|pubblicità|publicidade|advertentie
        |gesponsert|sponsorisé|patrocinado|sponsorizzato|gesponsord)\s*(?:$|[:|])
    | ^\W*(?:veröffentlicht|aktualisiert|publié|mis\s+à\s+jour|publicado|actualizado
        |pubblicato|aggiornato|atualizado|gepubliceerd|bijgewerkt)\s*(?::|am\b|le\b|el\b|il\b|em\b|op\b)
"""
# Each rule that may match anywhere, with the keywords one of which is in every sentence
# it matches, once folded by _fold().
_ANYWHERE_BY_KEYWORD: tuple[tuple[tuple[str, ...], str], ...] = (
    (("scroll",), r"scroll\s+down\s+for\s+(?:video|more)"),
    (
        ("sign", "subscribe"),
        r"(?:sign\s+up|subscribe)\s+(?:for|to)\s+(?:our|the)\b.*\b(?:newsletter|alerts?|updates)",
    ),
    (("newsletter",), r"\bnewsletter\b.*\bsign\s+up\b"),
    (("facebook",), r"\blike\s+us\s+on\s+facebook\b"),
    (("accepting",), r"\b(?:currently\s+)?accepting\s+comments\b"),
    (("(",), r"\((?:photo|image|picture|pictured|credit|file)\b[^)]*\)\s*$"),
    (
        ("getty", "photo", "reuters/", "shutterstock"),
        r"\b(?:getty\s+images|ap\s+photo|reuters/|afp\s+photo|shutterstock)\b",
    ),
    # Daily Mail datelines: "PUBLISHED: . 12:53 EST", "Last updated at 5:22 PM on ..."
    (
        ("published", "updated"),
        r"\b(?:published|updated|last\s+updated)\s*:?\s*\.?\s*\d{1,2}[:.]\d{2}",
    ),
    (("contributed",), r"\bcontributed\s+(?:to\s+)?this\s+(?:report|story|article)\b"),
    (("cookie",), r"\bcookies?\b.*\b(?:accept|consent|policy)\b"),
)
_ANYWHERE_RULES = "\n    | ".join(rule for _, rule in _ANYWHERE_BY_KEYWORD)
_FLAGS = re.IGNORECASE | re.VERBOSE
# The leading rules with their common "^\W*" taken out in front: the same sentences
# match (some alternative matches after some run of non-word characters either way), and
# the run is scanned once, not once per alternative (a third faster; a test compares).
_LEADING = re.compile(r"^\W*(?:" + _LEADING_RULES.replace(r"^\W*", "") + ")", _FLAGS)
_NOT_CONTENT = re.compile(_LEADING_RULES + "|" + _ANYWHERE_RULES, _FLAGS)
_ANYWHERE_CHECKS = tuple(
    (keywords, re.compile(rule, _FLAGS)) for keywords, rule in _ANYWHERE_BY_KEYWORD
)
# The only characters outside ASCII that IGNORECASE equates with an ASCII letter and
# that lower() does not turn into it (a test checks every code point).
_FOLD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})


def _fold(sentence: str) -> str:
    # translate() looks each character up: only when one of the three is there.
    if "İ" in sentence or "ı" in sentence or "ſ" in sentence:
        return sentence.translate(_FOLD).lower()
    return sentence.lower()


# Case matters here: "By . Jane Doe ." is a byline, "By the end of the year" is not.
_NAME = r"(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|The|This|That|Then|Now)\b)[A-Z][\w'’\-]*\.?"  # noqa: E501
_BYLINE = re.compile(
    rf"^\W*(?:By|BY|Von|VON|Par|PAR|Por|POR|Door|DOOR)\s+(?:\.\s*)?{_NAME}(?:\s+{_NAME}){{0,3}}\s*(?:$|[.|,]|and\b|for\b|in\b|In\b)"
)
_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
# Whether a sentence holds at least MIN_WORDS of _WORD's words, in one match: skip to a
# letter, then take the word whole (the look-ahead and back-reference make it atomic,
# as finditer takes it: no backtracking into it), MIN_WORDS times. A test compares it
# with counting finditer's matches.
_ENOUGH_WORDS = re.compile(rf"(?:[\W\d_]*[^\W\d_](?=([\w'’\-]*))\1){{{MIN_WORDS}}}")


def is_byline(sentence: str) -> bool:
    """Whether ``sentence`` is an author line ("By . Jane Doe .", "By Jane Doe for ...")."""
    return _BYLINE.match(sentence) is not None and len(sentence.split()) <= _MAX_BYLINE_WORDS


# A caption's end: a word and a closing quote with no stop ("... dubbed 'The Great
# Escape'"), where the splitter cut it from the sentence it was glued to.
_CAPTION_END = re.compile(r"[^\W_][\"'”’»]$")


def is_caption(sentence: str) -> bool:
    """Whether ``sentence`` is a photo caption: a quoted name closes it, with no stop.

    Headlines and captions without quotes also end without a stop, but they may say
    what the story is about, and a reader sees them whole; a caption that names a
    thing in quotes ("Crowds outside the court where they were branded 'The Raiders'")
    only labels a picture.
    """
    # The match is in the last three characters (two, and a final newline "$" allows).
    return _CAPTION_END.search(sentence, max(0, len(sentence) - 3)) is not None


def is_content(sentence: str) -> bool:
    """Whether ``sentence`` may be picked as a key sentence."""
    if not _may_be_content(sentence):
        return False
    folded = _fold(sentence)
    for keywords, rule in _ANYWHERE_CHECKS:
        for keyword in keywords:
            if keyword in folded:
                if rule.search(sentence):
                    return False
                break
    return True


def _may_be_content(sentence: str) -> bool:
    """:func:`is_content` but for the rules that may match anywhere."""
    # Counting stops at MIN_WORDS: most sentences are longer, and finding all their
    # words would only be thrown away.
    if _ENOUGH_WORDS.match(sentence) is None:
        return False
    return not (_LEADING.match(sentence) or is_byline(sentence) or is_caption(sentence))


def content_positions(sentences: Sequence[str]) -> list[int]:
    """``[i for i, s in enumerate(sentences) if is_content(s)]``, with the keywords of the
    rules that may match anywhere looked for once in the whole text, not in each sentence.

    The sentences are joined by newlines and folded in one go. :func:`_fold` maps each
    character to one (and alone, but for the final sigma, which is no keyword's), so
    each sentence's folded text is a slice of that at the same place, and a keyword
    (none holds a newline) found there belongs to one sentence: the one whose slice holds
    where it starts. Each rule then runs on the sentences that hold one of its keywords,
    as in :func:`is_content` (a test compares).
    """
    joined = "\n".join(sentences)
    folded = _fold(joined)
    if len(folded) != len(joined):  # pragma: no cover - _fold keeps the length
        return [i for i, s in enumerate(sentences) if is_content(s)]
    suspects: dict[int, list[re.Pattern[str]]] = {}
    starts: list[int] | None = None
    for keywords, rule in _ANYWHERE_CHECKS:
        holding: set[int] = set()
        for keyword in keywords:
            at = folded.find(keyword)
            while at >= 0:
                if starts is None:
                    starts = _starts(sentences)
                holding.add(bisect_right(starts, at) - 1)
                at = folded.find(keyword, at + 1)
        for i in holding:
            suspects.setdefault(i, []).append(rule)
    return [
        i
        for i, sentence in enumerate(sentences)
        if _may_be_content(sentence)
        and not (i in suspects and any(rule.search(sentence) for rule in suspects[i]))
    ]


def _starts(sentences: Sequence[str]) -> list[int]:
    """Where each sentence starts in the sentences joined by newlines."""
    starts, at = [], 0
    for sentence in sentences:
        starts.append(at)
        at += len(sentence) + 1
    return starts
