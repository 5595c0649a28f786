"""Which of the day's articles tell the same event: TF-IDF cosine with average linkage.

Articles are compared only within blocks that share a distinctive term (see
:mod:`briefing.stories.similarity`); two write-ups in different words that share nearly
all their specifics (names, numbers, days), or the same names, also count as one event,
and two alike in common words whose names differ do not. The thresholds are measured,
not guessed: see ``benchmarks/eval_clustering.py``.

Copies of one text (syndicated articles: equal rows) are compared once, as one unit
weighted by its copies, so the work grows with the distinct texts of a day.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from briefing.stories.similarity import (
    BLOCK_TERMS,
    MAX_BLOCK,
    TextFeatures,
    Vector,
    shared_specifics,
    specifics,
    term_bag,
)
from briefing.stories.tfidf import (
    TermIndex,
    TfidfMatrix,
    sequential_sums,
    sorted_distinct,
    stable_order,
)

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
    index: TermIndex | None = None,
) -> Clusters:
    """Average-link clustering of texts over the pairs that blocking proposes.

    ``features`` (one per text, from :func:`briefing.stories.similarity.text_features`) spare
    tokenising the texts again when the summarise stage has done it; ``index`` reads
    their terms for every matrix of the stage once (see :class:`TermIndex`).
    """
    if features is None:
        matrix = TfidfMatrix.from_bags(
            term_bag(text, titles[i] if i < len(titles) else None) for i, text in enumerate(texts)
        )
    else:
        matrix = TfidfMatrix.from_joined([(f.terms, f.counts) for f in features], index)
    n = len(matrix)
    details: dict[int, frozenset[str]] = {}
    named: dict[int, _Names] = {}

    def detail(k: int) -> frozenset[str]:
        if k not in details:
            details[k] = specifics(texts[k]) if features is None else features[k].details()
        return details[k]

    def names(k: int) -> _Names:
        # The articles of the pairs adjusted have theirs read at once (below); this is
        # for pairs met later, when groups are compared.
        if k not in named:
            named[k] = _Names.of(matrix.vector(k), detail(k))
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

    first = matrix.first_equal()
    pairs = matrix.candidate_pairs(BLOCK_TERMS, MAX_BLOCK, first)
    # Copies of one text (equal rows, equal specifics) are one unit, named by its first
    # row: each pair of units is compared once, however many copies each has. Copies
    # that blocking pairs with anything are paired with each other (their heaviest terms
    # are the same), and their links are the strongest of all, so they would join first.
    unit = _units(first, pairs, features, detail)
    weight = np.bincount(unit, minlength=n)
    lo, hi = unit[pairs[:, 0]], unit[pairs[:, 1]]
    apart = lo != hi
    lo, hi = lo[apart], hi[apart]
    keys = sorted_distinct(np.minimum(lo, hi) * n + np.maximum(lo, hi))
    del lo, hi, apart
    unit_pairs = np.stack([keys // n, keys % n], axis=1)
    cosines = matrix.cosines(unit_pairs, first)
    near = np.flatnonzero((cosines >= low) & (cosines < high))
    values = cosines.copy()
    # Nearly every pair adjusted asks for both articles' names: read them all at once.
    needed = [k for k in sorted_distinct(unit_pairs[near].reshape(-1)).tolist() if k not in named]
    if needed:
        columns = {term: c for c, term in enumerate(matrix.terms)}
        found = _Names.of_rows(matrix, needed, [detail(k) for k in needed], columns)
        named.update(zip(needed, found, strict=True))
    for k, (i, j) in zip(near.tolist(), unit_pairs[near].tolist(), strict=True):
        values[k] = adjust(i, j, float(cosines[k]))
    del cosines, unit_pairs
    # Pairs no blocking proposed, met when two groups are compared (keyed i * n + j).
    later: dict[int, float] = {}

    def sims_of(wanted: np.ndarray) -> np.ndarray:
        """The similarity of each pair of units keyed ``wanted``."""
        at = np.minimum(np.searchsorted(keys, wanted), max(0, len(keys) - 1))
        known = keys[at] == wanted if len(keys) else np.zeros(len(wanted), bool)
        out = np.where(known, values[at] if len(keys) else 0.0, 0.0)
        if not known.all():
            missing = np.flatnonzero(~known)
            new = [k for k in dict.fromkeys(wanted[missing].tolist()) if k not in later]
            if new:
                found = matrix.pair_cosines(np.array([divmod(k, n) for k in new], np.int64))
                for k, value in zip(new, found.tolist(), strict=True):
                    later[k] = adjust(k // n, k % n, value)
            out[missing] = [later[k] for k in wanted[missing].tolist()]
        return out

    # Strongest links first, ties in the order of the pairs (as a stable sort gives).
    strong = np.flatnonzero(values >= threshold)
    edges: list[int] = keys[strong[np.argsort(-values[strong], kind="stable")]].tolist()
    del strong
    parent = list(range(n))
    members: dict[int, list[int]] = {u: [u] for u in sorted_distinct(unit).tolist()}
    size = {u: int(weight[u]) for u in members}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

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
        state = (a, size[a], b, size[b])
        if state in failed:
            continue
        first_units, second_units = np.array(members[a]), np.array(members[b])
        lo = np.minimum.outer(first_units, second_units).ravel()
        hi = np.maximum.outer(first_units, second_units).ravel()
        times = np.multiply.outer(weight[first_units], weight[second_units]).ravel()
        # Each pair of articles counts once: a pair of units as often as it has copies.
        total = math.fsum((sims_of(lo * n + hi) * times).tolist())
        if total / (size[a] * size[b]) < threshold:
            failed.add(state)
            continue
        keep, gone = min(a, b), max(a, b)
        parent[gone] = keep
        members[keep] = sorted(members[keep] + members.pop(gone))
        size[keep] += size.pop(gone)

    group_of = np.empty(n, dtype=np.int64)
    roots = sorted(members)
    for g, root in enumerate(roots):
        group_of[members[root]] = g
    group_of = group_of[unit]
    related = _related(len(roots), group_of, pairs, unit, sims_of, n)
    del pairs
    top = max(related, default=0.0)
    scaled = tuple(r / top if top > 0 else 0.0 for r in related)
    rows: list[list[int]] = [[] for _ in roots]
    for row, g in enumerate(group_of.tolist()):
        rows[g].append(row)
    # Two copies of one text: the similarity of equal rows, as a pair of them gives.
    copied = np.flatnonzero(weight > 1)
    alike = matrix.self_cosines(copied).tolist()
    same = {u: adjust(u, u, value) for u, value in zip(copied.tolist(), alike, strict=True)}
    groups = tuple(_by_centrality(group, unit, matrix.size, sims_of, same, n) for group in rows)
    return Clusters(groups, scaled)


def _units(
    first: np.ndarray,
    pairs: np.ndarray,
    features: Sequence[TextFeatures] | None,
    detail: Callable[[int], frozenset[str]],
) -> np.ndarray:
    """For each row, the first row of its unit: rows blocking pairs with some other row,
    equal to one another in terms and in specifics. Other rows are units of their own."""
    n = len(first)
    unit = np.arange(n, dtype=np.int64)
    paired = np.zeros(n, dtype=bool)
    paired[pairs.reshape(-1)] = True
    copies = np.flatnonzero(paired & (first != unit))
    if not len(copies):
        return unit
    seen: dict[tuple[int, object], int] = {}
    copied = np.zeros(n, dtype=bool)
    copied[first[copies]] = True
    rows = np.flatnonzero(paired & copied[first]).tolist()
    for row in rows:
        spec: object = features[row].specifics if features is not None else detail(row)
        unit[row] = seen.setdefault((int(first[row]), spec), row)
    return unit


@dataclass(frozen=True, slots=True)
class _Names:
    """An article's names (its specifics that are words) with their TF-IDF weights."""

    weights: dict[str, float]
    norm: float
    top: frozenset[str]
    first: str

    @classmethod
    def of(cls, vector: Vector, details: frozenset[str]) -> _Names:
        """The names of an article with this vector and these specifics."""
        return cls.weighted(
            {t: w for t, w in vector.items() if t in details and not t[0].isdigit()}
        )

    @classmethod
    def of_rows(
        cls,
        matrix: TfidfMatrix,
        rows: Sequence[int],
        details: Sequence[frozenset[str]],
        columns: Mapping[str, int],
    ) -> list[_Names]:
        """:meth:`of` each of ``rows`` (distinct) and its details, read from the matrix for
        the details alone (``columns`` gives each term's column) and found together:
        the names' weights looked up, their norms summed and their heaviest ranked in
        NumPy, in the order and with the floats :meth:`weighted` gives."""
        # Each detail's column, -1 for a number or a term of no row (no name of the row).
        every = list(itertools.chain.from_iterable(details))
        looked_up = np.fromiter(
            map(columns.get, every, itertools.repeat(-1)), dtype=np.int64, count=len(every)
        )
        sizes = np.fromiter(map(len, details), dtype=np.int64, count=len(details))
        owners = np.repeat(np.arange(len(details), dtype=np.int64), sizes)
        known = np.flatnonzero(looked_up >= 0)
        owners, wanted = owners[known], looked_up[known]
        names_only = ~_digit_columns(matrix.terms)[wanted]
        owners, wanted = owners[names_only], wanted[names_only]
        width = max(1, len(matrix.terms))
        keys = np.asarray(rows, dtype=np.int64)[owners] * width + wanted
        # Every entry's key, row by row and in column order: ascending.
        entries = np.repeat(np.arange(len(matrix), dtype=np.int64), np.diff(matrix.indptr))
        entries = entries * width + matrix.indices
        at = np.minimum(np.searchsorted(entries, keys), max(0, len(entries) - 1))
        hit = np.flatnonzero(entries[at] == keys) if len(entries) else np.zeros(0, np.int64)
        owner, col = owners[hit], wanted[hit]
        by_column = np.argsort(owner * width + col, kind="stable")
        owner, col, weight = owner[by_column], col[by_column], matrix.data[at[hit][by_column]]
        bounds = np.searchsorted(owner, np.arange(len(rows) + 1))
        norms = np.sqrt(sequential_sums(weight * weight, bounds)).tolist()
        # Heaviest first within each row, ties by column (the term's order).
        heavy = np.lexsort((col, -weight, owner))
        rank = np.arange(len(heavy)) - bounds[owner[heavy]]
        top = heavy[rank < NAMES_TOP]
        terms = list(map(matrix.terms.__getitem__, col.tolist()))
        weights = weight.tolist()
        tops: list[list[str]] = [[] for _ in rows]
        for k, at_top in zip(owner[top].tolist(), top.tolist(), strict=True):
            tops[k].append(terms[at_top])
        out = []
        starts, ends = bounds[:-1].tolist(), bounds[1:].tolist()
        for k, (start, end) in enumerate(zip(starts, ends, strict=True)):
            named = dict(zip(terms[start:end], weights[start:end], strict=True))
            heaviest = tops[k]
            out.append(cls(named, norms[k], frozenset(heaviest), heaviest[0] if heaviest else ""))
        return out

    @classmethod
    def weighted(cls, weights: dict[str, float]) -> _Names:
        """The names of these weights (a vector's names, in its order)."""
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


