"""TF-IDF vectors of a whole day as one sparse matrix, in NumPy.

:class:`TfidfMatrix` holds what :func:`briefing.stories.similarity.tfidf_vectors` returns, as
compressed rows (terms in sorted order), and computes cosines and blocking for many
pairs at once. Every float is the very float the one-pair code in
:mod:`briefing.stories.similarity` computes, not merely a close one: a story stage that
rounded differently could order two stories differently. Three facts make that
possible: NumPy's element-wise ``*``, ``/`` and ``sqrt`` round as Python's do; the
logarithms are taken with :func:`math.log`, once per distinct count; and sums are
added one term at a time in Python's order (:func:`sequential_sums`), never with
NumPy's pairwise summation.
"""

from __future__ import annotations

import itertools
import math
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "TermIndex",
    "TfidfMatrix",
    "block_pairs",
    "sequential_sums",
    "sorted_distinct",
    "stable_order",
]

Ints = NDArray[np.int64]
Floats = NDArray[np.float64]

#: Cosines are summed for this many entries of the second rows at a time (memory).
_BATCH = 4_000_000


class TermIndex:
    """Rows of terms as :class:`~briefing.stories.similarity.TextFeatures` keep them
    (one string, a term a line), each read once and numbered, for every matrix of one
    story stage: the articles' matrix for clustering and the stories' for the history
    hold mostly the same rows (a story of one article is its article's row).
    """

    def __init__(self) -> None:
        # A term not seen before is given the next number as it is looked up: one pass
        # over a day's terms, in C, numbers them and reads their numbers.
        self.numbers: defaultdict[str, int] = defaultdict(itertools.count().__next__)
        self._rows: dict[str, Ints] = {}
        self._by_term: tuple[tuple[str, ...], Ints] | None = None

    def ids(self, rows: Sequence[str]) -> list[Ints]:
        """The numbers of each row's terms, in its order; rows not read before are read
        together, their new terms numbered in order of first sight."""
        new = [terms for terms in dict.fromkeys(rows) if terms and terms not in self._rows]
        if new:
            every = "\n".join(new).split("\n")
            ids = np.fromiter(map(self.numbers.__getitem__, every), np.int64, len(every))
            ends = np.cumsum([terms.count("\n") + 1 for terms in new])
            for terms, part in zip(new, np.split(ids, ends[:-1]), strict=True):
                self._rows[terms] = part
        empty = np.zeros(0, np.int64)
        return [self._rows[terms] if terms else empty for terms in rows]

    def by_term(self) -> tuple[tuple[str, ...], Ints]:
        """The terms read so far in sorted order, and the column of each number in it
        (worked out again only when terms were added)."""
        if self._by_term is None or len(self._by_term[0]) != len(self.numbers):
            self._by_term = _by_term(list(self.numbers))
        return self._by_term


