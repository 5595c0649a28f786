"""Quality floors for the default method on fixed slices of real news.

The data lives outside the repository (``<repo>/../shared/eval/``); without it
these tests skip. Floors sit a little below the values measured when newsrank
was tuned, so an accidental regression fails while ordinary noise does not.
"""

from __future__ import annotations

from briefing.evaluate import Report, evaluate
from briefing.summary.key_sentences import DEFAULT_METHOD
from tests.conftest import shared_file


def _report(name: str, limit: int) -> Report:
    return evaluate(shared_file("eval", name), [DEFAULT_METHOD], sentences=3, limit=limit)


def test_cnndm_first_100() -> None:
    # Measured: lead-3 40.60 / 17.70 / 36.78, newsrank 41.25 / 18.17 / 37.39.
    report = _report("cnndm_dev.jsonl", 100)
    default = report.results[1]
    assert default.scores.rouge1 >= 40.9
    assert default.scores.rouge2 >= 17.9
    assert default.scores.rougeLsum >= 37.0
    assert all(d > 0 for d in default.delta.values()), "the default must beat Lead-3"


def test_bbc_first_200() -> None:
    # Measured: lead-3 48.33 / 38.88 / 47.09, newsrank 49.11 / 39.98 / 47.93.
    # BBC references are long and machine-made: a relative check, not human gold.
    report = _report("bbc_news_summary.jsonl", 200)
    default = report.results[1]
    assert default.scores.rouge1 >= 48.5
    assert default.scores.rouge2 >= 39.3
    assert default.scores.rougeLsum >= 47.3
    assert default.delta.rouge1 > -0.5
