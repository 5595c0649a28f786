"""How alike two texts are: TF-IDF vectors for articles, word sets for sentences.

Everything here is exact and deterministic; the only approximation is *blocking*:
two articles are compared only when they share one of their most distinctive terms,
which keeps a day of thousands of articles far from comparing every pair
(``benchmarks/eval_clustering.py`` measures what blocking misses: nothing above the
merge threshold on the BBC set).
"""

from __future__ import annotations

import itertools
import math
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from briefing.models import Story
from briefing.stories.tfidf import TfidfMatrix, sequential_sums
from briefing.text.sentences import split_sentences
from briefing.text.terms import sentence_terms, terms_of, word_terms

__all__ = [
    "NearDuplicates",
    "TextFeatures",
    "Vector",
    "bag_vectors",
    "best_matches",
    "candidate_pairs",
    "cosine",
    "sentence_words",
    "shared_needed",
    "shared_specifics",
    "specifics",
    "story_bags",
    "term_bag",
    "text_features",
    "tfidf_vectors",
    "unrepeated",
]

#: A sparse unit vector: term -> weight, with the squares of the weights summing to 1.
Vector = dict[str, float]

#: How many of an article's heaviest terms it is indexed under for blocking.
BLOCK_TERMS = 12
#: A term that heads more articles than this says little about which event they tell
#: ("government", "year"); its block is skipped. Copies of one event still share
#: their rarer top terms (names, places, figures).
MAX_BLOCK = 150


def term_bag(
    text: str, title: str | None = None, terms: Sequence[Sequence[str]] | None = None
) -> Counter[str]:
    """How often each term (stemmed content word) occurs in ``text``; a title's count twice.

    ``terms`` are the terms of each of the text's sentences, when known: no term spans
    two sentences, so they are the text's terms, in the same order.
    """
    bag = Counter(sentence_terms(text) if terms is None else itertools.chain.from_iterable(terms))
    if title is not None:
        for term in sentence_terms(title):
            bag[term] += 2
    return bag


def story_bags(
    stories: Sequence[Story], features: Mapping[str, TextFeatures]
) -> list[Counter[str]]:
    """:func:`term_bag` of each story's article texts joined, with the story's title.

    Made from each article's :class:`TextFeatures` (by article id), which the workers
    found where they split the text: only the titles are tokenised here. The counts
    and their order are those of ``term_bag(" ".join(texts), title)``.
    """
    out = []
    for story in stories:
        bag: Counter[str] = Counter()
        for article in story.articles:
            own = features[article.id].bag()
            for term in sentence_terms(article.title, article.language):
                own[term] -= 2
            bag.update({term: count for term, count in own.items() if count > 0})
        for term in sentence_terms(story.title, story.lead.language):
            bag[term] += 2
        out.append(bag)
    return out


def bag_vectors(bags: Sequence[Counter[str]]) -> list[Vector]:
    """Unit TF-IDF vectors of term bags (see :func:`tfidf_vectors`)."""
    matrix = TfidfMatrix.from_bags(bags)
    return [matrix.vector(row) for row in range(len(matrix))]


def tfidf_vectors(texts: Sequence[str], titles: Sequence[str] = ()) -> list[Vector]:
    """Unit TF-IDF vectors of stemmed content words; a title counts twice.

    IDF is smoothed (``log((1 + n) / (1 + df)) + 1``) so that a small day still
    weighs every word, with shared words a little lighter.
    """
    return bag_vectors(
        [
            term_bag(text, titles[index] if index < len(titles) else None)
            for index, text in enumerate(texts)
        ]
    )


@dataclass(frozen=True, slots=True)
class TextFeatures:
    """What the story stage needs of one story's text, worked out where it was split.

    :meth:`bag` is :func:`term_bag` of the text and title, :meth:`details` is
    :func:`specifics` of the text, ``picked_words`` the :func:`sentence_words` of each
    of the story's key sentences, and :meth:`opening_bags` those of its opening
    sentences (what the history fills an update from). Words are kept joined in one
    string (none holds a newline or a space) and counts as bytes: thousands of these
    travel back from the workers, and a few objects each unpickle faster and take less
    memory than hundreds.
    """

    terms: str
    counts: bytes
    specifics: str
    picked_words: tuple[frozenset[str], ...] = ()
    opening_words: str = ""

    def __reduce__(self) -> tuple[Any, ...]:
        # Thousands travel back from the workers. As plain strings rebuilt by the
        # constructor they unpickle several times faster than through the frozen
        # dataclass's __setstate__ and one pickled frozenset per key sentence.
        picked = "\n".join(" ".join(words) for words in self.picked_words)
        return (
            _features,
            (
                self.terms,
                self.counts,
                self.specifics,
                picked,
                len(self.picked_words),
                self.opening_words,
            ),
        )

    def bag(self) -> Counter[str]:
        """The term counts, in the order :func:`term_bag` found the terms."""
        if not self.terms:
            return Counter()
        return Counter(dict(zip(self.terms.split("\n"), array("I", self.counts), strict=True)))

    def details(self) -> frozenset[str]:
        """The text's specifics."""
        return frozenset(self.specifics.split("\n")) if self.specifics else frozenset()

    def opening_bags(self) -> list[frozenset[str]]:
        """The :func:`sentence_words` of each opening sentence, in order."""
        if not self.opening_words:
            return []
        return [frozenset(line.split(" ")) - {""} for line in self.opening_words.split("\n")]


