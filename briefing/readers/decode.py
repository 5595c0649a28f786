"""Bytes to text: refuse binaries, try UTF-8, then the declared or a likely encoding."""

from __future__ import annotations

import codecs
import re

from briefing.errors import SkippedInput

__all__ = ["decode"]

_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "a program",
}
_DECLARED = re.compile(
    rb"""(?:charset|encoding|coding)\s*[=:]\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode(data: bytes, name: str) -> str:
    """The text of ``data``; raises :class:`SkippedInput` naming ``name`` when there is none."""
    if not data.strip():
        raise SkippedInput(name, "empty file")
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            raise SkippedInput(name, f"binary file ({kind}), not text")
    if b"\x00" in data[:8192]:
        raise SkippedInput(name, "binary file (contains NUL bytes), not text")
    text = _decode(data)
    sample = text[:8192]
    if len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise SkippedInput(name, "binary file (control characters), not text")
    return text


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared = _DECLARED.search(data[:2048])
    if declared:
        try:
            return data.decode(codecs.lookup(declared.group(1).decode("ascii")).name)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        # Windows-1252 is what most "Latin-1" news text really is (curly quotes, dashes).
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")
