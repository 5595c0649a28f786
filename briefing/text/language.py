"""Which language a text is in: the declared one when given, else detected offline.

Detection is py3langid's naive Bayes model (shipped inside its wheel, no download, no
randomness): ``benchmarks/compare_language_detection.py`` compares it with lingua and
langdetect; it is as accurate on news paragraphs and 10 to 70 times faster. Only the
first :data:`SAMPLE` characters are read, which bounds the cost on long texts.

The languages with their own splitting rules, stemmer and stop words are
:data:`LANGUAGES`; any other detected language is returned as detected (ISO 639-1),
and the splitter and terms fall back to punctuation only and no stemming for it.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "SAMPLE",
    "checked_language",
    "detect_language",
    "is_supported",
    "keep_model_in",
    "language_code",
    "resolve_language",
]

log = logging.getLogger("briefing")

#: The languages with their own rules, by ISO 639-1 code, with NLTK's and sumy's names.
LANGUAGES: dict[str, str] = {
    "en": "english",
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "pt": "portuguese",
    "nl": "dutch",
}
#: What a text too short or too vague to tell is taken for.
DEFAULT_LANGUAGE = "en"
#: How many characters of a text detection reads.
SAMPLE = 1000
#: A text with fewer letters than this is not worth detecting: it is DEFAULT_LANGUAGE.
MIN_LETTERS = 12
#: Below this many characters a text is short: a detector's guess among the languages we
#: know is trusted over English only when it is clearly more likely (see detect_language).
SHORT = 160
#: A language outside LANGUAGES is believed only with at least this probability.
OTHER_CONFIDENCE = 0.8

_NAMES = {name: code for code, name in LANGUAGES.items()}
_LETTER = re.compile(r"[^\W\d_]")
_CODE = re.compile(r"[a-z]{2,3}")


def language_code(value: str | None) -> str | None:
    """A declared language as an ISO 639-1 code: "de-DE", "de_AT", "German" give "de".

    ``None`` or an empty or unreadable value gives ``None`` (not declared).
    """
    if value is None:
        return None
    text = value.strip().lower()
    if text in _NAMES:
        return _NAMES[text]
    primary = re.split(r"[-_\s.;,]", text, maxsplit=1)[0]
    return primary if _CODE.fullmatch(primary) else None


def checked_language(value: str, setting: str) -> str:
    """``value`` as a code, or a :class:`~briefing.errors.ConfigError` naming ``setting``."""
    code = language_code(value)
    if code is None:
        from briefing.errors import ConfigError

        raise ConfigError(
            f"{setting}: {value!r} is not a language code; use a code such as en, de or fr"
        )
    return code


def is_supported(language: str) -> bool:
    """Whether ``language`` has its own splitting rules, stemmer and stop words."""
    return language in LANGUAGES


#: The folder where the model is kept unpacked (see :func:`keep_model_in`); None: nowhere.
_MODEL_FOLDER: list[str | os.PathLike[str] | None] = [None]


def keep_model_in(folder: str | os.PathLike[str] | None) -> None:
    """Keep an unpacked copy of the detection model in ``folder`` (None: do not).

    py3langid ships its model LZMA-compressed: unpacking it costs each process that
    first detects a language about half a second of CPU, three times what reading the
    unpacked copy costs. The copy (about 70 MB, named after py3langid's version and the
    packed file's size and time) is written once, atomically, the first time a process
    loads the model; one that cannot be read is ignored and written again, and a folder
    that cannot be written to only means the model is unpacked as before. Detection is
    the same either way: the same arrays go into py3langid's classifier. Cheap enough to
    call once per text; it matters only before the model is first loaded.
    """
    _MODEL_FOLDER[0] = folder


@lru_cache(maxsize=1)
def _identifier() -> Any:
    # Imported here: the command's start-up does not pay for the model until a text needs it.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    folder = _MODEL_FOLDER[0]
    if folder:
        kept = _kept_identifier(Path(folder))
        if kept is not None:
            return kept
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _kept_identifier(folder: Path) -> Any:
    """py3langid's classifier made from the unpacked copy in ``folder`` (written first
    when missing or unreadable), or None when that cannot be done."""
    import lzma
    from importlib.metadata import version

    import numpy as np
    from py3langid import modelio
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    try:
        packed = MODEL_DIR / MODEL_FILE
        stat = packed.stat()
        kept = folder / f"py3langid-{version('py3langid')}-{stat.st_size}-{stat.st_mtime_ns}.npz"
    except (OSError, ValueError, LookupError):
        return None
    for attempt in range(2):
        try:
            # What py3langid's modelio.load_model and from_model_file do with the
            # unpacked file (opened here: np.load leaves a file it cannot read open).
            with open(kept, "rb") as file, np.load(file, allow_pickle=False) as data:
                return LanguageIdentifier(
                    np.asarray(data["ptc"]),
                    np.asarray(data["pc"]),
                    data["classes"].tolist(),
                    modelio._to_array(data["nextmove"]),
                    data["out_feat"].tolist(),
                    norm_probs=True,
                    tk_row=modelio._to_array(data["nextmove_row"]),
                )
        except Exception:  # missing, cut short, or another layout
            if attempt:
                return None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            _remove_stale(folder, kept)
            with tempfile.NamedTemporaryFile(dir=folder, prefix=_TEMP, delete=False) as out:
                try:
                    with lzma.open(packed) as source:
                        shutil.copyfileobj(source, out, length=1 << 20)
                    out.close()
                    os.replace(out.name, kept)
                except BaseException:
                    out.close()
                    os.unlink(out.name)
                    raise
        except (OSError, lzma.LZMAError):
            return None
    return None


#: The start of the names of unpacked copies being written.
_TEMP = ".py3langid-"
#: A copy being written for longer than this (seconds) was left by a killed process.
_TEMP_AGE = 600.0


def _remove_stale(folder: Path, kept: Path) -> None:
    """Remove the copies of another model (an older py3langid) and the half-written
    copies that killed processes left in ``folder``."""
    now = time.time()
    for entry in os.scandir(folder):
        name = entry.name
        try:
            other = name.startswith("py3langid-") and name.endswith(".npz") and name != kept.name
            if other or (name.startswith(_TEMP) and now - entry.stat().st_mtime > _TEMP_AGE):
                os.unlink(entry.path)
        except OSError:
            continue


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language ``text`` is written in (deterministic).

    A text with hardly any letters is :data:`DEFAULT_LANGUAGE`. A language outside
    :data:`LANGUAGES` is returned only when the model is sure of it; otherwise the likeliest
    of ours is. A short text (names, numbers and abbreviations weigh much in it) stays
    English unless another of ours is at least twice as likely.
    """
    if _clearly_english(text) or len(_LETTER.findall(text, 0, 400)) < MIN_LETTERS:
        return DEFAULT_LANGUAGE
    sample = text[:SAMPLE]
    ranked = [(str(code), float(p)) for code, p in _identifier().rank(sample)]
    best, confidence = ranked[0]
    if best not in LANGUAGES and confidence >= OTHER_CONFIDENCE:
        return best
    ours = [(code, p) for code, p in ranked if code in LANGUAGES]
    best, confidence = ours[0]
    if best != DEFAULT_LANGUAGE and len(sample) < SHORT:
        english = next(p for code, p in ours if code == DEFAULT_LANGUAGE)
        if confidence < 2 * english:
            return DEFAULT_LANGUAGE
    return best


#: How many characters the English shortcut reads.
_FAST_SAMPLE = 1000


def _clearly_english(text: str) -> bool:
    """Whether the opening of a text is plainly English, by its commonest words.

    "the", "of", "and" and "to" are one word in ten of English news, and a few in a
    thousand in the other languages (in quotes and names); one in 25 is taken for
    English. A shortcut taken before the model, which costs more than splitting an
    English article: ``benchmarks/compare_language_detection.py`` shows that it
    agrees with py3langid on the evaluation sets.
    """
    n = _FAST_SAMPLE
    count = text.count
    spaces = count(" ", 0, n)
    the = count(" the ", 0, n)
    if the >= 4 and the * 25 >= spaces:  # most English news stops here, after two counts
        return True
    found = the + count(" of ", 0, n) + count(" and ", 0, n) + count(" to ", 0, n)
    found += count(" The ", 0, n)
    return found >= 4 and found * 25 >= spaces


def resolve_language(text: str, language: str | None = None) -> str:
    """``language`` (as a code) when given, else the language detected in ``text``."""
    code = language_code(language)
    return code if code else detect_language(text)
