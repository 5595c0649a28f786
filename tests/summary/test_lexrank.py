"""fastrank: the same LexRank as sumy, picked the same way; long texts ranked in rounds."""

from __future__ import annotations

import json
import random
import warnings
from collections.abc import Sequence

import numpy as np
import pytest
from sumy.models.dom import ObjectDocumentModel, Paragraph
from sumy.models.dom import Sentence as SumySentence
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.utils import get_stop_words

from briefing.models import Length
from briefing.summary import lexrank as fastrank
from briefing.summary.content import is_content
from briefing.summary.key_sentences import pick_sentences, summarize
from briefing.text.sentences import SentenceTokenizer, split_sentences
from briefing.text.terms import stemmer
from tests.conftest import shared_file

REAL_ARTICLES = 300  # from each file that has full texts

HARBOUR = [
    "The harbour board approved a plan to deepen the main channel for larger ships.",
    "Dredging the channel will take two years and cost the harbour board about forty million.",
    "Fishermen said the dredging could harm the oyster beds near the mouth of the harbour.",
    "The board promised a survey of the oyster beds before any dredging starts.",
    "Larger ships would bring more cargo and more jobs to the town, the board said.",
    "A local school will hold an exhibition of photographs of the old harbour in June.",
    "Cargo volumes at the harbour rose last year for the third year running.",
]


def sumy_lexrank() -> LexRankSummarizer:
    """sumy's LexRank as a user sets it up, given our stemmer (Snowball's English, from its
    C library; sumy's own, NLTK's port, differs on a few words in a thousand: see
    tests/text/test_terms.py)."""
    summarizer = LexRankSummarizer(stemmer("en"))
    summarizer.stop_words = get_stop_words("english")
    return summarizer


def sumy_picks(texts: Sequence[str], count: int = 3) -> list[str]:
    """The sentences stock sumy LexRank picks among ``texts``, in document order."""
    tokenizer = SentenceTokenizer()
    document = ObjectDocumentModel([Paragraph([SumySentence(t, tokenizer) for t in texts])])
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        # sumy divides by zero (and returns NaN) when no two sentences share a term.
        warnings.simplefilter("ignore", RuntimeWarning)
        return [str(s) for s in sumy_lexrank()(document, count)]


def sumy_ratings(texts: Sequence[str]) -> list[float]:
    """Stock sumy's LexRank rating of each of ``texts``."""
    summarizer = sumy_lexrank()
    found: dict[str, float] = {}

    def capture(sentences, _count, rating):  # type: ignore[no-untyped-def]
        for sentence in sentences:
            found[str(sentence)] = float(rating[sentence])
        return ()

    summarizer._get_best_sentences = capture
    tokenizer = SentenceTokenizer()
    document = ObjectDocumentModel([Paragraph([SumySentence(t, tokenizer) for t in texts])])
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        summarizer(document, len(texts))
    return [found[t.strip()] for t in texts]


def candidates(text: str) -> list[str]:
    """The sentences pick_sentences rates: content first, anything when there is none."""
    sentences = split_sentences(text)
    return [s for s in sentences if is_content(s)] or [s for s in sentences if s.strip()]


def our_picks(texts: Sequence[str], count: int = 3) -> list[str]:
    return [texts[p.position] for p in pick_sentences(list(texts), Length(count), "lexrank")]


def real_texts() -> list[tuple[str, str]]:
    folder = shared_file("eval")
    texts: list[tuple[str, str]] = []
    for name in ("bbc_news_summary.jsonl", "cnndm_dev.jsonl"):
        path = folder / name
        if not path.is_file():
            continue
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines):
                if number == REAL_ARTICLES:
                    break
                item = json.loads(line)
                texts.append((f"{name}:{number + 1}", item["text"]))
    if not texts:
        pytest.skip(f"no article texts in {folder}")
    return texts


def test_same_picks_and_ratings_as_sumy_on_real_articles() -> None:
    differ = []
    for name, text in real_texts():
        texts = candidates(text)
        if our_picks(texts) != sumy_picks(texts):
            differ.append(name)
        assert np.allclose(fastrank_ratings(texts), sumy_ratings(texts), rtol=1e-12, atol=0), name
    assert differ == []


def fastrank_ratings(texts: Sequence[str]) -> list[float]:
    """Our ratings through the summariser's own term pipeline."""
    from briefing.summary.key_sentences import lexrank_ratings

    return lexrank_ratings(list(texts))


@pytest.mark.parametrize(
    "texts",
    [
        pytest.param(HARBOUR, id="one-topic"),
        pytest.param(HARBOUR + HARBOUR[:2], id="repeated-sentences"),
        pytest.param(HARBOUR[:1], id="one-sentence"),
        pytest.param(HARBOUR[:2], id="two-sentences"),
        pytest.param(
            ["Wolves returned to the northern forest.", "Bakers sold bread at dawn today."],
            id="nothing-shared",
        ),
        pytest.param(
            ["It was there, and then it was not.", *HARBOUR[:3], "And so it was, and so it is."],
            id="only-stop-words",
        ),
        pytest.param([f"{h} Harbour harbour harbour." for h in HARBOUR], id="a-term-everywhere"),
        pytest.param(["—", "…", "!!"], id="no-words"),
    ],
)
def test_same_picks_as_sumy_on_texts_written_here(texts: list[str]) -> None:
    assert our_picks(texts) == sumy_picks(texts)
    assert our_picks(texts, 1) == sumy_picks(texts, 1)


