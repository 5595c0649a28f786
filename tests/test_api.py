"""The public surface: __all__ is exact, every name resolves, the package is typed."""

from __future__ import annotations

import briefing
from tests.conftest import ROOT, run_python


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


def test_public_names_do_not_depend_on_what_was_imported_first() -> None:
    """The stage folders are imported by the pipeline; the public names stay the functions."""
    probe = (
        "import briefing, briefing.pipeline, briefing.render.formats as formats\n"
        "import briefing.summary.key_sentences, briefing.text.sentences\n"
        "assert briefing.render_briefing is formats.render\n"
        "assert briefing.summarize is briefing.summary.key_sentences.summarize\n"
        "assert briefing.split_sentences is briefing.text.sentences.split_sentences\n"
        "assert all(callable(getattr(briefing, name)) for name in briefing.__all__)\n"
    )
    for first in ("", "briefing.render_briefing\n"):
        done = run_python("import briefing\n" + first + probe)
        assert done.returncode == 0, done.stderr