def _features(
    terms: str, counts: bytes, details: str, picked: str, n_picked: int, opening_words: str
) -> TextFeatures:
    """The :class:`TextFeatures` that :meth:`TextFeatures.__reduce__` took apart."""
    picked_words = (
        tuple(frozenset(line.split(" ")) if line else frozenset() for line in picked.split("\n"))
        if n_picked
        else ()
    )
    return TextFeatures(terms, counts, details, picked_words, opening_words)


def text_features(
    text: str,
    title: str,
    sentences: Sequence[str] | None = None,
    picked: Sequence[int] = (),
    terms: Sequence[Sequence[str]] | None = None,
    opening: Sequence[int] = (),
) -> TextFeatures:
    """The features of one story's text, whose key sentences are at positions ``picked``
    and whose opening sentences (for the history) at positions ``opening``.

    ``sentences`` (the text split) and ``terms`` (their terms) spare working them out again.
    """
    split = split_sentences(text) if sentences is None else sentences
    if terms is None:
        terms = terms_of(split)
    bag = term_bag(text, title, terms)
    return TextFeatures(
        "\n".join(bag),
        array("I", bag.values()).tobytes(),
        "\n".join(sorted(specifics(split))),
        tuple(frozenset(terms[p]) for p in picked),
        "\n".join(" ".join(sorted(set(terms[p]))) for p in opening),
    )


