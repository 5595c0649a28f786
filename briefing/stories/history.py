"""What earlier briefings said, in SQLite: new stories, updates, and nothing sent twice.

A story is an *update* when it shares an article with a story of an earlier day, or
its text is close enough to one (:data:`FOLLOW_THRESHOLD`); it then shows only what is
new. A sentence already sent on an earlier day is never sent again. Only days before
the briefing's day are consulted and a day's own records are replaced when it is
built again, so re-running a day gives the same briefing.

The database lives in the output folder (``history.sqlite3``) unless
``history_path`` says otherwise.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import itertools
import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import numpy as np

from briefing.config.settings import Settings
from briefing.errors import HistoryError
from briefing.models import Article, Briefing, Length, Sentence, Story, Thread, word_count
from briefing.stories.ranking import RECENCY_WEIGHT
from briefing.stories.similarity import (
    TextFeatures,
    Vector,
    best_matches,
    sentence_words,
    shared_needed,
    term_bag,
)
from briefing.stories.tfidf import (
    Floats,
    Ints,
    TermIndex,
    TfidfMatrix,
    sequential_sums,
    stable_order,
)
from briefing.text.terms import sentence_terms

__all__ = ["FILE_NAME", "FOLLOW_THRESHOLD", "LOOKBACK_DAYS", "History", "open_history"]

#: The sentences a story tells, and the words of each.
_Told = tuple[tuple[Sentence, ...], tuple[frozenset[str], ...]]
#: Work started on another core; what it returns gives its result (workers.beside).
Beside = Callable[[Callable[[], list[_Told]]], Callable[[], list[_Told]]]

FILE_NAME = "history.sqlite3"
#: A story continues an earlier one when their texts' cosine is at least this.
#: Lower than the merge threshold (a follow-up reports new facts in other words);
#: measured on HuffPost days by benchmarks/eval_history.py.
FOLLOW_THRESHOLD = 0.4
#: A day with this many updates has its later stories' news found on another core.
BESIDE_UPDATES = 200
#: How many days back a story can be followed.
LOOKBACK_DAYS = 14
_TERMS = 40
#: An update with nothing new has its score divided by this (scores start at 1 per source).
STALE_DIVISOR = 100

_SCHEMA = """
CREATE TABLE IF NOT EXISTS stories (
    day TEXT NOT NULL, story TEXT NOT NULL, thread TEXT NOT NULL, first_seen TEXT NOT NULL,
    title TEXT NOT NULL, terms TEXT NOT NULL, PRIMARY KEY (day, story));
