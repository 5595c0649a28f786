"""Group stories into topic sections: each story once, under its primary tag."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import lru_cache

from briefing.models import Article, Section, Story, Tag

__all__ = ["UNTAGGED", "group_sections", "primary_tag", "tag_form", "tag_salience"]

#: The section for stories with no tag at all; always last.
UNTAGGED = Tag("other", "Other news")


@lru_cache(maxsize=4096)
def _pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", re.IGNORECASE)


def tag_salience(tag: Tag, article: Article) -> float:
    """How prominent ``tag`` is in the article: mentions, the earlier the better."""
    return _salience(tag, *_searchable(article))


def _searchable(article: Article) -> tuple[str, str | None]:
    """The article's title and text, and the same lowered when that is safe to search."""
    text = article.title + " " + article.text
    # Case-blind search for ASCII phrases in the lowered text finds what the pattern
    # finds, where lowering keeps every position and no other character is equal to an
    # ASCII letter when case is ignored ("İ", "ı", "ſ"; a test compares both ways).
    return text, None if _folds_unsafely(text) else text.lower()


def _salience(tag: Tag, text: str, lowered: str | None) -> float:
    phrases = {tag.name, tag.slug.replace("-", " "), *tag.aliases}
    first = len(text)
    count = 0
    for phrase in phrases:
        if lowered is not None and phrase and phrase.isascii():
            starts = _literal_starts(phrase.lower(), lowered, text)
        else:
            starts = [match.start() for match in _pattern(phrase).finditer(text)]
        if starts:
            count += len(starts)
            first = min(first, starts[0])
    if count == 0:
        return 0.0
    return count + 1.0 - first / max(1, len(text))


#: The characters that make a case-blind search of the lowered text unsafe (see
#: :func:`_searchable`).
_UNSAFE_FOLD = "İıſ"


def _folds_unsafely(text: str) -> bool:
    """Whether ``text`` holds one of :data:`_UNSAFE_FOLD`: an ASCII text never does
    (known at once), and each character is found by the string search, several times
    faster than a regular expression's scan of a news text."""
    return not text.isascii() and any(char in text for char in _UNSAFE_FOLD)


def _literal_starts(phrase: str, lowered: str, text: str) -> list[int]:
    """Where ``_pattern(phrase)`` matches ``text``: each ``phrase`` in ``lowered`` that
    is not inside a longer word, left to right, without overlaps (as ``finditer``)."""
    starts = []
    size = len(phrase)
    at = lowered.find(phrase)
    while at >= 0:
        end = at + size
        if (at == 0 or not _is_word(text[at - 1])) and (
            end == len(text) or not _is_word(text[end])
        ):
            starts.append(at)
            at = lowered.find(phrase, end)
        else:
            at = lowered.find(phrase, at + 1)
    return starts


def _is_word(char: str) -> bool:
    # What the regular expression \w matches.
    return char.isalnum() or char == "_"


def primary_tag(article: Article) -> Tag | None:
    """The article's most salient tag; ties go to the tag listed first."""
    found = _primary(article)
    return found[0] if found is not None else None


def _primary(article: Article) -> tuple[Tag, float] | None:
    """The article's primary tag and its salience."""
    if not article.tags:
        return None
    text, lowered = _searchable(article)
    scored = [
        (_salience(tag, text, lowered), -index, tag) for index, tag in enumerate(article.tags)
    ]
    salience, _, tag = max(scored, key=lambda item: (item[0], item[1]))
    return tag, salience


def _story_topic(story: Story) -> tuple[Tag | None, float]:
    weights: dict[str, float] = defaultdict(float)
    tags: dict[str, Tag] = {}
    for article in story.articles:
        found = _primary(article)
        if found is not None:
            tag, salience = found
            weights[tag.slug] += 1.0 + salience
            tags.setdefault(tag.slug, tag)
    if not weights:
        return None, 0.0
    slug = max(weights, key=lambda s: (weights[s], -list(tags).index(s)))
    return tags[slug], weights[slug]


def tag_form(tag: Tag) -> str:
    """What a tag says, whatever its form: "Sport", "Sports" and "SPORTS" are one
    section, so are "U.S. News" and "US news" (case, dots, "&", plurals set aside)."""
    name = (tag.name or tag.slug.replace("-", " ")).casefold().replace("&", " and ")
    words = re.findall(r"\w+", name.replace(".", ""))
    return " ".join(_singular(word) for word in words) or tag.slug


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "news")):
        return word[:-1]
    return word


def group_sections(stories: Sequence[Story]) -> tuple[Section, ...]:
    """Sections ordered by size and salience; stories within by score, then title.

    Tags of one :func:`tag_form` make one section, named as most of its articles spell it.
    """
    members: dict[str, list[tuple[Story, float]]] = defaultdict(list)
    spellings: dict[str, Counter[Tag]] = defaultdict(Counter)
    for story in stories:
        tag, salience = _story_topic(story)
        tag = tag or UNTAGGED
        form = tag_form(tag) if tag is not UNTAGGED else UNTAGGED.slug
        spellings[form][tag] += len(story.articles)
        members[form].append((story, salience))
    # Most articles' spelling wins; then the first met.
    topics = {form: max(counts, key=counts.__getitem__) for form, counts in spellings.items()}

    def section_key(form: str) -> tuple[bool, int, float, str]:
        items = members[form]
        articles = sum(len(story.articles) for story, _ in items)
        return (form == UNTAGGED.slug, -articles, -sum(s for _, s in items), topics[form].name)

    sections = []
    for form in sorted(members, key=section_key):
        ordered = sorted(members[form], key=lambda item: (-item[0].score, item[0].title))
        sections.append(Section(topics[form], tuple(story for story, _ in ordered)))
    return tuple(sections)
