"""Plain text and the seed format: optional ``key value`` headers, then the body.

The seed format is one line: ``date 2025-04-04`` and then a body whose topic tags are
links to ``/tags/<slug>/`` pages. Plain text may instead put each header on its own line
and start with a short title line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from briefing.models import Article
from briefing.readers.article import make_article, parse_date, tags_from

__all__ = ["read_text"]

_HEADER = re.compile(
    r"\A\s*(date|title|url|source|tags)\s*:?[ \t]+(\S[^\n]*?)(?:[ \t]*\n|(?=\s*<)|$)",
    re.IGNORECASE,
)
_DATE_INLINE = re.compile(r"\A\s*date\s*:?\s+(\d{4}-\d{2}-\d{2})\b[ \t]*\n?", re.IGNORECASE)
_TITLE_MAX = 150


def read_text(text: str, origin: str) -> Iterator[Article]:
    """One article from a text file in the seed or plain format."""
    fields: dict[str, str] = {}
    while True:
        inline = _DATE_INLINE.match(text)
        match = inline if inline and "date" not in fields else _HEADER.match(text)
        if not match:
            break
        key = "date" if match is inline else match.group(1).lower()
        if key in fields:
            break
        fields[key] = match.group(1) if match is inline else match.group(2).strip()
        text = text[match.end() :]
    title = fields.get("title")
    if title is None:
        title, text = _title_line(text)
    yield make_article(
        origin=origin,
        text=text,
        title=title,
        url=fields.get("url"),
        source=fields.get("source"),
        date=parse_date(fields.get("date"), origin),
        tags=tags_from(t.strip() for t in fields.get("tags", "").split(",") if t.strip()),
    )


def _title_line(text: str) -> tuple[str | None, str]:
    """A short first line without a final full stop is the title."""
    body = text.lstrip()
    first, newline, rest = body.partition("\n")
    first = first.strip().lstrip("#").strip()
    short = 0 < len(first) <= _TITLE_MAX and not first.endswith(".") and "<" not in first
    if newline and rest.strip() and short:
        return first, rest
    return None, text
