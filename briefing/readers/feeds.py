"""Feeds (RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed) and OPML lists of feeds.

An entry that carries its whole article becomes an :class:`Article`; an entry that
carries only a teaser becomes a :class:`Link` to its page, which the web reader fetches
and extracts. The feed's categories become topic tags. Only this module imports
feedparser, an optional dependency (``pip install "briefing[web]"``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from briefing.errors import SkippedInput
from briefing.models import Article, Tag
from briefing.readers.article import make_article, parse_date, tags_from
from briefing.readers.decode import decode
from briefing.readers.http import INSTALL_WEB, is_web_address
from briefing.readers.markup import site_name, strip_html
from briefing.text.language import language_code

__all__ = [
    "FULL_TEXT_WORDS",
    "Entry",
    "Feed",
    "Link",
    "parse_feed",
    "parse_opml",
    "read_feed",
    "read_opml",
    "sniff_feed",
]

#: Why JSON nested past the parser's limit is skipped.
DEEP_JSON = "JSON nested too deeply to read (over the parser's depth limit)"
#: An entry with fewer words than this is a teaser, and its page is fetched.
FULL_TEXT_WORDS = 120
# How feeds mark a cut-off teaser: "…", "[...]", "Read more", "Continue reading".
_CUT = re.compile(r"(?:…|\.\.\.|\[(?:…|\.\.\.)\]|read more\W*|continue reading\W*)\s*$", re.I)
_MAX_TAG_CHARS = 60


@dataclass(frozen=True, slots=True)
class Entry:
    """What a feed said about an entry whose page is to be fetched."""

    url: str
    title: str | None = None
    published: dt.datetime | None = None
    date: dt.date | None = None
    tags: tuple[Tag, ...] = ()
    source: str | None = None
    teaser: str = ""


@dataclass(frozen=True, slots=True)
class Link:
    """A web address to fetch: a ``"feed"``, a ``"page"``, or ``"any"`` (decide by content).

    ``via`` names the feed or file that listed it; ``entry`` is what a feed said about it.
    """

    url: str
    kind: str = "any"
    via: str | None = None
    entry: Entry | None = None


@dataclass(frozen=True, slots=True)
class Feed:
    """A parsed feed: its title, its entries as articles or links, and a note on trouble."""

    title: str | None
    items: tuple[Article | Link | SkippedInput, ...]
    note: str | None = None


def sniff_feed(data: bytes, content_type: str = "") -> str | None:
    """``"feed"``, ``"opml"`` or None, from the media type and the first bytes."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"<opml" in head:
        return "opml"
    if any(kind in content_type for kind in ("rss", "atom", "feed+json", "rdf")):
        return "feed"
    if head.startswith(b"{") and b"jsonfeed.org" in data[:4096].lower():
        return "feed"
    markers = (b"<rss", b"<feed", b"<rdf:rdf", b"<rdf")
    if head.startswith(b"<?xml") or any(m in head for m in markers):
        return "feed" if any(m in data[:4096].lower() for m in markers) else None
    return None


def read_feed(text: str, origin: str) -> Iterator[Article | Link | SkippedInput]:
    """The registry's reader for feed files (``.rss``, ``.atom``, ``.xml``)."""
    yield from parse_feed(text.encode("utf-8"), origin, "application/xml; charset=utf-8").items


def read_opml(text: str, origin: str) -> Iterator[Link]:
    """The registry's reader for OPML files: a link to each feed they list."""
    yield from parse_opml(text.encode("utf-8"), origin)


def parse_opml(data: bytes, origin: str) -> tuple[Link, ...]:
    """The feeds an OPML document lists (``<outline xmlUrl=...>``, nested or not)."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise SkippedInput(origin, f"not an OPML file (broken XML: {error})") from None
    if root.tag.lower() != "opml":
        raise SkippedInput(origin, f"not an OPML file (its root is <{root.tag}>)")
    urls: list[str] = []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if url and url not in urls:
            urls.append(url)
    if not urls:
        raise SkippedInput(origin, "OPML file lists no feeds (no outline with xmlUrl)")
    return tuple(Link(url, "feed") for url in urls)


def parse_feed(data: bytes, origin: str, content_type: str = "") -> Feed:
    """Entries of an RSS, Atom or JSON feed; raises :class:`SkippedInput` for a non-feed."""
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return _json_feed(data, origin)
    try:
        import feedparser
    except ImportError:
        raise SkippedInput(origin, f"reading feeds needs feedparser: {INSTALL_WEB}") from None
    headers = {"content-type": content_type} if content_type else {}
    if is_web_address(origin):
        headers["content-location"] = origin  # the base for relative links
    # A stream, never bytes or str: feedparser opens those as a file name or a URL.
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    broken = _xml_error(parsed)
    if not parsed.entries and (broken or not parsed.get("version")):
        # With entries, broken XML is worth reading leniently; without, it is no feed.
        raise SkippedInput(origin, f"not a feed (broken XML: {broken})" if broken else "not a feed")
    title = _clean(parsed.feed.get("title"))
    items = tuple(_rss_entry(entry, origin, title, n) for n, entry in enumerate(parsed.entries))
    items = _declared(items, parsed.feed.get("language"))  # RSS <language>, Atom xml:lang
    note = f"broken XML ({broken}), read leniently" if broken else None
    return Feed(title, items, note)


def _xml_error(parsed: Mapping[str, Any]) -> str | None:
    """The XML error feedparser worked around, if it was one (not a charset mismatch)."""
    error = parsed.get("bozo_exception")
    if not parsed.get("bozo") or error is None:
        return None
    if type(error).__name__ in ("CharacterEncodingOverride", "NonXMLContentType"):
        return None
    return f"{str(error) or type(error).__name__}"[:100]


def _rss_entry(
    entry: Mapping[str, Any], origin: str, feed_title: str | None, number: int
) -> Article | Link | SkippedInput:
    contents = entry.get("content") or []
    body = max((c.get("value") or "" for c in contents), key=len, default="")
    summary = entry.get("summary") or ""
    published, day = _feed_time(entry)
    tags = [t.get("label") or t.get("term") or "" for t in entry.get("tags") or []]
    return _entry_item(
        origin=origin,
        number=number,
        link=_clean(entry.get("link")),
        title=_title(entry),
        html=body if len(body) >= len(summary) else summary,
        published=published,
        day=day,
        tags=tags,
        source=feed_title,
    )


def _title(entry: Mapping[str, Any]) -> str | None:
    """The entry's title as text: an Atom ``type="html"`` title has its markup removed."""
    title = entry.get("title")
    detail = entry.get("title_detail") or {}
    if isinstance(title, str) and detail.get("type") in ("text/html", "application/xhtml+xml"):
        title = strip_html(title).text
    return _clean(title)