@dataclass(frozen=True, slots=True)
class TfidfMatrix:
    """Unit TF-IDF rows: row ``i`` has terms ``terms[indices[indptr[i]:indptr[i + 1]]]``.

    ``terms`` is sorted, and so are the indices within each row, which is the order
    of the dictionaries :func:`briefing.stories.similarity.tfidf_vectors` returns.
    """

    terms: tuple[str, ...]
    indptr: Ints
    indices: Ints
    data: Floats

    @classmethod
    def from_bags(cls, bags: Iterable[Mapping[str, int]]) -> TfidfMatrix:
        """The matrix of term counts ``bags`` (see :func:`briefing.stories.similarity.term_bag`).

        The bags are read once, in order, so they may be made one at a time.
        """
        first_seen: dict[str, int] = {}
        # Arrays, not lists: a day of many articles has millions of entries.
        ids = array("q")
        tfs = array("q")
        sizes = array("q")
        for bag in bags:
            ids.extend(first_seen.setdefault(term, len(first_seen)) for term in bag)
            tfs.extend(bag.values())
            sizes.append(len(bag))
        return cls._from_ids(list(first_seen), _int64(ids), _int64(tfs), _int64(sizes))

    @classmethod
    def from_joined(
        cls, rows: Sequence[tuple[str, bytes]], index: TermIndex | None = None
    ) -> TfidfMatrix:
        """The matrix of bags given as :class:`~briefing.stories.similarity.TextFeatures` keep them:
        each row's terms in one string, one per line, and its counts as the bytes of an
        ``array("I")``. Equal to :meth:`from_bags` of the same bags, without a
        dictionary per row. With ``index``, rows it has read already are not read again
        (its terms are the matrix's, those of no row with no entry: the same vectors).
        """
        if index is None:
            index = TermIndex()
        pieces = index.ids([terms for terms, _ in rows])
        ids = np.concatenate(pieces) if pieces else np.zeros(0, np.int64)
        counts = b"".join(counts for _, counts in rows)
        tfs = np.frombuffer(counts, dtype=np.dtype("I")).astype(np.int64)
        if len(tfs) != len(ids):
            raise ValueError("every term needs one count")
        sizes = np.array([len(piece) for piece in pieces], np.int64)
        return cls._from_ids([], ids, tfs, sizes, index.by_term())

    @classmethod
    def from_ids(cls, terms: list[str], ids: Ints, counts: Ints, lengths: Ints) -> TfidfMatrix:
        """The matrix of rows of ``lengths[i]`` entries each: term ``terms[ids[k]]``,
        counted ``counts[k]`` times (as :attr:`TermIndex.numbers` numbers the terms)."""
        return cls._from_ids(terms, ids, counts, lengths)

    @classmethod
    def _from_ids(
        cls,
        seen: list[str],
        ids: Ints,
        counts: Ints,
        lengths: Ints,
        by_term: tuple[tuple[str, ...], Ints] | None = None,
    ) -> TfidfMatrix:
        """The matrix of rows of ``lengths[i]`` entries each: term ``seen[ids[k]]``,
        counted ``counts[k]`` times (terms numbered in order of first sight).
        ``by_term`` is :func:`_by_term` of ``seen``, when known."""
        n = len(lengths)
        terms, column = _by_term(seen) if by_term is None else by_term
        cols = column[ids]
        total = len(ids)
        rows = np.repeat(np.arange(n, dtype=np.int64), lengths)
        df = np.bincount(cols, minlength=len(terms))
        # (1 + log tf) * idf, with idf = log((1 + n) / (1 + df)) + 1: each log once, by math.
        tf_weight = _table(counts, lambda tf: 1.0 + math.log(tf))
        idf = _table(df, lambda count: math.log((1 + n) / (1 + count)) + 1.0)
        weights = tf_weight * idf[cols]
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        # The norm adds the squares in the bag's order, as Python's sum() does.
        norms = np.sqrt(sequential_sums(weights * weights, indptr))
        data = weights / norms[rows] if total else weights
        # Each row's entries by column: one sort of a single key (pairs are distinct) is
        # several times faster than np.lexsort of two.
        order = np.argsort(rows * max(1, len(terms)) + cols, kind="stable")
        return cls(terms, indptr, cols[order], data[order])

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def size(self, row: int) -> int:
        """How many terms row ``row`` has."""
        return int(self.indptr[row + 1] - self.indptr[row])

    def vector(self, row: int) -> dict[str, float]:
        """Row ``row`` as a dictionary, terms in sorted order."""
        start, end = int(self.indptr[row]), int(self.indptr[row + 1])
        terms = self.terms
        return {
            terms[c]: w
            for c, w in zip(
                self.indices[start:end].tolist(), self.data[start:end].tolist(), strict=True
            )
        }

    def cosines(self, pairs: Ints, first: Ints | None = None) -> Floats:
        """The cosine of each pair of rows (an array of shape ``(k, 2)``).

        Rows sharing no term give 0. Copies of one text (syndicated articles) have
        equal rows, and equal rows give equal floats: each pair of distinct rows is
        computed once. ``first`` is :meth:`first_equal`, when known.
        """
        if len(pairs) == 0:
            return np.zeros(0)
        if first is None:
            first = self.first_equal()
        ends = first[pairs]
        low, high = np.minimum(ends[:, 0], ends[:, 1]), np.maximum(ends[:, 0], ends[:, 1])
        keys = low * len(self) + high
        order = np.argsort(keys, kind="stable")
        ordered = keys[order]
        distinct = np.r_[True, ordered[1:] != ordered[:-1]]
        which = np.empty(len(keys), dtype=np.int64)
        which[order] = np.cumsum(distinct) - 1
        chosen = order[distinct]
        values: Floats = self._cosines(np.stack([low[chosen], high[chosen]], axis=1))[which]
        return values

    def pair_cosines(self, pairs: Ints) -> Floats:
        """The cosine of each pair of rows, each pair computed (no copies sought)."""
        return self._cosines(pairs)

    def self_cosines(self, rows: Ints) -> Floats:
        """The cosine of each of ``rows`` with itself, as :meth:`pair_cosines` of the pair
        ``(row, row)`` adds it: the squares of its weights in term order."""
        sizes = np.diff(self.indptr)[rows]
        offsets = np.cumsum(sizes) - sizes
        total = int(sizes.sum())
        entries = np.arange(total) + np.repeat(self.indptr[rows] - offsets, sizes)
        weights = self.data[entries]
        return sequential_sums(weights * weights, np.r_[offsets, total])

    def first_equal(self) -> Ints:
        """For each row, the first row equal to it."""
        first: dict[tuple[bytes, bytes], int] = {}
        out = np.empty(len(self), dtype=np.int64)
        starts, ends = self.indptr[:-1].tolist(), self.indptr[1:].tolist()
        for row, (start, end) in enumerate(zip(starts, ends, strict=True)):
            key = (self.indices[start:end].tobytes(), self.data[start:end].tobytes())
            out[row] = first.setdefault(key, row)
        return out

    def _cosines(self, pairs: Ints) -> Floats:
        """Cosines of pairs computed one by one: of each pair, the row with more terms is
        spread into a dense array and the other's terms are looked up in it (in term
        order, as the one-pair code adds them); pairs are taken by their longer row."""
        out = np.zeros(len(pairs))
        if len(pairs) == 0:
            return out
        lengths = np.diff(self.indptr)
        swap = lengths[pairs[:, 1]] > lengths[pairs[:, 0]]
        longer = np.where(swap, pairs[:, 1], pairs[:, 0])
        shorter = np.where(swap, pairs[:, 0], pairs[:, 1])
        order = stable_order(longer, len(self))
        longer, shorter = longer[order], shorter[order]
        dense = np.zeros(len(self.terms))
        found_pairs: list[Ints] = []
        found_values: list[Floats] = []
        pending = 0
        starts = np.flatnonzero(np.r_[True, longer[1:] != longer[:-1]])
        ends = np.r_[starts[1:], len(longer)]
        for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
            i = int(longer[start])
            own = slice(int(self.indptr[i]), int(self.indptr[i + 1]))
            dense[self.indices[own]] = self.data[own]
            others = shorter[start:end]
            begin = self.indptr[others]
            sizes = lengths[others]
            offsets = np.cumsum(sizes) - sizes
            entries = np.arange(int(offsets[-1] + sizes[-1])) + np.repeat(begin - offsets, sizes)
            products = dense[self.indices[entries]] * self.data[entries]
            shared = products != 0.0
            found_pairs.append(np.repeat(order[start:end], sizes)[shared])
            found_values.append(products[shared])
            dense[self.indices[own]] = 0.0
            pending += len(entries)
            if pending > _BATCH:
                _add_found(out, found_pairs, found_values)
                pending = 0
        _add_found(out, found_pairs, found_values)
        return out

    def candidate_pairs(self, terms: int, max_block: int, first: Ints | None = None) -> Ints:
        """Sorted pairs ``(i, j)``, ``i < j``, sharing one of their ``terms`` heaviest terms.

        Ties in weight go to the term first in sorted order. A term heading more than
        ``max_block`` rows proposes no pair. ``first`` is :meth:`first_equal`, when known.
        """
        cols, rows = self.top_terms(terms, first)
        return block_pairs(cols, rows, len(self), max_block)

    def top_terms(self, terms: int, first: Ints | None = None) -> tuple[Ints, Ints]:
        """The ``terms`` heaviest terms of each row (ties to the first in sorted order), as
        ``(term, row)`` entries: the blocking keys of each row, by row.

        With ``first`` (:meth:`first_equal`), the terms of each row are found once for
        all rows equal to it (copies of one text).
        """
        n = len(self)
        lengths = np.diff(self.indptr)
        distinct = (
            np.arange(n, dtype=np.int64) if first is None else np.flatnonzero(first == np.arange(n))
        )
        # The entries of the distinct rows, in row and term order.
        sizes = lengths[distinct]
        offsets = np.cumsum(sizes) - sizes
        entries = np.arange(int(sizes.sum())) + np.repeat(self.indptr[distinct] - offsets, sizes)
        rows = np.repeat(np.arange(len(distinct), dtype=np.int64), sizes)
        weights = self.data[entries]
        heavy = _heavy(weights, rows, sizes, terms)
        if heavy is not None:
            entries, rows, weights = entries[heavy], rows[heavy], weights[heavy]
            sizes = np.bincount(rows, minlength=len(distinct))
            offsets = np.cumsum(sizes) - sizes
        # By row, heaviest first, ties by term: the entries are in row and term order
        # already, so two stable sorts (by weight, then by row) keep ties by term.
        by_weight = np.argsort(-weights, kind="stable")
        order = by_weight[stable_order(rows[by_weight], len(distinct))]
        rank = np.arange(len(order)) - offsets[rows[order]]
        top = order[rank < terms]
        cols, owners = self.indices[entries[top]], distinct[rows[top]]
        if first is None or len(distinct) == n:
            return cols, owners
        # Each row takes the terms of the first row equal to it.
        position = np.empty(n, dtype=np.int64)
        position[distinct] = np.arange(len(distinct))
        counts = np.bincount(rows[top], minlength=len(distinct))
        starts = np.cumsum(counts) - counts
        source = position[first]
        taken = counts[source]
        at = np.arange(int(taken.sum())) + np.repeat(
            starts[source] - (np.cumsum(taken) - taken), taken
        )
        return cols[at], np.repeat(np.arange(n, dtype=np.int64), taken)


