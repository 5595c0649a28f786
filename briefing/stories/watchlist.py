"""The watchlist: names and terms to track, and the stories that mention them.

A term matches whole words. Capitals in a term must be capitals in the text, while
lower-case letters match either case: ``Apple`` finds "Apple" and "APPLE" but not
"apple pie", ``ECB`` only "ECB", and ``climate change`` any spelling of it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from functools import lru_cache

from briefing.models import Story

__all__ = ["mentions", "watch_stories", "watched"]


@lru_cache(maxsize=1024)
def _pattern(term: str) -> re.Pattern[str]:
    parts = []
    for char in term:
        if char.isspace():
            parts.append(r"\s+")
        elif char.islower():
            parts.append(f"[{re.escape(char)}{re.escape(char.upper())}]")
        else:
            parts.append(re.escape(char))
    return re.compile(r"(?<!\w)" + "".join(parts) + r"(?!\w)")


def mentions(text: str, terms: Sequence[str]) -> tuple[str, ...]:
    """The terms ``text`` mentions, in the watchlist's order."""
    return tuple(t for t in terms if t.strip() and _pattern(t.strip()).search(text))


def watch_stories(stories: Sequence[Story], terms: Sequence[str]) -> list[Story]:
    """Each story with ``watch`` set to the terms any of its articles mentions."""
    if not terms:
        return list(stories)
    out = []
    for story in stories:
        text = "\n".join(f"{a.title}\n{a.text}" for a in story.articles)
        found = mentions(text, terms)
        out.append(dataclasses.replace(story, watch=found) if found else story)
    return out


def watched(stories: Sequence[Story]) -> tuple[str, ...]:
    """Ids of the stories on the watchlist, in the order given."""
    return tuple(story.id for story in stories if story.watch)
