"""Topics for stories without tags, inferred from their text.

NLTK's taggers and NER models need downloads we cannot make, so this is statistics
only: the untagged stories are clustered (spherical k-means on TF-IDF, seeded, so the
same input gives the same topics) and each topic is named by its most distinctive
key phrase, a run of content words shared by its stories. Sections made here are
marked ``inferred``. ``benchmarks/eval_topics.py`` measures agreement with the BBC
categories.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit

import numpy as np

from briefing.models import Section, Story, Tag
from briefing.readers.article import slugify
from briefing.stories.similarity import TextFeatures, bag_vectors, story_bags, term_bag
from briefing.stories.subjects import subject_of, subject_phrases, subject_terms
from briefing.stories.topics import tag_form
from briefing.text.terms import sentence_terms, using_language, word_terms

__all__ = [
    "JOIN_MIN",
    "MIN_STORIES",
    "infer_sections",
    "infer_topics",
    "join_tagged",
    "key_phrases",
]

#: An untagged story fits the day's tags when its nearest tagged stories' cosines sum
#: to at least this; it joins the likeliest section, words smoothed by this much.
JOIN_MIN = 0.05
SMOOTHING = 0.5
#: Terms of more tagged stories than this are left out of the nearest neighbours' cosines.
NEAR_COMMON = 300
#: A tag's name counts as this many stories using its words.
NAME_WEIGHT = 1.0
#: The words of the subject a tag's name speaks of count as this many stories using them.
SUBJECT_WEIGHT = 1.0
#: Each word of a story in the subject a section's name speaks of (each word of a
#: phrase of it, when the story has them all) adds this times its weight to the
#: section's log likelihood, besides the counts above.
SUBJECT_BONUS = 1.25
#: An untagged story whose words of one section's subject weigh this much (1: one word
#: of the story's average weight) fits the day's tags, however far its nearest are.
SUBJECT_FIT = 1.0
#: An outlet's own tags weigh in its untagged stories' prior as if it had tagged this
#: many stories more in the day's proportions.
SOURCE_SMOOTHING = 1.0
NEIGHBOURS = 3
#: A section named by a folder of the story's link ("/sport/") is this many times likelier.
LINK_VOTE = 1000.0
#: Fewer untagged stories than this stay together under "Other news".
MIN_STORIES = 4
MAX_TOPICS = 10
#: LSA keeps this many dimensions more than there are topics.
LSA_EXTRA = 3
#: k-means runs from this many seeds; the most cohesive result is kept.
RESTARTS = 8
#: Up to this many stories (or terms) the SVD is exact; beyond, randomised.
EXACT_SVD = 800
#: Topic names are looked for in each article's title and first characters.
LEAD_CHARS = 1200
_VOCAB = 4000
_PUNCT = re.compile(r"[^\w\s'’\-]+")
_WORD = re.compile(r"[^\W\d_][\w'’\-]*|\d[\d,.]*")


def _topic_count(n: int) -> int:
    # The classic rule of thumb k = sqrt(n / 2), within bounds a reader can scan.
    return max(2, min(MAX_TOPICS, round(math.sqrt(n / 2))))


def infer_topics(bags: Sequence[Counter[str]], seed: int = 0) -> list[int]:
    """A topic number for each text, given as its term bag (spherical k-means)."""
    n = len(bags)
    if n < 2:
        return [0] * n
    vectors = bag_vectors(bags)
    df = Counter(term for v in vectors for term in v)
    vocab = {t: i for i, (t, _) in enumerate(sorted(df.items(), key=lambda x: (-x[1], x[0])))}
    vocab = {t: i for t, i in vocab.items() if i < _VOCAB and df[t] >= 2}
    matrix = np.zeros((n, max(1, len(vocab))), dtype=np.float64)
    for row, vector in enumerate(vectors):
        for term, weight in vector.items():
            if term in vocab:
                matrix[row, vocab[term]] = weight
    norms = np.linalg.norm(matrix, axis=1)
    norms[norms == 0] = 1.0
    matrix /= norms[:, None]
    k = min(_topic_count(n), n)
    reduced = _lsa(matrix, k + LSA_EXTRA, np.random.default_rng(seed))
    best: tuple[float, list[int]] | None = None
    for attempt in range(RESTARTS):
        labels = _kmeans(reduced, k, np.random.default_rng(seed + attempt))
        fit = _cohesion(reduced, labels)
        if best is None or fit > best[0] + 1e-9:
            best = (fit, labels)
    assert best is not None
    return best[1]


def _lsa(x: np.ndarray, dims: int, rng: np.random.Generator) -> np.ndarray:
    """Rows projected on the ``dims`` leading singular directions (randomised SVD), unit length.

    Measured on BBC days: a few more dimensions than topics groups best (NMI 0.75 with
    k + 3 dimensions against 0.44 without LSA); words that travel together count as one.
    """
    dims = min(dims, *x.shape)
    if min(x.shape) <= EXACT_SVD:
        u, s, _ = np.linalg.svd(x, full_matrices=False)
        reduced = u[:, :dims] * s[:dims]
    else:
        # Randomised SVD with power iterations: text spectra decay slowly, so iterate.
        q, _ = np.linalg.qr(x @ rng.standard_normal((x.shape[1], dims + 20)))
        for _ in range(4):
            q, _ = np.linalg.qr(x.T @ q)
            q, _ = np.linalg.qr(x @ q)
        u, s, _ = np.linalg.svd(q.T @ x, full_matrices=False)
        reduced = (q @ u[:, :dims]) * s[:dims]
    norms = np.linalg.norm(reduced, axis=1)
    norms[norms == 0] = 1.0
    out: np.ndarray = reduced / norms[:, None]
    return out


def _cohesion(x: np.ndarray, labels: list[int]) -> float:
    # The spherical k-means objective: the summed length of each topic's resultant.
    array = np.asarray(labels)
    return float(sum(np.linalg.norm(x[array == j].sum(axis=0)) for j in set(labels)))


def _kmeans(x: np.ndarray, k: int, rng: np.random.Generator, rounds: int = 40) -> list[int]:
    # k-means++ seeding on cosine distance, then Lloyd rounds with unit centroids.
    centres = [int(rng.integers(len(x)))]
    for _ in range(1, k):
        distance = 1.0 - np.max(x @ x[centres].T, axis=1)
        distance = np.clip(distance, 0.0, None)
        total = distance.sum()
        if total <= 0:
            break
        centres.append(int(rng.choice(len(x), p=distance / total)))
    c = x[centres].copy()
    labels = np.argmax(x @ c.T, axis=1)
    for _ in range(rounds):
        for j in range(len(c)):
            members = x[labels == j]
            if len(members):
                mean = members.sum(axis=0)
                norm = np.linalg.norm(mean)
                c[j] = mean / norm if norm > 0 else mean
        new = np.argmax(x @ c.T, axis=1)
        if np.array_equal(new, labels):
            break
        labels = new
    return [int(label) for label in labels]


def key_phrases(text: str) -> list[tuple[str, str]]:
    """Candidate phrases: runs of one to three content words, as (key, as written)."""
    phrases = []
    run: list[tuple[str, str]] = []
    # A phrase never runs over punctuation: "said. Labour" is not a phrase.
    words = [w for chunk in _PUNCT.split(text) for w in (*_WORD.findall(chunk), "")]
    for word in words:
        stem = word_terms(word) if len(word) > 2 and not word[0].isdigit() else ()
        if len(stem) == 1:
            run.append((stem[0], word))
            continue
        for size in (1, 2, 3):
            for i in range(len(run) - size + 1):
                words = run[i : i + size]
                phrases.append((" ".join(k for k, _ in words), " ".join(w for _, w in words)))
        run = []
    return phrases


def _names(groups: dict[int, list[Story]]) -> dict[int, str]:
    """Each topic's most distinctive phrase, shown as most often written."""
    found: dict[int, Counter[str]] = {}
    written: dict[str, Counter[str]] = defaultdict(Counter)
    df: Counter[str] = Counter()
    for topic, stories in groups.items():
        found[topic] = Counter()
        for story in stories:
            keys = set()
            for article in story.articles:
                # The title and lead name the subject; the rest would only cost time.
                lead = article.text[:LEAD_CHARS]
                with using_language(article.language):  # stems of the article's language
                    phrases = key_phrases(article.title + ". " + lead)
                for key, surface in phrases:
                    keys.add(key)
                    written[key][surface] += 1
            found[topic].update(keys)
            df.update(keys)
    total = sum(len(s) for s in groups.values())
    names: dict[int, str] = {}
    for topic in sorted(groups):
        size = len(groups[topic])

        def score(key: str, size: int = size, topic: int = topic) -> float:
            share = found[topic][key] / size
            # Longer phrases read better as names; a bonus smaller than the idf gaps.
            return share * math.log(1 + total / df[key]) * (1 + 0.15 * key.count(" "))

        best = sorted(found[topic], key=lambda key: (-score(key), key))
        chosen = best[0] if best else "misc"
        surface = max(written[chosen].items(), key=lambda x: (x[1], x[0]))[0] if best else "Misc"
        name = surface[:1].upper() + surface[1:]
        if name in names.values() and len(best) > 1:
            second = max(written[best[1]].items(), key=lambda x: (x[1], x[0]))[0]
            name = f"{name}, {second}"
        names[topic] = name
    return names