#: A row's heaviest terms weigh at least this share of its heaviest, nearly always.
_HEAVY_SHARE = 0.3


def _heavy(weights: Floats, rows: Ints, sizes: Ints, terms: int) -> NDArray[np.bool_] | None:
    """Which entries (of rows ``sizes[r]`` long, consecutive) may be among their row's
    ``terms`` heaviest: those of at least :data:`_HEAVY_SHARE` of the row's heaviest,
    in a row with ``terms`` such entries or more, and every entry of the other rows.
    None when that leaves too many for the sort it saves.

    Where ``terms`` entries weigh that much, the ``terms`` heaviest (and every entry as
    heavy as one of them) do too: the entries left out are lighter than all of them.
    """
    nonempty = np.flatnonzero(sizes)
    if len(weights) < 4 * terms * max(1, len(nonempty)):
        return None
    heaviest = np.zeros(len(sizes))
    heaviest[nonempty] = np.maximum.reduceat(weights, (np.cumsum(sizes) - sizes)[nonempty])
    keep = weights >= (heaviest * _HEAVY_SHARE)[rows]
    short = np.bincount(rows[keep], minlength=len(sizes)) < terms
    keep |= short[rows]
    return keep


def stable_order(values: Ints, bound: int) -> Ints:
    """``np.argsort(values, kind="stable")`` of values in ``[0, bound)``: with ``bound`` up
    to 2**16, through NumPy's radix sort of 16-bit keys (the same order, several times
    faster than its merge sort of 64-bit ones)."""
    if bound <= 1 << 16:
        return np.argsort(values.astype(np.uint16), kind="stable")
    order: Ints = np.argsort(values, kind="stable")
    return order


