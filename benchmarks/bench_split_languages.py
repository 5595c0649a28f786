"""Splitting speed per language, and English against an earlier revision in one run.

Run from the repository root:  python benchmarks/bench_split_languages.py [--against main]

1. Per language (en, de, fr, es, it, pt, nl): text made of that language's golden cases
   (tests/text/golden) in a seeded random order, 25 cases per text, split with the
   language given and with it detected; sentences and characters per CPU second.
2. English against ``--against`` (a git revision, default ``main``; ``--against ''``
   skips it): the package at that revision is taken with ``git archive`` into a
   temporary folder, and the two versions split the same English texts (the CNN/DM
   articles of ../shared/eval when present, and generated news-like text) in child
   processes taking turns, seven rounds; medians of the CPU times and their ratio.
   Both see the same load, so the ratio holds on a busy machine where the times do not.
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
from io import BytesIO
from pathlib import Path

from _data import EVAL, ROOT

GOLDEN = ROOT / "tests" / "text" / "golden"
ROUNDS = 7

# The child: time split_sentences (from whichever briefing is first on sys.path) on the
# texts in a JSON file, best of three CPU times, printed as one float.
CHILD = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from briefing.text.sentences import split_sentences
texts = json.load(open(sys.argv[2], encoding="utf-8"))
split_sentences("Warm up. Build the tokenizer once.")
best = float("inf")
for _ in range(3):
    started = time.process_time()
    for text in texts:
        split_sentences(text)
    best = min(best, time.process_time() - started)
print(best)
"""


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


def against(revision: str) -> None:
    archive = subprocess.run(
        ["git", "archive", revision, "briefing"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    with tempfile.TemporaryDirectory() as folder:
        old = Path(folder) / "old"
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(old, filter="data")
        print(f"English, this checkout against {revision} ({ROUNDS} rounds taking turns)")
        for label, texts in english_texts().items():
            data = Path(folder) / "texts.json"
            data.write_text(json.dumps(texts), encoding="utf-8")
            times: dict[str, list[float]] = {"before": [], "after": []}
            for _ in range(ROUNDS):
                for name, where in (("before", old), ("after", ROOT)):
                    run = subprocess.run(
                        [sys.executable, "-c", CHILD, str(where), str(data)],
                        capture_output=True,
                        text=True,
                        check=True,
                    )
                    times[name].append(float(run.stdout))
            before, after = (statistics.median(times[k]) for k in ("before", "after"))
            print(
                f"  {label}: before {before:.4f} s, after {after:.4f} s,"
                f" after/before {after / before:.3f}"
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