def _bags(
    stories: Sequence[Story], features: Mapping[str, TextFeatures] | None
) -> list[Counter[str]]:
    if features is not None:
        return story_bags(stories, features)
    return [term_bag(" ".join(a.text for a in s.articles), s.title) for s in stories]


class _Neighbours:
    """The tagged stories' TF-IDF vectors as postings (term -> rows and weights), for the
    cosines of one story with all of them at once: only the rows sharing a term are
    touched, and the work is the length of the story's terms' postings, in NumPy.

    A term more than :data:`NEAR_COMMON` tagged stories use ("said", "year") is left out
    of these cosines, as the clustering's blocking leaves it out: its weight is small,
    and its postings would make each story's cost grow with the day. Below that many
    tagged stories the cosines are exact.
    """

    def __init__(self, members: Sequence[Mapping[str, float]], owner: Sequence[int]) -> None:
        rows: dict[str, list[int]] = defaultdict(list)
        weights: dict[str, list[float]] = defaultdict(list)
        for row, member in enumerate(members):
            for term, weight in member.items():
                rows[term].append(row)
                weights[term].append(weight)
        common = {term for term, found in rows.items() if len(found) > NEAR_COMMON}
        self.rows = {
            term: np.array(found, dtype=np.int64)
            for term, found in rows.items()
            if term not in common
        }
        self.weights = {
            term: np.array(found, dtype=np.float64)
            for term, found in weights.items()
            if term not in common
        }
        self.owner = np.asarray(owner, dtype=np.int64)
        self.sections = int(self.owner.max()) + 1 if len(owner) else 0

    def votes(self, vector: Mapping[str, float]) -> list[float]:
        """Each section's vote for a story: the summed cosines of its :data:`NEIGHBOURS`
        most similar tagged stories that belong to it (ties: the first tagged)."""
        terms = [term for term in sorted(vector) if term in self.rows]
        if not terms:
            return [0.0] * self.sections
        rows = np.concatenate([self.rows[term] for term in terms])
        products = np.concatenate([self.weights[term] * vector[term] for term in terms])
        cosines = np.bincount(rows, weights=products, minlength=len(self.owner))
        if len(cosines) > NEIGHBOURS:
            # The rows at least as close as the k-th closest, ties included, in order.
            kth = -np.partition(-cosines, NEIGHBOURS - 1)[NEIGHBOURS - 1]
            close = np.flatnonzero(cosines >= kth)
        else:
            close = np.arange(len(cosines))
        near = close[np.argsort(-cosines[close], kind="stable")[:NEIGHBOURS]]
        votes = np.bincount(self.owner[near], weights=cosines[near], minlength=self.sections)
        return [float(vote) for vote in votes]