def _digit_columns(terms: Sequence[str]) -> np.ndarray:
    """Which of the sorted ``terms`` start with a digit (``str.isdigit``): the ASCII
    digits are one run of the sorted terms, and any other digit is past ASCII."""
    flags = np.zeros(len(terms), dtype=bool)
    flags[bisect.bisect_left(terms, "0") : bisect.bisect_left(terms, ":")] = True
    past_ascii = bisect.bisect_left(terms, "\x80")
    flags[past_ascii:] = [term[0].isdigit() for term in terms[past_ascii:]]
    return flags


def _related(
    count: int,
    group_of: np.ndarray,
    pairs: np.ndarray,
    unit: np.ndarray,
    sims_of: Callable[[np.ndarray], np.ndarray],
    n: int,
) -> list[float]:
    """Each of ``count`` groups' summed similarity to articles of other groups, over the
    pairs blocking proposed, added in the order of the pairs."""
    first = group_of[pairs[:, 0]]
    second = group_of[pairs[:, 1]]
    across = np.flatnonzero(first != second)
    lo, hi = unit[pairs[across, 0]], unit[pairs[across, 1]]
    wanted = np.minimum(lo, hi) * n + np.maximum(lo, hi)
    values = sims_of(wanted) if len(across) else np.zeros(0)
    # Each pair across two groups adds its similarity to both, one pair after another.
    groups = np.stack([first[across], second[across]], axis=1).reshape(-1)
    order = stable_order(groups, count)
    added = np.repeat(values, 2)[order]
    groups = groups[order]
    related = np.zeros(count)
    if len(groups):
        bounds = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1], True])
        related[groups[bounds[:-1]]] = sequential_sums(added, bounds)
    out: list[float] = related.tolist()
    return out


