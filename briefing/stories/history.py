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

import dataclasses
import datetime as dt
import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

from briefing.config.settings import Settings
from briefing.errors import HistoryError
from briefing.models import Article, Briefing, Length, Sentence, Story, Thread, word_count
from briefing.stories.ranking import RECENCY_WEIGHT
from briefing.stories.similarity import (
    NearDuplicates,
    TextFeatures,
    Vector,
    bag_vectors,
    cosine,
    sentence_words,
    story_bags,
    term_bag,
)

__all__ = ["FILE_NAME", "FOLLOW_THRESHOLD", "LOOKBACK_DAYS", "History", "open_history"]

FILE_NAME = "history.sqlite3"
#: A story continues an earlier one when their texts' cosine is at least this.
#: Lower than the merge threshold (a follow-up reports new facts in other words);
#: measured on HuffPost days by benchmarks/eval_history.py.
FOLLOW_THRESHOLD = 0.4
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
"""


def article_key(article: Article) -> str:
    """What identifies an article from one day to the next: its URL, else its id."""
    return article.url or "id:" + article.id


def story_vectors(bags: Sequence[Counter[str]]) -> list[Vector]:
    """Each story's heaviest terms, as a unit vector, to compare with other days.

    ``bags`` are the stories' term bags (:func:`~briefing.stories.similarity.story_bags`).
    """
    out = []
    for vector in bag_vectors(bags):
        top = sorted(vector.items(), key=lambda item: (-item[1], item[0]))[:_TERMS]
        norm = sum(w * w for _, w in top) ** 0.5 or 1.0
        out.append({term: round(w / norm, 6) for term, w in sorted(top)})
    return out


@dataclasses.dataclass(frozen=True, slots=True)
class _Past:
    story: str
    day: str
    thread: str
    first_seen: str
    terms: Vector


class History:
    """The history database at ``path``; :meth:`mark` reads it, :meth:`record` writes it."""

    def __init__(self, path: str | Path, lookback: int = LOOKBACK_DAYS) -> None:
        self.path = Path(path)
        self.lookback = lookback

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
    ) -> list[Story]:
        """Stories marked new or update, without sentences sent on earlier days.

        ``features`` are each article's text features and ``opening`` its first content
        sentences in document order (see
        :attr:`~briefing.summary.key_sentences.KeySentences.opening`), from which an
        update is filled up with what it has not said before (both by article id,
        as the workers found them). Each story comes back with its
        :class:`~briefing.models.Thread`, which :meth:`record` stores: what ``mark``
        found travels in the values it returns.
        """
        vectors = story_vectors(story_bags(stories, features))
        past, sent, seen = self._recall(day)
        index: dict[str, list[int]] = defaultdict(list)
        for number, item in enumerate(past):
            for term in item.terms:
                index[term].append(number)
        by_story = {item.story + "\0" + item.day: item for item in past}
        out = []
        for story, vector in zip(stories, vectors, strict=True):
            terms = tuple(vector.items())
            match = self._match(story, vector, past, index, seen, by_story)
            if match is None:
                kept = tuple(s for s in story.sentences if not sent.repeats(_words(s)))
                thread = Thread(story.id, day, terms)
                out.append(dataclasses.replace(story, status="new", sentences=kept, thread=thread))
                continue
            thread = Thread(match.thread, dt.date.fromisoformat(match.first_seen), terms)
            fresh = _what_is_new(story, sent, seen, opening, length)
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
        return out

    def _match(
        self,
        story: Story,
        vector: Vector,
        past: list[_Past],
        index: dict[str, list[int]],
        seen: dict[str, str],
        by_story: dict[str, _Past],
    ) -> _Past | None:
        for article in story.articles:
            hit = seen.get(article_key(article))
            if hit is not None and hit in by_story:
                return by_story[hit]
        candidates = sorted({n for term in vector for n in index.get(term, ())})
        best: tuple[float, int] | None = None
        for number in candidates:
            similarity = cosine(vector, past[number].terms)
            if similarity >= FOLLOW_THRESHOLD and (best is None or similarity > best[0]):
                best = (similarity, number)
        return past[best[1]] if best else None

    def _recall(self, day: dt.date) -> tuple[list[_Past], NearDuplicates, dict[str, str]]:
        connection = self._connect(create=False)
        if connection is None:
            return [], NearDuplicates(), {}
        start = (day - dt.timedelta(days=self.lookback)).isoformat()
        window = (start, day.isoformat())
        try:
            with connection:
                rows = connection.execute(
                    "SELECT story, day, thread, first_seen, terms FROM stories "
                    "WHERE day >= ? AND day < ? ORDER BY day, story",
                    window,
                ).fetchall()
                keys = connection.execute(
                    "SELECT key, story, day FROM articles WHERE day >= ? AND day < ? "
                    "ORDER BY day, story, key",
                    window,
                ).fetchall()
                texts = connection.execute(
                    "SELECT words FROM sentences WHERE day >= ? AND day < ? ORDER BY rowid",
                    window,
                ).fetchall()
        except sqlite3.Error as error:
            raise HistoryError(f"{self.path}: cannot read the history ({error})") from None
        finally:
            connection.close()
        past = [_Past(s, d, t, f, json.loads(terms)) for s, d, t, f, terms in rows]
        # The latest day that carried an article wins: follow the newest thread.
        seen = {key: story + "\0" + d for key, story, d in keys}
        bags = [frozenset(bag.split()) for (bag,) in texts]
        sent = NearDuplicates(bags)
        for bag in bags:
            sent.add(bag)
        return past, sent, seen

    def knows_days_before(self, day: dt.date) -> bool:
        """Whether an earlier briefing is remembered. Before the first one, every
        story is new, and saying so tells the reader nothing."""
        connection = self._connect(create=False)
        if connection is None:
            return False
        try:
            with connection:
                row = connection.execute(
                    "SELECT 1 FROM stories WHERE day < ? LIMIT 1", (day.isoformat(),)
                ).fetchone()
        except sqlite3.Error as error:
            raise HistoryError(f"{self.path}: cannot read the history ({error})") from None
        finally:
            connection.close()
        return row is not None

    def record(self, briefing: Briefing) -> None:
        """Remember what ``briefing`` said, replacing any earlier record of its day."""
        day = briefing.date.isoformat()
        stories = briefing.stories
        fallback = _fallback_threads(briefing) if any(s.thread is None for s in stories) else {}
        connection = self._connect(create=True)
        assert connection is not None
        try:
            with connection:
                for table in ("stories", "articles", "sentences"):
                    connection.execute(f"DELETE FROM {table} WHERE day = ?", (day,))
                for story in stories:
                    thread = story.thread or fallback[story.id]
                    connection.execute(
                        "INSERT INTO stories VALUES (?, ?, ?, ?, ?, ?)",
                        (
                            day,
                            story.id,
                            thread.id,
                            thread.first_seen.isoformat(),
                            story.title,
                            json.dumps(dict(thread.terms)),
                        ),
                    )
                    connection.executemany(
                        "INSERT INTO articles VALUES (?, ?, ?)",
                        [(day, story.id, article_key(a)) for a in story.articles],
                    )
                    connection.executemany(
                        "INSERT INTO sentences VALUES (?, ?, ?, ?)",
                        [
                            (day, story.id, s.text, " ".join(sorted(_words(s))))
                            for s in story.sentences
                        ],
                    )
        except sqlite3.Error as error:
            raise HistoryError(f"{self.path}: cannot write the history ({error})") from None
        finally:
            connection.close()


def _what_is_new(
    story: Story,
    sent: NearDuplicates,
    seen: dict[str, str],
    opening: Mapping[str, Sequence[Sentence]],
    length: Length,
) -> tuple[Sentence, ...]:
    """An update's sentences: its own not sent before, then new ones from new articles."""
    kept = [s for s in story.sentences if not sent.repeats(_words(s))]
    shown = NearDuplicates(overlap=sent.overlap)
    for sentence in kept:
        shown.add(_words(sentence))
    # Fill up from articles not seen before, earliest sentences first: that is where news is.
    for article in story.articles:
        if len(kept) >= length.sentences or article_key(article) in seen:
            continue
        for sentence in opening.get(article.id, ()):
            if len(kept) >= length.sentences:
                break
            bag = _words(sentence)
            if sent.repeats(bag) or shown.repeats(bag):
                continue
            shown.add(bag)
            kept.append(sentence)
    order = {article.id: n for n, article in enumerate(story.articles)}
    kept.sort(key=lambda s: (order.get(s.article_id, len(order)), s.position))
    return tuple(length.fill(kept, lambda s: word_count(s.text)))


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