def cosine(a: Vector, b: Vector) -> float:
    """The cosine of two unit vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(term, 0.0) for term, w in a.items())


#: How many shared-term products :func:`best_matches` holds at once (memory).
_MATCH_BATCH = 2_000_000


def best_matches(
    queries: Sequence[Vector], others: Sequence[Vector], threshold: float
) -> list[int | None]:
    """For each query, the number of the other vector with the highest cosine, if that is
    at least ``threshold`` (the first such on ties); None when no other is that close.

    Only vectors sharing a term are compared, found through an index of the others'
    terms, and each cosine is the float :func:`cosine` computes: the products of the
    shared terms added in term order, one after another. Every vector's terms must be
    in sorted order, as :func:`bag_vectors` and the history keep them.
    """
    out: list[int | None] = [None] * len(queries)
    if not queries or not others:
        return out
    ids: dict[str, int] = {}
    o_rows, o_cols, o_weights = _entries(others, ids)
    q_rows, q_cols, q_weights = _entries(queries, ids)
    # The index: the others' entries by term, and each query entry's run of them.
    by_term = np.argsort(o_cols, kind="stable")
    o_rows, o_cols, o_weights = o_rows[by_term], o_cols[by_term], o_weights[by_term]
    starts = np.searchsorted(o_cols, q_cols, side="left")
    counts = np.searchsorted(o_cols, q_cols, side="right") - starts
    if len(q_rows) == 0:
        return out
    # Whole queries go in batches of about _MATCH_BATCH products.
    row_starts = np.r_[0, np.flatnonzero(q_rows[1:] != q_rows[:-1]) + 1]
    row_bounds = np.r_[row_starts, len(q_rows)].tolist()
    work = np.add.reduceat(counts, row_starts).tolist()
    n = len(others)
    first, pending = 0, 0
    for row, size in enumerate(work):
        pending += size
        if pending < _MATCH_BATCH and row < len(work) - 1:
            continue
        begin, end = row_bounds[first], row_bounds[row + 1]
        first, pending = row + 1, 0
        sizes = counts[begin:end]
        total = int(sizes.sum())
        if not total:
            continue
        source = np.repeat(np.arange(begin, end), sizes)
        offsets = np.cumsum(sizes) - sizes
        at = starts[source] + np.arange(total) - np.repeat(offsets, sizes)
        keys = q_rows[source] * n + o_rows[at]
        products = q_weights[source] * o_weights[at]
        # By pair; within a pair, in the query's term order (the order of source).
        order = np.argsort(keys, kind="stable")
        keys = keys[order]
        bounds = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1], True])
        sims = sequential_sums(products[order], bounds)
        pairs = keys[bounds[:-1]]
        close = sims >= threshold
        query, other, sims = pairs[close] // n, pairs[close] % n, sims[close]
        best = np.lexsort((other, -sims, query))
        if len(best):
            heads = best[np.r_[True, query[best][1:] != query[best][:-1]]]
            for q, o in zip(query[heads].tolist(), other[heads].tolist(), strict=True):
                out[q] = o
    return out


def _entries(
    vectors: Sequence[Vector], ids: dict[str, int]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    """Rows, term numbers and weights of every entry of ``vectors``, in order."""
    cols = array("q")
    weights = array("d")
    sizes = array("q")
    for vector in vectors:
        cols.extend(ids.setdefault(term, len(ids)) for term in vector)
        weights.extend(vector.values())
        sizes.append(len(vector))
    rows = np.repeat(np.arange(len(vectors), dtype=np.int64), np.frombuffer(sizes, np.int64))
    as_ints = np.frombuffer(cols, np.int64) if cols else np.zeros(0, np.int64)
    as_floats = np.frombuffer(weights, np.float64) if weights else np.zeros(0)
    return rows, as_ints, as_floats


def candidate_pairs(
    vectors: Sequence[Vector], terms: int = BLOCK_TERMS, max_block: int = MAX_BLOCK
) -> list[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, sharing one of their ``terms`` heaviest terms."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, vector in enumerate(vectors):
        top = sorted(vector.items(), key=lambda item: (-item[1], item[0]))[:terms]
        for term, _ in top:
            blocks[term].append(index)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        if len(members) < 2 or len(members) > max_block:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                pairs.add((i, j))
    return sorted(pairs)


# Digits, with single periods or commas between them: r"\d+(?:[.,]\d+)*", written so
# that each step takes one digit (a third faster; the same matches, a test compares).
_NUMBER = re.compile(r"\d(?:[.,]?\d)*")
# A capitalised word with a character before it on its line: sentences are joined by
# newlines, which "." does not match, so a word opening a sentence is left out. Written
# as "(?<=.)\b[A-Z]...": the character before is neither a newline nor (for the \b) a
# word character. Starting with the capital lets the search skip to the capitals
# (2.5 times faster); the look-behind then checks the character before it.
_CAPITALISED = re.compile(r"[A-Z](?<=[^\w\n][A-Z])[a-z]+(?:['’][a-z]+)?\b")


def specifics(text: str | Sequence[str]) -> frozenset[str]:
    """The details that pin an event down: numbers, and capitalised words (names, places,
    days) that do not merely start a sentence; stemmed, lower case.

    ``text`` may be given already split into sentences.
    """
    sentences = split_sentences(text) if isinstance(text, str) else text
    # One search over the sentences joined by newlines finds what a search of each
    # finds: neither pattern matches a newline, and \b sees one as it sees an end. Split
    # sentences hold none (they are folded); other text has its own made spaces first.
    line = "\n".join(sentences)
    if line.count("\n") != max(0, len(sentences) - 1):
        line = "\n".join(s.replace("\n", " ") for s in sentences)
    found = {n.replace(",", "") for n in _NUMBER.findall(line)}
    for word in set(_CAPITALISED.findall(line)):
        found.update(word_terms(word))
    return frozenset(found)


def shared_specifics(a: frozenset[str], b: frozenset[str], least: int = 6) -> float:
    """How many of the smaller set's specifics the other has (0 when either has few)."""
    if min(len(a), len(b)) < least:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def sentence_words(sentence: str) -> frozenset[str]:
    """The stemmed content words of a sentence, as a set."""
    return frozenset(sentence_terms(sentence))


class NearDuplicates:
    """Sentences already shown, and a test for "says that again in other words".

    Two sentences repeat each other when most words of the shorter one are in the
    other: ``|A & B| / min(|A|, |B|) >= overlap``, over stemmed content words. Syndicated
    copies reword a few words and trim clauses; that keeps the overlap high, while two
    different facts about one event share far fewer words.

    This is the definition, each query compared with every sentence shown. The story
    stage asks it of many sentences at once and finds the same answers through an index:
    :func:`unrepeated` for a day's briefing, and the history's index of the sentences
    sent on earlier days.
    """

    #: The share of the smaller set's words that makes two sets alike, unless told.
    OVERLAP = 0.6

    def __init__(self, overlap: float = OVERLAP) -> None:
        self.overlap = overlap
        self._sets: list[frozenset[str]] = []
        self._exact: set[frozenset[str]] = set()

    def repeats(self, words: frozenset[str]) -> bool:
        """Whether a sentence with these words repeats one already added."""
        if not words:
            return False
        if words in self._exact:
            return True
        return any(self.alike(words, other) for other in self._sets)

    def alike(self, a: frozenset[str], b: frozenset[str]) -> bool:
        """The overlap test itself."""
        if a == b:
            return True
        shared = len(a & b)
        # Very short sentences need every word in common; two words prove nothing.
        return shared >= 3 and shared >= self.overlap * min(len(a), len(b))

    def add(self, words: frozenset[str]) -> None:
        """Remember a sentence as shown."""
        if words and words not in self._exact:
            self._sets.append(words)
            self._exact.add(words)


