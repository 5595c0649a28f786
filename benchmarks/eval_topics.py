"""Measure inferred topics against the BBC categories (NMI and purity).

The BBC articles are given without tags, one story each, to the same code the
briefing uses for untagged stories (:func:`briefing.stories.inferred.infer_sections`): simulated
days of mixed categories, and the whole corpus as one day.

    python benchmarks/eval_topics.py [--days 40] [--size 60]

Reads ../shared/eval/bbc_news_summary.jsonl; skips with a message when it is absent.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from _data import eval_file, nmi

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefing.models import Section, Story  # noqa: E402
from briefing.readers.article import make_article  # noqa: E402
from briefing.stories.inferred import infer_sections  # noqa: E402
from briefing.stories.topics import UNTAGGED  # noqa: E402


def purity(truth: list[str], found: list[str]) -> float:
    groups: dict[str, Counter[str]] = {}
    for t, f in zip(truth, found, strict=True):
        groups.setdefault(f, Counter())[t] += 1
    return sum(c.most_common(1)[0][1] for c in groups.values()) / len(truth)


def topics_of(rows: list[dict[str, str]]) -> tuple[list[str], dict[str, list[str]]]:
    stories = []
    for index, row in enumerate(rows):
        article = make_article(origin=f"bbc:{index}", text=row["text"], title=row["title"])
        stories.append(Story(id=str(index), articles=(article,), sentences=()))
    sections = infer_sections([Section(UNTAGGED, tuple(stories))])
    found = {}
    names: dict[str, list[str]] = {}
    for section in sections:
        for story in section.stories:
            found[story.id] = section.topic.name
        names[section.topic.name] = [rows[int(s.id)]["category"] for s in section.stories]
    return [found[str(i)] for i in range(len(rows))], names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=40)
    parser.add_argument("--size", type=int, default=60)
    args = parser.parse_args()
    data = eval_file("bbc_news_summary.jsonl")
    rows = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines()]
    scores = []
    for day in range(args.days):
        sample = random.Random(day).sample(rows, args.size)
        found, _ = topics_of(sample)
        truth = [r["category"] for r in sample]
        scores.append((nmi(truth, found), purity(truth, found), len(set(found))))
    s = np.array(scores)
    print(f"{args.days} simulated days of {args.size} untagged BBC articles (5 categories):")
    print(
        f"  NMI {s[:, 0].mean():.3f} (min {s[:, 0].min():.3f}), purity {s[:, 1].mean():.3f} "
        f"(min {s[:, 1].min():.3f}), topics per day {s[:, 2].mean():.1f}"
    )
    start = time.perf_counter()
    found, names = topics_of(rows)
    took = time.perf_counter() - start
    truth = [r["category"] for r in rows]
    print(
        f"Whole corpus as one day ({len(rows)} articles, {took:.1f} s): NMI "
        f"{nmi(truth, found):.3f}, purity {purity(truth, found):.3f}, {len(names)} topics"
    )
    for name, cats in sorted(names.items(), key=lambda x: -len(x[1])):
        top = Counter(cats).most_common(2)
        print(f"  {name!r:34} {len(cats):4d} articles, " + ", ".join(f"{c} {n}" for c, n in top))


if __name__ == "__main__":
    main()
