"""Which sentences are content: never pick captions, bylines, prompts or fragments.

Run before ranking, so that a caption cannot be chosen however central it looks.
"""

from __future__ import annotations

import re

__all__ = ["MIN_WORDS", "is_content"]

#: Fewer words than this is a fragment ("We see, Vladimir Putin."), not a key sentence.
MIN_WORDS = 6

_NOT_CONTENT = re.compile(
    r"""
    scroll\s+down\s+for\s+(?:video|more)
    | (?:sign\s+up|subscribe)\s+(?:for|to)\s+(?:our|the)\b.*\b(?:newsletter|alerts?|updates)
    | \bnewsletter\b.*\bsign\s+up\b
    | ^\W*(?:read|see|watch|listen)\s+more\b
    | ^\W*click\s+here\b
    | ^\W*follow\s+(?:us|him|her|@)
    | ^\W*(?:share|tweet|email)\s+this\b
    | ^\W*(?:photo|image|picture|video|graphic|credit|caption|file\s+photo)\s*[:|]
    | \((?:photo|image|picture|pictured|credit|file)\b[^)]*\)\s*$
    | ^\W*pictured\s*:
    | \b(?:getty\s+images|ap\s+photo|reuters/|afp\s+photo|shutterstock)\b
    | ^\W*by\s+\.?\s*[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){0,3}\s*(?:\.|,|\||and\b|for\b|$)
    | \b(?:published|updated|last\s+updated)\s*:?\s*\.?\s*\d{1,2}[:.]\d{2}
    | ^\W*(?:copyright|©|all\s+rights\s+reserved)
    | \bcookies?\b.*\b(?:accept|consent|policy)\b
    | ^\W*(?:advertisement|sponsored|related\s*:|more\s*:)
    """,
    re.IGNORECASE | re.VERBOSE,
)
_WORD = re.compile(r"[^\W\d_][\w'’\-]*")


def is_content(sentence: str) -> bool:
    """Whether ``sentence`` may be picked as a key sentence."""
    if len(_WORD.findall(sentence)) < MIN_WORDS:
        return False
    return _NOT_CONTENT.search(sentence) is None
