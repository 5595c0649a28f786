"""The editor: what the reader sees first, and how much of it, in a reading budget.

A briefing is read in a few minutes (:data:`WORDS_PER_MINUTE`, headlines and key
sentences counted). The day's stories are taken in order of :func:`priority`, with
each topic's later stories weighed down (:data:`FAIR_SHARE`) so that one busy topic
cannot fill the read; the top stories keep all their key sentences, the next ones two,
the rest one (:func:`allotment`), while they fit in the budget (a quiet day that fits
whole is shown whole). Those are *featured*:
the main read. Every other story stays in the briefing, listed by its headline and
sources under "More from today": nothing of the day is lost.
"""

from __future__ import annotations

import dataclasses
import heapq
import math
from collections.abc import Sequence

from briefing.models import Section, Sentence, Story
from briefing.stories.ranking import sources

__all__ = [
    "FAIR_SHARE",
    "WORDS_PER_MINUTE",
    "allotment",
    "plan_reading",
    "priority",
    "reading_minutes",
]

#: An adult reads news at about this many words a minute.
WORDS_PER_MINUTE = 230
#: Each story a topic already has in the main read multiplies its next one's priority
#: by this: the fourth story of one topic needs about twice the importance of a topic's
#: first.
FAIR_SHARE = 0.8
#: Watched stories rank as if about half an outlet more reported them.
WATCH_BONUS = 0.5
#: A story the history has seen before ranks a little below news of the same weight.
UPDATE_PENALTY = 0.25
#: Stories at these ranks of the read keep up to this many key sentences.
ALLOTMENT = ((3, 3), (10, 2))
#: Below this many words left, the read is full.
LEAST_WORDS = 12


def words(text: str) -> int:
    return len(text.split())


def priority(story: Story) -> float:
    """How much ``story`` deserves the reader's time: its score (independent outlets,
    then centrality and recency, see :func:`~briefing.stories.ranking.importance`),
    the watchlist, and whether it is news or a follow-up. A story told by more
    outlets always comes first: the other terms add less than one outlet."""
    bonus = WATCH_BONUS if story.watch else 0.0
    if story.status == "update":
        bonus -= UPDATE_PENALTY
    return story.score + bonus


def allotment(rank: int, most: int) -> int:
    """How many key sentences the story at ``rank`` (0 first) of the read may keep."""
    for below, count in ALLOTMENT:
        if rank < below:
            return min(most, count)
    return min(most, 1)


def reading_minutes(stories: Sequence[Story]) -> float:
    """Minutes to read ``stories``' headlines and key sentences, to one decimal."""
    total = sum(words(s.title) + sum(words(x.text) for x in s.sentences) for s in stories)
    return round(total / WORDS_PER_MINUTE, 1)


def plan_reading(
    sections: Sequence[Section], minutes: float, most: int = 3
) -> tuple[tuple[Section, ...], float]:
    """``sections`` with each story marked featured or not and the featured ones cut to
    their allotment of key sentences, and the main read's reading time in minutes.

    ``minutes`` of 0 features every story whole. ``most`` is the most key sentences a
    story was given (``--sentences``).
    """
    sections = [_set_aside_stale(section) for section in sections]
    stories = [story for section in sections for story in section.featured]
    if minutes <= 0 or sum(_cost(s) for s in stories) <= minutes * WORDS_PER_MINUTE:
        # No limit, or a quiet day that fits whole: nothing to leave out.
        return tuple(sections), reading_minutes(stories)
    budget = minutes * WORDS_PER_MINUTE
    chosen: dict[int, Story] = {}
    used = 0
    for story in _in_fair_order([s.featured for s in sections]):
        left = budget - used
        if left < LEAST_WORDS:
            break
        if not story.sentences:
            continue  # a headline alone (or an update with nothing new) is listed below
        keep = allotment(len(chosen), most)
        while keep > 0:
            cut = dataclasses.replace(story, sentences=_best(story.sentences, keep))
            cost = _cost(cut)
            if cost <= left or not chosen:
                chosen[id(story)] = cut
                used += cost
                break
            keep -= 1
    out = []
    for section in sections:
        marked = tuple(
            chosen.get(id(story)) or dataclasses.replace(story, featured=False)
            for story in section.stories
        )
        out.append(dataclasses.replace(section, stories=marked))
    return tuple(out), reading_minutes(list(chosen.values()))


def _set_aside_stale(section: Section) -> Section:
    """An update with nothing new is never an item of the main read."""
    if not any(_stale(story) for story in section.stories):
        return section
    marked = tuple(
        dataclasses.replace(story, featured=False) if _stale(story) else story
        for story in section.stories
    )
    return dataclasses.replace(section, stories=marked)


def _stale(story: Story) -> bool:
    return story.status == "update" and not story.sentences


def _cost(story: Story) -> int:
    return words(story.title) + sum(words(s.text) for s in story.sentences)


def _best(sentences: Sequence[Sentence], keep: int) -> tuple[Sentence, ...]:
    """The ``keep`` highest-scoring sentences, in the order they were given."""
    if keep >= len(sentences):
        return tuple(sentences)
    ranked = sorted(range(len(sentences)), key=lambda i: (-sentences[i].score, i))[:keep]
    return tuple(sentences[i] for i in sorted(ranked))


def _in_fair_order(sections: Sequence[Sequence[Story]]) -> list[Story]:
    """Every story, most deserving first, each topic's later stories weighed down."""
    queues = [
        sorted(stories, key=lambda s: (-priority(s), -sources(s), s.title, s.id))
        for stories in sections
    ]
    heap = [
        (-priority(queue[0]), queue[0].title, queue[0].id, index, 0)
        for index, queue in enumerate(queues)
        if queue
    ]
    heapq.heapify(heap)
    order = []
    while heap:
        _, _, _, index, at = heapq.heappop(heap)
        order.append(queues[index][at])
        at += 1
        if at < len(queues[index]):
            story = queues[index][at]
            weight = priority(story) * math.pow(FAIR_SHARE, at)
            heapq.heappush(heap, (-weight, story.title, story.id, index, at))
    return order
