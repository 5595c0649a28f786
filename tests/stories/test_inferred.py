"""Topics inferred for untagged stories: grouped by subject, named from the text, marked."""

from __future__ import annotations

import functools
import json
import random

from briefing.config.settings import Settings
from briefing.models import Section, Story
from briefing.pipeline import make_briefing
from briefing.readers.article import make_article as build_article
from briefing.render.formats import render
from briefing.stories.inferred import (
    MIN_STORIES,
    infer_sections,
    infer_topics,
    join_tagged,
    key_phrases,
)
from briefing.stories.similarity import term_bag
from briefing.stories.topics import UNTAGGED
from tests.conftest import make_article, nmi, shared_file

FOOTBALL = (
    "The striker scored twice as the club won the league match against its old rivals. "
    "The manager praised the goalkeeper and said the season was far from over.",
    "A late goal from the captain gave the club a draw in the cup match on Saturday. "
    "Supporters sang for the manager after the final whistle at the league ground.",
    "The league has fined the club for fielding an ineligible striker in a cup match. "
    "The manager said the club would appeal against the decision before next season.",
    "The goalkeeper signed a new contract that keeps him at the club for three seasons. "
    "The manager called him the best goalkeeper in the league this season.",
)
WEATHER = (
    "Forecasters warned of heavy rain and strong wind as a storm moved across the coast. "
    "Flood barriers were raised and temperatures are expected to fall overnight.",
    "The storm brought down trees and power lines as wind gusts reached record speeds. "
    "Forecasters said the rain would ease but temperatures would stay low this week.",
    "Flood warnings remain in place after a week of rain swelled rivers in the valley. "
    "Forecasters expect another storm with strong wind at the weekend.",
    "Temperatures dropped below freezing after the storm passed, and forecasters warned "
    "of ice on the roads where rain had fallen and flood water had not drained.",
)


def untagged(texts: tuple[str, ...], name: str) -> list[Story]:
    return [
        Story(
            id=f"{name}{n}",
            articles=(
                make_article(
                    text.split(".")[0], text, tags=(), url=f"https://e.example.com/{name}/{n}"
                ),
            ),
            sentences=(),
        )
        for n, text in enumerate(texts)
    ]


def test_untagged_stories_are_grouped_by_subject_and_marked_inferred() -> None:
    pairs = zip(untagged(FOOTBALL, "f"), untagged(WEATHER, "w"), strict=True)
    stories = [s for pair in pairs for s in pair]
    sections = infer_sections([Section(UNTAGGED, tuple(stories))])
    assert len(sections) == 2
    assert all(section.inferred for section in sections)
    groups = sorted(sorted(s.id[0] for s in section.stories) for section in sections)
    assert groups == [["f"] * 4, ["w"] * 4]
    # Named by the subject they are about, the same every day.
    names = {section.topic.name for section in sections}
    assert names == {"Football", "Weather and environment"}
    assert all(section.topic.slug.startswith("inferred-") for section in sections)


def test_inference_is_deterministic() -> None:
    bags = [term_bag(text) for text in FOOTBALL + WEATHER]
    assert infer_topics(bags) == infer_topics(bags)


def test_few_untagged_stories_stay_under_other_news() -> None:
    stories = untagged(FOOTBALL[: MIN_STORIES - 1], "f")
    sections = infer_sections([Section(UNTAGGED, tuple(stories))])
    assert [s.topic for s in sections] == [UNTAGGED]
    assert not sections[0].inferred


def test_tagged_sections_are_left_alone() -> None:
    tagged = make_article("Tagged", tags=("local-news",))
    story = Story("t", (tagged,), ())
    section = Section(tagged.tags[0], (story,))
    stories = untagged(FOOTBALL + WEATHER, "x")
    out = infer_sections([section, Section(UNTAGGED, tuple(stories))])
    assert out[0] == section
    assert sum(len(s.stories) for s in out) == 9


def test_key_phrases_keep_the_words_as_written_and_stop_at_punctuation() -> None:
    phrases = key_phrases("The Premier League said. Rovers won")
    written = {surface for _, surface in phrases}
    assert "Premier League" in written
    assert "League Rovers" not in written


def test_briefing_json_and_html_show_inferred_topics() -> None:
    articles = [
        make_article(text.split(".")[0], text, tags=(), url=f"https://e.example.com/{n}")
        for n, text in enumerate(FOOTBALL + WEATHER)
    ]
    briefing = make_briefing(articles, Settings())
    data = json.loads(render(briefing, "json"))
    assert [s["inferred"] for s in data["sections"]] == [True, True]
    assert "(inferred)" in render(briefing, "html")


