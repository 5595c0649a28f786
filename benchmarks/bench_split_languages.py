"""Splitting speed per language, and English against an earlier revision in one run.

Run from the repository root:  python benchmarks/bench_split_languages.py [--against main]

1. Per language (en, de, fr, es, it, pt, nl): text made of that language's golden cases
   (tests/text/golden) in a seeded random order, 25 cases per text, split with the
   language given and with it detected; sentences and characters per CPU second.
2. English against ``--against`` (a git revision, default ``main``; ``--against ''``
   skips it): the package at that revision is taken with ``git archive`` into a
   temporary folder and imported beside this checkout's, and the two versions split the
   same English texts (the CNN/DM articles of ../shared/eval when present, and generated
   news-like text) taking turns, 21 rounds, in one process; the ratio of the fastest
   rounds and the median of the rounds' ratios. Both see the same load, so the ratios
   hold on a busy machine where the times do not.
Not a test: pytest does not collect this directory.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from _data import EVAL, ROOT

GOLDEN = ROOT / "tests" / "text" / "golden"
ROUNDS = 21


def language_texts(seed: int = 1, per_text: int = 25, texts: int = 40) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for path in sorted(GOLDEN.glob("sentences-*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        cases = [
            case["text"] if isinstance(case, dict) else " ".join(case)
            for rule, found in data["cases"].items()
            if rule != "uncased"
            for case in found
        ]
        rng = random.Random(seed)
        out[data["language"]] = [
            " ".join(rng.choice(cases) for _ in range(per_text)) for _ in range(texts)
        ]
    return out


def per_language() -> None:
    from briefing.text.sentences import split_sentences

    print("per language: 40 texts of 25 golden cases each, best of 5 CPU times")
    for language, texts in language_texts().items():
        chars = sum(map(len, texts))
        for label, given in (("given", language), ("detected", None)):
            count = sum(len(split_sentences(t, given)) for t in texts)
            best = float("inf")
            for _ in range(5):
                started = time.process_time()
                for text in texts:
                    split_sentences(text, given)
                best = min(best, time.process_time() - started)
            print(
                f"  {language} ({label:8}) {count / best:10,.0f} sentences/s"
                f" {chars / best:12,.0f} chars/s"
            )


def english_texts() -> dict[str, list[str]]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_split import generated_text

    found = {"generated news-like, 25 per text": [generated_text(25, s) for s in range(400)]}
    cnndm = EVAL / "cnndm_dev.jsonl"
    if cnndm.is_file():
        with cnndm.open(encoding="utf-8") as lines:
            found["cnndm_dev articles"] = [json.loads(line)["text"] for line in lines if line]
    else:
        print(f"cnndm_dev not found at {cnndm}: generated text only")
    return found


def _split_of(root: Path) -> Callable[[str], list[str]]:
    """``split_sentences`` of the package under ``root``, imported apart from any other."""
    for name in [m for m in sys.modules if m == "briefing" or m.startswith("briefing.")]:
        del sys.modules[name]
    sys.path.insert(0, str(root))
    try:
        from briefing.text.sentences import split_sentences
    finally:
        sys.path.remove(str(root))
    split: Callable[[str], list[str]] = split_sentences
    split("Warm up. Build the tokenizer once.")
    return split


def _cpu(split: Callable[[str], list[str]], texts: list[str]) -> float:
    started = time.process_time()
    for text in texts:
        split(text)
    return time.process_time() - started


def against(revision: str) -> None:
    archive = subprocess.run(
        ["git", "archive", revision, "briefing"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    with tempfile.TemporaryDirectory() as folder:
        old_root = Path(folder) / "old"
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(old_root, filter="data")
        texts = english_texts()
        before = _split_of(old_root)
        after = _split_of(ROOT)
        print(f"English, this checkout against {revision} ({ROUNDS} rounds taking turns)")
        for label, found in texts.items():
            times: dict[str, list[float]] = {"before": [], "after": []}
            for round_ in range(ROUNDS):
                # Taking turns, each first in every other round, so that both see the load.
                pair = [("before", before), ("after", after)]
                for name, split in pair if round_ % 2 else reversed(pair):
                    times[name].append(_cpu(split, found))
            ratios = [a / b for a, b in zip(times["after"], times["before"], strict=True)]
            fastest = min(times["after"]) / min(times["before"])
            print(
                f"  {label}: before {min(times['before']):.4f} s, after {min(times['after']):.4f} s"
                f" (fastest rounds), after/before {fastest:.3f};"
                f" median of the rounds' ratios {statistics.median(ratios):.3f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--against", default="main", help="git revision to compare with")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    per_language()
    if args.against:
        against(args.against)


if __name__ == "__main__":
    main()
