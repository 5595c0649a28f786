"""Which of the day's articles tell the same event: TF-IDF cosine with average linkage.

Articles are compared only within blocks that share a distinctive term (see
:mod:`briefing.stories.similarity`); two write-ups in different words that share nearly
all their specifics (names, numbers, days) also count as one event. The thresholds are
measured, not guessed: see ``benchmarks/eval_clustering.py``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from briefing.stories.similarity import (
    BLOCK_TERMS,
    MAX_BLOCK,
    TextFeatures,
    Vector,
    cosine,
    shared_specifics,
    specifics,
    term_bag,
)
from briefing.stories.tfidf import TfidfMatrix, sequential_sums

__all__ = ["MERGE_THRESHOLD", "Clusters", "cluster"]

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
#: An article's names (its specifics that are words: capitalised words that do not
#: merely open a sentence) say whom and what it is about, the heaviest by TF-IDF most.
#: Two articles alike in common vocabulary ("sold at auction in Los Angeles on
#: Saturday") where neither names any of the other's NAMES_TOP heaviest names tell two
#: events (two stars' memorabilia): a pair that passes the threshold by less than
#: NAMES_PENALTY loses that much. Of the 2,027 pairs scoring 0.15 or more on the BBC
#: simulated days and real days of benchmarks/eval_clustering.py, no two tellings of
#: one event are that far apart (with the two heaviest names, one rewrite is).
NAMES_TOP = 3
NAMES_PENALTY = 0.3
#: Reports of one event in different words (seven outlets on one interview) share little
#: wording but the same names: a pair of at least NAMES_FLOOR gains NAMES_BONUS when each
#: has NAMES_LEAST names or more, each names the other's heaviest, and the cosine of
#: their names' weights is NAMES_ALIKE or more. On a year of BBC news clustered as one
#: day it joins follow-ups of one saga (Yukos, the LSE bid); on simulated and real days
#: it changes nothing but the interviews it is for.
NAMES_ALIKE = 0.75
NAMES_LEAST = 3
NAMES_FLOOR = 0.2
NAMES_BONUS = 0.25
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
    named: dict[int, _Names] = {}

    def detail(k: int) -> frozenset[str]:
        if k not in details:
            details[k] = specifics(texts[k]) if features is None else features[k].details()
        return details[k]

    def vector(k: int) -> Vector:
        if k not in vectors:
            vectors[k] = matrix.vector(k)
        return vectors[k]

    def names(k: int) -> _Names:
        if k not in named:
            named[k] = _Names.of(vector(k), detail(k))
        return named[k]

    low = min(threshold - SPECIFICS_BONUS, NAMES_FLOOR)
    high = threshold + NAMES_PENALTY

    def adjust(i: int, j: int, value: float) -> float:
        if not low <= value < high:
            return value
        if value >= threshold:
            return value - NAMES_PENALTY if names(i).apart(names(j)) else value
        # Two outlets writing up one event in their own words share few phrases but
        # nearly all of its names, numbers and days.
        if value >= threshold - SPECIFICS_BONUS and (
            shared_specifics(detail(i), detail(j)) >= SPECIFICS_SHARED
        ):
            return value + max(SPECIFICS_BONUS, NAMES_BONUS if names(i).alike(names(j)) else 0)
        if value >= NAMES_FLOOR and names(i).alike(names(j)):
            return value + NAMES_BONUS
        return value

    def similar(i: int, j: int) -> float:
        return adjust(i, j, cosine(vector(i), vector(j)))

    pairs = matrix.candidate_pairs(BLOCK_TERMS, MAX_BLOCK)
    cosines = matrix.cosines(pairs)
    values: list[float] = cosines.tolist()
    near = (cosines >= low) & (cosines < high)
    for k in np.flatnonzero(near).tolist():
        values[k] = adjust(int(pairs[k, 0]), int(pairs[k, 1]), values[k])
    # Pair (i, j), i < j, is keyed i * n + j: a day can have millions of pairs, and an
    # int key takes a third of the memory of a tuple of two.
    keys = pairs[:, 0] * n + pairs[:, 1]
    found = np.array(values, dtype=np.float64)
    # Strongest links first, ties in the order of the pairs (as a stable sort gives).
    strong = np.flatnonzero(found >= threshold)
    edges: list[int] = keys[strong[np.argsort(-found[strong], kind="stable")]].tolist()
    sims: dict[int, float] = dict(zip(keys.tolist(), values, strict=True))
    del cosines, values, keys, found, strong
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
    # Two groups that failed to join fail again until one of them grows: a group's
    # members only grow, so its root and size name what it holds.
    failed: set[tuple[int, int, int, int]] = set()
    for key in edges:
        i, j = divmod(key, n)
        a, b = find(i), find(j)
        if a == b:
            continue
        state = (a, len(members[a]), b, len(members[b]))
        if state in failed:
            continue
        cross = [sim(x, y) for x in members[a] for y in members[b]]
        if sum(cross) / len(cross) < threshold:
            failed.add(state)
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


@dataclass(frozen=True, slots=True)
class _Names:
    """An article's names (its specifics that are words) with their TF-IDF weights."""

    weights: dict[str, float]
    norm: float
    top: frozenset[str]
    first: str

    @classmethod
    def of(cls, vector: Vector, details: frozenset[str]) -> _Names:
        weights = {t: w for t, w in vector.items() if t in details and not t[0].isdigit()}
        heaviest = sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:NAMES_TOP]
        norm = math.sqrt(sum(w * w for w in weights.values()))
        first = heaviest[0][0] if heaviest else ""
        return cls(weights, norm, frozenset(t for t, _ in heaviest), first)

    def apart(self, other: _Names) -> bool:
        """Neither names what the other is most about."""
        if len(self.weights) < 2 or len(other.weights) < 2:
            return False
        return self.top.isdisjoint(other.weights) and other.top.isdisjoint(self.weights)

    def alike(self, other: _Names) -> bool:
        """Both have names enough, each names the other's heaviest, weighted much alike."""
        if min(len(self.weights), len(other.weights)) < NAMES_LEAST:
            return False
        if self.first not in other.weights or other.first not in self.weights:
            return False
        shared = sum(w * other.weights.get(t, 0.0) for t, w in self.weights.items())
        return shared >= NAMES_ALIKE * self.norm * other.norm


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
