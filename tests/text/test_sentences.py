"""Tests for briefing.text.sentences: one parametrised group per sentence-boundary rule.

The cases are written for this project (not taken from any other suite). Each
is the input and the sentences expected from it.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import sys
from pathlib import Path
from typing import Any

import pytest
from nltk.tokenize.punkt import PunktSentenceTokenizer

from briefing.text import punkt as punkt_module
from briefing.text import rules
from briefing.text import sentences as text_module
from briefing.text.sentences import (
    SentenceTokenizer,
    lower_words,
    normalize_space,
    split_sentences,
    words,
)
from tests.conftest import run_python, shared_file

Case = tuple[str, list[str]]

BASICS: list[Case] = [
    ("The cat sat down. The dog barked.", ["The cat sat down.", "The dog barked."]),
    ("Where were you? We waited.", ["Where were you?", "We waited."]),
    ("Look out! The bus is coming.", ["Look out!", "The bus is coming."]),
    ("No final stop here", ["No final stop here"]),
    ("  Lots   of\tspace.\n\nAnd lines.  ", ["Lots of space.", "And lines."]),
    (
        "Headline without a stop\n\nThe body starts here.",
        ["Headline without a stop", "The body starts here."],
    ),
    ("A line broken\n\nin the middle.", ["A line broken in the middle."]),
    ("So good!!\n\nNext one.", ["So good!!", "Next one."]),
    ("Lost a word\n\n. Next one.", ["Lost a word .", "Next one."]),
    ("He bought 2 lbs. of beef.", ["He bought 2 lbs. of beef."]),
    ("Sales fell. iPhone demand was weak.", ["Sales fell.", "iPhone demand was weak."]),
]

TITLES_AND_ABBREVIATIONS: list[Case] = [
    ("Mr. Brown met Dr. Okafor at noon.", ["Mr. Brown met Dr. Okafor at noon."]),
    ("Prof. Ng and Sen. Alvarez disagreed.", ["Prof. Ng and Sen. Alvarez disagreed."]),
    ("Gov. Hale vetoed the bill on Monday.", ["Gov. Hale vetoed the bill on Monday."]),
    ("She works for Lumen Inc. in Denver.", ["She works for Lumen Inc. in Denver."]),
    (
        "The deal went to Harlow Corp. It closed fast.",
        ["The deal went to Harlow Corp.", "It closed fast."],
    ),
    ("Ask Priya and co. They will know.", ["Ask Priya and co.", "They will know."]),
    ("Grant & Sons Ltd. was sold in May.", ["Grant & Sons Ltd. was sold in May."]),
    ("It was Ohio vs. Texas last night.", ["It was Ohio vs. Texas last night."]),
    ("Pack pens, paper, etc. for the trip.", ["Pack pens, paper, etc. for the trip."]),
    ("We sold hats, coats, etc. Maria counted.", ["We sold hats, coats, etc.", "Maria counted."]),
    (
        "We bought bread, jam, etc. Then we went home.",
        ["We bought bread, jam, etc.", "Then we went home."],
    ),
    ("Use a tool, e.g. a spoon, to stir.", ["Use a tool, e.g. a spoon, to stir."]),
    ("Pick the blue one, i.e. the cheap one.", ["Pick the blue one, i.e. the cheap one."]),
    ("He lives at No. 12 on the hill.", ["He lives at No. 12 on the hill."]),
    ("The answer was no. Nobody argued.", ["The answer was no.", "Nobody argued."]),
    ("Read pp. 40-42 before class.", ["Read pp. 40-42 before class."]),
    ("That is Kim Jr.'s bicycle.", ["That is Kim Jr.'s bicycle."]),
    ("'Mr. Brown is here,' she said.", ["'Mr. Brown is here,' she said."]),
    (
        "Smith et al. found a link. The study was small.",
        ["Smith et al. found a link.", "The study was small."],
    ),
    ("We climbed Mt. Everest in spring.", ["We climbed Mt. Everest in spring."]),
    ("They flew to St. Louis yesterday.", ["They flew to St. Louis yesterday."]),
    ("The shop is on Elm St. near the park.", ["The shop is on Elm St. near the park."]),
]

INITIALS: list[Case] = [
    ("J. R. R. Tolkien wrote it.", ["J. R. R. Tolkien wrote it."]),
    ("George W. Bush spoke first.", ["George W. Bush spoke first."]),
    ("A letter from T. S. Eliot arrived.", ["A letter from T. S. Eliot arrived."]),
    (
        "It was you and I. Did anyone notice Maria K. Lund?",
        ["It was you and I.", "Did anyone notice Maria K. Lund?"],
    ),
    ("We chose plan B. It worked.", ["We chose plan B.", "It worked."]),
    ("Turn to p. 7 for the map.", ["Turn to p. 7 for the map."]),
]

NUMBERS: list[Case] = [
    ("Pi is about 3.14 in most sums.", ["Pi is about 3.14 in most sums."]),
    ("The firm raised $2.5 million today.", ["The firm raised $2.5 million today."]),
    ("Prices rose 1.5% in March.", ["Prices rose 1.5% in March."]),
    ("The score was 4.5. Next came the vote.", ["The score was 4.5.", "Next came the vote."]),
    ("It cost $12.99. We paid cash.", ["It cost $12.99.", "We paid cash."]),
    ("Install version 2.4.1 first.", ["Install version 2.4.1 first."]),
    ("Python 3.12. Then Go 1.22.", ["Python 3.12.", "Then Go 1.22."]),
    ("I have 2 cats. 3 dogs live next door.", ["I have 2 cats.", "3 dogs live next door."]),
    ("The bus leaves at 10:30. Be early.", ["The bus leaves at 10:30.", "Be early."]),
    ("It was 2019. the year began badly.", ["It was 2019. the year began badly."]),
    (
        "The ship sank at 41.7° N, 49.9° W. Few survived.",
        ["The ship sank at 41.7° N, 49.9° W.", "Few survived."],
    ),
    ("Dig at N°. 1026.253.553. Gold is there.", ["Dig at N°. 1026.253.553.", "Gold is there."]),
    ("It lies at lat. 51.5 and long. 0.12 today.", ["It lies at lat. 51.5 and long. 0.12 today."]),
]

DATES_AND_TIMES: list[Case] = [
    ("On Jan. 5, 2024 it snowed.", ["On Jan. 5, 2024 it snowed."]),
    ("She was born Dec. 3. The year was 1990.", ["She was born Dec. 3.", "The year was 1990."]),
    ("We meet at 5 p.m. on Friday.", ["We meet at 5 p.m. on Friday."]),
    (
        "The talks ended at 5 p.m. The next day was quiet.",
        ["The talks ended at 5 p.m.", "The next day was quiet."],
    ),
    ("Doors open at 7 p.m. Guests should queue.", ["Doors open at 7 p.m.", "Guests should queue."]),
    (
        "At 6 a.m. Mr. Diaz left. He came back at 9 P.M. Mrs. Diaz cooked.",
        ["At 6 a.m. Mr. Diaz left.", "He came back at 9 P.M. Mrs. Diaz cooked."],
    ),
    ("The flight lands at 4 p.m. Sunday.", ["The flight lands at 4 p.m. Sunday."]),
    ("The call is at 9 a.m. EST tomorrow.", ["The call is at 9 a.m. EST tomorrow."]),
]

ACRONYMS: list[Case] = [
    ("I live in the U.S.A. He lives in the U.K.", ["I live in the U.S.A.", "He lives in the U.K."]),
    ("The U.S. government shut down.", ["The U.S. government shut down."]),
    ("She sued the U.S. Army in court.", ["She sued the U.S. Army in court."]),
    ("They stayed in the U.S. for years.", ["They stayed in the U.S. for years."]),
    ("We moved to the E.U. How about you?", ["We moved to the E.U.", "How about you?"]),
    ("Oil from the U.A.E. rose. Gas fell.", ["Oil from the U.A.E. rose.", "Gas fell."]),
    ("He has a Ph.D. in physics.", ["He has a Ph.D. in physics."]),
]

QUOTES_AND_PARENS: list[Case] = [
    ("He said 'no.' Then he left.", ["He said 'no.'", "Then he left."]),
    ('"Is it?" she asked.', ['"Is it?" she asked.']),
    ('"Run!" he shouted. We ran.', ['"Run!" he shouted.', "We ran."]),
    ('"Where to?" I asked.', ['"Where to?" I asked.']),
    ('"Why now?" Mr. Lee asked again.', ['"Why now?" Mr. Lee asked again.']),
    ("(This is it.) Next we eat.", ["(This is it.)", "Next we eat."]),
    (
        "She taught math (she had been a pilot.) at the school.",
        ["She taught math (she had been a pilot.) at the school."],
    ),
    ('She said, "I am done." Then she left.', ['She said, "I am done."', "Then she left."]),
    ('He wrote, "It is late." she read it aloud.', ['He wrote, "It is late." she read it aloud.']),
    ("“We won!” the coach said.", ["“We won!” the coach said."]),
    ("She shouted “Stop!” Then silence.", ["She shouted “Stop!”", "Then silence."]),
    ("He sells on Yahoo! in his spare time.", ["He sells on Yahoo! in his spare time."]),
]

PUNCTUATION: list[Case] = [
    ("Really?! I had no idea.", ["Really?!", "I had no idea."]),
    ("Hi!! Long time.", ["Hi!!", "Long time."]),
    ("Hello?? Anyone home?", ["Hello??", "Anyone home?"]),
    ("Wow!? That was fast.", ["Wow!?", "That was fast."]),
]

ELLIPSES: list[Case] = [
    ("Wait... what?", ["Wait... what?"]),
    ("He paused... Then he left.", ["He paused...", "Then he left."]),
    ("I never said that.... She walked out.", ["I never said that....", "She walked out."]),
    ("She hesitated… Nobody spoke.", ["She hesitated…", "Nobody spoke."]),
    ("Well . . . maybe not.", ["Well . . . maybe not."]),
    ("It ended badly. . . . Then came spring.", ["It ended badly. . . .", "Then came spring."]),
    ("He said it [...] twice (Ray 12).", ["He said it [...] twice (Ray 12)."]),
    ("I meant ... well . . . I was wrong.", ["I meant ... well . . . I was wrong."]),
    ('He said: "... Then the lights went out."', ['He said: "... Then the lights went out."']),
    ("Wait... What? No.", ["Wait...", "What?", "No."]),
]

LISTS: list[Case] = [
    ("1. Eat. 2. Sleep.", ["1. Eat.", "2. Sleep."]),
    ("1. Buy milk 2. Pay rent 3. Call mum", ["1. Buy milk", "2. Pay rent", "3. Call mum"]),
    ("1) Wake up 2) Stretch", ["1) Wake up", "2) Stretch"]),
    ("1.) Open it. 2.) Close it.", ["1.) Open it.", "2.) Close it."]),
    ("a) red b) green c) blue", ["a) red", "b) green", "c) blue"]),
    ("a. The start b. The end", ["a. The start", "b. The end"]),
    ("Steps: 1. Mix the flour. 2. Bake it.", ["Steps: 1. Mix the flour.", "2. Bake it."]),
    ("• 4. Pears • 5. Plums", ["• 4. Pears", "• 5. Plums"]),
    ("⁃1. Salt ⁃2. Pepper", ["⁃1. Salt", "⁃2. Pepper"]),
    (
        "They won 1. Then they lost 2. Fans left.",
        ["They won 1.", "Then they lost 2.", "Fans left."],
    ),
    (
        "Top tips 1. Sleep more 2. Drink water 3. Walk daily",
        ["Top tips", "1. Sleep more", "2. Drink water", "3. Walk daily"],
    ),
    ("(a) Rice (b) Beans", ["(a) Rice", "(b) Beans"]),
    ("Pick a) tea, b) coffee or c) water.", ["Pick a) tea, b) coffee or c) water."]),
    ("Rank them 1) cost 2) speed 3) size.", ["Rank them 1) cost 2) speed 3) size."]),
    ("Rank 1. cost 2. speed 3. size", ["Rank", "1. cost", "2. speed", "3. size"]),
]

WEB: list[Case] = [
    ("Visit www.example.com for details.", ["Visit www.example.com for details."]),
    ("Mail john.doe@example.co.uk today.", ["Mail john.doe@example.co.uk today."]),
    (
        "Write to ana.b@mail.org. She replies fast.",
        ["Write to ana.b@mail.org.", "She replies fast."],
    ),
    ("See http://x.org/a.b?c=d for more.", ["See http://x.org/a.b?c=d for more."]),
    (
        "The page is https://news.example.net/2024/a.html. Read it.",
        ["The page is https://news.example.net/2024/a.html.", "Read it."],
    ),
]

ALL_RULES = {
    "basics": BASICS,
    "titles_and_abbreviations": TITLES_AND_ABBREVIATIONS,
    "initials": INITIALS,
    "numbers": NUMBERS,
    "dates_and_times": DATES_AND_TIMES,
    "acronyms": ACRONYMS,
    "quotes_and_parens": QUOTES_AND_PARENS,
    "punctuation": PUNCTUATION,
    "ellipses": ELLIPSES,
    "lists": LISTS,
    "web": WEB,
}
CASES = [
    pytest.param(text, expected, id=f"{rule}-{i}")
    for rule, cases in ALL_RULES.items()
    for i, (text, expected) in enumerate(cases)
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_rule(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def assert_exact(text: str, sentences: list[str]) -> None:
    """Each sentence is a stripped, non-empty slice of the folded text, in order,
    and only spaces lie between them: nothing is lost, changed or repeated."""
    folded = normalize_space(text)
    position = 0
    for sentence in sentences:
        assert sentence and sentence == sentence.strip()
        found = folded.find(sentence, position)
        assert found >= 0, sentence
        assert folded[position:found].strip() == ""
        position = found + len(sentence)
    assert folded[position:].strip() == ""


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_sentences_are_exact_slices(text: str, expected: list[str]) -> None:
    assert_exact(text, split_sentences(text))


def test_exact_slices_on_random_text() -> None:
    rng = random.Random(7)
    alphabet = ["a", "b", "A", "Mr", "U", "I", "1", "2", ".", ".", " ", " ", "?", "!", '"']
    alphabet += ["'", "(", ")", "…", "\n", "\n\n", "•", "p.m.", "e.g.", "5.", "a)", "“", "”"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 40)))
        assert_exact(text, split_sentences(text))


def test_whitespace_is_folded_and_empty_text_has_no_sentences() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\t ") == []
    assert split_sentences("One\ttwo.\r\nThree\u00a0four.") == ["One two.", "Three four."]
    assert normalize_space("  a \n b\t") == "a b"


@pytest.mark.parametrize(
    "text",
    [
        "." * 100_000,
        "a." * 50_000,
        "a. " * 50_000,
        "A. " * 50_000,
        "... x" * 20_000,
        "?!" * 50_000,
        "1. " * 30_000,
        "a) " * 30_000,
        "(" * 50_000 + ")" * 50_000,
        '"Hi?" she ' * 20_000,
        "x" * 200_000 + ".",
        " " * 100_000,
        "a\n\n" * 50_000,
        "A\n\n" * 50_000,
    ],
    ids=lambda text: repr(text[:6]),
)
def test_pathological_input_never_hangs(text: str) -> None:
    # A catastrophic regular expression would run for hours: a bound on that, not a
    # measurement of speed (benchmarks/bench_split.py measures speed).
    def hung(signum: int, frame: object) -> None:
        raise AssertionError("split_sentences did not finish within 120 s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(120)
    try:
        sentences = split_sentences(text)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert_exact(text, sentences)


def test_long_text_is_split_in_chunks_like_short_text(monkeypatch: pytest.MonkeyPatch) -> None:
    # NLTK stops a regex after 5 s, so Punkt gets long text in chunks; chunking
    # must not change a single boundary.
    text = " ".join(
        f"Mr. Lee paid ${i}.50 at 5 p.m. on Jan. {i % 28 + 1}. The U.S. team won {i}. "
        f'"Is it?" she asked. J. R. Smith left... Then Acme Inc. grew {i}.5%.'
        for i in range(40)
    )
    whole = split_sentences(text)
    monkeypatch.setattr(text_module, "_CHUNK", 37)
    assert split_sentences(text) == whole
    monkeypatch.setattr(text_module, "_CHUNK", 5)
    assert split_sentences(text) == whole


def test_fast_path_agrees_with_punkt() -> None:
    """The shortcut in FastPunkt.text_contains_sentbreak gives Punkt's own answer."""
    tokenizer = text_module.punkt_tokenizer()
    sample = " ".join(case[0] for cases in ALL_RULES.values() for case in cases)
    sample += " He left. I stayed! Why? No. Etc. Inc. Mr. Lee. Über. Zoë? ab. cd. In 2014. The"
    sample += " year 2015. then 9.' or 7.) and 3. \"Go\" or it.' Then it.\" Ah!' Oh?) x. É"
    sample += ' said "no". Then (in 2005). they went\'. And “this”. so [a]. {b}. «c». x".) y)."'
    sample += ' U.S.". Mr. (Inc.). the ’quoted’. It Mr". Lee ...". Ok 2.". ok a.". b'
    # A number, its period, then a mark: Punkt reads no sentence start after it.
    sample += ' item 12.! then 13.? and 14.: or 15.; so 16., more 17.) Then 18." It 19. Next'
    contexts = [context for _, context in tokenizer._match_potential_end_contexts(sample)]
    assert len(contexts) > 100
    for context in contexts:
        expected = PunktSentenceTokenizer.text_contains_sentbreak(tokenizer, context)
        assert tokenizer.text_contains_sentbreak(context) == expected, context


