"""Captions, bylines, prompts and fragments are never content; real sentences are."""

from __future__ import annotations

import json
import random
import re
import string
import sys

import pytest

from briefing.summary import content as clean
from briefing.summary.content import is_byline, is_content
from briefing.text.sentences import split_sentences
from tests.conftest import shared_file


@pytest.mark.parametrize(
    "sentence",
    [
        # bylines and datelines, as the splitter cuts them and as one piece
        "By . Jane Doe and Tom Roe .",
        "By Jane Doe for MailOnline and Tom Roe In New York",
        "By JANE DOE, Political Editor, for the Mail on Sunday",
        "By . Jane Doe . PUBLISHED: . 12:53 EST, 4 June 2013 . | . UPDATED: . 13:07 EST",
        "PUBLISHED: 09:14 GMT, 3 March 2014 and more words here",
        "Last updated at 5:22 PM on 14th October 2011 .",
        "CNN's Jane Doe and Tom Roe contributed to this report.",
        # captions and video prompts
        "Scroll down for video The mayor opened the new harbour wall on a windy Monday.",
        "Photo: The new harbour wall seen from the old pier at low tide",
        "The harbour wall at low tide on a bright morning (Getty Images)",
        "Pictured: the mayor and the builders in front of the new wall",
        # newsletter and social prompts
        "Sign up for our daily newsletter to get the news first every morning.",
        "Follow us on Twitter for the latest news from the harbour.",
        "Sorry we are not currently accepting comments on this article.",
        "Read more: how the town paid for its new harbour wall",
        "Click here to see all the pictures from the opening day.",
        # fragments
        "We see, the mayor.",
        "Harbour reopens.",
    ],
)
def test_not_content(sentence: str) -> None:
    assert not is_content(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "A council in the north has agreed to rebuild its old harbour wall after the storms.",
        "Byron Smith, 42, said he welcomed the news from the council on Tuesday.",
        "By the end of the year, the harbour will reopen to the fishing boats again.",
        "By Friday, the council had voted to close the old harbour for the winter.",
        "By comparison, only a third of the boats used the southern harbour last year.",
        "By 2020, half of the town will live within a mile of the new harbour wall.",
        "'It was the worst storm I have seen in forty years,' said the harbour master.",
        "The photo shows the damage the storm did to the old harbour wall last winter.",
    ],
)
def test_content(sentence: str) -> None:
    assert is_content(sentence)


def test_byline_needs_a_capitalised_name() -> None:
    assert is_byline("By Jane Doe")
    assert not is_byline("By the way, the mayor said the plan was good for the town.")
    assert not is_byline("Byron Smith spoke to reporters.")


def _reference(sentence: str) -> bool:
    """is_content as one regular expression over the whole sentence (the slow way)."""
    if len(clean._WORD.findall(sentence)) < clean.MIN_WORDS:
        return False
    if is_byline(sentence) or clean.is_caption(sentence):
        return False
    return clean._NOT_CONTENT.search(sentence) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Harbour news: SIGN UP FOR OUR daily NEWSLETTER and more words",
        "Harbour news: ſign up for our daily newsletter and more words",
        "The harbour wall at low tide on a bright morning (Fıle photo by a reader)",
        "The harbour wall at low tide on a bright morning (İmage: the town council)",
        "The mayor thanked the builders and the town (AP PHOTO) at the opening",
        "Our site uses COOKİES and you can read the policy on the next page",
        "The harbour wall was UPDATED: 12.30 on the day it opened to all boats",
        "“Read more: how the town paid for its new harbour wall",
        "© The town council, all words kept by the harbour board",
        "The builders (who came from the next town) finished the wall early",
    ],
)
def test_fast_rules_agree_with_the_whole_rule(sentence: str) -> None:
    assert is_content(sentence) == _reference(sentence)


def test_word_count_in_one_match_agrees_with_counting_words() -> None:
    # Random strings from letters (accented, non-Latin, outside the BMP), digits (also
    # non-ASCII), "_", the word's inner marks, spaces, a combining mark, punctuation.
    alphabet = "abZéßΣж𝐀19٣_'’- \n.,;:!?()\u0301\u00a0"
    rng = random.Random(16)
    for _ in range(20_000):
        sentence = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40)))
        expected = len(clean._WORD.findall(sentence)) >= clean.MIN_WORDS
        assert (clean._ENOUGH_WORDS.match(sentence) is not None) is expected, repr(sentence)


