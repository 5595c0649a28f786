"""Terms: one tokenisation, the words sumy rates sentences on, each stemmed by Snowball."""

from __future__ import annotations

import json
import re

from nltk.stem.snowball import SnowballStemmer
from sumy.utils import get_stop_words

from briefing.stories.similarity import term_bag
from briefing.text.sentences import split_sentences, words
from briefing.text.terms import sentence_terms, stemmer, stop_words, terms_of
from tests.conftest import EXAMPLES, HOSTILE, shared_file


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


def test_terms_are_the_words_stems_without_stop_words() -> None:
    """Our tokenizer's words, lower-cased, stop words (sumy's) dropped, each stemmed."""
    stem = stemmer("en")
    vocabulary = {w.lower() for text in example_texts() + list(HOSTILE) for w in words(text)}
    assert len(vocabulary) > 500
    for word in sorted(vocabulary):
        expected = [] if word in stop_words() else [stem(word)]
        assert sentence_terms(word) == expected, word


#: Where Snowball's English has been revised since NLTK ported it: "-ologist" is stemmed as
#: "-ology" is, and "inter-", "univers-", "organ-", "emerg-", "past-", "later-" begin no stem.
REVISED = re.compile(r"olog|^(?:inter|univers|organ|emerg|past|later)")


def test_the_stemmer_is_snowballs_as_sumy_has_it_but_for_later_revisions() -> None:
    """sumy stems with NLTK's Snowball port; ours is Snowball's C library (PyStemmer),
    thirty times faster. Over the examples' words they differ only where Snowball's
    English was revised, and curly apostrophes are read as NLTK reads them."""
    ours, nltk = stemmer("en"), SnowballStemmer("english").stem
    vocabulary = {w.lower() for text in example_texts() + list(HOSTILE) for w in words(text)}
    vocabulary |= {"kennedy’s", "don’t", "‘quoted", "is", "’s", "organization", "ecologists"}
    differ = sorted(w for w in vocabulary if ours(w) != nltk(w))
    assert differ, "the examples no longer show a revision: add one"
    assert [w for w in differ if not REVISED.search(w)] == []
    assert len(differ) * 100 < len(vocabulary)
    assert ours("kennedy’s") == ours("kennedy's") == nltk("kennedy’s") == "kennedi"
    assert ours("ecologists") == ours("ecology") == "ecolog"


def test_stemmer_without_pystemmers_cache_stems_as_it_did() -> None:
    """Our stemmers (PyStemmer's cache off, English words without a curly apostrophe not
    translated) give what PyStemmer with its cache gave, through the plain English rule:
    two letters kept, apostrophes straightened. Words of the examples and of the
    evaluation texts, each word twice (the second time from PyStemmer's cache)."""
    import Stemmer

    vocabulary = {w.lower() for text in example_texts() + list(HOSTILE) for w in words(text)}
    for path in sorted(shared_file("eval").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines()[:300]:
            vocabulary.update(w.lower() for w in words(json.loads(line).get("text") or ""))
    vocabulary |= {"kennedy’s", "don’t", "‘quoted", "‛tis", "’s", "is", "a", "", "café’s"}
    vocabulary |= {"naïve", "häuser", "trabajando", "lichamelijke", "continuellement"}
    assert len(vocabulary) > 10_000
    apostrophes = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201b": "'"})
    for code, name in [("en", "english"), ("de", "german"), ("fr", "french"), ("nl", "dutch")]:
        cached = Stemmer.Stemmer("dutch_porter" if name == "dutch" else name).stemWord
        ours = stemmer(code)
        for word in sorted(vocabulary) * 2:
            if code == "en":
                expected = cached(word.translate(apostrophes)) if len(word) > 2 else word
            else:
                expected = cached(word)
            assert ours(word) == expected, (code, word)


def test_stemmers_of_other_languages() -> None:
    """Snowball's, as NLTK has them (Dutch is its original algorithm, as in NLTK)."""
    for code, name, word in [
        ("de", "german", "häuser"),
        ("fr", "french", "continuellement"),
        ("es", "spanish", "trabajando"),
        ("it", "italian", "abbandonata"),
        ("pt", "portuguese", "trabalhando"),
        ("nl", "dutch", "lichamelijke"),
    ]:
        assert stemmer(code)(word) == SnowballStemmer(name).stem(word) != word, code
    assert stemmer("fi")("talossa") == "talossa"  # no stemmer: the word as it is


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
