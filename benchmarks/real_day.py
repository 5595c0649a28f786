"""A real day of mixed news, put together from the shared evaluation data.

One day as a user's folder looks: a day of HuffPost headlines with their one-line texts
(tagged by their category, some with the tag lost), BBC articles (most tagged, some
untagged and some without a title), CNN and Daily Mail articles with neither title nor
tag, and some BBC stories told again by other outlets (reworded copies), whose tags are
spelt the other outlets' way ("Sports", "US news"). Each record remembers its real
category (``truth``) so an evaluation can tell where an untagged article should land.

    from real_day import make_day
    records = make_day(seed=3)    # list of dicts: title, text, url, source, date, tags, truth

The texts are the publishers' and stay outside the repository: this builds the day in
memory (or in a temporary folder) from ``../shared/eval``.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from typing import Any

from _data import eval_file, syndicate

#: How the other outlets spell the BBC's categories.
OTHER_SPELLING = {
    "sport": "Sports",
    "tech": "TECH",
    "politics": "POLITICS",
    "business": "Business",
    "entertainment": "Entertainment",
}
OUTLETS = ("Harbour Wire", "Northern Post", "Evening Ledger")


def _rows(name: str) -> list[dict[str, Any]]:
    path = eval_file(name)
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def huffpost_dates() -> list[str]:
    """The HuffPost days with at least 60 items, busiest first."""
    counts: dict[str, int] = defaultdict(int)
    for row in _rows("huffpost_days.jsonl"):
        counts[row["date"]] += 1
    return sorted((d for d, n in counts.items() if n >= 60), key=lambda d: (-counts[d], d))


def make_day(seed: int) -> list[dict[str, Any]]:
    """About 190 records of one day; the same ``seed`` gives the same day."""
    rng = random.Random(seed)
    dates = huffpost_dates()
    date = dates[seed % len(dates)]
    records: list[dict[str, Any]] = []

    for row in _rows("huffpost_days.jsonl"):
        if row["date"] != date:
            continue
        tagged = rng.random() < 0.85
        records.append(
            {
                "title": row["title"],
                "text": row["text"],
                "url": row["url"],
                "source": "HuffPost",
                "tags": [row["category"].title()] if tagged else [],
                "truth": row["category"].lower(),
            }
        )

    bbc = _rows("bbc_news_summary.jsonl")
    seen: set[str] = set()
    unique = []
    for row in bbc:
        key = row["title"].strip().lower()
        if key not in seen:
            seen.add(key)
            unique.append(row)
    picked = rng.sample(unique, 60)
    for index, row in enumerate(picked):
        roll = rng.random()
        tagged = roll < 0.7
        slug = row["title"].lower().replace(" ", "-")[:40]
        record = {
            "title": row["title"] if roll < 0.85 else "",
            "text": row["text"].split("\n", 1)[-1].strip(),
            "url": f"https://bbc.example/news/{slug}",
            "source": "BBC News",
            "tags": [row["category"].title()] if tagged else [],
            "truth": row["category"],
        }
        records.append(record)
        if index < 8:
            # The same event told by one to three other outlets.
            for number, outlet in enumerate(OUTLETS[: 1 + index % 3]):
                host = outlet.lower().replace(" ", "")
                records.append(
                    {
                        "title": row["title"] if number % 2 == 0 else "",
                        "text": syndicate(record["text"], seed * 100 + index * 10 + number),
                        "url": f"https://{host}.example/{slug}",
                        "source": outlet,
                        "tags": [OTHER_SPELLING[row["category"]]],
                        "truth": row["category"],
                    }
                )

    for row in rng.sample(_rows("cnndm_dev.jsonl"), 40):
        url = row["url"].split("id_/", 1)[-1]
        records.append(
            {
                "title": "",
                "text": row["text"],
                "url": url,
                "source": "",
                "tags": [],
                "truth": "",
            }
        )
    for record in records:
        record["date"] = date
    return records