def test_ratings_match_sumy_and_are_never_nan() -> None:
    nothing_shared = ["Wolves returned to the northern forest.", "Bakers sold bread at dawn."]
    assert fastrank_ratings(nothing_shared) == [0.0, 0.0]
    assert fastrank_ratings(HARBOUR) == pytest.approx(sumy_ratings(HARBOUR), rel=1e-12)


def test_lexrank_of_terms() -> None:
    assert fastrank.lexrank([]) == []
    assert fastrank.lexrank([["harbour"]]) == [1.0]
    # The first sentence links the next two, which share nothing with each other.
    star = [["ship", "crane"], ["ship", "dock"], ["crane", "quay"], ["cake"], ["tea"], ["jam"]]
    scores = fastrank.lexrank(star)
    # The hub gains what its neighbours give away; a lone sentence keeps its own.
    assert scores[0] > scores[3] == scores[4] == scores[5] > scores[1] == scores[2] > 0


@pytest.mark.parametrize("count", [120, 260])
def test_same_ratings_as_sumy_past_the_small_product_limits(count: int) -> None:
    # Longer texts leave out single-sentence terms (120) and use BLAS (260).
    rng = random.Random(count)
    vocabulary = [f"w{i}x" for i in range(900)]
    texts = [
        " ".join(rng.sample(vocabulary, 12) + rng.sample(vocabulary[:40], 3)) + "."
        for _ in range(count)
    ]
    assert count * count * 900 > fastrank.SMALL_PRODUCT
    assert (count * count * 900 > fastrank.LARGE_PRODUCT) == (count == 260)
    assert fastrank_ratings(texts) == pytest.approx(sumy_ratings(texts), rel=1e-12)
    assert our_picks(texts) == sumy_picks(texts)


def context_free(values: Sequence[float]):  # type: ignore[no-untyped-def]
    """A rank function whose scores do not depend on the other sentences; records calls."""
    calls: list[list[int]] = []

    def rank(positions: list[int]) -> tuple[list[float], list[int]]:
        calls.append(list(positions))
        scores = [values[p] for p in positions]
        return scores, sorted(range(len(scores)), key=lambda k: (-scores[k], k))

    return rank, calls


def test_in_rounds_leaves_short_texts_alone() -> None:
    rank, calls = context_free([0.3, 0.9, 0.1])
    assert fastrank.in_rounds(3, rank, size=3) == ([0.3, 0.9, 0.1], [1, 0, 2])
    assert calls == [[0, 1, 2]]


def test_in_rounds_caps_what_is_ranked_together_and_finds_the_best() -> None:
    rng = random.Random(3)
    values = [rng.random() for _ in range(2_345)]
    rank, calls = context_free(values)
    scores, order = fastrank.in_rounds(len(values), rank, size=100)
    assert max(len(c) for c in calls) <= 100
    assert sum(len(c) for c in calls) < 3 * len(values)
    best = sorted(range(len(values)), key=lambda k: -values[k])[:3]
    assert order[:3] == best
    assert sorted(order) == list(range(len(values)))
    assert len(scores) == len(values)
    finalists = set(calls[-1])
    floor = min(values[p] for p in finalists)
    assert all(scores[p] == floor for p in range(len(values)) if p not in finalists)
    # Sentences that fell out come last, in document order.
    rest = [p for p in order if p not in finalists]
    assert rest == sorted(rest)


def test_in_rounds_recurses_when_the_winners_are_too_many() -> None:
    values = [float(i % 97) for i in range(1_000)]
    rank, calls = context_free(values)
    _, order = fastrank.in_rounds(len(values), rank, size=10)
    assert max(len(c) for c in calls) <= 10
    assert values[order[0]] == 96.0


def long_text(sentences: int) -> str:
    """A long report written here: sentences built from a fixed vocabulary."""
    rng = random.Random(11)
    subjects = ["The council", "The harbour board", "Fishermen", "The minister", "Residents"]
    verbs = ["approved", "opposed", "delayed", "funded", "reviewed", "questioned"]
    things = ["the dredging plan", "the new crane", "the oyster survey", "the rail link"]
    tails = ["on Monday", "after a long debate", "for the third time", "despite protests"]
    return " ".join(
        f"{rng.choice(subjects)} {rng.choice(verbs)} {rng.choice(things)} "
        f"{rng.choice(tails)} in section {i}."
        for i in range(sentences)
    )


def test_a_long_text_is_summarised_in_rounds() -> None:
    text = long_text(3 * fastrank.ROUND_SIZE + 17)
    picked = summarize(text, sentences=3, method="lexrank")
    assert len(picked) == 3
    assert all(p in text for p in picked)