def shared_needed(overlap: float, size: int) -> int:
    """The fewest shared words that make a set of ``size`` words (the smaller) alike by
    :meth:`NearDuplicates.alike`: three, and ``overlap`` of it."""
    return max(3, math.ceil(overlap * size))


def unrepeated(
    bags: Sequence[frozenset[str]], overlap: float = NearDuplicates.OVERLAP
) -> list[bool]:
    """For each word set in order, whether it is kept when each set that repeats one
    kept before it is dropped: what :class:`NearDuplicates` asked and filled set by set
    answers, worked out for all the sets at once.

    The pairs that may be alike are found by prefix filtering (see
    :class:`NearDuplicates`), in NumPy: of two sets of three words or more, the shorter
    (the earlier of two as long) has at least two shared words among its
    ``len - need + 2`` rarest, so only pairs found twice that way are compared. Sets of
    fewer words repeat only their very equals.
    """
    out = [True] * len(bags)
    # The sets long enough to be alike without being equal, and their places.
    places = [k for k, bag in enumerate(bags) if len(bag) >= 3]
    earlier: dict[int, list[int]] = {}
    for x, y in _alike_pairs([bags[k] for k in places], overlap):
        first, later = sorted((places[x], places[y]))
        earlier.setdefault(later, []).append(first)
    shown: set[frozenset[str]] = set()
    for k, bag in enumerate(bags):
        if not bag:
            continue
        if bag in shown or any(out[i] for i in earlier.get(k, ())):
            out[k] = False
        else:
            shown.add(bag)
    return out


def _alike_pairs(sets: Sequence[frozenset[str]], overlap: float) -> list[tuple[int, int]]:
    """Every pair ``(x, y)`` of ``sets`` (of three words or more each) alike by
    :meth:`NearDuplicates.alike`, each once."""
    count = len(sets)
    if count < 2:
        return []
    flat = list(itertools.chain.from_iterable(sets))
    numbers = {w: k for k, w in enumerate(dict.fromkeys(flat))}
    words = np.fromiter(map(numbers.__getitem__, flat), np.int64, len(flat))
    sizes = np.fromiter(map(len, sets), np.int64, count)
    owner = np.repeat(np.arange(count, dtype=np.int64), sizes)
    # Within each set, rarest first (ties by number): the global order of prefix filtering.
    df = np.bincount(words)
    words = words[np.lexsort((words, df[words], owner))]
    starts = np.cumsum(sizes) - sizes
    place = np.arange(len(words)) - starts[owner]
    needs = {size: shared_needed(overlap, size) for size in set(sizes.tolist())}
    need = np.array([needs[size] for size in sizes.tolist()], dtype=np.int64)
    # Sets in order of length, ties by number: a pair is found from its first set's rarest.
    rank = np.empty(count, dtype=np.int64)
    rank[np.lexsort((np.arange(count), sizes))] = np.arange(count)
    # Every entry by word, then by its set's rank: the sets holding a word after one set
    # are the entries that follow that set's own entry of the word.
    by_word = np.argsort(words * count + rank[owner], kind="stable")
    where = np.empty(len(words), dtype=np.int64)
    where[by_word] = np.arange(len(words))
    ends = np.cumsum(np.bincount(words))[words]
    rarest = np.flatnonzero(place < (sizes - need + 2)[owner])
    after = ends[rarest] - where[rarest] - 1
    total = int(after.sum())
    if not total:
        return []
    offsets = np.cumsum(after) - after
    source = np.repeat(rarest, after)
    partner = by_word[
        np.repeat(where[rarest] + 1 - offsets, after) + np.arange(total, dtype=np.int64)
    ]
    keys = np.sort(owner[source] * count + owner[partner])
    # Found twice: a key equal to the one before it (each set holds each word once).
    twice = keys[1:][keys[1:] == keys[:-1]]
    twice = twice[np.r_[True, twice[1:] != twice[:-1]]] if len(twice) else twice
    pairs = []
    for x, y in zip((twice // count).tolist(), (twice % count).tolist(), strict=True):
        a, b = sets[x], sets[y]
        shared = len(a & b)
        if shared >= 3 and shared >= overlap * min(len(a), len(b)):
            pairs.append((x, y))
    return pairs
