"""Terms: one tokenisation, the words sumy rates sentences on, each stemmed as sumy stems it."""

from __future__ import annotations

from sumy.nlp.stemmers import Stemmer
from sumy.utils import get_stop_words

from briefing.stories.similarity import term_bag
from briefing.text.sentences import split_sentences, words
from briefing.text.terms import sentence_terms, stop_words, terms_of
from tests.conftest import EXAMPLES, HOSTILE


def example_texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("articles/*"))]


def test_sentence_terms_drop_stop_words_and_stem() -> None:
    assert sentence_terms("The boats were damaged") == ["boat", "damag"]
    assert sentence_terms("A long-term plan for the U.S. economy") == [
        "long-term",
        "plan",
        "u.",  # the stemmer takes the "s" of "u.s" for a plural, as in sumy
        "economi",
    ]
    assert sentence_terms("") == []


def test_stop_words_are_sumys() -> None:
    assert stop_words() == frozenset(w.lower() for w in get_stop_words("english"))
    assert "the" in stop_words()


def test_terms_are_sumys_words_stems_and_stop_words() -> None:
    """What sumy computes from our tokenizer's words, word by word."""
    stem = Stemmer("english")
    vocabulary = {w.lower() for text in example_texts() + list(HOSTILE) for w in words(text)}
    assert len(vocabulary) > 500
    for word in sorted(vocabulary):
        expected = [] if word in stop_words() else [stem(word)]
        assert sentence_terms(word) == expected, word


def test_terms_of_each_sentence() -> None:
    for text in example_texts():
        split = split_sentences(text)
        found = terms_of(split)
        assert found == [sentence_terms(s) for s in split]
        assert all(t for terms in found for t in terms)
        assert [t for terms in found for t in terms] == sentence_terms(" ".join(split))


def test_term_bag_from_the_sentences_terms_is_the_texts() -> None:
    """No term spans two sentences, so the bag of a text is the bag of its sentences."""
    for text in example_texts() + list(HOSTILE):
        split = split_sentences(text)
        given = term_bag(text, "Harbour plan", terms_of(split))
        found = term_bag(text, "Harbour plan")
        assert given == found
        assert list(given) == list(found)


def test_terms_of_unusual_sentences_are_each_sentences_terms() -> None:
    """The one-pass path and the sentence-by-sentence path agree, wherever each applies."""
    cases = [
        [],
        [""],
        ["İstanbul HARBOURS reopened", "ΣΟΦΙΑ Σίσυφος"],
        ["two\nlines of harbour text", "and more walls"],
        ["Harbour walls", "", "rebuilt ", " Boats"],
    ]
    for sentences in cases:
        assert terms_of(sentences) == [sentence_terms(s) for s in sentences], sentences


def test_terms_in_each_language() -> None:
    from briefing.text.terms import sentence_terms, stemmer, stop_words, using_language, word_terms

    assert sentence_terms("Die Regierungen der Länder verhandelten lange", "de") == [
        "regier",
        "land",
        "verhandelt",
        "lang",
    ]
    assert sentence_terms("Les contrôleurs aériens ont annulé les vols", "fr") == [
        "contrôleur",
        "aérien",
        "ont",  # not in sumy's French list
        "annul",
        "vol",
    ]
    assert "de" in stop_words("nl") and "het" in stop_words("nl")
    assert "und" in stop_words("de") and "und" not in stop_words("en")
    for language in ("es", "it", "pt", "nl"):
        assert stop_words(language), language
        assert stemmer(language)("presidentes") != "presidentes" or language in ("it", "nl")
    # Another language: its words whole, lower-cased, no stop words.
    assert sentence_terms("Rząd przedstawił projekty", "pl") == ["rząd", "przedstawił", "projekty"]
    # The language set around a call is the default of the calls inside it.
    with using_language("de"):
        assert word_terms("Regierungen") == ("regier",)
        assert sentence_terms("Länder") == ["land"]
    assert word_terms("Regierungen") == ("regierungen",)
