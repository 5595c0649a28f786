"""newsrank is deterministic, favours the lead and does not pick the same fact twice."""

from __future__ import annotations

import numpy as np

from briefing.models import Length
from briefing.summary.key_sentences import pick_sentences, summarize
from briefing.summary.newsrank import mmr_order, newsrank, similarity
from briefing.text.terms import terms_of

STORY = [
    "The city council voted on Tuesday to rebuild the old harbour wall after the winter storms.",
    "The new harbour wall will cost four million pounds and take two years to build.",
    "Fishermen said the storms had damaged their boats and the harbour wall last winter.",
    "The mayor said the council would pay for the harbour wall from its reserves.",
    "A local bakery has also opened a second shop near the station this week.",
    "Builders will start work on the harbour wall in the spring, the council said.",
]


def test_deterministic() -> None:
    first = [pick_sentences(STORY, Length(3)) for _ in range(3)]
    assert first[0] == first[1] == first[2]
    assert newsrank(STORY) == newsrank(list(STORY))


def test_lead_prior_favours_the_first_sentence() -> None:
    # Identical sentences: only position tells them apart.
    same = ["The council voted to rebuild the harbour wall after the storms."] * 4
    scores = newsrank(same)
    assert scores == sorted(scores, reverse=True)
    assert scores[0] > scores[-1]


def test_opening_quote_is_penalised() -> None:
    plain = "The council voted to rebuild the harbour wall after the storms."
    quoted = "'The council voted to rebuild the harbour wall after the storms.'"
    assert newsrank([plain, plain])[1] > newsrank([plain, quoted])[1]


def test_off_topic_sentence_not_picked() -> None:
    picked = summarize(" ".join(STORY), sentences=3)
    assert STORY[4] not in picked
    assert picked[0] == STORY[0]


def test_mmr_avoids_duplicates() -> None:
    lead = STORY[0]
    sentences = [lead, lead, STORY[1], STORY[2]]
    sim = similarity(terms_of(sentences))
    scores = newsrank(sentences, sim=sim)
    order = mmr_order(scores, sim)
    assert sorted(order) == [0, 1, 2, 3]
    assert set(order[:2]) != {0, 1}, "the duplicate of the lead came second"
    picks = pick_sentences(sentences, Length(2))
    assert [p.position for p in picks] != [0, 1]


def test_picks_carry_score_and_position() -> None:
    picks = pick_sentences(STORY, Length(2))
    assert [p.position for p in picks] == sorted(p.position for p in picks)
    assert all(isinstance(p.score, float) for p in picks)


def test_similarity_is_symmetric_with_zero_diagonal() -> None:
    sim = similarity(terms_of(STORY))
    assert np.allclose(sim, sim.T)
    assert np.all(np.diag(sim) == 0)


def test_empty_input() -> None:
    assert newsrank([]) == []
    assert summarize("") == []
