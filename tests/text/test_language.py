"""Which language a text is in, and whether it has case: briefing.text.language and the
uncased test of briefing.text.rules."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing.text import language
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


# Texts written for these tests, in several languages and none.
_SAMPLES = [
    "The council agreed on Tuesday to rebuild the harbour wall before the winter storms.",
    "Der Stadtrat hat am Dienstag beschlossen, die Hafenmauer vor den Winterstürmen zu erneuern.",
    "Le conseil municipal a décidé mardi de reconstruire le mur du port avant les tempêtes.",
    "Rada miasta zdecydowała we wtorek o odbudowie muru portowego przed zimowymi burzami.",
    "12 34 56 -- ?? !!",
    "",
]


def _ranks(identifier: object) -> list[list[tuple[str, float]]]:
    return [list(identifier.rank(text)) for text in _SAMPLES]  # type: ignore[attr-defined]


def test_kept_model_detects_as_the_packed_one(tmp_path: Path) -> None:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    packed = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    written = language._kept_identifier(tmp_path)  # unpacks the model into the folder
    [kept] = tmp_path.glob("py3langid-*.npz")
    read = language._kept_identifier(tmp_path)  # reads the unpacked copy
    assert _ranks(written) == _ranks(read) == _ranks(packed)
    assert list(tmp_path.iterdir()) == [kept]


def test_a_damaged_or_stale_copy_is_replaced(tmp_path: Path) -> None:
    language._kept_identifier(tmp_path)
    [kept] = tmp_path.glob("py3langid-*.npz")
    whole = kept.read_bytes()
    kept.write_bytes(whole[: len(whole) // 2])  # cut short, as by a full disk
    older = tmp_path / "py3langid-0.0.1-1-1.npz"  # another version's copy
    older.write_bytes(b"old")
    left = tmp_path / ".py3langid-abc"  # a copy a killed process was writing
    left.write_bytes(b"half")
    os.utime(left, (0, 0))
    fresh = tmp_path / ".py3langid-def"  # one being written now
    fresh.write_bytes(b"half")
    assert _ranks(language._kept_identifier(tmp_path)) == _ranks(
        language._kept_identifier(tmp_path)
    )
    assert kept.read_bytes() == whole
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([kept.name, fresh.name])


def test_no_copy_where_none_can_be_written(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert language._kept_identifier(blocked / "models") is None


def test_detection_with_a_kept_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = [detect_language(text * 3) for text in _SAMPLES]
    monkeypatch.setattr(language, "_MODEL_FOLDER", [None])
    language.keep_model_in(tmp_path / "models")
    language._identifier.cache_clear()
    try:
        assert [detect_language(text * 3) for text in _SAMPLES] == expected
        assert len(list((tmp_path / "models").glob("py3langid-*.npz"))) == 1
    finally:
        language._identifier.cache_clear()