def _name_bag(name: str) -> Counter[str]:
    """The words a tag's name says: its own and those of the subject it speaks of."""
    return Counter(dict.fromkeys((*sentence_terms(name), *subject_terms(name)), 1))


def _sections_in_links(story: Story, forms: Mapping[str, int]) -> set[int]:
    """Sections a story's links name: ``https://news.example/sport/cup-final`` is Sport."""
    found = set()
    for article in story.articles:
        path = urlsplit(article.url or "").path.casefold()
        parts = [p for p in re.split(r"/", path)[:-1] if p]  # folders, not the page
        for part in parts:
            index = forms.get(tag_form(Tag(part, part.replace("-", " "))))
            if index is not None:
                found.add(index)
    return found


def join_tagged(
    sections: Sequence[Section],
    features: Mapping[str, TextFeatures] | None = None,
    untagged: str = "other",
) -> tuple[Section, ...]:
    """Untagged stories moved into the tag section they belong to, when one fits.

    A story fits the day's tags when a folder of its link names one ("/sport/"), or
    when its nearest tagged stories are close enough: the summed cosine (the day's
    TF-IDF) of its :data:`NEIGHBOURS` nearest that belong to one section reaches
    :data:`JOIN_MIN`. Each section counts, besides its stories, one made of its name and
    the words of the subject its name speaks of (:func:`subject_terms`): a tennis
    result fits a day's "Sports" even when that day's sport stories are all football.
    A story also fits when the words of one section's subject weigh :data:`SUBJECT_FIT`
    in it ("Havana" fits a day's "World News" whose stories name other places).
    A fitting story joins the section a naive Bayes model of the tagged stories' words
    finds likeliest (:class:`_WordModel`), a section its link's folder names counting
    :data:`LINK_VOTE` times as likely. Measured on mixed real days
    (``benchmarks/eval_briefing.py``) this places more untagged articles in their real
    tag's section than the neighbours' vote alone. What fits no tag stays untagged, for
    :func:`infer_sections` to name.
    """
    tagged = [s for s in sections if s.topic.slug != untagged and not s.inferred]
    other = next((s for s in sections if s.topic.slug == untagged), None)
    if other is None or not tagged:
        return tuple(sections)
    stories = [story for section in tagged for story in section.stories]
    owner = [index for index, section in enumerate(tagged) for _ in section.stories]
    bags = _bags([*stories, *other.stories], features)
    # Each tag's name and the words of its subject, as one more story of the tag.
    named_bags = [_name_bag(section.topic.name) for section in tagged]
    vectors = bag_vectors([*bags[: len(stories)], *named_bags, *bags[len(stories) :]])
    model = _WordModel(tagged, bags[: len(stories)], [s.lead.source for s in stories])
    known = len(stories) + len(tagged)
    neighbours = _Neighbours(vectors[:known], [*owner, *range(len(tagged))])
    forms = {tag_form(section.topic): index for index, section in enumerate(tagged)}
    joined: dict[int, list[Story]] = defaultdict(list)
    left = []
    for story, vector in zip(other.stories, vectors[known:], strict=True):
        named = _sections_in_links(story, forms)
        near = neighbours.votes(vector)
        scores, said = model.scores(vector, story.lead.source)
        if not named and max(near) < JOIN_MIN and said < SUBJECT_FIT:
            left.append(story)
            continue
        for index in named:
            scores[index] += math.log(LINK_VOTE)
        joined[max(range(len(tagged)), key=lambda i: (scores[i], -i))].append(story)
    out = []
    for index, section in enumerate(tagged):
        if joined[index]:
            members = sorted((*section.stories, *joined[index]), key=lambda s: (-s.score, s.title))
            section = Section(section.topic, tuple(members), section.inferred)
        out.append(section)
    out.extend(s for s in sections if s.inferred)
    if left:
        out.append(Section(other.topic, tuple(left)))
    return tuple(out)


