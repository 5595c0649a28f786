"""briefing: turn a day's news articles into a daily briefing you can read in five minutes.

The public API. Heavy modules load on first use, so that ``briefing --help`` is quick.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from briefing.config.settings import Settings, load_settings
    from briefing.errors import BriefingError
    from briefing.models import (
        Article,
        Briefing,
        Section,
        Sentence,
        Skipped,
        SourceStatus,
        Story,
        Tag,
    )
    from briefing.pipeline import BuildResult, build_briefing, make_briefing
    from briefing.readers import read_inputs
    from briefing.render.formats import render
    from briefing.summary.key_sentences import summarize
    from briefing.text.sentences import split_sentences

__all__ = [
    "Article",
    "Briefing",
    "BriefingError",
    "BuildResult",
    "Section",
    "Sentence",
    "Settings",
    "Skipped",
    "SourceStatus",
    "Story",
    "Tag",
    "build_briefing",
    "load_settings",
    "make_briefing",
    "read_inputs",
    "render",
    "split_sentences",
    "summarize",
]

_HOMES = {
    "Settings": "config",
    "load_settings": "config",
    "BriefingError": "errors",
    "Article": "models",
    "Briefing": "models",
    "Section": "models",
    "Sentence": "models",
    "Skipped": "models",
    "SourceStatus": "models",
    "Story": "models",
    "Tag": "models",
    "BuildResult": "pipeline",
    "build_briefing": "pipeline",
    "make_briefing": "pipeline",
    "read_inputs": "readers",
    "render": "render",
    "summarize": "summary.key_sentences",
    "split_sentences": "text.sentences",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        value = getattr(importlib.import_module(f"briefing.{_HOMES[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'briefing' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
