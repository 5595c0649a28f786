"""Simulate real days with HuffPost headlines to tune "what's new".

Each day of ``huffpost_days.jsonl`` is built in date order with a history database;
into every day after the first, rewrites of three of the previous day's items are
injected (the same story told again). Prints, per follow threshold: how many injected
repeats are caught as updates, and how many other stories are marked as updates (on
HuffPost these are mostly genuine follow-ups of a running story, but every one costs
the reader a "New" badge, so fewer is better). Also checks that rebuilding a day gives
byte-identical JSON.

    python benchmarks/eval_history.py [--days 30]

Reads ../shared/eval/huffpost_days.jsonl; skips with a message when it is absent.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from _data import eval_file, syndicate

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefing.config.settings import Settings  # noqa: E402
from briefing.models import Article  # noqa: E402
from briefing.pipeline import make_briefing  # noqa: E402
from briefing.readers.article import make_article, tags_from  # noqa: E402
from briefing.render.formats import render  # noqa: E402
from briefing.stories import history as history_module  # noqa: E402
from briefing.stories.history import History  # noqa: E402

THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.6)


def load_days(count: int) -> list[tuple[dt.date, list[Article]]]:
    data = eval_file("huffpost_days.jsonl")
    by_day: dict[str, list[Article]] = defaultdict(list)
    for number, line in enumerate(data.read_text(encoding="utf-8").splitlines()):
        row = json.loads(line)
        if not row.get("text") or len(row["text"].split()) < 5:
            continue
        by_day[row["date"]].append(
            make_article(
                origin=f"huffpost:{number}",
                text=row["text"],
                title=row["title"],
                url=row["url"],
                source="HuffPost",
                date=dt.date.fromisoformat(row["date"]),
                tags=tags_from([row["category"]]),
            )
        )
    days = sorted(by_day)[:count]
    return [(dt.date.fromisoformat(d), by_day[d]) for d in days]


def simulate(days: list[tuple[dt.date, list[Article]]], threshold: float) -> tuple[int, int, int]:
    history_module.FOLLOW_THRESHOLD = threshold
    caught = injected = other_updates = 0
    with tempfile.TemporaryDirectory() as folder:
        history = History(Path(folder) / "history.sqlite3")
        previous: list[Article] = []
        for number, (day, articles) in enumerate(days):
            rng = random.Random(number)
            repeats = []
            for k, old in enumerate(rng.sample(previous, min(3, len(previous)))):
                repeats.append(
                    make_article(
                        origin=f"repeat:{number}:{k}",
                        text=syndicate(old.text, number * 10 + k, keep=1.0, drop=0.0),
                        title=old.title,
                        url=f"https://wire.example.com/{day}/{k}",
                        source="Wire",
                        date=day,
                        tags=old.tags,
                    )
                )
            briefing = make_briefing(articles + repeats, Settings(), day, (), history=history)
            history.record(briefing)
            repeat_ids = {a.id for a in repeats}
            for story in briefing.stories:
                has_repeat = any(a.id in repeat_ids for a in story.articles)
                if has_repeat:
                    injected += 1
                    caught += story.status == "update"
                elif story.status == "update":
                    other_updates += 1
            previous = articles
    return caught, injected, other_updates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=30)
    args = parser.parse_args()
    days = load_days(args.days)
    total = sum(len(a) for _, a in days)
    print(f"{len(days)} HuffPost days, {total} items, 3 repeats of the previous day injected daily")
    print("threshold  repeats caught  other stories marked update")
    default = history_module.FOLLOW_THRESHOLD
    for threshold in THRESHOLDS:
        start = time.perf_counter()
        caught, injected, others = simulate(days, threshold)
        took = time.perf_counter() - start
        mark = "  <- FOLLOW_THRESHOLD" if abs(threshold - default) < 1e-9 else ""
        print(
            f"  {threshold:.2f}     {caught:4d}/{injected:<4d}     {others:4d} of {total}"
            f"  ({took:.1f} s){mark}"
        )
    history_module.FOLLOW_THRESHOLD = default

    with tempfile.TemporaryDirectory() as folder:
        history = History(Path(folder) / "history.sqlite3")
        outputs = []
        for run in range(2):
            for day, articles in days[:3]:
                briefing = make_briefing(articles, Settings(), day, (), history=history)
                history.record(briefing)
                if day == days[2][0]:
                    outputs.append(render(briefing, "json"))
            del run
        print(f"Rebuilding the third day gives identical JSON: {outputs[0] == outputs[1]}")


if __name__ == "__main__":
    main()
