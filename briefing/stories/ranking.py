"""How much a story matters, and who tells it.

Stories are ranked by the number of independent outlets, then by how central they
are to the day's news, then by recency; sections by their biggest story. The Top
stories block opens the briefing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from urllib.parse import urlsplit

from briefing.models import Article, Section, Story

__all__ = [
    "RECENCY_WEIGHT",
    "importance",
    "order_sections",
    "outlet_links",
    "outlets",
    "source_key",
    "sources",
    "story_id",
    "top_stories",
]

#: Weights of the terms after the source count; together under 1, so that a story
#: told by more independent outlets always ranks above one told by fewer.
CENTRALITY_WEIGHT = 0.6
RECENCY_WEIGHT = 0.3
TOP_MIN, TOP_MAX = 3, 5


def source_key(article: Article) -> str:
    """Who published ``article``: its source, else its site, else the article itself."""
    if article.source and article.source.strip():
        return article.source.strip().casefold()
    if article.url:
        host = urlsplit(article.url).hostname or ""
        host = host.removeprefix("www.")
        if host:
            return host
    return "article:" + article.id


def outlets(story: Story) -> list[tuple[str, str | None]]:
    """Each outlet telling ``story`` once, as (name, link to its article), in story order."""
    found: dict[str, tuple[str, str | None]] = {}
    for article in story.articles:
        key = source_key(article)
        if key not in found:
            name = article.source or (key if not key.startswith("article:") else "")
            found[key] = (name.strip() or "unknown source", article.url)
    return list(found.values())


def outlet_links(story: Story) -> list[tuple[str, tuple[str, ...]]]:
    """Each outlet telling ``story`` once, with the link of every article it gave
    (several when one outlet ran several reports), in story order."""
    names: dict[str, str] = {}
    links: dict[str, list[str]] = {}
    for article in story.articles:
        key = source_key(article)
        if key not in names:
            name = article.source or (key if not key.startswith("article:") else "")
            names[key] = name.strip() or "unknown source"
            links[key] = []
        if article.url and article.url not in links[key]:
            links[key].append(article.url)
    return [(names[key], tuple(links[key])) for key in names]


def sources(story: Story) -> int:
    """How many independent outlets tell ``story``."""
    return len({source_key(a) for a in story.articles})


def importance(story: Story, related: float, recency: float = 1.0) -> float:
    """Sources, then centrality in the day's news (0..1), then recency (0..1)."""
    return sources(story) + CENTRALITY_WEIGHT * related + RECENCY_WEIGHT * recency


def story_id(articles: Sequence[Article]) -> str:
    """A stable id from the story's article ids, whatever their order."""
    return hashlib.sha1("\n".join(sorted(a.id for a in articles)).encode()).hexdigest()[:10]


def order_sections(sections: Sequence[Section], last: str = "other") -> tuple[Section, ...]:
    """Sections by their most important story, then total importance; ``last`` at the end."""

    def key(section: Section) -> tuple[bool, float, float, str]:
        scores = [story.score for story in section.stories]
        return (
            section.topic.slug == last,
            -max(scores, default=0.0),
            -round(sum(scores), 6),
            section.topic.name,
        )

    return tuple(sorted(sections, key=key))


def top_stories(stories: Sequence[Story]) -> tuple[str, ...]:
    """The 3 biggest stories, and up to 2 more when other outlets also tell them."""
    ranked = sorted(stories, key=lambda s: (-s.score, s.title, s.id))
    top = ranked[:TOP_MIN]
    for story in ranked[TOP_MIN:TOP_MAX]:
        if sources(story) < 2:
            break
        top.append(story)
    return tuple(story.id for story in top)