class _WordModel:
    """Naive Bayes over the words each tag section's stories use (each word once a story).

    Besides its stories, a section has the words of its own name (:data:`NAME_WEIGHT`)
    and of the subject its name speaks of (:func:`subject_terms`, :data:`SUBJECT_WEIGHT`):
    a day with two stories tagged "Sports" still knows that a "match" is sport. Each of a
    story's words in that subject, and each word of a phrase of it (:func:`subject_phrases`:
    "trevor noah" is Comedy) when the story has all the phrase's words, adds
    :data:`SUBJECT_BONUS` times its weight besides, however many words the section's own
    stories bring (they dilute the counts, not the bonus). A story
    counts its words by their weight in its TF-IDF vector (rare words and headline words
    say more; one-line items are mostly headline), scaled so that the weights average
    1. The prior is the section's share of the tagged stories of the story's own
    outlet, smoothed towards its share of the day by :data:`SOURCE_SMOOTHING` stories:
    an outlet's untagged story is likelier in the tags that outlet uses.

    Words are looked up in an index of the sections that use them, so a story costs
    its words times the sections that use each, not its words times all sections.
    """

    def __init__(
        self,
        sections: Sequence[Section],
        bags: Sequence[Counter[str]],
        sources: Sequence[str | None],
    ) -> None:
        counts: list[dict[str, float]] = []
        at = 0
        for section in sections:
            found: dict[str, float] = defaultdict(float)
            for bag in bags[at : at + len(section.stories)]:
                for term in bag:
                    found[term] += 1.0
            at += len(section.stories)
            for term in sentence_terms(section.topic.name):
                found[term] += NAME_WEIGHT
            for term in subject_terms(section.topic.name):
                found[term] += SUBJECT_WEIGHT
            counts.append(found)
        self.subjects: dict[str, list[int]] = defaultdict(list)
        # A phrase's first term -> its other terms and the section whose subject it is.
        self.phrases: dict[str, list[tuple[tuple[str, ...], int]]] = defaultdict(list)
        for index, section in enumerate(sections):
            for term in subject_terms(section.topic.name):
                self.subjects[term].append(index)
            for terms in subject_phrases(section.topic.name):
                self.phrases[terms[0]].append((terms[1:], index))
        vocabulary = sorted(set().union(*counts))
        size = len(vocabulary) + 1
        unseen = math.log(SMOOTHING)
        # log P(term | section) = gain (0 for a term the section never uses) + base.
        self.base = [unseen - math.log(sum(c.values()) + SMOOTHING * size) for c in counts]
        self.gains: dict[str, list[tuple[int, float]]] = {term: [] for term in vocabulary}
        for index, found in enumerate(counts):
            for term in sorted(found):
                self.gains[term].append((index, math.log(found[term] + SMOOTHING) - unseen))
        owner = [index for index, section in enumerate(sections) for _ in section.stories]
        total = len(owner)
        self.shares = [len(section.stories) / total for section in sections]
        self.by_source: dict[str | None, Counter[int]] = defaultdict(Counter)
        for source, index in zip(sources, owner, strict=True):
            self.by_source[source][index] += 1

    def scores(self, vector: Mapping[str, float], source: str | None) -> tuple[list[float], float]:
        """Each section's log likelihood for a story of ``source`` with TF-IDF ``vector``,
        and the most the words of one section's subject weigh in the story (each word by
        its weight in the vector, scaled as the counts are)."""
        mass = sum(vector.values())
        scale = len(vector) / mass if mass > 0 else 0.0
        mine = self.by_source.get(source, Counter())
        told = sum(mine.values())
        scores = [
            math.log((mine[index] + SOURCE_SMOOTHING * share) / (told + SOURCE_SMOOTHING))
            for index, share in enumerate(self.shares)
        ]
        known = 0.0
        said: dict[int, float] = defaultdict(float)
        for term in sorted(vector):
            weight = vector[term] * scale
            for rest, index in self.phrases.get(term, ()):
                if all(other in vector for other in rest):
                    said[index] += weight + sum(vector[other] for other in rest) * scale
            gains = self.gains.get(term)
            if gains is None:
                continue
            for index in self.subjects.get(term, ()):
                said[index] += weight
            known += weight
            for index, gain in gains:
                scores[index] += weight * gain
        for index, weight in said.items():
            scores[index] += SUBJECT_BONUS * weight
        likely = [score + known * base for score, base in zip(scores, self.base, strict=True)]
        return likely, max(said.values(), default=0.0)