def block_pairs(keys: Ints, rows: Ints, n: int, max_block: int) -> Ints:
    """Sorted pairs ``(i, j)``, ``i < j``, of rows (of ``n``) that share a blocking key,
    from ``(keys[k], rows[k])`` entries; a key of more than ``max_block`` rows proposes none.
    """
    # Each key's block: the rows it heads, in row order.
    by_key = np.argsort(keys * max(1, n) + rows, kind="stable")
    members, cols = rows[by_key], keys[by_key]
    bounds = np.flatnonzero(np.r_[True, cols[1:] != cols[:-1], True])
    sizes = np.diff(bounds)
    block = np.repeat(np.arange(len(sizes)), sizes)
    local = np.arange(len(members)) - bounds[:-1][block]
    usable = (sizes >= 2) & (sizes <= max_block)
    # Each member pairs with every later member of its block.
    later = np.where(usable[block], sizes[block] - 1 - local, 0)
    source = np.repeat(np.arange(len(members)), later)
    offsets = np.cumsum(later) - later
    partner = source + 1 + np.arange(len(source)) - np.repeat(offsets, later)
    unique = sorted_distinct(members[source] * n + members[partner])
    return np.stack([unique // n, unique % n], axis=1)


def sorted_distinct(values: Ints) -> Ints:
    """``np.unique(values)``: sorting and dropping repeats is several times faster (NumPy 2)."""
    found = np.sort(values)
    if len(found) < 2:
        return found
    kept: Ints = found[np.r_[True, found[1:] != found[:-1]]]
    return kept


def _by_term(seen: list[str]) -> tuple[tuple[str, ...], Ints]:
    """Terms numbered in order of first sight (all distinct), in sorted order, and the
    column of each number: ``terms[column[k]] == seen[k]``."""
    order = sorted(range(len(seen)), key=seen.__getitem__)
    column = np.empty(len(seen), dtype=np.int64)
    column[order] = np.arange(len(seen), dtype=np.int64)
    return tuple(map(seen.__getitem__, order)), column


def _int64(values: array[int]) -> Ints:
    return np.frombuffer(values, dtype=np.int64) if values else np.zeros(0, np.int64)


def _table(values: Ints, function: Callable[[int], float]) -> Floats:
    """``function`` of each value (small non-negative integers), once per distinct value."""
    if len(values) == 0:
        return np.zeros(0)
    table = np.zeros(int(values.max()) + 1)
    distinct = np.flatnonzero(np.bincount(values))
    table[distinct] = [function(v) for v in distinct.tolist()]
    looked_up: Floats = table[values]
    return looked_up


def _add_found(out: Floats, pairs: list[Ints], values: list[Floats]) -> None:
    """Sum each pair's products into ``out``, in order, then forget them."""
    which = np.concatenate(pairs) if pairs else np.zeros(0, dtype=np.int64)
    if len(which):
        products = np.concatenate(values)
        # Entries of one pair are consecutive (grouped by pair, in term order).
        starts = np.flatnonzero(np.r_[True, which[1:] != which[:-1]])
        bounds = np.r_[starts, len(which)]
        out[which[starts]] = sequential_sums(products, bounds)
    pairs.clear()
    values.clear()


def sequential_sums(values: Floats, bounds: Ints) -> Floats:
    """``sum(values[bounds[k]:bounds[k + 1]])`` for every ``k``, added left to right.

    NumPy's own sums add in a tree, which rounds differently from Python's ``sum``;
    here the k-th values of every run are added in one step, for k = 0, 1, 2, ...
    """
    lengths = np.diff(bounds)
    totals = np.zeros(len(lengths))
    if len(lengths) == 0:
        return totals
    by_length = np.argsort(-lengths, kind="stable")
    starts = bounds[:-1][by_length]
    # The runs still going at step k are a prefix of the runs sorted longest first.
    steps = np.arange(int(lengths.max()))
    going = np.searchsorted(-lengths[by_length], -steps, side="left").tolist()
    sums = np.zeros(len(lengths))
    for k, count in zip(steps.tolist(), going, strict=True):
        sums[:count] += values[starts[:count] + k]
    totals[by_length] = sums
    return totals
