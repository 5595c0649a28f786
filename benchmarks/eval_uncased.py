"""Lead-3 of lower-cased news: does splitting survive the loss of case?

Run from the repository root:  python benchmarks/eval_uncased.py

For each CNN/DM article in ../shared/eval/cnndm_dev.jsonl, the first three sentences
of the text as published and of the same text lower-cased are scored (ROUGE-1 F1,
rouge-score with stemming) against the reference highlights; NLTK's untrained Punkt on
the lower-cased text is shown for comparison. Needs ``pip install 'briefing[eval]'``.
The two figures should be within 0.5 R-1 of each other. Not a test.
"""

from __future__ import annotations

import json
import statistics
import sys
from collections.abc import Callable

from _data import ROOT, eval_file

sys.path.insert(0, str(ROOT))

from nltk.tokenize.punkt import PunktSentenceTokenizer
from rouge_score import rouge_scorer

from briefing.text.sentences import split_sentences


def main() -> None:
    rows = [json.loads(line) for line in eval_file("cnndm_dev.jsonl").open(encoding="utf-8")]
    scorer = rouge_scorer.RougeScorer(["rouge1"], use_stemmer=True)
    punkt = PunktSentenceTokenizer()
    splitters: dict[str, Callable[[str], list[str]]] = {
        "briefing, cased text": lambda text: split_sentences(text),
        "briefing, lower-cased text": lambda text: split_sentences(text.lower()),
        "briefing, lower-cased, language given": lambda text: split_sentences(text.lower(), "en"),
        "NLTK untrained Punkt, lower-cased": lambda text: list(punkt.tokenize(text.lower())),
    }
    scores: dict[str, list[float]] = {name: [] for name in splitters}
    counts: dict[str, list[int]] = {name: [] for name in splitters}
    for row in rows:
        reference = "\n".join(row.get("summary_sentences") or [row["summary"]])
        for name, split in splitters.items():
            sentences = split(row["text"])
            counts[name].append(len(sentences))
            lead = "\n".join(sentences[:3])
            scores[name].append(100 * scorer.score(reference, lead)["rouge1"].fmeasure)
    print(f"CNN/DM, {len(rows)} articles, lead-3 ROUGE-1 F1 against the highlights")
    for name in splitters:
        print(
            f"  {name:40} R-1 {statistics.fmean(scores[name]):6.2f}"
            f"   median sentences per article {statistics.median(counts[name]):5.1f}"
        )
    gap = statistics.fmean(scores["briefing, cased text"]) - statistics.fmean(
        scores["briefing, lower-cased text"]
    )
    print(f"cased minus lower-cased: {gap:+.2f} R-1 (the goal: within 0.5)")


if __name__ == "__main__":
    main()
