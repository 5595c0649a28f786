"""Stories across outlets: cluster articles into events, pick sentences, rank.

Articles of one day that tell the same event become one :class:`Story`: its headline
comes from the most central article, its key sentences are chosen across all of its
articles (a sentence several outlets carry counts for more, and is shown once), and
every source is kept. Stories are then ranked by importance: independent sources
first, then how central the story is to the day's news, then recency. Nothing in a
briefing is said twice (:func:`dedupe_briefing`).

The thresholds are measured, not guessed: see ``benchmarks/eval_clustering.py``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import numpy as np

from briefing.models import Article, Length, Section, Sentence, Story, word_count
from briefing.stories.similarity import (
    BLOCK_TERMS,
    MAX_BLOCK,
    NearDuplicates,
    TextFeatures,
    Vector,
    cosine,
    sentence_words,
    shared_specifics,
    specifics,
    term_bag,
)
from briefing.stories.tfidf import TfidfMatrix, sequential_sums

__all__ = [
    "MERGE_THRESHOLD",
    "RECENCY_WEIGHT",
    "Clusters",
    "cluster",
    "dedupe_briefing",
    "importance",
    "known_words",
    "merge_stories",
    "order_sections",
    "outlets",
    "source_key",
    "sources",
    "story_id",
    "top_stories",
]

#: Two articles tell the same event when the TF-IDF cosine of their texts is at least
#: this, on average over every pair of articles across the two groups being joined.
#: Measured on BBC articles with injected rewrites (benchmarks/eval_clustering.py):
#: rewrites that keep 40-90% of the sentences score 0.60 or more against each other;
#: on simulated days (3 stories x 3 outlets + 6 others, one category) 0.5 gets 99.6%
#: of days exactly right, the misses being two BBC articles on the very same event;
#: below 0.5 follow-ups of one saga merge, above 0.52 harsh rewrites start to split.
MERGE_THRESHOLD = 0.5
#: Independent write-ups of one event (not copies) score lower, 0.4 or so; when nearly
#: all the specifics (names, numbers, days) of one are in the other, they gain this much.
#: Of 729 BBC pairs of distinct articles scoring 0.35-0.5, one shares that much.
SPECIFICS_BONUS = 0.15
SPECIFICS_SHARED = 0.9
#: Weights of the terms after the source count; together under 1, so that a story
#: told by more independent outlets always ranks above one told by fewer.
CENTRALITY_WEIGHT = 0.6
RECENCY_WEIGHT = 0.3
#: A sentence carried by every outlet of a story gains up to this much over its score.
SUPPORT_BONUS = 0.25
#: Within one story, a candidate sharing this share of a shown sentence's content words is
#: left out: on the examples, "walk out for 48 hours from Monday" and "strike for 48 hours
#: from Monday" from two outlets share 0.44, and reading both is reading one fact twice.
RELATED_OVERLAP = 0.4
TOP_MIN, TOP_MAX = 3, 5
#: How close to the most central article the lead must be (mean cosine).
CENTRAL_SLACK = 0.05


@dataclass(frozen=True, slots=True)
class Clusters:
    """Groups of item indices, each sorted most central first, and each group's relatedness.

    ``related[g]`` is how much of the rest of the day's news resembles group ``g``
    (similarities to other items under the merge threshold), scaled to 0..1.
    """

    groups: tuple[tuple[int, ...], ...]
    related: tuple[float, ...]


def cluster(
    texts: Sequence[str],
    titles: Sequence[str] = (),
    threshold: float = MERGE_THRESHOLD,
    features: Sequence[TextFeatures] | None = None,
) -> Clusters:
    """Average-link clustering of texts over the pairs that blocking proposes.

    ``features`` (one per text, from :func:`briefing.stories.similarity.text_features`) spare
    tokenising the texts again when the summarise stage has done it.
    """
    if features is None:
        matrix = TfidfMatrix.from_bags(
            term_bag(text, titles[i] if i < len(titles) else None) for i, text in enumerate(texts)
        )
    else:
        matrix = TfidfMatrix.from_joined([(f.terms, f.counts) for f in features])
    n = len(matrix)
    details: dict[int, frozenset[str]] = {}
    vectors: dict[int, Vector] = {}

    def bonus(i: int, j: int, value: float) -> float:
        if threshold - SPECIFICS_BONUS <= value < threshold:
            # Two outlets writing up one event in their own words share few phrases but
            # nearly all of its names, numbers and days.
            for k in (i, j):
                if k not in details:
                    details[k] = specifics(texts[k]) if features is None else features[k].details()
            if shared_specifics(details[i], details[j]) >= SPECIFICS_SHARED:
                value += SPECIFICS_BONUS
        return value

    def similar(i: int, j: int) -> float:
        for k in (i, j):
            if k not in vectors:
                vectors[k] = matrix.vector(k)
        return bonus(i, j, cosine(vectors[i], vectors[j]))

    pairs = matrix.candidate_pairs(BLOCK_TERMS, MAX_BLOCK)
    cosines = matrix.cosines(pairs)
    values: list[float] = cosines.tolist()
    near = (cosines >= threshold - SPECIFICS_BONUS) & (cosines < threshold)
    for k in np.flatnonzero(near).tolist():
        values[k] = bonus(int(pairs[k, 0]), int(pairs[k, 1]), values[k])
    # Pair (i, j), i < j, is keyed i * n + j: a day can have millions of pairs, and an
    # int key takes a third of the memory of a tuple of two.
    keys: list[int] = (pairs[:, 0] * n + pairs[:, 1]).tolist()
    sims: dict[int, float] = dict(zip(keys, values, strict=True))
    del cosines, values, keys
    parent = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def sim(i: int, j: int) -> float:
        key = i * n + j if i < j else j * n + i
        value = sims.get(key)
        if value is None:
            value = sims[key] = similar(*divmod(key, n))
        return value

    # Strongest links first; joining two groups needs the *average* similarity across
    # them to pass, so a chain of look-alikes cannot glue two events together.
    edges = sorted((key for key, s in sims.items() if s >= threshold), key=lambda k: -sims[k])
    for key in edges:
        i, j = divmod(key, n)
        a, b = find(i), find(j)
        if a == b:
            continue
        cross = [sim(x, y) for x in members[a] for y in members[b]]
        if sum(cross) / len(cross) < threshold:
            continue
        keep, gone = min(a, b), max(a, b)
        parent[gone] = keep
        members[keep] = sorted(members[keep] + members.pop(gone))

    roots = sorted(members)
    related = _related(roots, members, pairs, sims, n)
    top = max(related, default=0.0)
    scaled = tuple(r / top if top > 0 else 0.0 for r in related)
    groups = tuple(_by_centrality(members[root], matrix.size, sim) for root in roots)
    return Clusters(groups, scaled)


def _related(
    roots: list[int],
    members: dict[int, list[int]],
    candidates: np.ndarray,
    sims: dict[int, float],
    n: int,
) -> list[float]:
    """Each group's summed similarity to items of other groups, added in the order of
    ``sims`` (as a loop over it would add them, for the same floats).

    ``sims`` holds the ``candidates`` first, in order, then the pairs added later
    (keyed ``i * n + j``).
    """
    group_of = np.empty(n, dtype=np.int64)
    for g, root in enumerate(roots):
        group_of[members[root]] = g
    later = np.fromiter(itertools.islice(sims, len(candidates), None), np.int64)
    first = group_of[np.r_[candidates[:, 0], later // n]]
    second = group_of[np.r_[candidates[:, 1], later % n]]
    values = np.fromiter(sims.values(), np.float64, len(sims))
    across = np.flatnonzero(first != second)
    # Each pair across two groups adds its similarity to both, one pair after another.
    groups = np.stack([first[across], second[across]], axis=1).reshape(-1)
    order = np.argsort(groups, kind="stable")
    added = np.repeat(values[across], 2)[order]
    groups = groups[order]
    related = np.zeros(len(roots))
    if len(groups):
        bounds = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1], True])
        related[groups[bounds[:-1]]] = sequential_sums(added, bounds)
    out: list[float] = related.tolist()
    return out


def _by_centrality(
    group: list[int], size: Callable[[int], int], sim: Callable[[int, int], float]
) -> tuple[int, ...]:
    if len(group) == 1:
        return (group[0],)
    mean = {i: sum(sim(i, j) for j in group if j != i) / (len(group) - 1) for i in group}
    # Copies of one story are all close to each other, and a trimmed copy is the closest
    # to all; among those within CENTRAL_SLACK of the most central, the fullest text
    # leads (it is the original more often than not). Ties go to input order.
    best = max(mean.values())
    lead = min((i for i in group if mean[i] >= best - CENTRAL_SLACK), key=lambda i: (-size(i), i))
    rest = sorted((i for i in group if i != lead), key=lambda i: (-round(mean[i], 9), i))
    return (lead, *rest)


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


def sources(story: Story) -> int:
    """How many independent outlets tell ``story``."""
    return len({source_key(a) for a in story.articles})


def importance(story: Story, related: float, recency: float = 1.0) -> float:
    """Sources, then centrality in the day's news (0..1), then recency (0..1)."""
    return sources(story) + CENTRALITY_WEIGHT * related + RECENCY_WEIGHT * recency


