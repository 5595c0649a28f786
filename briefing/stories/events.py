"""Stories across outlets: articles that tell one event become one story.

Its headline comes from the fullest report that has a headline of its own, its key
sentences are chosen across all of its articles (a sentence several outlets carry
counts for more, and is shown once), and every source is kept. Nothing in a briefing is said twice
(:func:`dedupe_briefing`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from briefing.models import Article, Length, Section, Sentence, Story, word_count
from briefing.stories.cluster import MERGE_THRESHOLD, Clusters, cluster
from briefing.stories.ranking import importance, story_id
from briefing.stories.similarity import (
    NearDuplicates,
    TextFeatures,
    sentence_words,
    unrepeated,
)
from briefing.stories.tfidf import TermIndex

__all__ = ["dedupe_briefing", "known_words", "merge_stories", "pick_across"]

#: A sentence carried by every outlet of a story gains up to this much over its score.
SUPPORT_BONUS = 0.25
#: Within one story, a candidate sharing this share of a shown sentence's content words is
#: left out: on the examples, "walk out for 48 hours from Monday" and "strike for 48 hours
#: from Monday" from two outlets share 0.44, and reading both is reading one fact twice.
RELATED_OVERLAP = 0.4


def merge_stories(
    stories: Sequence[Story],
    length: Length = Length(),
    threshold: float = MERGE_THRESHOLD,
    features: Sequence[TextFeatures] | None = None,
    known: Mapping[Sentence, frozenset[str]] | None = None,
    index: TermIndex | None = None,
) -> list[Story]:
    """Stories of one day merged into one per event, scored, in input order of their leads.

    Each input story is usually one article with its key sentences; the output keeps
    every article, picks as many sentences as ``length`` allows across them, and never
    repeats one.
    ``features``, one per story, are its text's (see :func:`cluster`); ``known`` gives
    the :func:`~briefing.stories.similarity.sentence_words` of sentences (see :func:`known_words`);
    ``index`` reads the features' terms once for the whole stage (see :class:`TermIndex`).
    """
    if not stories:
        return []
    clusters = _cluster_by_language(stories, threshold, features, index)
    merged = []
    for group, related in zip(clusters.groups, clusters.related, strict=True):
        # The fullest report with its own headline leads: it names the story and its
        # wording is kept where outlets say the same thing (a trimmed, reworded copy is
        # not the one to quote). Then the most central, as clustering ordered them.
        members = sorted(
            (stories[i] for i in group),
            key=lambda s: (s.lead.title_derived, -len(s.lead.text)),
        )
        articles: dict[str, Article] = {}
        for member in members:
            for article in member.articles:
                articles.setdefault(article.id, article)
        picked = pick_across(members, length, known)
        story = Story(
            id=story_id(list(articles.values())),
            articles=tuple(articles.values()),
            sentences=picked,
        )
        merged.append(dataclasses.replace(story, score=round(importance(story, related), 6)))
    return merged


def _cluster_by_language(
    stories: Sequence[Story],
    threshold: float,
    features: Sequence[TextFeatures] | None,
    index: TermIndex | None = None,
) -> Clusters:
    """:func:`cluster` run on the stories of each language apart: two reports of one
    event are merged when written in one language, never across two (their terms are
    stems of different languages, and a shared name or number proves nothing)."""
    languages = [story.lead.language for story in stories]
    parts = [
        [i for i, language in enumerate(languages) if language == wanted]
        for wanted in dict.fromkeys(languages)
    ]
    groups: list[tuple[int, ...]] = []
    related: list[float] = []
    for part in parts:
        # With the features, clustering never reads the texts.
        texts = [] if features is not None else [_text(stories[i]) for i in part]
        found = cluster(
            texts,
            [stories[i].title for i in part],
            threshold,
            [features[i] for i in part] if features is not None else None,
            index,
        )
        groups.extend(tuple(part[k] for k in group) for group in found.groups)
        related.extend(found.related)
    order = sorted(range(len(groups)), key=lambda g: min(groups[g]))
    return Clusters(tuple(groups[g] for g in order), tuple(related[g] for g in order))


def _text(story: Story) -> str:
    return " ".join(a.text for a in story.articles)


def known_words(
    stories: Sequence[Story], features: Sequence[TextFeatures]
) -> dict[Sentence, frozenset[str]]:
    """The word sets of the stories' key sentences, as the features carry them."""
    return {
        sentence: bag
        for story, found in zip(stories, features, strict=True)
        for sentence, bag in zip(story.sentences, found.picked_words, strict=True)
    }


