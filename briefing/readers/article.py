"""Turning the fields a reader found into an :class:`Article`: ids, titles, dates, tags."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import PurePath, PurePosixPath

from briefing.errors import SkippedInput
from briefing.models import Article, Tag
from briefing.readers.controls import clean_text, shown
from briefing.readers.markup import looks_like_html, site_name, strip_html, tag_name
from briefing.text.headlines import derive_headline
from briefing.text.language import language_code
from briefing.text.sentences import normalize_space

__all__ = ["MAX_TEXT_CHARS", "make_article", "parse_date", "slugify", "tags_from"]

# Longer than any real article (a 50,000-word report is about 300,000 characters);
# anything bigger is a dump, and summarising it would stall the run.
MAX_TEXT_CHARS = 2_000_000
_MIN_WORDS = 5
_SLUG = re.compile(r"[^a-z0-9]+")
_URL_BREAKS = re.compile(r"[\r\n\t]")


def slugify(name: str) -> str:
    return _SLUG.sub("-", name.lower()).strip("-")


def parse_date(value: object, origin: str) -> dt.date | None:
    """An ISO date or datetime (``2025-04-04``, ``2025-04-04T09:30:00Z``) as a date."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise SkippedInput(origin, f"date {value!r} is not an ISO date string")
    text = value.strip()
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        raise SkippedInput(origin, f"date {value!r} is not an ISO date (YYYY-MM-DD)") from None


def tags_from(values: Iterable[object]) -> tuple[Tag, ...]:
    """Tags from strings that are slugs (``donald-trump``) or names (``Donald Trump``)."""
    tags: dict[str, Tag] = {}
    for value in values:
        # A day's thousands of articles share a few dozen tags: a string's tag is kept.
        tag = _string_tag(value) if type(value) is str else _tag(value)
        if tag is not None:
            tags.setdefault(tag.slug, tag)
    return tuple(tags.values())


@lru_cache(maxsize=4096)
def _string_tag(value: str) -> Tag | None:
    return _tag(value)


def _tag(value: object) -> Tag | None:
    """The tag a slug, a name or a ``{"slug", "name"}`` object stands for; None if none."""
    if isinstance(value, dict):
        slug, name = str(value.get("slug") or value.get("name") or ""), value.get("name")
    else:
        slug, name = str(value), None
    slug_text = slugify(slug)
    if not slug_text:
        return None
    if name is None and slug.strip() != slug_text:
        name = slug.strip()
    label = clean_text(str(name)).strip() if name else ""
    return Tag(slug_text, label or tag_name(slug_text))


def make_article(
    *,
    origin: str,
    text: str,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
    date: dt.date | None = None,
    tags: tuple[Tag, ...] = (),
    language: str | None = None,
) -> Article:
    """Clean the fields, derive what is missing, and check there is text to summarise.

    Control characters (NUL, ESC, bidi overrides) are dropped from every field shown,
    and escaped in the origin, so that none reaches any output.

    ``language`` is the one the input declares ("de", "de-AT"; see
    :func:`~briefing.text.language.language_code`), if any.
    """
    declared = language_code(language)
    link_hosts: tuple[str, ...] = ()
    origin = shown(origin)
    if looks_like_html(text):
        stripped = strip_html(text)
        text = stripped.text
        tags = _merge(tags, stripped.tags)
        link_hosts = stripped.link_hosts
        text = clean_text(text)  # After entities are decoded: "&#x202e;" is one too.
    else:
        text = clean_text(normalize_space(html.unescape(text)))
    if len(text) > MAX_TEXT_CHARS:
        raise SkippedInput(
            origin, f"text is {len(text):,} characters, over the {MAX_TEXT_CHARS:,} limit"
        )
    clean_title = normalize_space(clean_text(html.unescape(title or "")))
    # A headline with a line of text is news too (a wire's one-liner): only text that
    # is too short to say anything, with no headline, is skipped.
    if not text.strip() or (
        not clean_title and len(text.split(maxsplit=_MIN_WORDS)) < _MIN_WORDS  # stops there
    ):
        raise SkippedInput(origin, "no usable text")
    # No line break or tab survives in an address; a space is written as URLs write it.
    url = _URL_BREAKS.sub("", clean_text(url).strip()).replace(" ", "%20") if url else None
    source = normalize_space(clean_text(source)) if source else None
    if not source:
        host = url or (max(set(link_hosts), key=link_hosts.count) if link_hosts else "")
        source = site_name(host) or None
    # The id must not depend on where the inputs sit on disk (a clone elsewhere gives the
    # same briefing), so only the file's own name stands for its origin.
    name = origin if "://" in origin else _file_name(origin)
    digest = hashlib.sha1(f"{name}\0{url}\0{clean_title}\0{text[:500]}".encode()).hexdigest()
    return Article(
        id=digest[:12],
        title=clean_title or derive_headline(text, declared),
        text=text,
        origin=origin,
        url=url or None,
        source=source,
        date=date,
        tags=tags,
        title_derived=not clean_title,
        language=declared,
    )


def _file_name(origin: str) -> str:
    """``PurePath(origin).name``; on POSIX the text after the last "/" when that is a
    name (not empty, not "."), without building the path."""
    last = origin.rpartition("/")[2]
    return last if _POSIX and last not in ("", ".") else PurePath(origin).name


_POSIX = isinstance(PurePath(), PurePosixPath)


def _merge(first: tuple[Tag, ...], second: tuple[Tag, ...]) -> tuple[Tag, ...]:
    """Tags given as fields first, then those found in the text, each slug once."""
    merged: dict[str, Tag] = {}
    for tag in (*first, *second):
        merged.setdefault(tag.slug, tag)
    return tuple(merged.values())
