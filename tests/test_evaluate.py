"""evaluate(): ROUGE against a small JSON Lines file written here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli.evaluate import evaluate_command
from briefing.errors import BriefingError, InputError, SummarizerError
from briefing.evaluate import EvaluationError, evaluate, format_table, report_to_json

TEXT = (
    "The city council voted on Tuesday to rebuild the old harbour wall. "
    "The new wall will cost four million pounds and take two years to build. "
    "Fishermen said the winter storms had damaged their boats in the harbour. "
    "A bakery opened a second shop near the railway station this week."
)


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    rows = [
        json.dumps(
            {
                "text": TEXT,
                "summary_sentences": [
                    "Council votes to rebuild old harbour wall.",
                    "The wall will cost four million pounds.",
                ],
            }
        ),
        json.dumps({"text": TEXT, "summary": "The council will rebuild the harbour wall."}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"text": TEXT}),
        json.dumps({"text": "", "summary": "Empty text."}),
        "",
    ]
    path = tmp_path / "tiny.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_report_has_lead_reference_and_deltas(dataset: Path) -> None:
    report = evaluate(dataset, ["newsrank", "lead"], sentences=2)
    assert report.articles == 2
    assert report.skipped == 4
    assert [r.method for r in report.results] == ["lead-2", "newsrank", "lead"]
    reference = report.reference
    assert reference.delta.values() == (0.0, 0.0, 0.0)
    for result in report.results:
        assert 0 < result.scores.rouge1 <= 100
        expected = result.scores.rouge1 - reference.scores.rouge1
        assert result.delta.rouge1 == pytest.approx(expected)


def test_perfect_summary_scores_100(tmp_path: Path) -> None:
    first = "The city council voted on Tuesday to rebuild the old harbour wall."
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"text": TEXT, "summary": first}) + "\n", encoding="utf-8")
    report = evaluate(path, ["lead"], sentences=1)
    assert report.reference.scores.values() == pytest.approx((100.0, 100.0, 100.0))


def test_limit_words_and_progress(dataset: Path) -> None:
    calls: list[tuple[int, int]] = []
    report = evaluate(
        dataset, ["newsrank"], words=15, limit=1, progress=lambda d, t: calls.append((d, t))
    )
    assert report.articles == 1
    assert calls == [(1, 1)]
    assert report.reference.method == "lead-15w"
    assert all(r.mean_words <= 15 for r in report.results)


def test_table_and_json(dataset: Path) -> None:
    report = evaluate(dataset, ["newsrank"])
    table = format_table(report)
    assert "lead-3 (reference)" in table
    assert "newsrank" in table
    assert "4 skipped" in table
    data = json.loads(json.dumps(report_to_json(report)))
    assert data["reference"] == "lead-3"
    assert set(data["results"][1]["delta"]) == {"rouge1", "rouge2", "rougeLsum"}


def test_errors(dataset: Path, tmp_path: Path) -> None:
    with pytest.raises(SummarizerError):
        evaluate(dataset, ["nonsense"])
    with pytest.raises(InputError):
        evaluate(tmp_path / "missing.jsonl", ["lead"])
    empty = tmp_path / "empty.jsonl"
    empty.write_text("{}\n", encoding="utf-8")
    with pytest.raises(EvaluationError):
        evaluate(empty, ["lead"])
    assert issubclass(EvaluationError, BriefingError)


def test_missing_rouge_score_is_a_clear_error(
    dataset: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "rouge_score", None)
    with pytest.raises(EvaluationError, match="pip install"):
        evaluate(dataset, ["lead"])


def test_command(dataset: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(evaluate_command, [str(dataset), "-m", "newsrank", "--sentences", "2"])
    assert result.exit_code == 0, result.output
    assert "lead-2 (reference)" in result.output
    result = runner.invoke(evaluate_command, [str(dataset), "--json", "--limit", "1"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["articles"] == 1
    result = runner.invoke(evaluate_command, [str(dataset), "-m", "lead", "--words", "0"])
    assert result.exit_code != 0
