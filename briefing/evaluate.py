"""Measure summarisation methods against reference summaries with ROUGE.

Every report carries Lead-N, the first N sentences of the raw text, as its
reference row: news puts its facts first, so a method is only worth its cost if
it beats that. ``rouge-score`` is an optional dependency, imported on first use.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.errors import EvaluationError, InputError, SummarizerError
from briefing.models import Length, word_count
from briefing.summary.key_sentences import DEFAULT_METHOD, METHODS, pick_sentences
from briefing.text.sentences import split_sentences

__all__ = [
    "EvaluationError",
    "MethodResult",
    "Report",
    "Scores",
    "evaluate",
    "format_table",
    "report_to_json",
]

METRICS = ("rouge1", "rouge2", "rougeLsum")
_HEADERS = ("R-1", "R-2", "R-Lsum")

#: Called after each article with (articles done, articles in total).
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Scores:
    """Mean ROUGE F1 over the articles, in percent."""

    rouge1: float
    rouge2: float
    rougeLsum: float  # the metric's own name in rouge-score

    def minus(self, other: Scores) -> Scores:
        return Scores(
            self.rouge1 - other.rouge1, self.rouge2 - other.rouge2, self.rougeLsum - other.rougeLsum
        )

    def values(self) -> tuple[float, float, float]:
        return (self.rouge1, self.rouge2, self.rougeLsum)


@dataclass(frozen=True, slots=True)
class MethodResult:
    """One row of a report: a method's scores and its difference from Lead-N."""

    method: str
    scores: Scores
    delta: Scores
    mean_words: float
    #: Articles on which the method raised; they count as an empty summary.
    failures: int = 0


@dataclass(frozen=True, slots=True)
class Report:
    """ROUGE of every method on one dataset; ``results[0]`` is the Lead-N reference."""

    dataset: str
    sentences: int
    words: int | None
    articles: int
    skipped: int
    results: tuple[MethodResult, ...]

    @property
    def reference(self) -> MethodResult:
        return self.results[0]


@dataclass(frozen=True, slots=True)
class _Article:
    text: str
    reference: str  # reference summary, one sentence per line as rougeLsum expects


def evaluate(
    path: str | Path,
    methods: Sequence[str] = (DEFAULT_METHOD,),
    sentences: int = 3,
    words: int | None = None,
    limit: int | None = None,
    progress: Progress | None = None,
) -> Report:
    """Score ``methods`` and Lead-N on the JSON Lines file at ``path``.

    Each line needs ``text`` and ``summary`` (a string) or ``summary_sentences``
    (a list of strings). Lines that are not such objects are skipped and counted.
    ``limit`` keeps the first that many usable articles.
    """
    if sentences < 1:
        raise EvaluationError("the number of sentences must be at least 1")
    unknown = [m for m in methods if m not in METHODS]
    if unknown:
        raise SummarizerError(f"unknown method {unknown[0]!r}; choose one of {', '.join(METHODS)}")
    scorer = _scorer()
    articles, skipped = _load(Path(path), limit)
    if not articles:
        raise EvaluationError(f"{path}: no usable articles ({skipped} lines skipped)")
    lead_name = f"lead-{words}w" if words else f"lead-{sentences}"
    # Duplicates would only repeat a row; the reference row is always there.
    names = [lead_name, *dict.fromkeys(m for m in methods)]
    totals = {name: [0.0, 0.0, 0.0] for name in names}
    word_totals = dict.fromkeys(names, 0)
    failures = dict.fromkeys(names, 0)
    length = Length(sentences, words)
    for done, article in enumerate(articles, start=1):
        split = split_sentences(article.text)
        for name in names:
            try:
                picked = (
                    _lead(split, length)
                    if name == lead_name
                    else [split[p.position] for p in pick_sentences(split, length, name)]
                )
            except SummarizerError:
                failures[name] += 1
                picked = []
            result = scorer.score(article.reference, "\n".join(picked))
            for k, metric in enumerate(METRICS):
                totals[name][k] += result[metric].fmeasure
            word_totals[name] += sum(len(s.split()) for s in picked)
        if progress is not None:
            progress(done, len(articles))
    n = len(articles)
    means = {name: Scores(*(100 * t / n for t in totals[name])) for name in names}
    lead = means[lead_name]
    results = tuple(
        MethodResult(
            name, means[name], means[name].minus(lead), word_totals[name] / n, failures[name]
        )
        for name in names
    )
    return Report(str(path), sentences, words, n, skipped, results)