def _words(sentence: Sentence, known: Mapping[Sentence, frozenset[str]] | None) -> frozenset[str]:
    if known is not None:
        bag = known.get(sentence)
        if bag is not None:
            return bag
    return sentence_words(sentence.text)


def pick_across(
    members: Sequence[Story],
    length: Length = Length(),
    known: Mapping[Sentence, frozenset[str]] | None = None,
) -> tuple[Sentence, ...]:
    """Key sentences across the members' own picks, each fact once.

    Near-duplicate sentences (the same fact reworded by another outlet) form one group
    whose text comes from the most central article; a group carried by more articles
    gains up to :data:`SUPPORT_BONUS`.
    """
    groups = _fact_groups(members, known)
    spread = max(1, len(members) - 1)

    def value(group: list[tuple[int, Sentence, frozenset[str]]]) -> float:
        support = len({rank for rank, _, _ in group}) - 1
        return max(s.score for _, s, _ in group) + SUPPORT_BONUS * support / spread

    order = sorted(range(len(groups)), key=lambda g: (-value(groups[g]), g))
    chosen = length.fill(
        order,
        lambda g: word_count(groups[g][0][1].text),
        lambda g, chosen: not any(_same_fact(groups[g][0], groups[c][0]) for c in chosen),
    )
    shown = [groups[g][0] for g in chosen]
    # Read like news: earlier facts first, the central article's first among equals.
    shown.sort(key=lambda item: (item[1].position, item[0]))
    return tuple(sentence for _, sentence, _ in shown)


def _fact_groups(
    members: Sequence[Story], known: Mapping[Sentence, frozenset[str]] | None
) -> list[list[tuple[int, Sentence, frozenset[str]]]]:
    """The members' key sentences in groups of near-duplicates, each ``(rank of its
    member, sentence, words)``: a sentence joins the first group holding one it is
    :meth:`~briefing.stories.similarity.NearDuplicates.alike` to, or starts its own."""
    groups: list[list[tuple[int, Sentence, frozenset[str]]]] = []
    overlap = NearDuplicates.OVERLAP
    for rank, member in enumerate(members):
        for sentence in member.sentences:
            bag = _words(sentence, known)
            size = len(bag)
            item = (rank, sentence, bag)
            for group in groups:
                # NearDuplicates.alike() inlined: a day's stories run it many thousand times.
                for _, _, other in group:
                    shared = len(bag & other)
                    if (shared >= 3 and shared >= overlap * min(size, len(other))) or (
                        bag == other
                    ):
                        group.append(item)
                        break
                else:
                    continue
                break
            else:
                groups.append([item])
    return groups


def _same_fact(
    a: tuple[int, Sentence, frozenset[str]], b: tuple[int, Sentence, frozenset[str]]
) -> bool:
    """Two outlets telling one fact in their own words (stricter than the briefing-wide
    near-duplicate test, which looks at wording only). Sentences of one article are
    never judged so: the method that picked them already kept them apart."""
    (_, first, words_a), (_, second, words_b) = a, b
    if first.article_id == second.article_id:
        return False
    shared = len(words_a & words_b)
    return shared >= 3 and shared >= RELATED_OVERLAP * max(1, min(len(words_a), len(words_b)))


def dedupe_briefing(
    sections: Sequence[Section], known: Mapping[Sentence, frozenset[str]] | None = None
) -> tuple[Section, ...]:
    """Drop every sentence that repeats one shown earlier in the briefing.

    ``known`` gives the word sets of sentences where they are known already.
    """
    bags = [
        _words(sentence, known)
        for section in sections
        for story in section.stories
        for sentence in story.sentences
    ]
    keep = iter(unrepeated(bags))
    out = []
    for section in sections:
        stories = []
        for story in section.stories:
            kept = [sentence for sentence in story.sentences if next(keep)]
            if len(kept) != len(story.sentences):
                story = dataclasses.replace(story, sentences=tuple(kept))
            stories.append(story)
        out.append(dataclasses.replace(section, stories=tuple(stories)))
    return tuple(out)
