"""Which sentences are content: never pick captions, bylines, prompts or fragments.

Run before ranking, so that a caption cannot be chosen however central it looks.
Sentences are quoted exactly as written, so a sentence is kept or dropped whole:
nothing here edits text.
"""

from __future__ import annotations

import re

__all__ = ["MIN_WORDS", "is_byline", "is_content"]

#: Fewer words than this is a fragment ("We see, Vladimir Putin."), not a key sentence.
MIN_WORDS = 6
#: A byline names people and perhaps a title or outlet; a longer "By ..." is prose.
_MAX_BYLINE_WORDS = 14

_NOT_CONTENT = re.compile(
    r"""
    scroll\s+down\s+for\s+(?:video|more)
    | (?:sign\s+up|subscribe)\s+(?:for|to)\s+(?:our|the)\b.*\b(?:newsletter|alerts?|updates)
    | \bnewsletter\b.*\bsign\s+up\b
    | ^\W*(?:read|see|watch|listen)\s+more\b
    | ^\W*(?:read|watch|see|related|more)\s*:
    | ^\W*click\s+here\b
    | ^\W*follow\s+(?:us|him|her|@)
    | \blike\s+us\s+on\s+facebook\b
    | ^\W*(?:share|tweet|email)\s+(?:or\s+comment\s+on\s+)?this\b
    | \b(?:currently\s+)?accepting\s+comments\b
    | ^\W*(?:photo|image|picture|video|graphic|credit|caption|file\s+photo)\s*[:|]
    | \((?:photo|image|picture|pictured|credit|file)\b[^)]*\)\s*$
    | ^\W*pictured\s*:
    | \b(?:getty\s+images|ap\s+photo|reuters/|afp\s+photo|shutterstock)\b
    # Daily Mail datelines: "PUBLISHED: . 12:53 EST", "Last updated at 5:22 PM on ..."
    | \b(?:published|updated|last\s+updated)\s*:?\s*\.?\s*\d{1,2}[:.]\d{2}
    | ^\W*(?:last\s+)?(?:published|updated)\s*(?::|at\b|on\b)
    | \bcontributed\s+(?:to\s+)?this\s+(?:report|story|article)\b
    | ^\W*(?:copyright|©|all\s+rights\s+reserved)
    | \bcookies?\b.*\b(?:accept|consent|policy)\b
    | ^\W*(?:advertisement|sponsored)
    """,
    re.IGNORECASE | re.VERBOSE,
)

# Case matters here: "By . Jane Doe ." is a byline, "By the end of the year" is not.
_NAME = r"(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|The|This|That|Then|Now)\b)[A-Z][\w'’\-]*\.?"  # noqa: E501
_BYLINE = re.compile(
    rf"^\W*(?:By|BY)\s+(?:\.\s*)?{_NAME}(?:\s+{_NAME}){{0,3}}\s*(?:$|[.|,]|and\b|for\b|in\b|In\b)"
)
_WORD = re.compile(r"[^\W\d_][\w'’\-]*")


def is_byline(sentence: str) -> bool:
    """Whether ``sentence`` is an author line ("By . Jane Doe .", "By Jane Doe for ...")."""
    return len(sentence.split()) <= _MAX_BYLINE_WORDS and _BYLINE.match(sentence) is not None


def is_content(sentence: str) -> bool:
    """Whether ``sentence`` may be picked as a key sentence."""
    if len(_WORD.findall(sentence)) < MIN_WORDS:
        return False
    return _NOT_CONTENT.search(sentence) is None and not is_byline(sentence)
