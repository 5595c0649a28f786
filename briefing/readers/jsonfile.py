"""JSON and JSON Lines: one article per object.

Fields: ``title``; ``text`` (or ``content`` / ``body``); ``url`` (or ``link``);
``source``; ``date`` (ISO date or datetime); ``tags`` (a list of strings).
A ``.json`` file holds one object, a list of them, or ``{"articles": [...]}``; a
JSON Feed (its ``version`` names jsonfeed.org) is read as the feed it is.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from briefing.errors import SkippedInput
from briefing.models import Article
from briefing.readers.article import make_article, parse_date, tags_from
from briefing.readers.feeds import DEEP_JSON, Link, parse_feed

__all__ = ["read_json", "read_jsonl"]

_TEXT_FIELDS = ("text", "content", "body", "description", "summary")


def read_json(text: str, origin: str) -> Iterator[Article | SkippedInput | Link]:
    """Articles from one JSON document (or the entries of a JSON Feed)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise SkippedInput(origin, f"malformed JSON ({error.msg}, line {error.lineno})") from None
    except RecursionError:
        raise SkippedInput(origin, DEEP_JSON) from None
    if isinstance(data, dict) and "jsonfeed.org" in str(data.get("version", "")):
        yield from parse_feed(text.encode("utf-8"), origin).items
        return
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    items = data if isinstance(data, list) else [data]
    for index, item in enumerate(items, start=1):
        name = origin if len(items) == 1 else f"{origin}[{index}]"
        yield _article_or_skip(item, name)


def read_jsonl(text: str, origin: str) -> Iterator[Article | SkippedInput]:
    """Articles from JSON Lines, each line judged on its own."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name = f"{origin}:{number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            yield SkippedInput(name, f"malformed JSON ({error.msg})")
            continue
        except RecursionError:
            yield SkippedInput(name, DEEP_JSON)
            continue
        yield _article_or_skip(item, name)


def _article_or_skip(item: Any, origin: str) -> Article | SkippedInput:
    try:
        return article_from_object(item, origin)
    except SkippedInput as skipped:
        return skipped


def article_from_object(item: Any, origin: str) -> Article:
    """An article from one decoded JSON object."""
    if not isinstance(item, dict):
        raise SkippedInput(origin, f"expected a JSON object, found {type(item).__name__}")
    text = next((item[f] for f in _TEXT_FIELDS if isinstance(item.get(f), str) and item[f]), None)
    if text is None:
        raise SkippedInput(origin, "no text (expected a 'text', 'content' or 'body' field)")
    tags = item.get("tags") or item.get("categories") or []
    if isinstance(tags, str):
        tags = [t for t in tags.split(",") if t.strip()]
    if not isinstance(tags, list):
        raise SkippedInput(origin, "'tags' must be a list of strings")
    title, url, source = item.get("title"), item.get("url") or item.get("link"), item.get("source")
    return make_article(
        origin=origin,
        text=text,
        title=title if isinstance(title, str) else None,
        url=url if isinstance(url, str) else None,
        source=source if isinstance(source, str) else None,
        date=parse_date(item.get("date") or item.get("published"), origin),
        tags=tags_from(tags),
        language=next((v for k in ("lang", "language") if isinstance(v := item.get(k), str)), None),
    )
