"""Which language a text is in, and whether it has case: briefing.text.language and the
uncased test of briefing.text.rules."""

from __future__ import annotations

import pytest

from briefing.text.language import (
    detect_language,
    language_code,
    resolve_language,
)
from briefing.text.rules import is_uncased
from briefing.text.sentences import split_sentences


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("de", "de"),
        ("de-DE", "de"),
        ("pt_BR", "pt"),
        ("FR", "fr"),
        ("German", "de"),
        ("dutch", "nl"),
        ("pl", "pl"),
        ("", None),
        ("  ", None),
        ("12", None),
        (None, None),
    ],
)
def test_language_codes(value: str | None, code: str | None) -> None:
    assert language_code(value) == code


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Die Bundesregierung will die Steuern für kleine Unternehmen senken.", "de"),
        ("Le gouvernement veut baisser les impôts des petites entreprises.", "fr"),
        ("El Gobierno quiere bajar los impuestos de las pequeñas empresas.", "es"),
        ("Il governo vuole abbassare le tasse per le piccole imprese.", "it"),
        ("O governo quer baixar os impostos das pequenas empresas.", "pt"),
        ("De regering wil de belastingen voor kleine bedrijven verlagen.", "nl"),
        ("The government wants to cut taxes for small businesses.", "en"),
        ("Mr. Brown met Dr. Okafor at noon.", "en"),  # short, full of names: English
        ("Rząd chce obniżyć podatki dla małych firm w przyszłym roku budżetowym.", "pl"),
        ("12.5 % / 3,2", "en"),  # no words to tell: English
        ("", "en"),
    ],
)
def test_detection(text: str, language: str) -> None:
    assert detect_language(text) == language
    assert detect_language(text) == language  # the same every time


def test_the_given_language_wins_over_detection() -> None:
    german = "Die Bundesregierung will die Steuern für kleine Unternehmen senken."
    assert resolve_language(german, "fr-BE") == "fr"
    assert resolve_language(german, None) == "de"
    assert resolve_language(german, "") == "de"


@pytest.mark.parametrize(
    ("text", "uncased"),
    [
        ("the war went on. nobody spoke. the end came.", True),
        ("no capitals and no stop at all", False),
        ("The war went on. Nobody spoke. The end came.", False),
        ("Pack pens, e.g. blue ones, etc. for the trip. It was 2019. the year began.", False),
        ("Rank 1. cost 2. speed 3. size", False),
        ("it rained. we stayed in. the roads flooded. Later the Army came. then it stopped.", True),
    ],
)
def test_uncased_text(text: str, uncased: bool) -> None:
    assert is_uncased(text) is uncased


def test_uncased_text_splits_on_punctuation_and_cased_text_as_before() -> None:
    cased = "He said it was over. Then he left. Dr. Lee stayed at home."
    assert split_sentences(cased.lower()) == [
        "he said it was over.",
        "then he left.",
        "dr. lee stayed at home.",
    ]
    assert split_sentences(cased) == [
        "He said it was over.",
        "Then he left.",
        "Dr. Lee stayed at home.",
    ]
    assert split_sentences("the score was 2-1. the fans cheered in 2014. then they left.") == [
        "the score was 2-1.",
        "the fans cheered in 2014.",
        "then they left.",
    ]
