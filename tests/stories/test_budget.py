"""The reading budget: the main read fits, the biggest news comes first, nothing is lost."""

from __future__ import annotations

import dataclasses

from briefing.models import Section, Sentence, Story, Tag
from briefing.stories.budget import WORDS_PER_MINUTE, plan_reading, priority, reading_minutes
from tests.conftest import make_article

SENTENCE = "The council said the new ferry timetable would add two crossings every weekday."


def story(name: str, outlets: int = 1, sentences: int = 3, score: float | None = None) -> Story:
    articles = tuple(
        make_article(
            f"{name} headline number {n}",
            SENTENCE + " " + SENTENCE,
            url=f"https://outlet{n}.example/{name}",
        )
        for n in range(outlets)
    )
    articles = tuple(dataclasses.replace(a, source=f"Outlet {n}") for n, a in enumerate(articles))
    picked = tuple(
        Sentence(SENTENCE, articles[0].id, i, 1.0 - i / 10, articles[0].url)
        for i in range(sentences)
    )
    return Story(
        id=name,
        articles=articles,
        sentences=picked,
        score=outlets + 0.5 if score is None else score,
    )


def section(slug: str, stories: list[Story]) -> Section:
    return Section(Tag(slug, slug.title()), tuple(stories))


def words(stories: list[Story]) -> int:
    return sum(
        len(s.title.split()) + sum(len(x.text.split()) for x in s.sentences) for s in stories
    )


def test_a_big_day_fits_the_budget_and_loses_no_story() -> None:
    big = [story(f"p{n}") for n in range(60)]
    small = [story(f"s{n}") for n in range(8)]
    wide = [story("wide", outlets=4)]
    sections = [section("politics", big + wide), section("sport", small)]
    planned, minutes = plan_reading(sections, 5)
    stories = [s for sec in planned for s in sec.stories]
    featured = [s for s in stories if s.featured]
    assert sorted(s.id for s in stories) == sorted(s.id for sec in sections for s in sec.stories)
    assert words(featured) <= 5 * WORDS_PER_MINUTE
    assert minutes == reading_minutes(featured) <= 5.0
    assert 5 < len(featured) < len(stories)
    # The story four outlets tell leads, with all its sentences; later ones get fewer.
    first = max(featured, key=priority)
    assert first.id == "wide" and len(first.sentences) == 3
    assert min(len(s.sentences) for s in featured) == 1
    # One busy topic does not eat the read: the small one is in it too.
    assert any(s.id.startswith("s") for s in featured)


def test_a_single_sensational_item_does_not_outrank_four_outlets() -> None:
    loud = story("loud", outlets=1, score=1.99)
    wide = story("wide", outlets=4, score=4.1)
    assert priority(dataclasses.replace(loud, watch=("Mayor",))) < priority(wide)


def test_a_quiet_day_is_shown_whole_and_no_limit_means_whole() -> None:
    sections = [section("politics", [story(f"p{n}") for n in range(3)])]
    planned, _ = plan_reading(sections, 5)
    assert all(s.featured and len(s.sentences) == 3 for s in planned[0].stories)
    busy = [section("politics", [story(f"p{n}") for n in range(80)])]
    planned, minutes = plan_reading(busy, 0)
    assert all(s.featured for s in planned[0].stories)
    assert minutes > 5


def test_an_update_with_nothing_new_is_listed_not_featured() -> None:
    stale = dataclasses.replace(story("stale", outlets=3), status="update", sentences=())
    planned, _ = plan_reading([section("politics", [stale, story("fresh")])], 5)
    by_id = {s.id: s for s in planned[0].stories}
    assert not by_id["stale"].featured and by_id["fresh"].featured
    assert planned[0].more == (by_id["stale"],)
