"""Throughput of briefing.text.sentences.split_sentences, on one core.

Run from the repository root:  python benchmarks/bench_split.py

Prints sentences/second and characters/second (CPU time, best of 5) on text generated here, the time
for 1x, 2x, 4x and 8x that text (it should grow linearly), and the same
figures on ../shared/eval/cnndm_dev.jsonl (field ``text``) when that file
exists. Not a test: pytest does not collect this directory.
"""

from __future__ import annotations

import functools
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

from _data import EVAL, missing

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefing.text.sentences import split_sentences  # noqa: E402

CNNDM = EVAL / "cnndm_dev.jsonl"

# Plain sentences, and sentences with the hard cases in them: titles, initials,
# acronyms, decimals, times, quotes, ellipses, URLs.
PLAIN = [
    "The {word} committee met on {day} to discuss the {word} budget.",
    "Officials said the {word} programme would cost more than expected.",
    "{name} told reporters that the plan was never about {word}.",
    "Critics warned that the {word} rules could hurt small firms in {city}.",
    "The vote is expected next week, and few expect it to pass.",
    "Why did the {word} talks fail?",
    "Residents of {city} have waited {n} years for a new {word} centre!",
    "In {year}, the city spent {n} million on {word} and roads.",
]
HARD = [
    "Mr. {name} met Dr. {name} in St. Louis on Jan. {n}, {year}.",
    "The U.S. economy grew {n}.{n}% in the {word} quarter, the report said.",
    '"Is it {word}?" she asked.',
    "Shares of {name} Inc. rose ${n}.{n} to close at {n} p.m. on {day}.",
    "George W. {name} said the {word} plan, e.g. the tax cut, would pass.",
    "He paused... Then he said the {word} deal was off.",
    "Read more at www.{word}.com or write to {word}.{word}@example.co.uk today.",
    "(The {word} vote was {n}-{n}.)",
    "Sen. {name} and Gov. {name} disagreed about {word} reform, officials said.",
    "She lives in the U.K. and works for {name} Corp. as an engineer.",
    "Why would the {word} board agree?! Nobody knows.",
]
# Random syllables make names and words, so repeated contexts are rare as in news.
SYLLABLES = ["ka", "lo", "mi", "ren", "sa", "tor", "vi", "del", "an", "bro", "cu", "est"]
DAYS = ["Monday", "Tuesday", "Friday", "Sunday"]


def generated_text(sentences: int, seed: int = 1, hard_share: float = 0.25) -> str:
    """News-like text: ``hard_share`` of the sentences hold the hard cases."""
    rng = random.Random(seed)

    def word() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randrange(2, 4)))

    fields: dict[str, Callable[[], str]] = {
        "{name}": lambda: word().title(),
        "{city}": lambda: word().title(),
        "{word}": word,
        "{day}": lambda: rng.choice(DAYS),
        "{year}": lambda: str(rng.randrange(1990, 2030)),
        "{n}": lambda: str(rng.randrange(1, 30)),
    }
    out = []
    for _ in range(sentences):
        sentence = rng.choice(HARD if rng.random() < hard_share else PLAIN)
        for field, make in fields.items():
            while field in sentence:
                sentence = sentence.replace(field, make(), 1)
        out.append(sentence)
    return " ".join(out)


def best_time(run: Callable[[], object], repeat: int = 5) -> float:
    """Best CPU time of ``repeat`` runs: CPU time, not wall time, so that other
    processes on a shared machine do not blur the one-core figure."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        run()
        best = min(best, time.process_time() - started)
    return best


def report(label: str, texts: list[str]) -> None:
    count = sum(len(split_sentences(text)) for text in texts)
    chars = sum(map(len, texts))
    seconds = best_time(lambda: [split_sentences(text) for text in texts])
    print(
        f"{label}: {len(texts)} texts, {count} sentences, {chars} chars in {seconds:.3f} CPU s"
        f" -> {count / seconds:,.0f} sentences/s, {chars / seconds:,.0f} chars/s"
    )


def scaling(base: str) -> None:
    print("scaling (one text, repeated):")
    first = 0.0
    for factor in (1, 2, 4, 8):
        text = " ".join([base] * factor)
        seconds = best_time(functools.partial(split_sentences, text))
        first = first or seconds
        ratio = seconds / first
        print(f"  {factor}x {len(text):>9} chars: {seconds:.3f}s ({ratio:.2f}x the 1x time)")


def main() -> None:
    split_sentences("Warm up. Build the tokenizer once.")
    report("generated news-like, one text", [generated_text(20_000)])
    # Articles are short, so the per-call cost matters too.
    report("generated news-like, 25 per text", [generated_text(25, seed) for seed in range(800)])
    report("generated hard cases only", [generated_text(20_000, hard_share=1.0)])
    scaling(generated_text(5_000))
    if CNNDM.is_file():
        with CNNDM.open(encoding="utf-8") as lines:
            texts = [json.loads(line)["text"] for line in lines if line.strip()]
        report("cnndm_dev", texts)
    else:
        print(f"cnndm_dev {missing(CNNDM)}")


if __name__ == "__main__":
    main()
