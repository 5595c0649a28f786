"""briefing: turn a day's news articles into a daily briefing you can read in five minutes.

The public API. Heavy modules load on first use, so that ``briefing --help`` is quick.

No public name is the name of a stage folder: importing ``briefing.render`` binds the
folder to ``briefing.render``, over anything served under that name, so the function
that renders a briefing is ``render_briefing``.
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
    from briefing.render.formats import render as render_briefing
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
    "render_briefing",
    "split_sentences",
    "summarize",
]

#: Where each public name lives, as ``module:attribute``.
_HOMES = {
    "Settings": "briefing.config:Settings",
    "load_settings": "briefing.config:load_settings",
    "BriefingError": "briefing.errors:BriefingError",
    "Article": "briefing.models:Article",
    "Briefing": "briefing.models:Briefing",
    "Section": "briefing.models:Section",
    "Sentence": "briefing.models:Sentence",
    "Skipped": "briefing.models:Skipped",
    "SourceStatus": "briefing.models:SourceStatus",
    "Story": "briefing.models:Story",
    "Tag": "briefing.models:Tag",
    "BuildResult": "briefing.pipeline:BuildResult",
    "build_briefing": "briefing.pipeline:build_briefing",
    "make_briefing": "briefing.pipeline:make_briefing",
    "read_inputs": "briefing.readers:read_inputs",
    "render_briefing": "briefing.render.formats:render",
    "summarize": "briefing.summary.key_sentences:summarize",
    "split_sentences": "briefing.text.sentences:split_sentences",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        module, _, attribute = _HOMES[name].partition(":")
        value = getattr(importlib.import_module(module), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'briefing' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
