"""Inline HTML in article bodies: strip it to text and collect topic tags from links."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from briefing.models import Tag

__all__ = ["StrippedHTML", "looks_like_html", "site_name", "strip_html", "tag_name"]

_TAG_PATH = re.compile(r"/tags?/([a-z0-9][a-z0-9\-_]*)/?$", re.IGNORECASE)
# Text whose only tags are headings, images or rules is HTML too.
_HTML_HINT = re.compile(
    r"<(?:a|p|br|hr|div|span|em|strong|b|i|u|img|h[1-6]|figure|figcaption|blockquote|ul|ol|li"
    r"|table|section|article|/[a-z][a-z0-9]*)\b",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")
# An address whose host is plain (letters, digits, dots, hyphens; no user, port or
# brackets) and ends at its path, query, fragment or end: the host urlsplit finds.
_PLAIN_HOST = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://([A-Za-z0-9.\-]*)(?=[/?#]|\Z)")
# Elements whose content is never article text.
_DROP = frozenset({"script", "style", "noscript", "template", "iframe", "svg", "head"})
_BLOCK = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote"}
)
# Short slugs that are initialisms, and names a title-cased slug would get wrong.
_UPPER = frozenset(
    "uk us usa eu un nato imf who nhs fbi cia bbc cnn ai uae opec g7 g20 ecb fed "
    "gdp covid nasa mps".split()
)


class StrippedHTML:
    """The text of an HTML fragment, and the tags its `/tags/<slug>/` links name."""

    __slots__ = ("link_hosts", "tags", "text")

    def __init__(self, text: str, tags: tuple[Tag, ...], link_hosts: tuple[str, ...]) -> None:
        self.text = text
        self.tags = tags
        self.link_hosts = link_hosts


class _Stripper(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: dict[str, list[str]] = {}
        self.hosts: list[str] = []
        self._drop_depth = 0
        self._tag_slug: str | None = None
        self._tag_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP:
            self._drop_depth += 1
            return
        if tag in _BLOCK:
            self.parts.append(" ")
        if tag == "a":
            href = dict(attrs).get("href") or ""
            match = _TAG_PATH.search(urlsplit(href).path)
            if match:
                self._tag_slug = match.group(1).lower()
                self._tag_text = []
                host = urlsplit(href).hostname
                if host:
                    self.hosts.append(host)

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            self._drop_depth = max(0, self._drop_depth - 1)
            return
        if tag in _BLOCK:
            self.parts.append(" ")
        if tag == "a" and self._tag_slug is not None:
            text = _SPACE.sub(" ", "".join(self._tag_text)).strip()
            self.tags.setdefault(self._tag_slug, []).append(text)
            self._tag_slug = None

    def handle_data(self, data: str) -> None:
        if self._drop_depth:
            return
        self.parts.append(data)
        if self._tag_slug is not None:
            self._tag_text.append(data)


def looks_like_html(text: str) -> bool:
    """Whether ``text`` carries inline markup worth parsing."""
    return _HTML_HINT.search(text) is not None


def strip_html(fragment: str) -> StrippedHTML:
    """Text of ``fragment`` (markup dropped, entities decoded, whitespace folded) and its tags."""
    parser = _Stripper()
    parser.feed(fragment)
    parser.close()
    text = _SPACE.sub(" ", html.unescape("".join(parser.parts))).strip()
    tags = tuple(
        Tag(slug, tag_name(slug, texts), tuple(dict.fromkeys(t for t in texts if t)))
        for slug, texts in parser.tags.items()
    )
    return StrippedHTML(text, tags, tuple(parser.hosts))


def tag_name(slug: str, link_texts: list[str] | tuple[str, ...] = ()) -> str:
    """How a tag reads: the link text when it spells the slug, else the slug made readable.

    ``donald-trump`` reads "Donald Trump", ``uk`` reads "UK" (not "Uk"), and a link text
    "Britain" for ``uk`` is not used, because it is how the tag reads in one sentence.
    """
    words = [w for w in re.split(r"[-_\s]+", slug) if w]
    if len(words) > 1 or (words and words[0].lower() not in _UPPER):
        for text in link_texts:
            spelled = [w.lower() for w in re.split(r"[\s\-]+", text) if w]
            if spelled == [w.lower() for w in words] and not text.islower():
                return text
    return " ".join(w.upper() if w.lower() in _UPPER else w.capitalize() for w in words)


def site_name(url_or_host: str) -> str:
    """The site a URL belongs to, without ``www.``: ``https://www.x.com/a`` gives ``x.com``."""
    if "//" in url_or_host:
        # Most addresses are plain, and a match gives what urlsplit would, quicker.
        plain = _PLAIN_HOST.match(url_or_host)
        host = plain.group(1) if plain else urlsplit(url_or_host).hostname
    else:
        host = url_or_host
    host = (host or "").lower()
    return host[4:] if host.startswith("www.") else host