def _lead(split: list[str], length: Length) -> list[str]:
    """Lead-N on the raw sentences, no cleaning: the baseline as published."""
    return length.fill(split, word_count, stop_at_first_misfit=True)


def _scorer() -> Any:
    try:
        from rouge_score import rouge_scorer
    except ImportError as error:
        raise EvaluationError(
            "evaluation needs the rouge-score package: pip install 'briefing[eval]'"
        ) from error
    return rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)


def _load(path: Path, limit: int | None) -> tuple[list[_Article], int]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read: {error}") from error
    articles: list[_Article] = []
    skipped = 0
    for article in _parse(lines):
        if limit is not None and len(articles) >= limit:
            break
        if article is None:
            skipped += 1
        else:
            articles.append(article)
    return articles, skipped


def _parse(lines: list[str]) -> Iterator[_Article | None]:
    """One article per non-blank line, or None for a line that cannot be used."""
    for line in lines:
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            yield None
            continue
        yield _article(row) if isinstance(row, dict) else None


def _article(row: dict[str, Any]) -> _Article | None:
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        return None
    listed = row.get("summary_sentences")
    summary = row.get("summary")
    if isinstance(listed, list) and listed and all(isinstance(s, str) for s in listed):
        lines = [s.strip() for s in listed if s.strip()]
    elif isinstance(summary, str):
        # A summary with line breaks is already one sentence per line.
        lines = summary.splitlines() if "\n" in summary.strip() else split_sentences(summary)
        lines = [s.strip() for s in lines if s.strip()]
    else:
        return None
    return _Article(text, "\n".join(lines)) if lines else None


def format_table(report: Report) -> str:
    """The report as a plain text table, differences from Lead-N in the last columns."""
    size = f"{report.words} words" if report.words else f"{report.sentences} sentences"
    title = (
        f"{Path(report.dataset).name}: {report.articles} articles"
        f" ({report.skipped} skipped), {size}, ROUGE F1 in %"
    )
    header = ("method", *_HEADERS, *(f"d{h}" for h in _HEADERS), "words")
    rows = [header]
    for result in report.results:
        is_reference = result is report.reference
        deltas = (
            ("-", "-", "-") if is_reference else tuple(f"{d:+.2f}" for d in result.delta.values())
        )
        name = f"{result.method} (reference)" if is_reference else result.method
        if result.failures:
            name += f" [{result.failures} failed]"
        rows.append(
            (
                name,
                *(f"{v:.2f}" for v in result.scores.values()),
                *deltas,
                f"{result.mean_words:.1f}",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [title]
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def report_to_json(report: Report) -> dict[str, Any]:
    """The report as plain data for ``json.dumps``."""

    def scores(s: Scores) -> dict[str, float]:
        return {m: round(v, 4) for m, v in zip(METRICS, s.values(), strict=True)}

    return {
        "dataset": report.dataset,
        "sentences": report.sentences,
        "words": report.words,
        "articles": report.articles,
        "skipped": report.skipped,
        "reference": report.reference.method,
        "results": [
            {
                "method": r.method,
                "scores": scores(r.scores),
                "delta": scores(r.delta),
                "mean_words": round(r.mean_words, 2),
                "failures": r.failures,
            }
            for r in report.results
        ],
    }
