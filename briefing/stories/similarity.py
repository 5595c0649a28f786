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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from briefing.models import Story
from briefing.stories.tfidf import TfidfMatrix
from briefing.text.sentences import split_sentences
from briefing.text.terms import sentence_terms, terms_of, word_terms

__all__ = [
    "NearDuplicates",
    "TextFeatures",
    "Vector",
    "bag_vectors",
    "candidate_pairs",
    "cosine",
    "sentence_words",
    "shared_specifics",
    "specifics",
    "story_bags",
    "term_bag",
    "text_features",
    "tfidf_vectors",
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
    of the story's key sentences. Words are kept joined in one string (none holds a
    newline) and counts as bytes: thousands of these travel back from the workers,
    and a few objects each unpickle faster and take less memory than hundreds.
    """

    terms: str
    counts: bytes
    specifics: str
    picked_words: tuple[frozenset[str], ...] = ()

    def bag(self) -> Counter[str]:
        """The term counts, in the order :func:`term_bag` found the terms."""
        if not self.terms:
            return Counter()
        return Counter(dict(zip(self.terms.split("\n"), array("I", self.counts), strict=True)))

    def details(self) -> frozenset[str]:
        """The text's specifics."""
        return frozenset(self.specifics.split("\n")) if self.specifics else frozenset()


def text_features(
    text: str,
    title: str,
    sentences: Sequence[str] | None = None,
    picked: Sequence[int] = (),
    terms: Sequence[Sequence[str]] | None = None,
) -> TextFeatures:
    """The features of one story's text, whose key sentences are at positions ``picked``.

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
    )


def cosine(a: Vector, b: Vector) -> float:
    """The cosine of two unit vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(term, 0.0) for term, w in a.items())


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


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# A capitalised word with a character before it on its line: sentences are joined by
# newlines, which "." does not match, so a word opening a sentence is left out.
_CAPITALISED = re.compile(r"(?<=.)\b[A-Z][a-z]+(?:['’][a-z]+)?\b")


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

    Lookup uses prefix filtering (the rarest words of a sentence, in one global order):
    exact, without comparing every pair.
    """

    def __init__(self, universe: Iterable[frozenset[str]] = (), overlap: float = 0.6) -> None:
        self.overlap = overlap
        self._df: Counter[str] = Counter()
        for words in universe:
            self._df.update(words)
        self._sets: list[frozenset[str]] = []
        self._all: dict[str, list[int]] = defaultdict(list)
        self._prefix: dict[str, list[int]] = defaultdict(list)

    def _ordered(self, words: frozenset[str]) -> list[str]:
        # Rarest first; words never seen in the universe count as rarest of all.
        return sorted(words, key=lambda w: (self._df.get(w, 0), w))

    def _prefix_len(self, size: int) -> int:
        return size - math.ceil(self.overlap * size - 1e-9) + 1

    def repeats(self, words: frozenset[str]) -> bool:
        """Whether a sentence with these words repeats one already added."""
        if not words:
            return False
        ordered = self._ordered(words)
        prefix = ordered[: self._prefix_len(len(words))]
        candidates: set[int] = set()
        for word in prefix:
            candidates.update(self._all.get(word, ()))
        for word in ordered:
            candidates.update(self._prefix.get(word, ()))
        # alike(), inlined: a day's briefing runs it hundreds of thousands of times.
        size, sets, overlap = len(words), self._sets, self.overlap
        for i in candidates:
            other = sets[i]
            shared = len(words & other)
            if (shared >= 3 and shared >= overlap * min(size, len(other))) or words == other:
                return True
        return False

    def alike(self, a: frozenset[str], b: frozenset[str]) -> bool:
        """The overlap test itself."""
        if a == b:
            return True
        shared = len(a & b)
        # Very short sentences need every word in common; two words prove nothing.
        return shared >= 3 and shared >= self.overlap * min(len(a), len(b))

    def add(self, words: frozenset[str]) -> None:
        """Remember a sentence as shown."""
        if not words:
            return
        index = len(self._sets)
        self._sets.append(words)
        ordered = self._ordered(words)
        for word in ordered:
            self._all[word].append(index)
        for word in ordered[: self._prefix_len(len(words))]:
            self._prefix[word].append(index)