CREATE TABLE IF NOT EXISTS articles (day TEXT NOT NULL, story TEXT NOT NULL, key TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sentences (
    day TEXT NOT NULL, story TEXT NOT NULL, text TEXT NOT NULL, words TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS articles_key ON articles (key);
CREATE INDEX IF NOT EXISTS sentences_day ON sentences (day);
CREATE INDEX IF NOT EXISTS articles_day ON articles (day);
"""


def article_key(article: Article) -> str:
    """What identifies an article from one day to the next: its URL, else its id."""
    return article.url or "id:" + article.id


def story_vectors(bags: Sequence[Counter[str]]) -> list[Vector]:
    """Each story's heaviest terms, as a unit vector, to compare with other days.

    ``bags`` are the stories' term bags (:func:`~briefing.stories.similarity.story_bags`).
    Of each row of their TF-IDF matrix, the :data:`_TERMS` heaviest (ties by term) are
    scaled to unit length, their squares added heaviest first, and rounded to 6 places;
    all rows at once, every float the one a loop over each vector's items computes.
    """
    return _top_vectors(TfidfMatrix.from_bags(bags))


def _top_vectors(matrix: TfidfMatrix) -> list[Vector]:
    """:func:`story_vectors` of the stories' TF-IDF matrix."""
    lengths = np.diff(matrix.indptr)
    rows = np.repeat(np.arange(len(matrix), dtype=np.int64), lengths)
    # By row, heaviest first, ties by term (the entries are in term order already).
    by_weight = np.argsort(-matrix.data, kind="stable")
    order = by_weight[stable_order(rows[by_weight], len(matrix))]
    rank = np.arange(len(order)) - matrix.indptr[rows[order]]
    top = order[rank < _TERMS]
    weights = matrix.data[top]
    bounds = np.r_[0, np.cumsum(np.minimum(lengths, _TERMS))]
    # A float's ** 0.5 in Python, as the loop took it (not np.sqrt).
    norms = [total**0.5 or 1.0 for total in sequential_sums(weights * weights, bounds).tolist()]
    scaled = weights / np.repeat(np.array(norms), np.diff(bounds))
    # Each vector's terms in sorted order: the order of the entries kept, in the matrix.
    chosen = np.zeros(len(order), dtype=bool)
    chosen[top] = True
    at = np.flatnonzero(chosen)
    spread = np.zeros(len(order))
    spread[top] = scaled
    values = _rounded(spread[at])
    terms = list(map(matrix.terms.__getitem__, matrix.indices[at].tolist()))
    ends = bounds.tolist()
    return [
        dict(zip(terms[start:end], values[start:end], strict=True))
        for start, end in itertools.pairwise(ends)
    ]


def _rounded(values: Floats) -> list[float]:
    """``round(value, 6)`` of each value: the very floats Python's round gives.

    Python rounds ``x * 10**6`` (exactly, half to even) to an integer ``k`` and returns
    the float nearest ``k / 10**6``. ``np.rint(x * 1e6) / 1e6`` is that float whenever the
    product, itself rounded, gives the same ``k``: everywhere but where ``x * 10**6`` is
    within a millionth of a half (or too large for its rounding to be that small). Those
    few are left to Python.
    """
    scaled = values * 1e6
    out = np.rint(scaled) / 1e6
    doubt = np.abs(np.abs(scaled - np.trunc(scaled)) - 0.5) < 1e-6
    doubt |= ~(np.abs(scaled) < 2.0**31)
    found: list[float] = out.tolist()
    for n in np.flatnonzero(doubt).tolist():
        found[n] = round(float(values[n]), 6)
    return found


def _story_matrix(
    stories: Sequence[Story], features: Mapping[str, TextFeatures], index: TermIndex | None
) -> TfidfMatrix:
    """The TF-IDF matrix of :func:`~briefing.stories.similarity.story_bags`, from the
    workers' features: the same terms, counts and order in each row.

    A story of one article has the article's own bag, as the workers found it: its
    text's terms in order, then the title's, which take the same place and count again
    when the title is taken away and put back. Only stories of several articles are
    added up: each article's bag without its title (the terms left with a count above
    zero), then the story's title, a term taking the place where the story first has
    it. That is done for all of them at once, by term number (``index``, where
    clustering has read the articles' terms already; each title's terms found once).
    """
    index = TermIndex() if index is None else index
    articles = [article for story in stories for article in story.articles]
    found = [features[article.id] for article in articles]
    pieces = index.ids([f.terms for f in found])
    counts = np.frombuffer(b"".join(f.counts for f in found), np.dtype("I")).astype(np.int64)
    sizes = np.array([len(piece) for piece in pieces], np.int64)
    if len(counts) != int(sizes.sum()):
        raise ValueError("every term needs one count")
    ends = np.cumsum(sizes).tolist()
    story_sizes = [len(story.articles) for story in stories]
    several = [n for n, size in enumerate(story_sizes) if size > 1]
    if not several:
        ids = np.concatenate(pieces) if pieces else np.zeros(0, np.int64)
        return TfidfMatrix.from_ids(list(index.numbers), ids, counts, sizes)
    numbers = index.numbers
    titles: dict[tuple[str, str | None], list[str]] = {}

    def title_terms(title: str, language: str | None) -> list[str]:
        terms = titles.get((title, language))
        if terms is None:
            terms = titles[title, language] = sentence_terms(title, language)
        return terms

    # The entries of the articles of the stories of several articles, the j-th such
    # article numbered j, and the numbers of its title's terms (as often as it has them;
    # a term of no text is in no bag).
    firsts = np.r_[0, np.cumsum(story_sizes)].tolist()
    own: list[Ints] = []
    own_counts: list[Ints] = []
    title_ids: list[int] = []
    title_sizes: list[int] = []
    for n in several:
        for a in range(firsts[n], firsts[n + 1]):
            own.append(pieces[a])
            own_counts.append(counts[ends[a] - len(pieces[a]) : ends[a]])
            article = articles[a]
            before = len(title_ids)
            terms = title_terms(article.title, article.language)
            title_ids += [number for number in map(numbers.get, terms) if number is not None]
            title_sizes.append(len(title_ids) - before)
    of_article = np.array([len(piece) for piece in own], np.int64)
    article_of = np.repeat(np.arange(len(own), dtype=np.int64), of_article)
    term_of = np.concatenate(own)
    count = np.concatenate(own_counts)
    width = len(numbers) + 1
    # Each article's bag without its title: its terms are distinct, so each title term
    # is found at most once, and taken off twice for each time the title has it.
    keys = article_of * width + term_of
    title_keys, times = np.unique(
        np.repeat(np.arange(len(own), dtype=np.int64), title_sizes) * width
        + np.array(title_ids, np.int64),
        return_counts=True,
    )
    at = np.minimum(np.searchsorted(title_keys, keys), max(0, len(title_keys) - 1))
    if len(title_keys):
        hit = title_keys[at] == keys
        count[hit] -= 2 * times[at[hit]]
    kept = count > 0
    story_of = np.repeat(
        np.repeat(np.arange(len(several), dtype=np.int64), [story_sizes[n] for n in several]),
        of_article,
    )[kept]
    term_of, count = term_of[kept], count[kept]
    # Then the story's title, after its articles: each story's entries in the order read.
    story_terms = [
        [
            numbers[t]  # a term new to the index is numbered next
            for t in title_terms(stories[n].title, stories[n].lead.language)
        ]
        for n in several
    ]
    width = len(numbers) + 1
    title_lengths = [len(terms) for terms in story_terms]
    after = np.repeat(np.searchsorted(story_of, np.arange(1, len(several) + 1)), title_lengths)
    flat = np.array([t for terms in story_terms for t in terms], np.int64)
    story_of = np.insert(story_of, after, np.repeat(np.arange(len(several)), title_lengths))
    term_of = np.insert(term_of, after, flat)
    count = np.insert(count, after, 2)
    # Added up by story and term, each sum where the story first has the term.
    key = story_of * width + term_of
    by_key = np.argsort(key, kind="stable")
    ordered = key[by_key]
    heads = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(key) else by_key
    first = np.zeros(len(key), bool)
    first[by_key[heads]] = True
    totals = np.zeros(len(key), np.int64)
    if len(key):
        totals[by_key[heads]] = np.add.reduceat(count[by_key], heads)
    summed_story, summed_term, summed = story_of[first], term_of[first], totals[first]
    bounds = np.r_[0, np.cumsum(np.bincount(summed_story, minlength=len(several)))].tolist()
    # All the rows, in the stories' order.
    row_ids: list[Ints] = []
    row_counts: list[Ints] = []
    row_sizes: list[int] = []
    position = 0
    for n, size in enumerate(story_sizes):
        if size == 1:
            a = firsts[n]
            row_ids.append(pieces[a])
            row_counts.append(counts[ends[a] - len(pieces[a]) : ends[a]])
            row_sizes.append(len(pieces[a]))
            continue
        begin, end = bounds[position], bounds[position + 1]
        row_ids.append(summed_term[begin:end])
        row_counts.append(summed[begin:end])
        row_sizes.append(end - begin)
        position += 1
    return TfidfMatrix.from_ids(
        list(numbers),
        np.concatenate(row_ids),
        np.concatenate(row_counts),
        np.array(row_sizes, np.int64),
    )


@dataclasses.dataclass(frozen=True, slots=True)
class _Past:
    story: str
    day: str
    thread: str
    first_seen: str
    terms: Vector


@dataclasses.dataclass(frozen=True, slots=True)
class _Recalled:
    """What the history held before ``day``, for today's articles ``keys``."""

    day: dt.date
    keys: frozenset[str]
    past: list[_Past]
    sent: _Said
    seen: dict[str, str]
    earlier: bool  # whether any day before ``day`` is remembered, in the lookback or not


def _any_before(connection: sqlite3.Connection, day: dt.date) -> bool:
    """Whether the history holds a story of a day before ``day``."""
    row = connection.execute(
        "SELECT 1 FROM stories WHERE day < ? LIMIT 1", (day.isoformat(),)
    ).fetchone()
    return row is not None


class History:
    """The history database at ``path``; :meth:`mark` reads it, :meth:`record` writes it."""

    def __init__(self, path: str | Path, lookback: int = LOOKBACK_DAYS) -> None:
        self.path = Path(path)
        self.lookback = lookback
        # The words of each sentence mark() returned, by text, for record() to store.
        self._said: dict[str, frozenset[str]] = {}
        # What prepare() or mark() read of the days before a day, until record() writes.
        self._recalled: _Recalled | None = None

    def _connect(self, create: bool) -> sqlite3.Connection | None:
        if not create and not self.path.is_file():
            return None
        try:
            if create:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path)
            connection.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as error:
            raise HistoryError(
                f"{self.path}: cannot open the history ({error}); "
                "set another path with --history-path, or use --no-history"
            ) from None
        return connection

    def mark(
        self,
        stories: Sequence[Story],
        day: dt.date,
        features: Mapping[str, TextFeatures],
        opening: Mapping[str, Sequence[Sentence]],
        length: Length = Length(),
        known: dict[Sentence, frozenset[str]] | None = None,
        index: TermIndex | None = None,
        beside: Beside | None = None,
    ) -> list[Story]:
        """Stories marked new or update, without sentences sent on earlier days.

        ``features`` are each article's text features and ``opening`` its first content
        sentences in document order (see
        :attr:`~briefing.summary.key_sentences.KeySentences.opening`), from which an
        update is filled up with what it has not said before (both by article id,
        as the workers found them). ``known`` holds the words of the key sentences (see
        :func:`~briefing.stories.events.known_words`); the words of the opening
        sentences used are added to it, so that nothing is tokenised again here.
        Each story comes back with its :class:`~briefing.models.Thread`, which
        :meth:`record` stores: what ``mark`` found travels in the values it returns.
        ``index`` reads the stories' terms where clustering has read them (see
        :class:`~briefing.stories.tfidf.TermIndex`). With ``beside`` (see
        :func:`briefing.workers.beside`), a day of :data:`BESIDE_UPDATES` updates or more
        has what its later stories tell worked out on another core.
        """
        known = {} if known is None else known
        words = _Words(known, features, opening)
        vectors = _top_vectors(_story_matrix(stories, features, index))
        recalled = self._recalled_for(day, {article_key(a) for s in stories for a in s.articles})
        past, sent, seen = recalled.past, recalled.sent, recalled.seen
        by_story = {item.story + "\0" + item.day: n for n, item in enumerate(past)}
        matches: list[int | None] = [None] * len(stories)
        searched = []
        for number, story in enumerate(stories):
            matches[number] = _shared_article(story, seen, by_story)
            if matches[number] is None:
                searched.append(number)
        found = best_matches(
            [vectors[n] for n in searched], [p.terms for p in past], FOLLOW_THRESHOLD
        )
        for number, match in zip(searched, found, strict=True):
            matches[number] = match

        def told(numbers: range) -> list[_Told]:
            """What each story tells that was not sent before, with each sentence's words."""
            found = []
            for n in numbers:
                story = stories[n]
                if matches[n] is None:
                    kept = tuple(s for s in story.sentences if not sent.repeats(words(s)))
                else:
                    kept = _what_is_new(story, sent, seen, words, length)
                found.append((kept, tuple(map(words, kept))))
            return found

        # Checking every sentence against those sent before is most of the work: with
        # many updates, the stories from the middle update on are checked on another core.
        updates = [n for n, match in enumerate(matches) if match is not None]
        if beside is not None and len(updates) >= BESIDE_UPDATES:
            cut = updates[len(updates) // 2]
            later = beside(lambda: told(range(cut, len(stories))))
            said = told(range(cut))
            said += later()
            for kept, bags in said[cut:]:
                for sentence, bag in zip(kept, bags, strict=True):
                    words.keep(sentence, bag)
        else:
            said = told(range(len(stories)))
        out = []
        for story, vector, match, (kept, _) in zip(stories, vectors, matches, said, strict=True):
            terms = tuple(vector.items())
            if match is None:
                thread = Thread(story.id, day, terms)
                out.append(dataclasses.replace(story, status="new", sentences=kept, thread=thread))
                continue
            item = past[match]
            thread = Thread(item.thread, dt.date.fromisoformat(item.first_seen), terms)
            fresh = kept
            score = story.score - RECENCY_WEIGHT
            if not fresh:
                # Nothing new to tell: below every story that has news, whatever its sources.
                score /= STALE_DIVISOR
            score = round(score, 6)
            out.append(
                dataclasses.replace(
                    story, status="update", sentences=fresh, score=score, thread=thread
                )
            )
        self._said = {s.text: bag for kept, bags in said for s, bag in zip(kept, bags, strict=True)}
        return out

    def prepare(self, day: dt.date, keys: Sequence[str]) -> None:
        """Read what :meth:`mark` needs of the days before ``day`` now, for today's
        articles ``keys`` (their :func:`article_key`, in any order): the earlier stories,
        the sentences sent and where each article was last seen.

        It needs nothing of the stories, so it can be done while the workers are still
        summarising. :meth:`mark` uses what was read when it marks ``day`` and its
        stories' articles are among ``keys``, and reads the history itself otherwise;
        so does :meth:`knows_days_before`. The history must not change in between (the
        build holds its lock); :meth:`record` forgets what was read.
        """
        self._recalled = self._recall(day, set(keys))

    def _recalled_for(self, day: dt.date, keys: set[str]) -> _Recalled:
        """What :meth:`prepare` read, if it covers ``day`` and ``keys``; else read now."""
        recalled = self._recalled
        if recalled is None or recalled.day != day or not keys <= recalled.keys:
            recalled = self._recalled = self._recall(day, keys)
        return recalled

    def _recall(self, day: dt.date, keys: set[str]) -> _Recalled:
        """The stories and sentences of the days before ``day`` (within the lookback),
        where each of ``keys`` (today's articles) was last seen, by the articles' index,
        and whether any day before ``day`` is remembered at all."""
        connection = self._connect(create=False)
        if connection is None:
            return _Recalled(day, frozenset(keys), [], _Said(()), {}, earlier=False)
        start = (day - dt.timedelta(days=self.lookback)).isoformat()
        window = (start, day.isoformat())
        try:
            with connection:
                rows = connection.execute(
                    "SELECT story, day, thread, first_seen, terms FROM stories "
                    "WHERE day >= ? AND day < ? ORDER BY day, story",
                    window,
                ).fetchall()
                connection.execute("CREATE TEMP TABLE today (key TEXT PRIMARY KEY)")
                connection.executemany("INSERT INTO today VALUES (?)", ((k,) for k in sorted(keys)))
                found = connection.execute(
                    "SELECT a.key, a.story, a.day FROM today JOIN articles a ON a.key = today.key "
                    "WHERE a.day >= ? AND a.day < ? ORDER BY a.day, a.story, a.key",
                    window,
                ).fetchall()
                connection.execute("DROP TABLE today")
                texts = connection.execute(
                    "SELECT words FROM sentences WHERE day >= ? AND day < ? ORDER BY rowid",
                    window,
                ).fetchall()
                earlier = bool(rows) or _any_before(connection, day)
        except sqlite3.Error as error:
            raise HistoryError(f"{self.path}: cannot read the history ({error})") from None
        finally:
            connection.close()
        past = [_Past(s, d, t, f, json.loads(terms)) for s, d, t, f, terms in rows]
        # The latest day that carried an article wins: follow the newest thread.
        seen = {key: story + "\0" + d for key, story, d in found}
        sent = _Said([frozenset(bag.split()) for (bag,) in texts])
        return _Recalled(day, frozenset(keys), past, sent, seen, earlier)

    def knows_days_before(self, day: dt.date) -> bool:
        """Whether an earlier briefing is remembered. Before the first one, every
        story is new, and saying so tells the reader nothing."""
        if self._recalled is not None and self._recalled.day == day:
            return self._recalled.earlier
        connection = self._connect(create=False)
        if connection is None:
            return False
        try:
            with connection:
                return _any_before(connection, day)
        except sqlite3.Error as error:
            raise HistoryError(f"{self.path}: cannot read the history ({error})") from None
        finally:
            connection.close()

    def record(self, briefing: Briefing) -> None:
        """Remember what ``briefing`` said, replacing any earlier record of its day.

        Everything is written at once, in one transaction; the words of each sentence
        are those :meth:`mark` found, when it marked this briefing's stories.
        """
        self._recalled = None  # the history changes: read it again next time
        day = briefing.date.isoformat()
        stories = briefing.stories
        fallback = _fallback_threads(briefing) if any(s.thread is None for s in stories) else {}
        said = self._said

        def words(sentence: Sentence) -> str:
            found = said.get(sentence.text)
            return " ".join(sorted(_words(sentence) if found is None else found))

        story_rows = []
        for story in stories:
            thread = story.thread or fallback[story.id]
            terms = json.dumps(dict(thread.terms))
            first = thread.first_seen.isoformat()
            story_rows.append((day, story.id, thread.id, first, story.title, terms))
        article_rows = [(day, s.id, article_key(a)) for s in stories for a in s.articles]
        sentence_rows = [(day, s.id, x.text, words(x)) for s in stories for x in s.sentences]
        connection = self._connect(create=True)
        assert connection is not None
        try:
            with connection:
                for table in ("stories", "articles", "sentences"):
                    connection.execute(f"DELETE FROM {table} WHERE day = ?", (day,))
                connection.executemany("INSERT INTO stories VALUES (?, ?, ?, ?, ?, ?)", story_rows)
                connection.executemany("INSERT INTO articles VALUES (?, ?, ?)", article_rows)
                connection.executemany("INSERT INTO sentences VALUES (?, ?, ?, ?)", sentence_rows)
        except sqlite3.Error as error:
            raise HistoryError(f"{self.path}: cannot write the history ({error})") from None
        finally:
            connection.close()


_NO_WORD = frozenset({""})


class _Words:
    """The words of a sentence as the workers found them (key sentences, then openings),
    tokenised here only for a sentence they did not see."""

    def __init__(
        self,
        known: dict[Sentence, frozenset[str]],
        features: Mapping[str, TextFeatures],
        opening: Mapping[str, Sequence[Sentence]],
    ) -> None:
        self.known = known
        self.features = features
        self.opening = opening

    def __call__(self, sentence: Sentence) -> frozenset[str]:
        found = self.known.get(sentence)
        return sentence_words(sentence.text) if found is None else found

    def openings(self, article_id: str) -> Iterator[tuple[Sentence, frozenset[str]]]:
        """The article's opening sentences, each with its words."""
        sentences = self.opening.get(article_id, ())
        found = self.features.get(article_id)
        if sentences and found is not None and found.opening_words:
            # TextFeatures.opening_bags, one at a time: an update takes only a few.
            lines = found.opening_words.split("\n")
            for sentence, line in zip(sentences, lines, strict=True):
                yield sentence, frozenset(line.split(" ")) - _NO_WORD
        else:
            for sentence in sentences:
                yield sentence, self(sentence)

    def keep(self, sentence: Sentence, words: frozenset[str]) -> None:
        """Remember the words of a sentence shown (for the steps after, and the record)."""
        self.known[sentence] = words


class _Said:
    """The sentences sent on earlier days, and :meth:`NearDuplicates.repeats
    <briefing.stories.similarity.NearDuplicates.repeats>` against them: the same answers.

    They are known at once and do not change while a day is marked, so each word set
    is answered once (a day asks again for many), an exact repeat is found by its hash,
    and the rest through an index, by prefix filtering. Two sets are alike when they
    share at least ``need`` words (:func:`~briefing.stories.similarity.shared_needed`:
    three, and ``overlap`` of the smaller).
    So a past sentence at least as long as the query misses at most ``len - need`` of
    the query's words, and holds at least two of its ``len - need + 2`` rarest (in one
    global order); a shorter one has at least two of its own ``len - need + 2`` rarest
    in the query. Only sentences found twice that way are compared. The sentences are
    numbered shortest first, so each word's list of sentences is in order of length
    too, and each way reads only the part of the lengths it covers.
    """

    def __init__(self, bags: Sequence[frozenset[str]], overlap: float = 0.6) -> None:
        self.overlap = overlap
        sets = sorted((bag for bag in bags if bag), key=len)
        # Every word of every set, numbered in order of first sight, then by rank in
        # the global order: rarest first, ties by the word. Words are known by their
        # rank from here on: sorting numbers needs no key.
        flat = list(itertools.chain.from_iterable(sets))
        words = list(dict.fromkeys(flat))
        code = {word: n for n, word in enumerate(words)}
        codes = np.fromiter(map(code.__getitem__, flat), np.int64, len(flat))
        df = np.bincount(codes, minlength=len(words))
        by_word = np.array(sorted(range(len(words)), key=words.__getitem__), np.int64)
        by_rank = by_word[np.argsort(df[by_word], kind="stable")]
        rank = dict(zip(map(words.__getitem__, by_rank.tolist()), range(len(words)), strict=True))
        rank_of = np.empty(len(words), np.int64)
        rank_of[by_rank] = np.arange(len(words))
        self._rank = rank
        self._sets = sets
        self._exact = set(sets)
        self._answers: dict[frozenset[str], bool] = {}
        # The number of the first sentence of each length or longer.
        longest = len(sets[-1]) if sets else 0
        self._first = [bisect.bisect_left(sets, size, key=len) for size in range(longest + 2)]
        # By word's rank, the sentences holding it (in order), and those holding it among
        # their rarest: the first len - need + 2 of a sentence of three words or more
        # (shorter, only the very same words repeat it).
        ranks = rank_of[codes]
        sizes = np.array([len(bag) for bag in sets], np.int64)
        number = np.repeat(np.arange(len(sets), dtype=np.int64), sizes)
        every = _lists(number[np.argsort(ranks, kind="stable")], ranks, len(words))
        by_sentence = np.argsort(number * max(1, len(words)) + ranks, kind="stable")
        place = np.arange(len(flat)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        limits = np.array(
            [0, 0, 0, *(size - shared_needed(overlap, size) + 2 for size in range(3, longest + 1))],
            np.int64,
        )
        among = by_sentence[place < limits[sizes][number]]
        held = ranks[among]
        lists = _lists(number[among][np.argsort(held, kind="stable")], held, len(words))
        rarest: list[list[int] | None] = [found or None for found in lists]
        self._every = every
        self._rarest = rarest

    def repeats(self, words: frozenset[str]) -> bool:
        """Whether a sentence with these words repeats one sent before."""
        if not words:
            return False
        found = self._answers.get(words)
        if found is None:
            found = words in self._exact or self._near(words)
            self._answers[words] = found
        return found

    def _near(self, words: frozenset[str]) -> bool:
        size = len(words)
        if size < 3:
            return False
        # Rarest first; words never sent count as rarest of all, and are in no sentence.
        known = sorted([n for n in map(self._rank.get, words) if n is not None])
        prefix = size - shared_needed(self.overlap, size) + 2 - (size - len(known))
        # The first sentence as long as the query, or longer.
        first = self._first[min(size, len(self._first) - 1)]
        # The sentences found twice or more (no list holds a sentence twice).
        once: set[int] = set()
        twice: set[int] = set()
        every, left = self._every, bisect.bisect_left
        for word in known[: max(0, prefix)]:
            numbers = every[word]
            found = numbers[left(numbers, first) :]
            twice.update(once.intersection(found))
            once.update(found)
        rarest = self._rarest
        for word in known:
            held = rarest[word]
            if held is not None and held[0] < first:
                found = held[: left(held, first)]
                twice.update(once.intersection(found))
                once.update(found)
        sets, overlap = self._sets, self.overlap
        for number in twice:
            other = sets[number]
            shared = len(words & other)
            # NearDuplicates' test, as it is.
            if shared >= 3 and shared >= overlap * min(size, len(other)):
                return True
        return False


def _lists(values: Ints, keys: Ints, size: int) -> list[list[int]]:
    """``values`` (sorted by key) in one list per key from 0 to ``size - 1``."""
    flat = values.tolist()
    bounds = np.r_[0, np.cumsum(np.bincount(keys, minlength=size))].tolist()
    return [flat[start:end] for start, end in itertools.pairwise(bounds)]


def _shared_article(
    story: Story, seen: Mapping[str, str], by_story: Mapping[str, int]
) -> int | None:
    """The earlier story (its number) that carried one of the story's articles."""
    for article in story.articles:
        hit = seen.get(article_key(article))
        if hit is not None and hit in by_story:
            return by_story[hit]
    return None


def _what_is_new(
    story: Story,
    sent: _Said,
    seen: Mapping[str, str],
    words: _Words,
    length: Length,
) -> tuple[Sentence, ...]:
    """An update's sentences: its own not sent before, then new ones from new articles."""
    kept = [s for s in story.sentences if not sent.repeats(words(s))]
    # What the update shows, a few sentences: each compared with the others directly.
    shown = [bag for bag in map(words, kept) if bag]
    # Fill up from articles not seen before, earliest sentences first: that is where news is.
    for article in story.articles:
        if len(kept) >= length.sentences or article_key(article) in seen:
            continue
        for sentence, bag in words.openings(article.id):
            if len(kept) >= length.sentences:
                break
            if sent.repeats(bag) or _repeats_any(bag, shown, sent.overlap):
                continue
            if bag:
                shown.append(bag)
            words.keep(sentence, bag)
            kept.append(sentence)
    order = {article.id: n for n, article in enumerate(story.articles)}
    kept.sort(key=lambda s: (order.get(s.article_id, len(order)), s.position))
    return tuple(length.fill(kept, lambda s: word_count(s.text)))


def _repeats_any(words: frozenset[str], shown: Sequence[frozenset[str]], overlap: float) -> bool:
    """:meth:`NearDuplicates.repeats <briefing.stories.similarity.NearDuplicates.repeats>`
    of the few sentences ``shown``, compared one by one (no index to build)."""
    if not words:
        return False
    size = len(words)
    for other in shown:
        shared = len(words & other)
        if (shared >= 3 and shared >= overlap * min(size, len(other))) or words == other:
            return True
    return False


def _words(sentence: Sentence) -> frozenset[str]:
    return sentence_words(sentence.text)


def _fallback_threads(briefing: Briefing) -> dict[str, Thread]:
    """Threads for stories :meth:`History.mark` did not see (a briefing made without
    history): each its own, with its terms found from its text."""
    stories = briefing.stories
    bags = [term_bag(" ".join(a.text for a in story.articles), story.title) for story in stories]
    return {
        story.id: Thread(story.id, briefing.date, tuple(vector.items()))
        for story, vector in zip(stories, story_vectors(bags), strict=True)
    }


def open_history(settings: Settings) -> History | None:
    """The history the settings ask for, or None with ``history`` off."""
    if not settings.history:
        return None
    path = settings.history_path or str(Path(settings.out) / FILE_NAME)
    return History(path)
