"""Story-stage features: the specifics of a text, found in one pass over its sentences."""

from __future__ import annotations

import random
import re
from collections import Counter

from briefing.stories.similarity import (
    NearDuplicates,
    specifics,
    term_bag,
    text_features,
    unrepeated,
)
from briefing.text.terms import sentence_terms

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:['’][a-z]+)?\b")


def specifics_one_by_one(sentences: list[str]) -> frozenset[str]:
    """The definition: numbers, and capitalised words not at a sentence's start."""
    found: set[str] = set()
    for sentence in sentences:
        found.update(n.replace(",", "") for n in NUMBER.findall(sentence))
        for match in CAPITALISED.finditer(sentence):
            if match.start() > 0:
                found.update(sentence_terms(match.group()))
    return frozenset(found)


def test_specifics_in_one_pass_are_specifics_sentence_by_sentence() -> None:
    rng = random.Random(7)
    pieces = ["Harbour", " ", "3", ",", "5", ".", "tide", "Mayor's", "  ", "\n", "Pier.", "1,000"]
    for _ in range(5000):
        sentences = [
            "".join(rng.choices(pieces, k=rng.randint(0, 6))) for _ in range(rng.randint(0, 4))
        ]
        assert specifics(sentences) == specifics_one_by_one(sentences), sentences


def test_specifics_of_a_text() -> None:
    text = "The Mayor met Jane Doe on Tuesday. Costs rose 3.5% to 1,200 pounds in March."
    assert specifics(text) == frozenset({"mayor", "jane", "doe", "tuesday", "3.5", "1200", "march"})
    features = text_features(text, "Harbour plan")
    assert features.details() == specifics(text)
    assert features.bag() == term_bag(text, "Harbour plan")
    assert list(features.bag()) == list(term_bag(text, "Harbour plan"))
    assert features.bag()["harbour"] == 2
    empty = text_features("", "")
    assert (empty.bag(), empty.details(), empty.picked_words) == (Counter(), frozenset(), ())


def test_the_opening_words_are_the_words_of_each_opening_sentence() -> None:
    from briefing.stories.similarity import sentence_words
    from briefing.text.sentences import split_sentences

    text = (
        "Harbour workers voted to strike on Monday. The union said 300 staff would walk out. "
        "Ferries to the islands will not sail. Talks with the port resume next week."
    )
    split = split_sentences(text)
    features = text_features(text, "Harbour strike", split, (1,), None, (0, 2, 3))
    assert features.opening_bags() == [sentence_words(split[p]) for p in (0, 2, 3)]
    assert features.picked_words == (sentence_words(split[1]),)
    assert text_features(text, "Harbour strike").opening_bags() == []


def test_capitalised_words_are_those_of_the_plain_pattern() -> None:
    from briefing.stories.similarity import _CAPITALISED

    plain = re.compile(r"(?<=.)\b[A-Z][a-z]+(?:['’][a-z]+)?\b")
    rng = random.Random(16)
    alphabet = "aAbZz \n\t.'’-_9éÉ\u00a0\u2028"
    texts = ["Rome\nIn Rome, Paris and O'Neill's Bay. X Yz", "Élan Ax_Bc\n Day"]
    texts += [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))) for _ in range(20_000)
    ]
    for text in texts:
        assert _CAPITALISED.findall(text) == plain.findall(text), text


def test_numbers_are_those_of_the_plain_pattern() -> None:
    from briefing.stories.similarity import _NUMBER

    plain = re.compile(r"\d+(?:[.,]\d+)*")
    rng = random.Random(16)
    alphabet = "0123456789٣..,,, a-\n"
    texts = ["1,000.5 and 2..3, 4,,5 6. 7,8,9 ٣٤.٥"]
    texts += [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20))) for _ in range(20_000)
    ]
    for text in texts:
        assert _NUMBER.findall(text) == plain.findall(text), text


def test_features_come_back_from_a_pickle_as_they_went() -> None:
    import pickle

    from briefing.stories.similarity import TextFeatures
    from briefing.text.sentences import split_sentences

    text = (
        "Harbour workers voted to strike on Monday. The union said 300 staff would walk out. "
        "Ferries to the islands will not sail. Talks with the port resume next week."
    )
    split = split_sentences(text)
    made = [
        text_features(text, "Harbour strike", split, (1, 3), None, (0, 2)),
        text_features(text, "Harbour strike", split, (0,)),
        text_features("", ""),
        TextFeatures("a", b"\x01\x00\x00\x00", "", (frozenset(), frozenset({"x"}), frozenset())),
        TextFeatures("", b"", "", (frozenset(),)),
    ]
    for features in made:
        back = pickle.loads(pickle.dumps(features))
        assert back == features
        assert (back.bag(), back.details(), back.opening_bags()) == (
            features.bag(),
            features.details(),
            features.opening_bags(),
        )


def random_vector(rng: random.Random, vocabulary: list[str], size: int) -> dict[str, float]:
    terms = sorted(rng.sample(vocabulary, size))
    weights = [rng.choice([0.1, 0.2, 0.3, rng.random()]) for _ in terms]
    norm = sum(w * w for w in weights) ** 0.5
    return {t: round(w / norm, 6) for t, w in zip(terms, weights, strict=True)}


