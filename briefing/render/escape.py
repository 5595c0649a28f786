"""The one place untrusted text is made safe for Markdown, and URLs are vetted.

Markdown has no autoescape, and Python-Markdown passes raw HTML through, so every
piece of article text goes through :func:`md_escape` before it reaches a Markdown
template. The escapes chosen work the same in Python-Markdown and CommonMark.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote, urlsplit

__all__ = ["md_anchor", "md_escape", "md_link", "md_url", "safe_url", "yaml_string"]

# Backslash escapes both dialects honour, for characters that open markup anywhere.
# ( ) ! and . only mean something after "]" or at a line start, which is handled below,
# so ordinary prose stays readable in the raw file. { and } open Python-Markdown's
# attr_list ("{: onclick=...}"), which wikis built on MkDocs turn on.
_BACKSLASH = frozenset("\\`*_[]#{}")
# Characters a backslash cannot neutralise in Python-Markdown: use character references,
# which both dialects show as the character itself and never read as markup.
_ENTITY = {"<": "&lt;", ">": "&gt;", "&": "&amp;", "|": "&#124;", "~": "&#126;"}
_ESCAPES = {ord(c): "\\" + c for c in _BACKSLASH} | {ord(c): e for c, e in _ENTITY.items()}
_SPACE = re.compile(r"\s+")
# Control characters: CommonMark shows NUL as U+FFFD, Python-Markdown uses STX/ETX as
# its own placeholders; neither belongs in a briefing.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LEADING = re.compile(r"^(\d+)([.)])|^()([-+=])")
# How a leading mark is neutralised: "=" has no backslash escape in Python-Markdown.
_LEAD_ESCAPE = {".": "\\.", ")": "\\)", "-": "\\-", "+": "\\+", "=": "&#61;"}
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_WEB_SCHEMES = frozenset({"http", "https"})
# Kept as they are in link destinations (what markdown-it's normaliser keeps too).
_URL_SAFE = ";/?:@&=+$,-_.!~*'()#"
# Never in a URL we link to: they end attributes or destinations, or hide a trick.
_URL_BAD = re.compile(r"[<>\"`\\\x00-\x20\x7f]")
# An apostrophe is common in real links ("/news/bbc-'should-allow'"): it is kept,
# percent-encoded as browsers send it (%27), so that it never reaches markup as it is.
# An http(s) address whose host is plain ASCII (no brackets) up to its path, query,
# fragment or end: urlsplit reads that scheme and a host that is not empty.
_PLAIN_WEB = re.compile(r"(https?)://[A-Za-z0-9.\-_~!$&()*+,;=:@%]+(?=[/?#]|\Z)", re.IGNORECASE)
# A destination quote() leaves as it is: only characters it keeps, and "%XX" escapes.
_PLAIN_DESTINATION = re.compile(r"(?:[A-Za-z0-9_.~;/?:@&=+$,!*'()#\-]|%[0-9A-Fa-f]{2})*")
_PERCENT = re.compile(r"(%[0-9A-Fa-f]{2})")
_NOT_ANCHOR = re.compile(r"[^a-z0-9-]+")


def md_escape(text: object) -> str:
    """``text`` as inline Markdown that shows exactly the text and nothing else.

    Newlines are folded to spaces, so text can never start a heading, list, quote or
    table row; every character that could open markup is escaped.
    """
    folded = str(text)
    # Printable text has no control character and no whitespace but the space (every
    # other is unprintable): without a double space it only needs its ends stripped.
    if folded.isprintable() and "  " not in folded:
        folded = folded.strip()
    else:
        folded = _SPACE.sub(" ", _CONTROL.sub("", folded)).strip()
    # A leading "-", "+", "=" or "12." / "12)" would start a list or an underline.
    lead = _LEADING.match(folded)
    prefix = ""
    if lead:
        digits, mark = (lead.group(1), lead.group(2)) if lead.group(2) else ("", lead.group(4))
        prefix = digits + _LEAD_ESCAPE[mark]
        folded = folded[lead.end() :]
    return prefix + folded.translate(_ESCAPES)


def safe_url(url: object, schemes: frozenset[str] = _SAFE_SCHEMES) -> str | None:
    """``url`` when it is an absolute http(s) or mailto URL without tricks, else None."""
    if not isinstance(url, str):
        return None
    url = str.strip(url)  # a plain str, whatever subclass came (Markup would escape "'")
    if not url or _URL_BAD.search(url):
        return None
    if "'" in url:
        url = url.replace("'", "%27")
    # Most addresses are plain web ones, whose scheme and host need no urlsplit.
    plain = _PLAIN_WEB.match(url)
    if plain is not None and plain.group(1).lower() in schemes:
        return url
    parts = urlsplit(url)
    if parts.scheme.lower() not in schemes:
        return None
    if parts.scheme.lower() in {"http", "https"} and not parts.netloc:
        return None
    return url


def md_link(text: object, url: object) -> str:
    """A Markdown link when ``url`` is a safe http(s) URL, else the escaped text alone."""
    href = md_url(url)
    label = md_escape(text)
    if href is None:
        return label
    return f"[{label}]({href})"


def md_url(url: object) -> str | None:
    """``url`` as a link destination both dialects read the same, or None when unsafe.

    Percent-encodes what CommonMark parsers encode anyway (non-ASCII, brackets, a stray
    "%") and what would end the destination early (parentheses), and writes "&" as
    "&amp;", which CommonMark decodes and Python-Markdown passes through.
    """
    href = safe_url(url, _WEB_SCHEMES)
    if href is None:
        return None
    if _PLAIN_DESTINATION.fullmatch(href):
        encoded = href
    else:
        encoded = "".join(
            part if _PERCENT.fullmatch(part) else quote(part, safe=_URL_SAFE)
            for part in _PERCENT.split(href)
        )
    return encoded.replace("(", "%28").replace(")", "%29").replace("&", "&amp;")


def md_anchor(anchor: object) -> str:
    """An id that is only ``a-z``, ``0-9`` and ``-``, safe in raw HTML in any dialect."""
    return _NOT_ANCHOR.sub("-", str(anchor).lower()).strip("-") or "section"


def yaml_string(text: object) -> str:
    """``text`` as a one-line double-quoted YAML scalar (JSON's syntax, which YAML reads)."""
    quoted = json.dumps(_CONTROL.sub("", str(text)), ensure_ascii=False)
    # YAML 1.1 reads these as line breaks; JSON leaves them raw.
    return quoted.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
