"""Characters that never reach any output: NUL, ESC and the other controls, bidi overrides.

A file named ``a\\nskipped b: fine`` must not forge a second log line, an ESC must not
drive the reader's terminal, and U+202E must not turn ``txt.exe`` around. Names (of
files, addresses) keep every character but show the dangerous ones escaped (``\\n``,
``\\x1b``, ``\\u202e``), so the file can still be found; titles and text lose them.
"""

from __future__ import annotations

import re

from briefing.models import Skipped

__all__ = ["clean_text", "printable", "shown", "skipped"]

# C0 controls but tab, line feed and carriage return; DEL and the C1 controls; the bidi
# embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069); BOMs left inside.
_STRIP = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")
# In a name, line breaks are dangerous too (and other line separators).
_ESCAPE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]"
)


# The ASCII characters str.isprintable() refuses (the controls), as bytes to delete.
_UNPRINTABLE_ASCII = bytes(c for c in range(128) if not chr(c).isprintable())


def printable(text: str) -> bool:
    """``text.isprintable()``, a few times quicker for ASCII text."""
    if text.isascii():
        data = text.encode("ascii")
        return len(data.translate(None, _UNPRINTABLE_ASCII)) == len(data)
    return text.isprintable()


def clean_text(text: str) -> str:
    """``text`` without the control characters that no title or sentence needs."""
    # Every character stripped is one str.isprintable() refuses (a control, a format
    # character, a BOM), so printable text (most of it) is returned without a rewrite.
    return text if printable(text) else _STRIP.sub("", text)


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if char in named:
        return named[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(name: str) -> str:
    """``name`` safe to print on one line: dangerous characters written as escapes."""
    return _ESCAPE.sub(_escape, name)


def skipped(name: str, reason: str) -> Skipped:
    """A skipped input whose name and reason are safe to show anywhere."""
    return Skipped(shown(name), shown(reason))
