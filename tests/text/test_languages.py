"""Sentence splitting in each language with rules: golden cases written for this project.

The cases live in ``tests/text/golden/sentences-<language>.json``, grouped by what they
cover (abbreviations, ordinal dates, numbers, quotes and guillemets, Spanish marks,
captions, uncased text). A case is the list of sentences expected; the text split is
those sentences joined by one space, unless the case gives its own ``text``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from briefing.text.language import LANGUAGES, detect_language
from briefing.text.sentences import split_sentences

GOLDEN = Path(__file__).parent / "golden"


def _cases() -> list[Any]:
    out = []
    for path in sorted(GOLDEN.glob("sentences-*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        language = data["language"]
        for rule, cases in data["cases"].items():
            for i, case in enumerate(cases):
                if isinstance(case, dict):
                    text, expected = case["text"], case["sentences"]
                else:
                    text, expected = " ".join(case), case
                out.append(pytest.param(language, text, expected, id=f"{language}-{rule}-{i}"))
    return out


CASES = _cases()


def test_every_language_has_at_least_30_cases() -> None:
    counts = {language: 0 for language in LANGUAGES}
    for case in CASES:
        counts[case.values[0]] += 1
    assert min(counts.values()) >= 30, counts


@pytest.mark.parametrize(("language", "text", "expected"), CASES)
def test_golden_case_with_the_language_given(language: str, text: str, expected: list[str]) -> None:
    assert split_sentences(text, language) == expected


@pytest.mark.parametrize(("language", "text", "expected"), CASES)
def test_golden_case_with_the_language_detected(
    language: str, text: str, expected: list[str]
) -> None:
    # Detection may take a short text for a neighbour; the split must not suffer.
    assert split_sentences(text) == expected, detect_language(text)
