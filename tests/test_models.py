"""The values that cross stages: Length's one way of filling a budget."""

from __future__ import annotations

import pytest

from briefing.errors import ConfigError
from briefing.models import Length, word_count

SENTENCES = ["one two three", "four five", "six seven eight nine", "ten"]


def test_sentences_take_the_first_n_of_the_ranking() -> None:
    assert Length(2).fill(SENTENCES, word_count) == SENTENCES[:2]
    assert Length(9).fill(SENTENCES, word_count) == SENTENCES


def test_words_take_best_first_while_they_fit_and_skip_what_does_not() -> None:
    # 3 + 2 fit in 6; the four-word sentence does not; the one-word sentence still does.
    assert Length(words=6).fill(SENTENCES, word_count) == ["one two three", "four five", "ten"]


def test_the_first_item_always_fits() -> None:
    assert Length(words=1).fill(SENTENCES, word_count) == ["one two three"]


def test_a_lead_stops_at_the_first_item_that_does_not_fit() -> None:
    picked = Length(words=6).fill(SENTENCES, word_count, stop_at_first_misfit=True)
    assert picked == ["one two three", "four five"]


def test_accept_sees_what_is_chosen_and_refused_items_cost_nothing() -> None:
    def no_two_with_the_same_length(item: str, chosen: list[str]) -> bool:
        return all(word_count(item) != word_count(c) for c in chosen)

    items = ["a b", "c d", "e f g", "h"]
    assert Length(3).fill(items, word_count, no_two_with_the_same_length) == ["a b", "e f g", "h"]


@pytest.mark.parametrize("length", [{"sentences": 0}, {"sentences": 3, "words": 0}])
def test_an_empty_length_is_a_setting_error(length: dict[str, int]) -> None:
    with pytest.raises(ConfigError, match="at least 1"):
        Length(**length)
