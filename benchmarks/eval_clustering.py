"""Measure story clustering on real BBC articles with injected syndicated rewrites.

Prints, for a range of thresholds:
  * simulated days: 3 stories x 3 outlets (the original and two rewrites) beside 6
    other articles of the same category; a day passes when exactly the 9 true stories
    come out;
  * pair figures: how often a rewrite pair is merged, how often two distinct BBC
    articles (exact duplicates in the corpus set aside) would be;
  * blocking recall: pairs over the threshold that blocking proposes, against all pairs;
  * the time to cluster the whole corpus plus one rewrite of each article as one day;
  * real mixed days (``real_day.make_day``: HuffPost headlines, BBC articles, some told
    again by other outlets, CNN / Daily Mail articles), clustered as the build clusters
    them: pairs of articles put in one story against the truth (a BBC article and its
    retellings are one event; every other article is its own), as precision, recall
    and F1, and the merges the truth calls false, by title.

    python benchmarks/eval_clustering.py [--days 300] [--seeds 0 1 2]

Seeds 0-2 of the real days were used while building; 3 and up are held out.
Reads ../shared/eval/; skips with a message when it is absent.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from _data import eval_file, syndicate
from real_day import make_day

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefing.errors import SkippedInput  # noqa: E402
from briefing.readers.article import make_article, tags_from  # noqa: E402
from briefing.stories.cluster import MERGE_THRESHOLD, cluster  # noqa: E402
from briefing.stories.similarity import (  # noqa: E402
    candidate_pairs,
    cosine,
    text_features,
    tfidf_vectors,
)

THRESHOLDS = (0.35, 0.4, 0.45, 0.5, 0.525, 0.55, 0.575, 0.6, 0.65)
# Rewrites from gentle to harsh: (share of sentences kept, share of words dropped, swaps).
STYLES = ((0.9, 0.03, 1), (0.75, 0.05, 2), (0.6, 0.08, 3), (0.5, 0.1, 3), (0.4, 0.15, 4))


def load() -> list[dict[str, str]]:
    data = eval_file("bbc_news_summary.jsonl")
    rows = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines()]
    # The BBC corpus holds some articles twice; keep one of each title.
    seen: set[str] = set()
    unique = []
    for row in rows:
        key = row["title"].strip().lower()
        if key not in seen:
            seen.add(key)
            unique.append(row)
    print(f"{len(rows)} BBC articles, {len(unique)} after setting aside repeated titles")
    return unique


def retitle(title: str, rng: random.Random) -> str:
    words = title.split()
    if len(words) > 4 and rng.random() < 0.5:
        words = words[:-1]
    return " ".join(words)


def simulated_days(rows: list[dict[str, str]], days: int) -> None:
    by_category: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_category[row["category"]].append(row)
    categories = sorted(by_category)
    passed = dict.fromkeys(THRESHOLDS, 0)
    split = dict.fromkeys(THRESHOLDS, 0)
    joined = dict.fromkeys(THRESHOLDS, 0)
    for day in range(days):
        rng = random.Random(day)
        pool = by_category[categories[day % len(categories)]]
        chosen = rng.sample(pool, 9)
        texts, titles, truth = [], [], []
        for index, row in enumerate(chosen):
            copies = 3 if index < 3 else 1
            for copy in range(copies):
                if copy == 0:
                    texts.append(row["text"])
                    titles.append(row["title"])
                else:
                    keep, drop, swaps = STYLES[rng.randrange(len(STYLES))]
                    texts.append(syndicate(row["text"], rng.randrange(10**6), keep, drop, swaps))
                    titles.append(retitle(row["title"], rng))
                truth.append(index)
        order = list(range(len(texts)))
        rng.shuffle(order)
        texts = [texts[i] for i in order]
        titles = [titles[i] for i in order]
        truth = [truth[i] for i in order]
        want = sorted(sorted(i for i, t in enumerate(truth) if t == s) for s in range(9))
        for threshold in THRESHOLDS:
            got = sorted(sorted(g) for g in cluster(texts, titles, threshold).groups)
            if got == want:
                passed[threshold] += 1
            if any(len({truth[i] for i in g}) > 1 for g in got):
                joined[threshold] += 1
            if any(len({tuple(x) for x in got if set(x) & set(g)}) > 1 for g in want):
                split[threshold] += 1
    print(f"\nSimulated days (3 stories x 3 outlets + 6 others, one category), {days} days:")
    print("threshold  days exactly right  days with a false merge  days with a story split")
    for t in THRESHOLDS:
        mark = "  <- MERGE_THRESHOLD" if abs(t - MERGE_THRESHOLD) < 1e-9 else ""
        print(
            f"  {t:.2f}      {passed[t] / days:7.1%}            {joined[t]:5d}          "
            f"      {split[t]:5d}{mark}"
        )


def pair_figures(rows: list[dict[str, str]]) -> None:
    rng = random.Random(7)
    sample = rng.sample(rows, 400)
    rewrite_sims = []
    for index, row in enumerate(sample):
        keep, drop, swaps = STYLES[index % len(STYLES)]
        a = syndicate(row["text"], index, keep, drop, swaps)
        b = syndicate(row["text"], index + 10**6, *STYLES[(index + 1) % len(STYLES)])
        # IDF from a day-sized context: the pair among 30 other articles.
        others = rng.sample(rows, 30)
        texts = [a, b, row["text"]] + [o["text"] for o in others]
        titles = [retitle(row["title"], rng), row["title"], row["title"]] + [
            o["title"] for o in others
        ]
        vectors = tfidf_vectors(texts, titles)
        rewrite_sims += [cosine(vectors[0], vectors[1]), cosine(vectors[0], vectors[2])]
    rewrite = np.array(rewrite_sims)
    print(
        f"\nRewrite pairs ({len(rewrite)}): cosine min {rewrite.min():.3f}, "
        f"1st percentile {np.percentile(rewrite, 1):.3f}, median {np.median(rewrite):.3f}"
    )

    vectors = tfidf_vectors([r["text"] for r in rows], [r["title"] for r in rows])
    vocab: dict[str, int] = {}
    for v in vectors:
        for term in v:
            vocab.setdefault(term, len(vocab))
    dense = np.zeros((len(vectors), len(vocab)), dtype=np.float32)
    for i, v in enumerate(vectors):
        for term, w in v.items():
            dense[i, vocab[term]] = w
    sims = dense @ dense.T
    np.fill_diagonal(sims, 0.0)
    nearest = sims.max(axis=1)
    upper = sims[np.triu_indices(len(vectors), 1)]
    print(
        f"Distinct BBC articles ({len(vectors)}, IDF over the whole corpus): nearest-neighbour "
        f"cosine median {np.median(nearest):.3f}, 99th percentile {np.percentile(nearest, 99):.3f}"
    )
    print(
        "threshold  rewrite pairs merged  distinct pairs over it (of "
        f"{len(upper):,})  articles with one"
    )
    for t in THRESHOLDS:
        print(
            f"  {t:.2f}       {np.mean(rewrite >= t):7.1%}            {int((upper >= t).sum()):6d}"
            f"                    {int((nearest >= t).sum()):5d}"
        )
    over = np.argwhere(np.triu(sims, 1) >= MERGE_THRESHOLD)
    print(f"Distinct pairs over MERGE_THRESHOLD={MERGE_THRESHOLD} (their titles):")
    for i, j in over[:12]:
        print(f"  {sims[i, j]:.3f}  {rows[i]['title']!r} / {rows[j]['title']!r}")

    proposed = set(candidate_pairs(vectors))
    wanted = {(int(i), int(j)) for i, j in np.argwhere(np.triu(sims, 1) >= min(THRESHOLDS))}
    found = len(wanted & proposed)
    print(
        f"Blocking: {len(proposed):,} candidate pairs of {len(upper):,}; recall of pairs over "
        f"{min(THRESHOLDS)}: {found}/{len(wanted)}"
    )


def timing(rows: list[dict[str, str]]) -> None:
    texts = [r["text"] for r in rows] + [syndicate(r["text"], i) for i, r in enumerate(rows)]
    titles = [r["title"] for r in rows] * 2
    start = time.perf_counter()
    groups = cluster(texts, titles).groups
    took = time.perf_counter() - start
    right = sum(1 for g in groups if len(g) == 2 and abs(g[0] - g[1]) == len(rows))
    print(
        f"\nOne day of {len(texts)} articles (each BBC article and one rewrite): "
        f"{took:.1f} s, {len(groups)} stories, {right}/{len(rows)} rewrite pairs exactly paired"
    )


def event_of(url: str) -> str:
    """The truth: a BBC article and its retellings (one slug, several hosts) are one
    event; every other article is its own."""
    host, _, slug = url.partition("://")[2].partition("/")
    if host.endswith(".example"):
        return slug.removeprefix("news/")
    return url


def real_days(seeds: list[int], show: int) -> None:
    print("\nReal mixed days, pairs of articles in one story against the truth:")
    print("  seed  articles  stories  true pairs  merged pairs  precision  recall     F1")
    totals = [0, 0, 0]
    for seed in seeds:
        articles = []
        for n, record in enumerate(make_day(seed)):
            try:
                articles.append(
                    make_article(
                        origin=f"day-{seed}.jsonl:{n}",
                        text=record["text"],
                        title=record["title"],
                        url=record["url"],
                        source=record["source"],
                        tags=tags_from(record["tags"]),
                    )
                )
            except SkippedInput:
                continue
        features = [text_features(a.text, a.title) for a in articles]
        groups = cluster([], [a.title for a in articles], features=features).groups
        events = [event_of(a.url or "") for a in articles]
        truth = {
            (i, j)
            for i in range(len(articles))
            for j in range(i + 1, len(articles))
            if events[i] == events[j]
        }
        merged = {(min(i, j), max(i, j)) for g in groups for i, j in itertools.combinations(g, 2)}
        right = len(truth & merged)
        totals[0] += right
        totals[1] += len(merged)
        totals[2] += len(truth)
        precision, recall = right / max(1, len(merged)), right / max(1, len(truth))
        f1 = 2 * precision * recall / max(1e-9, precision + recall)
        print(
            f"  {seed:4d}  {len(articles):8d}  {len(groups):7d}  {len(truth):10d}  "
            f"{len(merged):12d}  {precision:9.1%}  {recall:6.1%}  {f1:6.1%}"
        )
        for i, j in sorted(merged - truth)[:show]:
            print(f"        false: {articles[i].title[:60]!r} / {articles[j].title[:60]!r}")
        for i, j in sorted(truth - merged)[:show]:
            print(f"        missed: {articles[i].title[:60]!r} / {articles[j].title[:60]!r}")
    precision, recall = totals[0] / max(1, totals[1]), totals[0] / max(1, totals[2])
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    print(f"  all days: precision {precision:.1%}, recall {recall:.1%}, F1 {f1:.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=300)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--show", type=int, default=5, help="false and missed merges shown")
    parser.add_argument("--real-only", action="store_true", help="only the real days")
    args = parser.parse_args()
    if not args.real_only:
        rows = load()
        simulated_days(rows, args.days)
        pair_figures(rows)
        timing(rows)
    real_days(args.seeds, args.show)


if __name__ == "__main__":
    main()
