"""The one place untrusted text is made safe for Markdown, and URLs are vetted.

Markdown has no autoescape, and Python-Markdown passes raw HTML through, so every
piece of article text goes through :func:`md_escape` before it reaches a Markdown
template. The escapes chosen work the same in Python-Markdown and CommonMark.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = ["md_escape", "md_link", "safe_url"]

# Backslash escapes both dialects honour, for characters that open markup anywhere.
# ( ) ! and . only mean something after "]" or at a line start, which is handled below,
# so ordinary prose stays readable in the raw file.
_BACKSLASH = frozenset("\\`*_[]#")
# Characters a backslash cannot neutralise in Python-Markdown: use character references,
# which both dialects show as the character itself and never read as markup.
_ENTITY = {"<": "&lt;", ">": "&gt;", "&": "&amp;", "|": "&#124;", "~": "&#126;"}
_SPACE = re.compile(r"\s+")
_LEADING = re.compile(r"^(\d+)([.)])|^()([-+=])")
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


def md_escape(text: object) -> str:
    """``text`` as inline Markdown that shows exactly the text and nothing else.

    Newlines are folded to spaces, so text can never start a heading, list, quote or
    table row; every character that could open markup is escaped.
    """
    folded = _SPACE.sub(" ", str(text)).strip()
    # A leading "-", "+", "=" or "12." / "12)" would start a list or an underline.
    lead = _LEADING.match(folded)
    prefix = ""
    if lead:
        digits, mark = (lead.group(1), lead.group(2)) if lead.group(2) else ("", lead.group(4))
        prefix = digits + "\\" + mark
        folded = folded[lead.end() :]
    out: list[str] = [prefix]
    for char in folded:
        if char in _ENTITY:
            out.append(_ENTITY[char])
        elif char in _BACKSLASH:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def safe_url(url: object, schemes: frozenset[str] = _SAFE_SCHEMES) -> str | None:
    """``url`` when it is an absolute http(s) or mailto URL without tricks, else None."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not url or any(c in url for c in " \t\r\n\x00<>\"'`\\"):
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in schemes:
        return None
    if parts.scheme.lower() in {"http", "https"} and not parts.netloc:
        return None
    return url


def md_link(text: object, url: object) -> str:
    """A Markdown link when ``url`` is safe, else the escaped text alone."""
    href = safe_url(url, frozenset({"http", "https"}))
    label = md_escape(text)
    if href is None:
        return label
    # Parentheses and spaces would end the destination early; percent-encode them.
    href = href.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return f"[{label}]({href})"
