"""Bytes to text: refuse binaries; a byte order mark, UTF-8, the declared or detected encoding.

The order, and why:

1. A byte order mark (UTF-8, UTF-16, UTF-32) says it all.
2. Text that is UTF-8 is read as UTF-8, whatever it declares: servers and files that
   claim Latin-1 but send UTF-8 are common, and legacy text is almost never valid UTF-8
   by chance.
3. Text that is mostly UTF-8 (a stray invalid byte among valid multi-byte characters) is
   read line by line: a line that is UTF-8 stays so, and only the invalid bytes of a
   broken line are replaced, so one bad byte cannot turn a whole file into mojibake
   ("ZÃ¼rich"). A line with no UTF-8 in it at all is read as the file's legacy encoding.
4. Otherwise the declared encoding (HTTP ``charset``, ``<?xml encoding=...?>``, ``<meta
   charset=...>``), resolved by the WHATWG rules browsers follow (``iso-8859-1`` is
   ``windows-1252``, so its curly quotes survive), else the encoding that
   charset-normalizer detects, else windows-1252; bytes invalid in it are replaced.
"""

from __future__ import annotations

import codecs
import re

from briefing.errors import SkippedInput

__all__ = ["decode", "whatwg_codec"]

_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "a program",
}
# Longest first: a UTF-32 LE mark starts like a UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(
    rb"""(?:charset|encoding|coding)\s*[=:]\s*["']?([A-Za-z0-9_\-:.]+)""", re.IGNORECASE
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A valid multi-byte UTF-8 character, the evidence that text is UTF-8.
_UTF8_MULTI = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_FALLBACK = "cp1252"


def decode(data: bytes, name: str, declared: str | None = None) -> str:
    """The text of ``data``; raises :class:`SkippedInput` naming ``name`` when there is none.

    ``declared`` is the charset a server declared for it, if any.
    """
    if not data or data.isspace():  # what strip() would leave empty, without a copy
        raise SkippedInput(name, "empty file")
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            raise SkippedInput(name, f"binary file ({kind}), not text")
    bom = next((codec for mark, codec in _BOMS if data.startswith(mark)), None)
    if bom is not None:
        text = data.decode(bom, errors="replace").lstrip("\ufeff")
    elif b"\x00" in data[:8192]:
        raise SkippedInput(name, "binary file (contains NUL bytes), not text")
    else:
        text = _decode(data, declared)
    sample = text[:8192]
    if len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise SkippedInput(name, "binary file (control characters), not text")
    return text


def whatwg_codec(label: str | None) -> str | None:
    """The Python codec for an encoding label by the WHATWG rules; None when unknown."""
    if not label:
        return None
    try:
        import webencodings  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - a dependency; the plain lookup is close enough
        try:
            return codecs.lookup(label).name
        except LookupError:
            return None
    found = webencodings.lookup(label)
    if found is None or found.name == "replacement":
        return None
    return str(found.codec_info.name)


def _decode(data: bytes, declared: str | None) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    label = declared
    if label is None:
        found = _DECLARED.search(data[:2048])
        label = found.group(1).decode("ascii") if found else None
    codec = whatwg_codec(label)
    if codec == "utf-8" or _mostly_utf8(data):
        return _by_line(data, codec if codec not in (None, "utf-8") else None)
    return data.decode(codec or _detect(data), errors="replace")


def _mostly_utf8(data: bytes) -> bool:
    """Valid multi-byte UTF-8 characters are there, and invalid bytes are not many more.

    Legacy text almost never holds a valid UTF-8 sequence by chance (an accented capital
    followed by a symbol), and when it does, its invalid bytes outnumber them many times.
    """
    valid = len(_UTF8_MULTI.findall(data))
    if not valid:
        return False
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    return invalid <= valid * 2


def _by_line(data: bytes, legacy: str | None) -> str:
    """UTF-8 line by line; a broken line keeps its valid characters, or is legacy text."""
    lines = []
    for line in data.splitlines(keepends=True):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            if _UTF8_MULTI.search(line):
                lines.append(line.decode("utf-8", errors="replace"))
            else:
                # Too short to detect reliably: the declared encoding, else windows-1252.
                lines.append(line.decode(legacy or _FALLBACK, errors="replace"))
    return "".join(lines)


def _detect(data: bytes) -> str:
    """The encoding charset-normalizer finds for undeclared legacy text, else windows-1252."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a dependency
        return _FALLBACK
    matches = from_bytes(data[:200_000])
    best = matches.best()
    if best is None:
        return _FALLBACK
    # Ties are common on short Western text (cp1250 and cp1252 fit alike); browsers
    # read undeclared Western text as windows-1252, and so do we.
    tied = [m.encoding for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    if _FALLBACK in tied:
        return _FALLBACK
    try:
        codec = codecs.lookup(best.encoding).name
    except LookupError:
        return _FALLBACK
    if codec in ("ascii", "utf-8") or b"<a> 1.".decode(codec, errors="replace") != "<a> 1.":
        return _FALLBACK  # Never an encoding that reads ASCII as something else.
    return codec