@functools.lru_cache(maxsize=1)
def _bbc() -> list[dict[str, str]]:
    path = shared_file("eval", "bbc_news_summary.jsonl")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_inferred_topics_agree_with_bbc_categories() -> None:
    scores = []
    for day in range(6):
        sample = random.Random(day).sample(_bbc(), 60)
        stories = [
            Story(
                str(n),
                (build_article(origin=str(n), text=r["text"], title=r["title"]),),
                (),
            )
            for n, r in enumerate(sample)
        ]
        sections = infer_sections([Section(UNTAGGED, tuple(stories))])
        label = {s.id: k for k, section in enumerate(sections) for s in section.stories}
        scores.append(nmi([r["category"] for r in sample], [label[str(n)] for n in range(60)]))
    # A floor under the figure benchmarks/eval_topics.py measures (0.745 over 40 days).
    assert sum(scores) / len(scores) >= 0.6


def tag_section(tag: str, texts: tuple[str, ...], name: str) -> Section:
    """The day's section of ``tag``, one story of ``texts`` each (ids ``name`` + n)."""
    return Section(make_article(tags=(tag,)).tags[0], tuple(tagged_stories(texts, tag, name)))


def tagged_stories(texts: tuple[str, ...], tag: str, name: str) -> list[Story]:
    return [
        Story(
            id=f"{name}{n}",
            articles=(
                make_article(
                    text.split(".")[0], text, tags=(tag,), url=f"https://e.example.com/{n}/{name}"
                ),
            ),
            sentences=(),
        )
        for n, text in enumerate(texts)
    ]


MUSEUM = (
    "The city museum reopened its Egyptian gallery after a two-year restoration of the "
    "painted coffins. Curators said visitors could see the hieroglyphs up close."
)


def test_an_untagged_story_joins_the_tag_section_it_reads_like() -> None:
    sport = tag_section("sport", FOOTBALL[:3], "s")
    weather = tag_section("weather", WEATHER[:3], "w")
    loose = untagged((FOOTBALL[3], WEATHER[3], MUSEUM), "u")
    out = join_tagged([sport, weather, Section(UNTAGGED, tuple(loose))])
    by_slug = {section.topic.slug: {s.id for s in section.stories} for section in out}
    assert "u0" in by_slug["sport"]
    assert "u1" in by_slug["weather"]
    # What reads like no tag is left for inference under "Other news".
    assert by_slug[UNTAGGED.slug] == {"u2"}
    assert sum(len(ids) for ids in by_slug.values()) == 9


def test_a_link_folder_names_the_section() -> None:
    sport = tag_section("sport", FOOTBALL[:2], "s")
    museum = Story(
        "m",
        (make_article("Museum", MUSEUM, tags=(), url="https://e.example.com/sport/museum-day"),),
        (),
    )
    out = join_tagged([sport, Section(UNTAGGED, (museum,))])
    assert [s.topic.slug for s in out] == ["sport"]
    assert {s.id for s in out[0].stories} == {"s0", "s1", "m"}


def test_a_group_of_no_clear_subject_is_named_by_its_key_phrase() -> None:
    from briefing.stories.subjects import subject_of

    assert subject_of([term_bag(text) for text in FOOTBALL]) == "Football"
    assert subject_of([term_bag("Lanterns glowed over the quiet canal tonight.")]) is None


def one_liner(title: str, text: str, name: str, source: str | None = None) -> Story:
    """An untagged headline with a one-line description, as a news feed gives many."""
    article = make_article(
        title, text, tags=(), url=f"https://e.example.com/item/{name}", source=source
    )
    return Story(name, (article,), ())


POLITICS = (
    "The senators argued over the budget vote until late at night. The minister said the "
    "tax plan would pass before the election.",
    "Voters in the district elect a new senator on Tuesday after a long campaign about "
    "taxes, schools and the budget.",
    "The party leader promised a referendum on the tax plan if the election goes her way. "
    "The minister said the vote would be close.",
    "Parliament passed the budget by four votes after the minister agreed to cut the new "
    "tax on fuel.",
)


