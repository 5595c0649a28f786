"""A simulation of the cross-article stage partitioned by blocking key, at up to 1M articles.

Run from the repository root::

    python benchmarks/sim_scale.py                       # 1,000,000 articles, 64 partitions
    python benchmarks/sim_scale.py --articles 100000 --partitions 16

What it simulates (see ``docs/scale.md``): the workers have returned each article's
compact features; here those are **synthetic**: each article has 40 weighted terms drawn
from a Zipf vocabulary of 500,000 terms, and a share of the articles are copies or
rewrites of an "event" (they keep most of its terms), as a day of many outlets has. No
text is involved. The stage then runs as a distributed job would, one step at a time,
each step timed, with the memory it holds:

1. **map**: every article emits ``(block key, article)`` for its 12 heaviest terms;
2. **shuffle**: the emitted rows are partitioned by a hash of the key (what a Dask
   ``shuffle`` / ``groupby`` on the key moves between machines);
3. **reduce by block**: in each partition, every block of 2 to ``MAX_BLOCK`` articles
   proposes its pairs (a larger block proposes none), each pair's cosine is computed
   from the two articles' features (NumPy, :class:`~briefing.stories.tfidf.TfidfMatrix`),
   and only the pairs at or above the merge threshold leave the partition;
4. **merge**: the pairs at or above the merge threshold (a small list) are joined into
   connected components on one machine; average linkage then runs inside each
   component, which is where every group of the day lies.

It prints, per step, the CPU seconds (one core: wall time on a shared machine says
little), the rows, the largest partition, the pairs and the components: the figures
``docs/scale.md`` quotes. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefing.stories.cluster import MERGE_THRESHOLD  # noqa: E402
from briefing.stories.similarity import BLOCK_TERMS, MAX_BLOCK  # noqa: E402
from briefing.stories.tfidf import TfidfMatrix, block_pairs  # noqa: E402

TERMS = 40
VOCABULARY = 500_000


def synthetic_features(articles: int, events: float, seed: int) -> TfidfMatrix:
    """Unit TF-IDF rows of ``articles`` synthetic articles; ``events`` of them are copies
    (70-95% of the terms kept) of one of ``articles // 20`` event texts."""
    rng = np.random.default_rng(seed)
    ranks = np.arange(1, VOCABULARY + 1, dtype=np.float64)
    zipf = 1.0 / ranks**1.05
    zipf /= zipf.sum()
    own = rng.choice(VOCABULARY, size=(articles, TERMS), p=zipf)
    sources = rng.choice(VOCABULARY, size=(max(1, articles // 20), TERMS), p=zipf)
    copies = np.flatnonzero(rng.random(articles) < events)
    event = rng.integers(0, len(sources), len(copies))
    keep = rng.random((len(copies), TERMS)) < rng.uniform(0.7, 0.95, (len(copies), 1))
    own[copies] = np.where(keep, sources[event], own[copies])
    counts = rng.integers(1, 6, size=(articles, TERMS))
    # One bag per article: its distinct terms with their counts.
    order = np.lexsort((own, np.repeat(np.arange(articles), TERMS).reshape(articles, TERMS)))
    flat_terms = np.take_along_axis(own, order % TERMS, axis=1).reshape(-1)
    flat_counts = np.take_along_axis(counts, order % TERMS, axis=1).reshape(-1)
    rows = np.repeat(np.arange(articles), TERMS)
    first = np.r_[True, (flat_terms[1:] != flat_terms[:-1]) | (rows[1:] != rows[:-1])]
    lengths = np.bincount(rows[first], minlength=articles)
    seen = [str(t) for t in range(VOCABULARY)]
    return TfidfMatrix._from_ids(seen, flat_terms[first], flat_counts[first], lengths)


def components(pairs: np.ndarray, n: int) -> np.ndarray:
    """Connected components of the strong pairs (label propagation, NumPy)."""
    label = np.arange(n)
    if len(pairs) == 0:
        return label
    a, b = pairs[:, 0], pairs[:, 1]
    while True:
        low = np.minimum(label[a], label[b])
        before = label.copy()
        np.minimum.at(label, a, low)
        np.minimum.at(label, b, low)
        label = label[label]
        if np.array_equal(label, before):
            return label


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--partitions", type=int, default=64)
    parser.add_argument("--events", type=float, default=0.3, help="share of copies of events")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    n, parts = args.articles, args.partitions
    print(f"{n:,} synthetic articles ({args.events:.0%} copies of events), {parts} partitions")
    started = time.process_time()
    matrix = synthetic_features(n, args.events, args.seed)
    feature_mb = (matrix.indices.nbytes + matrix.data.nbytes + matrix.indptr.nbytes) / 2**20
    print(f"features: {len(matrix.data):,} entries, {feature_mb:.0f} MB as arrays "
          f"({time.process_time() - started:.1f} s to make)")  # fmt: skip

    step = time.process_time()
    keys, members = matrix.top_terms(BLOCK_TERMS)
    print(f"1 map:     {len(keys):,} (key, article) rows, {time.process_time() - step:.1f} s")

    step = time.process_time()
    partition = (keys * 2654435761) % parts  # a hash of the key picks the partition
    load = np.bincount(partition, minlength=parts)
    print(f"2 shuffle: {load.sum() * 16 / 2**20:.0f} MB moved; rows per partition "
          f"{load.min():,} .. {load.max():,} (mean {load.mean():,.0f}), "
          f"{time.process_time() - step:.1f} s")  # fmt: skip

    step = time.process_time()
    proposed, slowest, biggest, kept = 0, 0.0, 0, []
    for p in range(parts):
        # What one worker does with its partition: the features of its blocks' members
        # come with the rows (here: read from the shared matrix).
        began = time.process_time()
        mine = partition == p
        pairs = block_pairs(keys[mine], members[mine], n, MAX_BLOCK)
        cosines = matrix.cosines(pairs)
        kept.append(pairs[cosines >= MERGE_THRESHOLD])
        proposed += len(pairs)
        slowest = max(slowest, time.process_time() - began)
        biggest = max(biggest, len(pairs))
    # A pair proposed in two partitions (two shared keys) is one pair.
    strong = np.unique(np.concatenate(kept), axis=0)
    print(f"3 reduce:  {proposed:,} candidate pairs ({proposed / n:.1f} per article), "
          f"largest partition {biggest:,} pairs / {slowest:.2f} s, all partitions "
          f"{time.process_time() - step:.1f} s; {len(strong):,} distinct pairs >= "
          f"{MERGE_THRESHOLD}")  # fmt: skip

    step = time.process_time()
    label = components(strong, n)
    sizes = np.bincount(np.unique(label, return_inverse=True)[1])
    print(f"4 merge:   {len(sizes):,} components, largest {sizes.max():,} articles, "
          f"{(sizes > 1).sum():,} of 2+ holding {sizes[sizes > 1].sum():,} articles, "
          f"{time.process_time() - step:.1f} s")  # fmt: skip
    print(f"total {time.process_time() - started:.1f} s, peak memory {peak_mb():.0f} MB "
          "(one process doing every partition's work in turn)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
