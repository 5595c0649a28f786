"""``build_briefing``: read, pick the day, summarise, group into stories and topics, render."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from briefing.config import Settings
from briefing.errors import DeliveryError, InputError, NoArticlesError
from briefing.models import Article, Briefing, Skipped, Story
from briefing.parallel import map_articles
from briefing.readers import read_inputs
from briefing.render import SUFFIXES, environment, render
from briefing.summarizer import summarize_article
from briefing.topics import group_sections

__all__ = ["BuildResult", "build_briefing", "make_briefing", "select_day", "write_briefing"]


@dataclass(frozen=True, slots=True)
class BuildResult:
    """A built briefing and the files it was written to."""

    briefing: Briefing
    files: tuple[Path, ...]


def build_briefing(settings: Settings, date: dt.date | None = None) -> BuildResult:
    """Read ``settings.inputs`` and write the briefing for ``date`` in every format."""
    if not settings.inputs:
        raise InputError("no inputs given: name files or folders, or set 'inputs' in briefing.toml")
    read = read_inputs(settings.inputs, settings.input_format)
    if settings.strict and read.skipped:
        first = read.skipped[0]
        more = f" (and {len(read.skipped) - 1} more)" if len(read.skipped) > 1 else ""
        raise InputError(f"--strict: skipped {first.input}: {first.reason}{more}")
    briefing = make_briefing(read.articles, settings, date, read.skipped)
    files = write_briefing(briefing, settings)
    return BuildResult(briefing, files)


def make_briefing(
    articles: Sequence[Article],
    settings: Settings,
    date: dt.date | None = None,
    skipped: Sequence[Skipped] = (),
) -> Briefing:
    """The briefing for ``date`` (default: the latest date among the articles)."""
    day, todays = select_day(articles, date)
    if not todays:
        found = "no usable articles" if not articles else f"no articles dated {day.isoformat()}"
        raise NoArticlesError(f"{found} in the inputs ({len(skipped)} skipped)")
    stories = map_articles(summarize_story, todays, settings)
    sections = group_sections(stories)
    return Briefing(
        date=day,
        title=settings.title,
        sections=sections,
        skipped=tuple(skipped),
        articles_read=len(articles),
    )


def select_day(articles: Sequence[Article], date: dt.date | None) -> tuple[dt.date, list[Article]]:
    """The briefing's day and its articles; undated articles belong to every day."""
    if date is None:
        dates = [a.date for a in articles if a.date is not None]
        if not dates:
            raise NoArticlesError(
                "no article carries a date; give the briefing's day with --date YYYY-MM-DD"
            )
        date = max(dates)
    return date, [a for a in articles if a.date is None or a.date == date]


def summarize_story(article: Article, settings: Settings) -> Story:
    """One article as a story of its key sentences."""
    sentences = summarize_article(article, settings.sentences, settings.method, settings.words)
    story_id = hashlib.sha1(article.id.encode()).hexdigest()[:10]
    score = sum(s.score for s in sentences) / max(1, len(sentences))
    return Story(id=story_id, articles=(article,), sentences=sentences, score=score)


def write_briefing(briefing: Briefing, settings: Settings) -> tuple[Path, ...]:
    """Render every format and write each file atomically into ``settings.out``."""
    out = Path(settings.out)
    env = environment(settings.templates)
    stem = f"briefing-{briefing.date.isoformat()}"
    rendered = [
        (
            out / (stem + SUFFIXES[fmt]),
            render(briefing, fmt, env, front_matter=settings.front_matter),
        )
        for fmt in settings.formats
    ]
    return tuple(write_atomic(path, text) for path, text in rendered)


def write_atomic(path: Path, text: str | bytes) -> Path:
    """Write ``path`` so that readers see the old file or the whole new one, never half."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix="." + path.name + ".", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise DeliveryError(f"{path}: cannot write ({error.strerror or error})") from None
    return path
