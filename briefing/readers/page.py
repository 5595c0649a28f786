"""Article pages (``.html`` files and fetched pages): the main text, without the rest.

Only this module imports trafilatura, an optional dependency (``pip install
"briefing[web]"``). It finds the article among navigation, adverts, cookie banners and
footers, and gives its title, date, tags or categories and site name. What a feed said
about the page (an :class:`Entry`) comes first: its title, its time, its categories.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from briefing.errors import SkippedInput
from briefing.models import Article
from briefing.readers.article import make_article, tags_from
from briefing.readers.feeds import Entry
from briefing.readers.http import INSTALL_WEB, is_web_address
from briefing.text.language import language_code

__all__ = ["declared_language", "extract_page", "looks_like_page", "read_page"]

# htmldate drops dates after its ``max_date``, which defaults to today: pin it so that
# the same page gives the same date whatever the clock says. No guessing from the text.
_DATE_PARAMS = {
    "extensive_search": False,
    "original_date": True,
    "outputformat": "%Y-%m-%d",
    "max_date": "2199-12-31",
}
_PUBLISHED_META = re.compile(
    r"""<meta\b[^>]*?(?:property|name|itemprop)\s*=\s*["']?"""
    r"""(?:article:published_time|og:published_time|datepublished|pubdate|dc\.date\.issued)"""
    r"""["']?[^>]*>""",
    re.IGNORECASE,
)
_CONTENT = re.compile(r"""\bcontent\s*=\s*["']([^"']{10,40})["']""", re.IGNORECASE)
_JSON_LD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]{10,40})"')
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_MAX_TAGS = 8
# Fewer words than a short news brief: a menu, an error page or a consent wall.
_MIN_WORDS = 25
_MAX_TAG_CHARS = 40


def looks_like_page(data: bytes, content_type: str = "") -> bool:
    """Whether an answer is an HTML page, by its media type or else its first bytes."""
    if content_type:
        return content_type in ("text/html", "application/xhtml+xml")
    return _HTML_START.match(data[:2048].lstrip(b"\xef\xbb\xbf")) is not None


def read_page(text: str, origin: str) -> Iterator[Article]:
    """The registry's reader for ``.html`` files."""
    yield extract_page(text, origin)


def extract_page(
    html: str, origin: str, url: str | None = None, entry: Entry | None = None
) -> Article:
    """The article on a page; raises :class:`SkippedInput` when there is none."""
    try:
        import trafilatura
    except ImportError:
        raise SkippedInput(origin, f"reading web pages needs trafilatura: {INSTALL_WEB}") from None
    doc: Any = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        favor_precision=True,
        deduplicate=False,
        date_extraction_params=dict(_DATE_PARAMS),
    )
    if doc is None or len((doc.text or "").split()) < _MIN_WORDS:
        raise SkippedInput(origin, "no article text found on the page")
    title = (entry.title if entry else None) or doc.title
    text = _drop_title_line(doc.text, doc.title, title)
    page_url = url or (doc.url if isinstance(doc.url, str) and is_web_address(doc.url) else None)
    published = entry.published if entry else None
    published = published or _published(html)
    day = published.date() if published else (entry.date if entry else None)
    if day is None and isinstance(doc.date, str):
        day = _day(doc.date)
    page_tags = tags_from(_split_tags([*(doc.categories or []), *(doc.tags or [])]))
    tags = {t.slug: t for t in (*(entry.tags if entry else ()), *page_tags)}
    article = make_article(
        origin=origin,
        text=text,
        title=title,
        url=(entry.url if entry else None) or page_url,
        source=doc.sitename or (entry.source if entry else None),
        date=day,
        tags=tuple(tags.values()),
        language=declared_language(html),
    )
    return dataclasses.replace(article, published=published) if published else article


# <html lang="de">, <meta http-equiv="content-language" content="de">, og:locale "de_DE".
_LANG_ATTRIBUTE = re.compile(
    r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)", re.I
)
_LANG_META = re.compile(
    r"<meta\b[^>]*?(?:http-equiv\s*=\s*[\"']?content-language|property\s*=\s*[\"']?og:locale)"
    r"[\"']?[^>]*?\bcontent\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)",
    re.I,
)


def declared_language(html: str) -> str | None:
    """The language a page declares in its markup (ISO 639-1), if any."""
    head = html[:20_000]
    found = _LANG_ATTRIBUTE.search(head) or _LANG_META.search(head)
    return language_code(found.group(1)) if found else None


def _drop_title_line(text: str, *titles: str | None) -> str:
    """The text without a first line that repeats the headline."""
    first, _, rest = text.strip().partition("\n")
    if rest and any(t and first.strip() == t.strip() for t in titles):
        return rest
    return text


def _published(html: str) -> dt.datetime | None:
    """The publication time with its zone, from the page's metadata, when it gives one."""
    head = html[:200_000]
    candidates = [
        m.group(1) for tag in _PUBLISHED_META.finditer(head) if (m := _CONTENT.search(tag.group(0)))
    ]
    candidates += _JSON_LD_PUBLISHED.findall(head)
    for value in candidates:
        try:
            moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            continue
        if moment.tzinfo is not None:
            return moment
    return None


def _day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _split_tags(values: list[Any]) -> list[str]:
    """Tags from keyword lists (``"Harbour, Local politics"``), each once, a few at most."""
    out: list[str] = []
    for value in values:
        for part in re.split(r"[,;|]", str(value)):
            name = " ".join(part.split())
            if 0 < len(name) <= _MAX_TAG_CHARS and name.lower() not in (o.lower() for o in out):
                out.append(name)
    return out[:_MAX_TAGS]
