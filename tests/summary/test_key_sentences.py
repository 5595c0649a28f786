"""Every method picks content sentences, quoted exactly, in document order."""

from __future__ import annotations

import pytest

import briefing
from briefing.errors import SummarizerError
from briefing.models import Length
from briefing.readers import read_inputs
from briefing.summary.key_sentences import METHODS, key_sentences, pick_sentences
from tests.conftest import make_article, seed_article

TEXT = (
    "Scroll down for video. "
    "The port authority said on Monday that cargo volumes rose by a fifth last year. "
    "Container traffic reached a record as new cranes came into service at the east quay. "
    "By Anna Lark. "
    "We see, the harbour. "
    "Officials credited a new rail link that carries boxes inland within hours of arrival. "
    "Shipping lines said they would add two weekly services to northern Europe from May. "
    "Sign up for our newsletter to get the best stories every morning. "
    "Dock workers warned that pay talks could still disrupt the expansion this summer."
)


@pytest.mark.parametrize("method", METHODS)
def test_every_method_quotes_content_sentences_in_order(method: str) -> None:
    sentences = briefing.split_sentences(TEXT)
    picked = briefing.summarize(TEXT, sentences=3, method=method)
    assert len(picked) == 3
    positions = [sentences.index(s) for s in picked]
    assert positions == sorted(positions)
    for sentence in picked:
        assert sentence in TEXT
        assert "Scroll down" not in sentence
        assert "newsletter" not in sentence
        assert not sentence.startswith(("By Anna", "We see"))


def test_lead_takes_the_first_content_sentences() -> None:
    picked = briefing.summarize(TEXT, sentences=2, method="lead")
    assert picked == [
        "The port authority said on Monday that cargo volumes rose by a fifth last year.",
        "Container traffic reached a record as new cranes came into service at the east quay.",
    ]


def test_length_in_words() -> None:
    picked = briefing.summarize(TEXT, method="lead", words=30)
    assert sum(len(s.split()) for s in picked) <= 30
    assert len(picked) == 2


def test_short_text_gives_what_it_has() -> None:
    assert briefing.summarize("One short line here.", sentences=3) == ["One short line here."]
    assert briefing.summarize("", sentences=3) == []


def test_unknown_method_says_what_to_use() -> None:
    with pytest.raises(SummarizerError, match="lexrank"):
        briefing.summarize(TEXT, method="magic")


def test_scores_and_positions_are_reported() -> None:
    article = make_article(text=TEXT)
    picked = key_sentences(article, Length(2), "lexrank").picked
    assert all(s.url == article.url and s.article_id == article.id for s in picked)
    split = briefing.split_sentences(TEXT)
    assert all(split[s.position] == s.text for s in picked)
    picks = pick_sentences(split, Length(9), "lexrank")
    assert all(isinstance(p.score, float) for p in picks)


def test_seed_article_never_picks_fragments() -> None:
    (article,) = read_inputs([seed_article()]).articles
    for method in METHODS:
        for sentence in briefing.summarize(article.text, sentences=5, method=method):
            assert len(sentence.split()) >= 6, (method, sentence)
            assert sentence in article.text


@pytest.mark.parametrize("method", ["newsrank", "lexrank", "lead", "luhn"])
def test_terms_found_once_give_the_same_picks(method: str) -> None:
    """The workers pass each sentence's terms in; ranking from them changes nothing."""
    from briefing.text.sentences import split_sentences
    from briefing.text.terms import terms_of

    for article in read_inputs([seed_article()]).articles:
        split = split_sentences(article.text)
        given = key_sentences(article, Length(3), method, split=split, terms=terms_of(split))
        assert given == key_sentences(article, Length(3), method)
        given = given.picked
        assert len(given) == min(3, len(split))