def _feed_time(entry: Mapping[str, Any]) -> tuple[dt.datetime | None, dt.date | None]:
    """The entry's publication time (in UTC), or just its day when no time was given."""
    for key in ("published", "updated", "created"):
        parsed = entry.get(key + "_parsed")
        if parsed is None:
            continue
        moment = dt.datetime(*parsed[:6]).replace(tzinfo=dt.timezone.utc)
        if ":" not in str(entry.get(key) or ""):
            return None, moment.date()  # A bare day: no time zone to convert.
        return moment, moment.date()
    return None, None


def _json_feed(data: bytes, origin: str) -> Feed:
    """A JSON Feed (https://jsonfeed.org, versions 1 and 1.1)."""
    try:
        doc = json.loads(decode(data, origin))
    except ValueError as error:
        raise SkippedInput(origin, f"not a feed (broken JSON: {error})") from None
    except RecursionError:
        raise SkippedInput(origin, f"not a feed ({DEEP_JSON})") from None
    if not isinstance(doc, dict) or "jsonfeed.org" not in str(doc.get("version", "")):
        raise SkippedInput(origin, "not a feed (JSON without a jsonfeed.org version)")
    title = _clean(doc.get("title"))
    raw_items = doc.get("items")
    if not isinstance(raw_items, list):
        raise SkippedInput(origin, "not a feed (JSON Feed without an items list)")
    items: list[Article | Link | SkippedInput] = []
    for number, item in enumerate(raw_items):
        if not isinstance(item, dict):
            items.append(SkippedInput(f"{origin} item {number + 1}", "not a JSON object"))
            continue
        html = item.get("content_html") or item.get("content_text") or item.get("summary") or ""
        link = item.get("url") if isinstance(item.get("url"), str) else None
        if link and is_web_address(origin):
            from urllib.parse import urljoin

            link = urljoin(origin, link)
        try:
            published, day = _json_time(item.get("date_published") or item.get("date_modified"))
        except SkippedInput as skipped:
            items.append(SkippedInput(f"{origin} item {number + 1}", skipped.reason))
            continue
        tags = item.get("tags") if isinstance(item.get("tags"), list) else []
        items.append(
            _entry_item(
                origin=origin,
                number=number,
                link=_clean(link),
                title=_clean(item.get("title")),
                html=str(html),
                published=published,
                day=day,
                tags=[str(t) for t in tags or []],
                source=title,
            )
        )
    return Feed(title, _declared(tuple(items), doc.get("language")))


def _declared(
    items: tuple[Article | Link | SkippedInput, ...], language: object
) -> tuple[Article | Link | SkippedInput, ...]:
    """The articles of a feed with the language the feed declares, when it declares one."""
    code = language_code(language) if isinstance(language, str) else None
    if code is None:
        return items
    return tuple(
        dataclasses.replace(i, language=code) if isinstance(i, Article) and not i.language else i
        for i in items
    )


def _json_time(value: object) -> tuple[dt.datetime | None, dt.date | None]:
    if not isinstance(value, str) or not value.strip():
        return None, None
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None, parse_date(value, "JSON Feed date")
    if moment.tzinfo is None:
        return None, moment.date()
    return moment, moment.astimezone(dt.timezone.utc).date()


def _entry_item(
    *,
    origin: str,
    number: int,
    link: str | None,
    title: str | None,
    html: str,
    published: dt.datetime | None,
    day: dt.date | None,
    tags: Sequence[str],
    source: str | None,
) -> Article | Link | SkippedInput:
    """An article when the entry carries its text, else a link to the page to fetch."""
    name = link or f"{origin} entry {number + 1}"
    topic_tags = tags_from(t.strip() for t in tags if 0 < len(t.strip()) <= _MAX_TAG_CHARS)
    source = source or (site_name(link) if link else None)
    teaser = strip_html(html).text if html else ""
    full = len(teaser.split()) >= FULL_TEXT_WORDS and not _CUT.search(teaser)
    if not full and link and is_web_address(link):
        entry = Entry(link, title, published, day, topic_tags, source, teaser)
        return Link(link, "page", via=origin, entry=entry)
    try:
        article = make_article(
            origin=name,
            text=html,
            title=title,
            url=link if link and is_web_address(link) else None,
            source=source,
            date=day,
            tags=topic_tags,
        )
    except SkippedInput as skipped:
        return skipped
    return dataclasses.replace(article, published=published) if published else article


def _clean(value: object) -> str | None:
    text = " ".join(str(value).split()) if isinstance(value, str) else ""
    return text or None