def test_an_untagged_one_line_football_item_joins_the_days_sport_tag() -> None:
    sport = tag_section("Sport", FOOTBALL[:3], "s")
    weather = tag_section("Weather", WEATHER[:3], "w")
    # The largest section: a prior by size alone would draw a short item here.
    politics = tag_section("Politics", POLITICS, "p")
    item = one_liner("Late goal sends the club to the cup final", "Supporters sang.", "u")
    out = join_tagged([politics, sport, weather, Section(UNTAGGED, (item,))])
    by_slug = {section.topic.slug: {s.id for s in section.stories} for section in out}
    assert "u" in by_slug["sport"]
    assert UNTAGGED.slug not in by_slug


def test_a_tags_name_speaks_for_it_when_its_stories_do_not() -> None:
    # The day's two sport stories are about football; the untagged items are about
    # tennis and rugby, whose words only the subject the tag's name speaks of knows
    # ("Sports" is the subject "Sport": match, team, title, medal...).
    sport = tag_section("Sports", FOOTBALL[:2], "s")
    weather = tag_section("Weather", WEATHER[:2], "w")
    items = (
        one_liner(
            "Tennis champion wins her third title and an Olympic medal",
            "She said it was the best day of her life.",
            "tennis",
        ),
        one_liner("Team wins the rugby title", "The coach said it was a great year.", "rugby"),
    )
    out = join_tagged([sport, weather, Section(UNTAGGED, items)])
    by_slug = {section.topic.slug: {s.id for s in section.stories} for section in out}
    assert {"tennis", "rugby"} <= by_slug["sports"]
    # A story that reads like no tag or subject stays out.
    museum = Story("m", (make_article("Museum", MUSEUM, tags=()),), ())
    out = join_tagged([sport, weather, Section(UNTAGGED, (museum,))])
    assert [s.topic.slug for s in out][-1] == UNTAGGED.slug


def test_a_tag_named_as_newsrooms_name_a_beat_knows_the_beats_words() -> None:
    # "Media" and "Tech" are beats whose words the day's own stories of them do not
    # use (a newspaper's closure, a new handset); the untagged items use only the
    # beat's words, and the biggest section, Politics, would win by size alone.
    media = (
        "The town newspaper printed its last edition after ninety years. The editor "
        "thanked its readers.",
        "A magazine publisher closed two titles and moved its editors to one office.",
    )
    tech = (
        "The phone maker showed a thinner handset with a longer battery. It goes on sale in June.",
        "A new smartphone folds in half and costs twice as much as last year's handset.",
    )
    sections = [
        tag_section(tag, texts, tag[0])
        for tag, texts in (("Politics", POLITICS), ("Media", media), ("Tech", tech))
    ]
    items = (
        one_liner("Evening anchor leaves the network as ratings slide", "Viewers were told.", "a"),
        one_liner("Hackers break into robot vacuum software", "Owners must update.", "h"),
    )
    out = join_tagged([*sections, Section(UNTAGGED, items)])
    placed = {s.id: section.topic.slug for section in out for s in section.stories}
    assert (placed["a"], placed["h"]) == ("media", "tech")


def test_an_outlets_untagged_item_leans_to_the_tags_that_outlet_uses() -> None:
    def stories(texts: tuple[str, ...], tag: str, source: str) -> tuple[Story, ...]:
        return tuple(
            Story(
                f"{tag}{n}",
                (
                    make_article(
                        text.split(".")[0],
                        text,
                        tags=(tag,),
                        url=f"https://e.example.com/{tag}/{n}",
                        source=source,
                    ),
                ),
                (),
            )
            for n, text in enumerate(texts)
        )

    politics = stories(
        (
            "The senator made a joke about the budget in the chamber. Members laughed.",
            "The senator told a joke about taxes during the long debate. Nobody laughed.",
        ),
        "politics",
        "Capital Wire",
    )
    comedy = stories(
        (
            "The host made a joke about the senator on the late show. The crowd laughed.",
            "The comedian told a joke about the budget in her new show. The crowd roared.",
        ),
        "comedy",
        "Late Desk",
    )
    sections = [
        Section(politics[0].articles[0].tags[0], politics),
        Section(comedy[0].articles[0].tags[0], comedy),
    ]
    placed = {}
    for source in ("Capital Wire", "Late Desk"):
        item = one_liner("Another joke about the senator", "Everyone laughed.", "u", source)
        out = join_tagged([*sections, Section(UNTAGGED, (item,))])
        placed[source] = next(s.topic.slug for s in out if "u" in {x.id for x in s.stories})
    assert placed == {"Capital Wire": "politics", "Late Desk": "comedy"}