def test_fold_covers_every_letter_ignorecase_equates() -> None:
    any_letter = re.compile("(?i)[a-z]")
    for code in range(128, sys.maxunicode + 1):
        char = chr(code)
        if any_letter.fullmatch(char):
            letter = next(x for x in string.ascii_lowercase if re.fullmatch("(?i)" + x, char))
            assert letter in clean._fold(char), (hex(code), letter)


def test_fast_rules_agree_on_the_evaluation_texts() -> None:
    checked = 0
    for path in sorted(shared_file("eval").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(line).get("text") or ""
            for sentence in split_sentences(text):
                assert is_content(sentence) == _reference(sentence), sentence
                checked += 1
    assert checked > 10_000


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        ("The tunnel dug by the prisoners was later dubbed 'The First Great Escape'", False),
        ('Crowds gather outside the court where the pair were branded "The Night Raiders"', False),
        ("The tunnel was later dubbed 'The First Great Escape' by the newspapers.", True),
        ("'We have waited long enough for this bridge to reopen,' the mayor said.", True),
        ("Lesen Sie auch: Die Bahn erhöht die Preise im ganzen Land.", False),
        ("Foto: Die Rheinbrücke in Köln am frühen Freitagmorgen.", False),
        ("Von Katrin Wolff und Hans Meier, Köln", False),
        ("Par Jean Dupont, à Lyon", False),
        ("Lire aussi : la grève continue à Lyon ce week-end", False),
        ("Leggi anche: lo sciopero continua a Milano per tutto il fine settimana", False),
        ("Werbung für Tabak wird in Deutschland ab Januar verboten.", True),
        ("Von der Leyen sprach am Freitag vor dem Europäischen Parlament.", True),
        ("Die Regierung hat am Freitag ein neues Gesetz beschlossen.", True),
    ],
)
def test_captions_and_other_languages(sentence: str, content: bool) -> None:
    assert is_content(sentence) is content
    assert _reference(sentence) is content


def test_content_positions_are_is_contents_own() -> None:
    """content_positions (keywords looked for once in the joined, folded text) gives the
    positions is_content accepts: random sentences dense in the rules' keywords, with
    the letters folding treats apart (İ ı ſ, Σ at a word's end), curly quotes and
    newlines inside a sentence; and every evaluation text."""
    rng = random.Random(63)
    pieces = ["the", "harbour", "wall", "rose", "Σ", "İ", "ı", "ſign", "’", "“", "\n", " ", " "]
    pieces += ["(photo)", "(File", "photo", "Getty Images", "reuters/", "sign up for our"]
    pieces += ["newsletter", "Scroll down for video", "updated: 12.30", "Published", "cookies"]
    pieces += ["accept", "like us on facebook", "accepting comments", "contributed to this report"]
    pieces += ["SUBSCRIBE to the", "alerts", "Read more:", "By Jane Doe", ".", ",", "'The End'"]
    texts = []
    for _ in range(3_000):
        sentences = [
            "".join(rng.choices(pieces, k=rng.randrange(0, 16))) for _ in range(rng.randrange(6))
        ]
        texts.append(sentences)
    for path in sorted(shared_file("eval").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines()[:1500]:
            texts.append(split_sentences(json.loads(line).get("text") or ""))
    kept = dropped = 0
    for sentences in texts:
        expected = [i for i, s in enumerate(sentences) if is_content(s)]
        assert clean.content_positions(sentences) == expected, sentences
        kept += len(expected)
        dropped += len(sentences) - len(expected)
    assert kept > 1_000 and dropped > 1_000


def test_leading_rules_factored_match_what_each_rule_matches() -> None:
    """_LEADING (one "^\\W*" before all the leading rules) matches the sentences the rules
    as written match: random openings of non-word characters and rule words, and every
    evaluation sentence."""
    as_written = re.compile(clean._LEADING_RULES, clean._FLAGS)
    rng = random.Random(65)
    pieces = ["Read", " more", ":", "«", "“", " ", "©", "-", "1", "Photo", "|", "updated", " at"]
    pieces += ["Follow", " us", "@", "Lesen", " Sie", " auch", "Bild", "quelle", "Anzeige", "é"]
    pieces += ["share", " this", " or comment on", "last ", "published", "x", "\n", "_", "à"]
    sentences = ["".join(rng.choices(pieces, k=rng.randrange(0, 8))) for _ in range(30_000)]
    for path in sorted(shared_file("eval").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines()[:1500]:
            sentences += split_sentences(json.loads(line).get("text") or "")
    matched = 0
    for sentence in sentences:
        expected = as_written.match(sentence) is not None
        assert (clean._LEADING.match(sentence) is not None) is expected, sentence
        matched += expected
    assert matched > 1_000