#: Centrality sums at most this many similarities at once (memory).
_CENTRAL_BATCH = 4_000_000


def _by_centrality(
    group: list[int],
    unit: np.ndarray,
    size: Callable[[int], int],
    sims_of: Callable[[np.ndarray], np.ndarray],
    same: Mapping[int, float],
    n: int,
) -> tuple[int, ...]:
    if len(group) == 1:
        return (group[0],)
    # Each article's mean similarity to the others, added in the group's order.
    count = len(group)
    if count <= _SMALL_GROUP:
        mean = _small_means(group, unit, sims_of, same, n)
    else:
        mean = _means(group, unit, sims_of, same, n)
    # Copies of one story are all close to each other, and a trimmed copy is the closest
    # to all; among those within CENTRAL_SLACK of the most central, the fullest text
    # leads (it is the original more often than not). Ties go to input order.
    best = max(mean.values())
    lead = min((i for i in group if mean[i] >= best - CENTRAL_SLACK), key=lambda i: (-size(i), i))
    rest = sorted((i for i in group if i != lead), key=lambda i: (-round(mean[i], 9), i))
    return (lead, *rest)


#: Groups up to this many articles have their centrality summed in plain Python: the
#: same floats (added in the same order) without NumPy's cost per call, most groups
#: being of two or three articles.
_SMALL_GROUP = 24