def story_id(articles: Sequence[Article]) -> str:
    """A stable id from the story's article ids, whatever their order."""
    return hashlib.sha1("\n".join(sorted(a.id for a in articles)).encode()).hexdigest()[:10]


def merge_stories(
    stories: Sequence[Story],
    length: Length = Length(),
    threshold: float = MERGE_THRESHOLD,
    features: Sequence[TextFeatures] | None = None,
    known: Mapping[Sentence, frozenset[str]] | None = None,
) -> list[Story]:
    """Stories of one day merged into one per event, scored, in input order of their leads.

    Each input story is usually one article with its key sentences; the output keeps
    every article, picks as many sentences as ``length`` allows across them, and never
    repeats one.
    ``features``, one per story, are its text's (see :func:`cluster`); ``known`` gives
    the :func:`~briefing.stories.similarity.sentence_words` of sentences (see :func:`known_words`).
    """
    if not stories:
        return []
    # With the features, clustering never reads the texts.
    texts = [" ".join(a.text for a in s.articles) for s in stories] if features is None else []
    clusters = cluster(texts, [s.title for s in stories], threshold, features)
    merged = []
    for group, related in zip(clusters.groups, clusters.related, strict=True):
        members = [stories[i] for i in group]
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
    groups: list[list[tuple[int, Sentence, frozenset[str]]]] = []
    test = NearDuplicates()
    for rank, member in enumerate(members):
        for sentence in member.sentences:
            bag = _words(sentence, known)
            for group in groups:
                if any(test.alike(bag, other) for _, _, other in group):
                    group.append((rank, sentence, bag))
                    break
            else:
                groups.append([(rank, sentence, bag)])
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