def test_best_matches_is_the_loop_over_every_vector_with_cosine() -> None:
    from briefing.stories import similarity
    from briefing.stories.similarity import best_matches, cosine

    rng = random.Random(11)
    vocabulary = [f"term{i:03d}" for i in range(250)]
    saved = similarity._MATCH_BATCH
    try:
        for _ in range(25):
            others = [random_vector(rng, vocabulary, rng.randint(1, 40)) for _ in range(150)]
            others += others[:4]  # equal vectors: the first one wins
            queries = [random_vector(rng, vocabulary, rng.randint(0, 40)) for _ in range(60)]
            queries += others[:3]
            similarity._MATCH_BATCH = rng.choice([1, 100, 2_000_000])  # batches of any size
            threshold = rng.choice([0.05, 0.2, 0.4])
            expected = []
            for query in queries:
                best: tuple[float, int] | None = None
                for number, other in enumerate(others):
                    value = cosine(query, other)
                    if value >= threshold and (best is None or value > best[0]):
                        best = (value, number)
                expected.append(best[1] if best else None)
            assert best_matches(queries, others, threshold) == expected
    finally:
        similarity._MATCH_BATCH = saved
    assert best_matches([], others, 0.4) == []
    assert best_matches(queries, [], 0.4) == [None] * len(queries)


def alike_by_definition(a: frozenset[str], b: frozenset[str], overlap: float) -> bool:
    """Two word sets repeat each other: equal, or sharing three words and ``overlap`` of
    the smaller."""
    shared = len(a & b)
    return a == b or (shared >= 3 and shared >= overlap * min(len(a), len(b)))


def kept_by_definition(bags: list[frozenset[str]], overlap: float) -> list[bool]:
    """Each set in turn against every set kept before it; empty sets are kept, never compared."""
    kept: list[frozenset[str]] = []
    out = []
    for bag in bags:
        repeat = bool(bag) and any(alike_by_definition(bag, other, overlap) for other in kept)
        out.append(not repeat)
        if bag and not repeat:
            kept.append(bag)
    return out


def random_bags(rng: random.Random, count: int) -> list[frozenset[str]]:
    """Word sets over a skewed vocabulary (a few words in most sets, as in news), with
    exact copies and reworded copies of earlier sets among them."""
    vocabulary = [f"w{i}" for i in range(rng.choice([8, 30, 200]))]
    weights = [1.0 / (1 + i) for i in range(len(vocabulary))]
    bags: list[frozenset[str]] = []
    for _ in range(count):
        roll = rng.random()
        if bags and roll < 0.1:
            bags.append(rng.choice(bags))
        elif bags and roll < 0.3:
            base = set(rng.choice(bags))
            for word in rng.sample(sorted(base), min(len(base), rng.randint(0, 3))):
                base.discard(word)
            base.update(rng.choices(vocabulary, weights, k=rng.randint(0, 3)))
            bags.append(frozenset(base))
        else:
            bags.append(frozenset(rng.choices(vocabulary, weights, k=rng.randint(0, 16))))
    return bags


def test_unrepeated_keeps_what_comparing_with_every_kept_set_keeps() -> None:
    rng = random.Random(11)
    for _ in range(400):
        bags = random_bags(rng, rng.randint(0, 60))
        overlap = rng.choice([0.6, 0.6, 0.5, 0.75, 0.0, 1.0, 1.3])
        assert unrepeated(bags, overlap) == kept_by_definition(bags, overlap), (bags, overlap)


def test_unrepeated_drops_copies_and_rewordings_of_kept_sentences_only() -> None:
    a = frozenset({"mayor", "harbour", "plan", "vote", "tuesday"})
    reworded = frozenset({"mayor", "harbour", "plan", "vote", "council"})
    short = frozenset({"tide", "pier"})
    assert unrepeated([a, reworded, short, short, frozenset(), frozenset(), a]) == [
        True,
        False,
        True,
        False,
        True,
        True,
        False,
    ]
    # A set dropped as a repeat is not shown: what only it resembles is kept.
    only_like_the_dropped = frozenset({"harbour", "vote", "council", "ferry", "fares"})
    assert unrepeated([reworded, only_like_the_dropped]) == [True, False]
    assert unrepeated([a, reworded, only_like_the_dropped]) == [True, False, True]


def test_near_duplicates_filled_one_by_one_answer_as_the_definition() -> None:
    rng = random.Random(13)
    for _ in range(300):
        bags = random_bags(rng, rng.randint(0, 60))
        overlap = rng.choice([0.6, 0.6, 0.5, 0.75, 0.0, 1.0, 1.3])
        shown = NearDuplicates(overlap)
        kept = []
        for bag in bags:
            repeat = shown.repeats(bag)
            assert repeat == (
                bool(bag) and any(alike_by_definition(bag, other, overlap) for other in kept)
            ), (bag, kept, overlap)
            if not repeat and rng.random() < 0.8:
                shown.add(bag)
                if bag:
                    kept.append(bag)
