"""The public surface: __all__ is exact, every name resolves, the package is typed."""

from __future__ import annotations

import briefing
from tests.conftest import ROOT


def test_all_names_resolve() -> None:
    for name in briefing.__all__:
        assert getattr(briefing, name) is not None, name


def test_all_is_exactly_the_public_surface() -> None:
    assert sorted(briefing.__all__) == sorted(set(briefing.__all__))
    assert {"split_sentences", "summarize", "build_briefing", "make_briefing"} <= set(
        briefing.__all__
    )


def test_summarize_is_the_function() -> None:
    import briefing.summary.key_sentences

    assert callable(briefing.summarize)
    assert briefing.summarize("A short sentence with enough words in it.") == [
        "A short sentence with enough words in it."
    ]


def test_py_typed_ships() -> None:
    assert (ROOT / "briefing" / "py.typed").exists()
