"""Story-stage features: the specifics of a text, found in one pass over its sentences."""

from __future__ import annotations

import random
import re
from collections import Counter

from briefing.stories.similarity import specifics, term_bag, text_features
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
