"""Grouping: each story once under its primary tag; ordering; untagged last."""

from __future__ import annotations

import random
import re

from briefing.models import Article, Tag
from briefing.stories import topics
from briefing.stories.topics import UNTAGGED, group_sections, primary_tag, tag_salience
from tests.conftest import make_article, make_story

RAIL = (
    "Rail services were cancelled across the region as drivers walked out. "
    "The transport minister urged talks, and the rail operators said the strike was avoidable."
)


def test_primary_tag_is_the_most_salient() -> None:
    article = make_article(text=RAIL, tags=["economy", "rail", "transport"])
    assert primary_tag(article) is not None
    assert primary_tag(article).slug == "rail"  # type: ignore[union-attr]


def test_ties_go_to_the_first_tag() -> None:
    article = make_article(
        text="Nothing here names any of the tags at all, not once.", tags=["b", "a"]
    )
    assert primary_tag(article).slug == "b"  # type: ignore[union-attr]


def test_sections_by_size_untagged_last_each_story_once() -> None:
    stories = [
        make_story(make_article("Rail one", RAIL, tags=["rail"]), story_id="1"),
        make_story(make_article("Rail two", RAIL, tags=["rail", "economy"]), story_id="2"),
        make_story(make_article("Plain", tags=[]), story_id="3"),
        make_story(make_article("Money", tags=["economy"]), story_id="4"),
    ]
    sections = group_sections(stories)
    assert [s.topic.slug for s in sections] == ["rail", "economy", UNTAGGED.slug]
    ids = [story.id for section in sections for story in section.stories]
    assert sorted(ids) == ["1", "2", "3", "4"]
    assert sections[-1].topic.name == "Other news"


def reference_salience(tag: Tag, article: Article) -> float:
    """tag_salience with the regular expression alone (the slow way)."""
    text = article.title + " " + article.text
    first, count = len(text), 0
    for phrase in {tag.name, tag.slug.replace("-", " "), *tag.aliases}:
        for match in topics._pattern(phrase).finditer(text):
            count += 1
            first = min(first, match.start())
    return 0.0 if count == 0 else count + 1.0 - first / max(1, len(text))


def test_salience_by_literal_search_is_salience_by_pattern() -> None:
    rng = random.Random(5)
    pieces = [
        "rail",
        "Rail",
        "RAIL",
        "rails",
        "_rail",
        "rail_",
        "ſail",
        "raıl",
        "İrail",
        "K",
        "\u212a",
        "SAIL",
        "rairail",
        "middle east",
        "Middle  East",
        "é",
        "ü",
        "2",
        " ",
        ".",
        "-",
        "'",
    ]
    tags = [
        Tag("rail", "Rail"),
        Tag("middle-east", "Middle East", aliases=("Mideast",)),
        Tag("k", "K"),
        Tag("sail", "Sail"),
        Tag("ra", "ra"),
        Tag("uber", "Über"),
    ]
    for _ in range(3000):
        text = "".join(rng.choices(pieces, k=rng.randint(0, 12)))
        article = Article("a", rng.choice(["", "Rail", "x"]), text, "test")
        for tag in tags:
            assert tag_salience(tag, article) == reference_salience(tag, article), (tag, text)


def test_tags_that_differ_only_in_form_are_one_section() -> None:
    from briefing.stories.topics import tag_form

    forms = [
        ("Sport", "Sports", "SPORTS"),
        ("U.S. News", "US news", "us-news"),
        ("Style & Beauty", "style-and-beauty"),
        ("Queer Voices", "Queer Voice"),
    ]
    for group in forms:
        tags = [make_article(tags=(name,)).tags[0] for name in group]
        assert len({tag_form(tag) for tag in tags}) == 1, group
    assert tag_form(make_article(tags=("Business",)).tags[0]) != tag_form(
        make_article(tags=("Bus",)).tags[0]
    )
    stories = [
        make_story(make_article(f"Match {n}", tags=(name,)), story_id=f"s{n}")
        for n, name in enumerate(("Sport", "Sports", "Sport", "World News"))
    ]
    sections = group_sections(stories)
    assert [(s.topic.name, len(s.stories)) for s in sections] == [("Sport", 3), ("World News", 1)]


def test_unsafe_characters_are_found_as_the_pattern_finds_them() -> None:
    # The check that decides whether the lowered text may be searched, against a regular
    # expression of the same characters, on ASCII texts and texts with other letters.
    pattern = re.compile("[" + topics._UNSAFE_FOLD + "]")
    rng = random.Random(11)
    pieces = ["a", "I", "i", "s", "S", " ", "é", "ß", "\u212a", "\u0131", "\u0130", "\u017f"]
    pieces += ["\U0001f600", "\u0307", "\n"]
    texts = ["", "plain ascii", "ſ", "ı", "İ", "é" * 50 + "ı"]
    texts += ["".join(rng.choices(pieces, k=rng.randint(0, 30))) for _ in range(3000)]
    found = [topics._folds_unsafely(text) for text in texts]
    assert found == [pattern.search(text) is not None for text in texts]
    assert any(found) and not all(found)