def _small_means(
    group: list[int],
    unit: np.ndarray,
    sims_of: Callable[[np.ndarray], np.ndarray],
    same: Mapping[int, float],
    n: int,
) -> dict[int, float]:
    """:func:`_means` added one float at a time, as it adds them."""
    count = len(group)
    units: list[int] = unit[group].tolist()
    kinds = sorted(set(units))
    where = {u: k for k, u in enumerate(kinds)}
    table = [[0.0] * len(kinds) for _ in kinds]
    if len(kinds) > 1:
        ends = list(itertools.combinations(range(len(kinds)), 2))
        keys = np.array([kinds[lo] * n + kinds[hi] for lo, hi in ends], dtype=np.int64)
        for (lo, hi), value in zip(ends, sims_of(keys).tolist(), strict=True):
            table[lo][hi] = table[hi][lo] = value
    for k, u in enumerate(kinds):
        table[k][k] = same.get(u, 0.0)
    which = [where[u] for u in units]
    mean: dict[int, float] = {}
    for i, article in enumerate(group):
        row = table[which[i]]
        total = 0.0
        for j in range(count):
            if j != i:
                total += row[which[j]]
        mean[article] = total / (count - 1)
    return mean


def _means(
    group: list[int],
    unit: np.ndarray,
    sims_of: Callable[[np.ndarray], np.ndarray],
    same: Mapping[int, float],
    n: int,
) -> dict[int, float]:
    """Each article's mean similarity to the others of its group (two or more), added
    in the group's order."""
    count = len(group)
    units = unit[group]
    kinds, which = np.unique(units, return_inverse=True)
    table = np.zeros((len(kinds), len(kinds)))
    if len(kinds) > 1:
        lo, hi = np.triu_indices(len(kinds), 1)
        table[lo, hi] = table[hi, lo] = sims_of(kinds[lo] * n + kinds[hi])
    for k, u in enumerate(kinds.tolist()):
        table[k, k] = same.get(u, 0.0)
    sums = np.empty(count)
    step = max(1, _CENTRAL_BATCH // count)
    others = np.arange(count)
    for begin in range(0, count, step):
        mine = np.arange(begin, min(count, begin + step))
        # Row r of the block: the others of article mine[r], in the group's order.
        keep = others[None, :] != mine[:, None]
        block = table[which[mine][:, None], which[None, :]][keep]
        bounds = np.arange(0, len(block) + 1, count - 1)
        sums[mine] = sequential_sums(block, bounds)
    return dict(zip(group, (sums / (count - 1)).tolist(), strict=True))