def test_stories_that_fit_no_tag_get_an_inferred_section_of_their_own() -> None:
    sport = tag_section("Sport", FOOTBALL, "s")
    loose = untagged(WEATHER, "w")
    out = infer_sections([sport, Section(UNTAGGED, tuple(loose))])
    assert out[0].topic.slug == "sport"
    assert {s.id for s in out[0].stories} == {f"s{n}" for n in range(4)}
    inferred = [s for s in out if s.inferred]
    assert [s.topic.name for s in inferred] == ["Weather and environment"]
    # k-means may leave one story of four on its own, under "Other news".
    assert len(inferred[0].stories) >= 3
    assert {s.id for s in out[1:] for s in s.stories} == {f"w{n}" for n in range(4)}


def test_subject_terms_are_the_words_of_the_subject_a_name_speaks_of() -> None:
    from briefing.stories.subjects import subject_terms
    from briefing.text.terms import sentence_terms

    def knows(name: str, words: str) -> bool:
        return set(sentence_terms(words)) <= set(subject_terms(name))

    assert knows("Sports", "tennis medal")
    # A sport desk's main beat is football: "Sports" knows its words too.
    assert knows("Sports", "striker goalkeeper")
    assert knows("Crime", "police court")
    # A tag's name may call a subject by another word than the subject's own name.
    assert knows("Tech", "software smartphone")
    assert knows("Queer Voices", "transgender pride")
    assert knows("Food & Drink", "recipe chef")
    assert knows("Arts & Culture", "novel exhibition")
    assert knows("The WorldPost", "diplomats sanctions")
    assert knows("Comedy", "comedian satire")
    assert knows("Media", "newsroom anchor")
    assert not knows("Politics", "comedian")
    # Words every section name may use ("News", "Voices") call no subject.
    assert not knows("World News", "bizarre")
    assert subject_terms("U.S. News") == ()
    assert subject_terms("Local Voices") == ()


def test_a_phrase_says_its_subject_only_with_all_its_words() -> None:
    from briefing.stories.subjects import subject_of, subject_phrases, subject_terms

    # "Wall Street" is business; a street alone is not.
    assert ("wall", "street") in subject_phrases("Business")
    assert "street" not in subject_terms("Business")
    assert subject_of([term_bag("The street was closed for the parade.")]) is None
    assert subject_of([term_bag("Shares rose on Wall Street.")]) == "Business and economy"


def beat_day() -> list[Section]:
    comedy = (
        "The comedian opened her new show with a sketch about airline food. The crowd roared.",
        "A stand-up special about dating apps sold out its run in a week.",
    )
    world = (
        "The embassy reopened after the two sides agreed to resume talks on the border.",
        "Diplomats met for a third day of talks on the ceasefire in the mountain region.",
    )
    return [
        tag_section(tag, texts, tag[:3])
        for tag, texts in (("Politics", POLITICS), ("Comedy", comedy), ("World News", world))
    ]


def test_a_beats_famous_names_and_places_speak_for_its_tag() -> None:
    # The day's biggest section, Politics, shares "vote" with both items; a late-night
    # host is Comedy and a foreign capital's leaders are World news, whatever the day's
    # own stories of those tags say.
    items = (
        one_liner("Trevor Noah has a word for his neighbours", "The vote was close.", "host"),
        one_liner("Kremlin says Putin will meet Erdogan in Ankara", "The vote was close.", "k"),
    )
    out = join_tagged([*beat_day(), Section(UNTAGGED, items)])
    placed = {s.id: section.topic.slug for section in out for s in section.stories}
    assert (placed["host"], placed["k"]) == ("comedy", "world-news")


def test_an_item_using_a_tags_beat_words_fits_that_tag() -> None:
    # No word of it is in the day's stories, so its nearest stories are far: the
    # beat's word (a foreign capital) is what makes it fit "World News".
    item = one_liner("Havana wakes to a quiet morning", "Ferries sailed on time.", "cuba")
    out = join_tagged([*beat_day(), Section(UNTAGGED, (item,))])
    placed = {s.id: section.topic.slug for section in out for s in section.stories}
    assert placed["cuba"] == "world-news"
    # An item of no tag's beat, as far from the day's stories, still stays out.
    lanterns = one_liner("Lanterns glow over the canal", "Boats drifted past.", "lamp")
    out = join_tagged([*beat_day(), Section(UNTAGGED, (lanterns,))])
    assert [s.topic.slug for s in out][-1] == UNTAGGED.slug