def test_words() -> None:
    assert words("Don't stop: the U.S. e-mail costs $3.50, o'clock!") == [
        "Don't",
        "stop",
        "the",
        "U.S",
        "e-mail",
        "costs",
        "3.50",
        "o'clock",
    ]
    assert words("Zoë’s café — naïve_user 42") == ["Zoë’s", "café", "naïve", "user", "42"]
    assert words("...!?") == []


def test_sentence_tokenizer_for_sumy() -> None:
    tokenizer = SentenceTokenizer()
    assert tokenizer.language == "english"
    assert tokenizer.to_sentences("Dr. Lee left. He was late.") == ["Dr. Lee left.", "He was late."]
    assert tokenizer.to_words("He was late.") == ["He", "was", "late"]


def test_sumy_summarizer_runs_on_our_tokenizer() -> None:
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer

    text = "Dr. Lee met Mr. Kim. They talked about rain. Rain fell on Jan. 5. Everyone got wet."
    parser = PlaintextParser.from_string(text, SentenceTokenizer())
    summary = LexRankSummarizer()(parser.document, 2)
    assert len(summary) == 2
    assert all(str(sentence) in split_sentences(text) for sentence in summary)


def test_needs_no_nltk_data(tmp_path: Path) -> None:
    code = (
        "from briefing.text.sentences import split_sentences; "
        "print(split_sentences('Mr. Lee left at 5 p.m. The U.S. team won. Yes!'))"
    )
    env = {**os.environ, "NLTK_DATA": str(tmp_path), "HOME": str(tmp_path)}
    result = run_python(code, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['Mr. Lee left at 5 p.m.', 'The U.S. team won.', 'Yes!']"


def test_lower_words_is_lowering_each_word() -> None:
    # lower() keeps every character's class and works on each character alone,
    # except for the two characters lower_words() treats the slow way.
    word = re.compile(r"\w")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char in "İΣ":
            continue
        lowered = char.lower()
        assert len(lowered) == 1, hex(code)
        assert (word.match(char) is None) == (word.match(lowered) is None), hex(code)
        assert (char in "_'’.-") == (lowered in "_'’.-"), hex(code)
    for text in [
        "The MAYOR'S plan: İSTANBUL and ΟΔΟΣ.ΑΒ, 3.5 boats",
        "ΣΟΦΟΣ sailed; the Harbour-Master's log.",
        "Plain words, nothing odd here.",
    ]:
        assert lower_words(text) == [w.lower() for w in words(text)]


def punkt_starts(tokenizer: Any, text: str) -> list[int]:
    return [start for start, _ in PunktSentenceTokenizer.span_tokenize(tokenizer, text) if start]


def test_sentence_starts_are_punkts_own() -> None:
    """FastPunkt.sentence_starts gives the starts of Punkt's span_tokenize, on our rules' text."""
    tokenizer = text_module.punkt_tokenizer()
    samples = [case[0] for cases in ALL_RULES.values() for case in cases]
    samples += [
        '(He left.) "Then?" I stayed!! Why?) No... "Go." Etc. (Inc.) Mr. Lee. ',
        "A.  B. ( C. ) 'D.' -- E. --F. x.\"",
        "",
        "   ",
        "Wow!!",
        "end.)",
        '"Quote."',
        "Tabs\tand. new\nlines. here\x0b. ok.",
    ]
    rng = random.Random(2)
    pieces = ["Mr.", "He", "left.", "?", "!", ")", '"', "'", " ", "--", "U.S.", "3.", "x", "é."]
    samples += ["".join(rng.choices(pieces, k=rng.randint(1, 25))) for _ in range(3000)]
    for sample in samples:
        for text in (sample, rules.prepare(normalize_space(sample))[0]):
            assert tokenizer.sentence_starts(text) == punkt_starts(tokenizer, text), text


def test_sentence_starts_on_the_evaluation_texts() -> None:
    """Our loop and our shortcut give Punkt's own answers on thousands of real texts."""
    folder = shared_file("eval")
    tokenizer = text_module.punkt_tokenizer()
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines()[:1500]:
            text = normalize_space(json.loads(line).get("text") or "")
            masked = rules.prepare(text)[0]
            assert tokenizer.sentence_starts(masked) == punkt_starts(tokenizer, masked)
            for _, context in tokenizer._match_potential_end_contexts(masked):
                expected = PunktSentenceTokenizer.text_contains_sentbreak(tokenizer, context)
                assert tokenizer.text_contains_sentbreak(context) == expected, context


def _markers_by_finditer(text: str) -> list[tuple[int, str, str]]:
    """List markers as _list_markers found them before: the first at the start, then
    _LIST_MARKER.finditer from the space, bracket or bullet before each label."""
    found = []
    first = rules._FIRST_LIST_MARKER.match(text)
    if first:
        found.append((0, first["label"], first["close"]))
    for m in rules._LIST_MARKER.finditer(text):
        found.append((m.start() + 1, m["label"], m["close"]))
    return found


def test_list_markers_found_from_their_close_mark_are_finditers() -> None:
    """_markers (a scan for the close mark, look-behinds for the label) finds what
    _LIST_MARKER.finditer finds, on random text dense in labels, marks and spaces and on
    the evaluation texts."""
    rng = random.Random(16)
    alphabet = [" ", " ", "(", ".", ")", ".)", "•", "▸", "1", "2", "9", "١", "a", "B", "z"]
    alphabet += ["é", "x", "_", "\n", "12", "3.", "b)", " (c)", "-", ",", "\u00a0"]
    samples = ["".join(rng.choices(alphabet, k=rng.randint(0, 30))) for _ in range(20_000)]
    samples += ["1. a. 2. b) 12. (c) 3.) 123. x1. •4. ▸d) e.)f 5.)", "a) b.", ".) 1.)"]
    hits = 0
    for text in samples:
        expected = _markers_by_finditer(text)
        assert list(rules._markers(text)) == expected, text
        hits += bool(expected)
    assert hits > 1_000  # a tenth of the samples hold markers
    for path in sorted(shared_file("eval").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines()[:1500]:
            text = normalize_space(json.loads(line).get("text") or "")
            assert list(rules._markers(text)) == _markers_by_finditer(text)


def test_every_whitespace_but_the_space_is_unprintable() -> None:
    """normalize_space returns printable text without double spaces or spaces at its ends
    as it is: right because str.split() splits on no printable character but the space."""
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if len(f"a{char}a".split()) != 1:
            assert char == " " or not char.isprintable(), hex(code)


@pytest.mark.parametrize(
    "text",
    [
        *["", " ", "a", " a", "a ", "a  b", "a b", "“a” b", "a\tb", "a\nb"],
        *["a\u00a0b", "a\u2028b", "a\x1fb", "a\u200bb"],
    ],
)
def test_normalize_space_is_split_and_join(text: str) -> None:
    assert normalize_space(text) == " ".join(text.split())


def test_the_ascii_word_pattern_finds_words_as_word_does() -> None:
    """On ASCII text, ASCII_WORD finds what WORD finds: random strings of every ASCII
    character (words, digits, "_", the inner marks, controls), and find_words chooses it
    only for ASCII text."""
    rng = random.Random(16)
    ascii_chars = [chr(code) for code in range(128)]
    dense = list("ab Z09_'.-") * 8
    for _ in range(20_000):
        text = "".join(rng.choices(ascii_chars + dense, k=rng.randrange(0, 40)))
        expected = text_module.WORD.findall(text)
        assert text_module.ASCII_WORD.findall(text) == expected, text
        assert text_module.find_words(text) == expected
    for text in ["café’s naïve", "Straße 12.5", "a’b", "K\u212a", "x\u00a0y", "١٢ 3"]:
        assert text_module.find_words(text) == text_module.WORD.findall(text)
        assert lower_words(text) == [w.lower() for w in text_module.WORD.findall(text)]


def test_wider_words_before_a_period_are_punkts_own() -> None:
    """The shortcut for words with hyphens, digits, %, currency signs and inner periods
    or commas ("pro-Kremlin.", "9.5%.", "£4,000bn.") answers as Punkt does: random
    contexts dense in what changes Punkt's answer (abbreviations whole or after a
    hyphen, numbers, initials, "--", "_", quotes, a period or lower case after). Only
    contexts the older shortcut (_PLAIN_BREAK) leaves alone reach it."""
    tokenizer = text_module.punkt_tokenizer()
    rng = random.Random(64)
    pieces = ["a", "B", "é", "9", "١", "²", "-", "--", "%", "$", "£", "€", ".", ",", "_", "’"]
    pieces += ["mr", "u.s", "co", "op", "pm", "x", "(", "e.g", "dr", "jan", "st", "inc"]
    # What Punkt's candidates give: a NonWord mark, or whitespace and the next token.
    after = [" The", " the", " .5", " . .", " --", ' "A', ")", '"', "’", " 9", "?", " i"]
    after += [" Mr", " In", " (a)", "  The", " x.", "!", ":", "«", "*"]
    answers = []
    for _ in range(40_000):
        word = "".join(rng.choices(pieces, k=rng.randint(1, 5)))
        context = word + "." + rng.choice(after)
        if not punkt_module._WORD_BREAK.fullmatch(context):
            continue
        if punkt_module._PLAIN_BREAK.fullmatch(context):
            continue
        expected = PunktSentenceTokenizer.text_contains_sentbreak(tokenizer, context)
        assert tokenizer.text_contains_sentbreak(context) == expected, context
        answers.append(expected)
    assert answers.count(True) > 3_000 and answers.count(False) > 100