def _english(stories: Sequence[Story]) -> bool:
    """Whether at least half the stories are in English (or of no known language)."""
    english = sum((s.lead.language or "en").split("-")[0] == "en" for s in stories)
    return 2 * english >= len(stories)


def infer_sections(
    sections: Sequence[Section],
    features: Mapping[str, TextFeatures] | None = None,
    untagged: str = "other",
) -> tuple[Section, ...]:
    """Replace the untagged section with inferred topics; lone stories stay untagged.

    ``features`` are the articles' text features by article id, as the workers found
    them; without them the untagged stories' texts are tokenised here.
    """
    sections = join_tagged(sections, features, untagged)
    rest = [s for s in sections if s.topic.slug != untagged]
    other = next((s for s in sections if s.topic.slug == untagged), None)
    if other is None or len(other.stories) < MIN_STORIES:
        return tuple(sections)
    stories = other.stories
    bags = _bags(stories, features)
    labels = infer_topics(bags)
    groups: dict[int, list[Story]] = defaultdict(list)
    group_bags: dict[int, list[Counter[str]]] = defaultdict(list)
    for story, bag, label in zip(stories, bags, labels, strict=True):
        groups[label].append(story)
        group_bags[label].append(bag)
    lone = [s for label, group in groups.items() if len(group) < 2 for s in group]
    named = {label: group for label, group in groups.items() if len(group) >= 2}
    names = _names(named)
    for label in named:
        # The subject it is about, named the same every day; else its own key phrase.
        # The subjects' words and names are English: a German group keeps its phrase.
        if _english(named[label]):
            names[label] = subject_of(group_bags[label]) or names[label]
    taken = {s.topic.slug for s in rest}
    out = list(rest)
    forms = {tag_form(s.topic): n for n, s in enumerate(out)}
    for label in sorted(named, key=lambda lb: names[lb]):
        # "Crime and justice" is the day's "Crime" section when it has one.
        wanted = [names[label], *names[label].split(" and ")]
        same = next((forms[f] for f in (tag_form(Tag("", n)) for n in wanted) if f in forms), None)
        if same is not None:
            # Named like a tag of the day ("Crimes" beside "Crime"): it is that section.
            section = out[same]
            members = sorted((*section.stories, *named[label]), key=lambda s: (-s.score, s.title))
            out[same] = Section(section.topic, tuple(members), section.inferred)
            continue
        slug = "inferred-" + (slugify(names[label]) or str(label))
        while slug in taken:
            slug += "-" + str(label)
        taken.add(slug)
        forms[tag_form(Tag("", names[label]))] = len(out)
        out.append(Section(Tag(slug, names[label]), tuple(named[label]), inferred=True))
    if lone:
        keep = set(map(id, lone))
        out.append(Section(other.topic, tuple(s for s in stories if id(s) in keep)))
    return tuple(out)
