"""What the benchmarks share: the evaluation data beside the checkout, and how they alter it.

The data lives outside the repository, in ``../shared/eval/``; :func:`eval_file` finds a
file there or ends the script with a message saying what is missing (a skip, exit 0).
The benchmarks import nothing from ``tests/``: the few builders they share with the tests
(:func:`syndicate`, :func:`nmi`) are written here for the benchmarks' own use.
"""

from __future__ import annotations

import math
import random
import re
import sys
from collections import Counter
from collections.abc import Hashable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"


def missing(path: Path) -> str:
    """The one message a benchmark prints when shared data it reads is not there."""
    return f"skipped: {path} not found (the shared evaluation data, ../shared/eval, is not here)"


def eval_file(name: str) -> Path:
    """``../shared/eval/NAME``; ends the script with :func:`missing`'s message when absent."""
    path = EVAL / name
    if not path.is_file():
        print(missing(path), file=sys.stderr)
        raise SystemExit(0)
    return path


# Light rewording as syndicated copy does it: house style, not new facts.
SYNONYMS = {
    "said": "stated",
    "says": "states",
    "told": "informed",
    "company": "firm",
    "firm": "company",
    "also": "additionally",
    "however": "but",
    "expected": "forecast",
    "rise": "increase",
    "rose": "climbed",
    "fell": "dropped",
    "big": "large",
    "large": "big",
    "help": "assist",
    "show": "reveal",
    "shows": "reveals",
    "start": "begin",
    "started": "began",
    "government": "administration",
    "people": "individuals",
    "about": "around",
    "more than": "over",
    "because": "as",
    "announced": "unveiled",
    "plans": "proposals",
    "chief executive": "boss",
    "on Monday": "this week",
    "on Tuesday": "this week",
    "on Wednesday": "this week",
}
_SYNONYM = re.compile(r"\b(" + "|".join(sorted(SYNONYMS, key=len, reverse=True)) + r")\b")


def syndicate(text: str, seed: int, keep: float = 0.75, drop: float = 0.05, swaps: int = 2) -> str:
    """A syndicated copy of ``text``: reworded, trimmed to ``keep`` of its sentences
    (lead kept, the end cut), ``swaps`` sentence pairs reordered, ``drop`` of the words cut.

    Deterministic for a given ``seed``.
    """
    from briefing.text.sentences import split_sentences

    rng = random.Random(seed)
    sentences = split_sentences(text)
    kept = sentences[: max(2, math.ceil(len(sentences) * keep))]
    for _ in range(swaps):
        if len(kept) > 3:
            i = rng.randrange(1, len(kept) - 1)
            kept[i], kept[i + 1] = kept[i + 1], kept[i]
    out = []
    for sentence in kept:
        reworded = _SYNONYM.sub(lambda m: SYNONYMS[m.group(1)], sentence)
        words = reworded.split()
        if len(words) > 8:
            words = [w for w in words if rng.random() >= drop or w.endswith(".")]
        out.append(" ".join(words))
    return " ".join(out)


def nmi(truth: Sequence[Hashable], found: Sequence[Hashable]) -> float:
    """Normalised mutual information of two labellings (arithmetic mean of the entropies)."""
    n = len(truth)
    joint = Counter(zip(truth, found, strict=True))
    a, b = Counter(truth), Counter(found)
    mi = sum(c / n * math.log(c * n / (a[x] * b[y])) for (x, y), c in joint.items())
    ha = -sum(c / n * math.log(c / n) for c in a.values())
    hb = -sum(c / n * math.log(c / n) for c in b.values())
    return 2 * mi / (ha + hb) if ha + hb > 0 else 1.0