def dedupe_briefing(
    sections: Sequence[Section], known: Mapping[Sentence, frozenset[str]] | None = None
) -> tuple[Section, ...]:
    """Drop every sentence that repeats one shown earlier in the briefing.

    ``known`` gives the word sets of sentences where they are known already.
    """
    bags = {
        id(sentence): _words(sentence, known)
        for section in sections
        for story in section.stories
        for sentence in story.sentences
    }
    shown = NearDuplicates(bags.values())
    out = []
    for section in sections:
        stories = []
        for story in section.stories:
            kept = []
            for sentence in story.sentences:
                bag = bags[id(sentence)]
                if shown.repeats(bag):
                    continue
                shown.add(bag)
                kept.append(sentence)
            if len(kept) != len(story.sentences):
                story = dataclasses.replace(story, sentences=tuple(kept))
            stories.append(story)
        out.append(dataclasses.replace(section, stories=tuple(stories)))
    return tuple(out)


def top_stories(stories: Sequence[Story]) -> tuple[str, ...]:
    """The 3 biggest stories, and up to 2 more when other outlets also tell them."""
    ranked = sorted(stories, key=lambda s: (-s.score, s.title, s.id))
    top = ranked[:TOP_MIN]
    for story in ranked[TOP_MIN:TOP_MAX]:
        if sources(story) < 2:
            break
        top.append(story)
    return tuple(story.id for story in top)
