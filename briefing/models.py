"""Frozen values that cross module lines: Article, Sentence, Story, Section, Briefing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from briefing.errors import ConfigError

__all__ = [
    "Article",
    "Briefing",
    "Length",
    "Section",
    "Sentence",
    "Skipped",
    "SourceStatus",
    "Story",
    "Tag",
    "Thread",
    "word_count",
]


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Length:
    """How much of a text to keep: ``sentences`` of them, or up to ``words`` words.

    With ``words``, items are taken best first while they fit (the first always fits);
    ``sentences`` is then not a limit.
    """

    sentences: int = 3
    words: int | None = None

    def __post_init__(self) -> None:
        if self.words is None and self.sentences < 1:
            raise ConfigError("the number of sentences must be at least 1")
        if self.words is not None and self.words < 1:
            raise ConfigError("the number of words must be at least 1")

    def fill(
        self,
        ranked: Iterable[T],
        words: Callable[[T], int],
        accept: Callable[[T, list[T]], bool] | None = None,
        *,
        stop_at_first_misfit: bool = False,
    ) -> list[T]:
        """The items to keep, taken from ``ranked`` (best first) in that order.

        ``words`` gives an item's length in words; ``accept`` may refuse an item given
        what is already chosen (a fact told twice). With ``stop_at_first_misfit`` the
        first item that does not fit ends the filling (a lead is read in order, so it
        cannot skip a long sentence for a later short one).
        """
        chosen: list[T] = []
        used = 0
        for item in ranked:
            if self.words is None and len(chosen) >= self.sentences:
                break
            if accept is not None and not accept(item, chosen):
                continue
            size = words(item)
            if self.words is not None and chosen and used + size > self.words:
                if stop_at_first_misfit:
                    break
                continue
            chosen.append(item)
            used += size
        return chosen


def word_count(text: str) -> int:
    """A sentence's length as a reader counts it: whitespace-separated words."""
    return len(text.split())


@dataclass(frozen=True, slots=True)
class Tag:
    """A topic tag: a stable ``slug`` to group by and a ``name`` to show.

    ``aliases`` are other ways the text names it (a link text such as "Britain" for
    ``uk``); they help find the tag in the text but do not make two tags differ.
    """

    slug: str
    name: str
    aliases: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True, slots=True)
class Article:
    """One article as read from an input, before summarising.

    ``origin`` names where it came from (a file path, ``path:line`` or a URL) so that
    problems can be reported against it. ``title_derived`` is true when the input had
    no title and one was made from the text. ``published`` is the moment of publication
    when the input gave one with its time zone; ``date`` is then that moment's day in
    the user's time zone.
    """

    id: str
    title: str
    text: str
    origin: str
    url: str | None = None
    source: str | None = None
    date: dt.date | None = None
    tags: tuple[Tag, ...] = ()
    title_derived: bool = False
    published: dt.datetime | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    """A key sentence, quoted exactly as the publisher wrote it.

    ``position`` is its index among the article's sentences; ``score`` is what the
    summarisation method gave it (higher is more important).
    """

    text: str
    article_id: str
    position: int
    score: float
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Thread:
    """What the history knows of a story: the run of days it belongs to.

    ``id`` is the id of the thread's first story and ``first_seen`` that story's day;
    ``terms`` are this story's heaviest terms as a unit vector (sorted pairs), which
    later days compare their stories with.
    """

    id: str
    first_seen: dt.date
    terms: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True, slots=True)
class Story:
    """One event: one or more articles and the key sentences chosen across them.

    ``status`` is ``"new"`` or ``"update"`` when history is kept, else ``None``;
    ``thread`` is then the run of days it continues (its own, for a new story).
    """

    id: str
    articles: tuple[Article, ...]
    sentences: tuple[Sentence, ...]
    score: float = 0.0
    status: str | None = None
    watch: tuple[str, ...] = ()
    thread: Thread | None = None
    #: Shown with its key sentences in the main read; else listed by its headline
    #: under "More from today" (see :mod:`briefing.stories.budget`).
    featured: bool = True

    @property
    def lead(self) -> Article:
        """The article whose title heads the story."""
        return self.articles[0]

    @property
    def title(self) -> str:
        return self.lead.title

    @property
    def tags(self) -> tuple[Tag, ...]:
        """Every tag of every article, first seen first, without repeats."""
        seen: dict[str, Tag] = {}
        for article in self.articles:
            for tag in article.tags:
                seen.setdefault(tag.slug, tag)
        return tuple(seen.values())


@dataclass(frozen=True, slots=True)
class Section:
    """Stories grouped under one topic. ``inferred`` marks a topic made from the text."""

    topic: Tag
    stories: tuple[Story, ...]
    inferred: bool = False

    @property
    def anchor(self) -> str:
        return "topic-" + self.topic.slug

    @property
    def featured(self) -> tuple[Story, ...]:
        """The stories of the main read."""
        return tuple(story for story in self.stories if story.featured)

    @property
    def more(self) -> tuple[Story, ...]:
        """The stories listed by headline only, under "More from today"."""
        return tuple(story for story in self.stories if not story.featured)


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that was not used, and why."""

    input: str
    reason: str


@dataclass(frozen=True, slots=True)
class SourceStatus:
    """How one web source fared: the articles it gave, or why it failed (``reason``).

    ``note`` tells of trouble that did not stop it, such as a feed with broken XML.
    """

    name: str
    articles: int = 0
    reason: str | None = None
    note: str | None = None

    @property
    def ok(self) -> bool:
        return self.reason is None


@dataclass(frozen=True, slots=True)
class Briefing:
    """The finished briefing, ready to render."""

    date: dt.date
    title: str
    sections: tuple[Section, ...]
    skipped: tuple[Skipped, ...] = ()
    articles_read: int = 0
    top_stories: tuple[str, ...] = field(default=())
    watchlist: tuple[str, ...] = field(default=())
    sources: tuple[SourceStatus, ...] = ()
    #: How long the main read takes (its headlines and key sentences), in minutes.
    reading_minutes: float = 0.0
    #: Articles read but dated another day than the briefing's, so left out.
    other_days: int = 0

    @property
    def stories(self) -> tuple[Story, ...]:
        return tuple(story for section in self.sections for story in section.stories)

    @property
    def featured_sections(self) -> tuple[Section, ...]:
        """The sections with a story in the main read."""
        return tuple(section for section in self.sections if section.featured)

    @property
    def listed(self) -> tuple[Story, ...]:
        """The stories listed by headline under "More from today"."""
        return tuple(story for section in self.sections for story in section.more)

    @property
    def more_sections(self) -> tuple[Section, ...]:
        """The sections with stories listed under "More from today"."""
        return tuple(section for section in self.sections if section.more)

    @property
    def article_count(self) -> int:
        return sum(len(story.articles) for story in self.stories)

    def story(self, story_id: str) -> Story:
        for story in self.stories:
            if story.id == story_id:
                return story
        raise KeyError(story_id)
