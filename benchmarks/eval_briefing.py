"""Is a real day's briefing a five-minute read that loses nothing? Measured on mixed days.

Builds real days (``real_day.make_day``: HuffPost headlines, BBC articles tagged and not,
CNN / Daily Mail articles without title or tag, reworded copies from other outlets) with
the default command, and prints for each day:

  * the main read: words in the featured stories' headlines and key sentences, and the
    ``reading_minutes`` the JSON gives;
  * articles not linked anywhere in the Markdown or the HTML (should be 0);
  * derived headlines: how many start with a dateline, end cut mid-clause (on "with",
    "of", "the"...), end in an ellipsis, and their longest length in words;
  * featured stories whose first sentence repeats the headline;
  * untagged articles landing in the section of their real tag (when the day has it);
  * sections whose names differ only by form ("Sport" / "Sports").

    python benchmarks/eval_briefing.py [--seeds 3 4 5] [--show 3]

Reads ../shared/eval/; skips with a message when it is absent. Seeds 0-2 were used while
building; 3 and up are held out.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import markdown
from real_day import make_day

ROOT = Path(__file__).resolve().parents[1]

DATELINE = re.compile(
    r"^\s*[A-Z][A-Z .,'-]{2,}\s*(\([\w .]+\))?\s*(--|—|–|-)\s|^\s*\((CNN|AP|Reuters|AFP)\)"
    r"|^\s*By\s+[.A-Z]|^\s*PUBLISHED:|^\s*Last updated"
)
DANGLING = frozenset(
    "a an the of to in on at by for from with without after before about as and or but "
    "that which who whose than into onto over under while during since until his her "
    "their its our your my this these those is are was were be been has have had will "
    "would could should can may might".split()
)


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.add(unquote(href))


def hrefs(html: str) -> set[str]:
    parser = Links()
    parser.feed(html)
    return parser.hrefs


def form(name: str) -> str:
    """A tag name without its form: case, dots, '&', a plural s."""
    words = re.sub(r"[^\w\s]", "", name.casefold().replace("&", " and ")).split()
    return " ".join(
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words
    )


def words(text: str) -> int:
    return len(text.split())


def repeats(title: str, sentence: str) -> bool:
    def norm(text: str) -> list[str]:
        return re.findall(r"\w+", text.casefold())

    head, first = norm(title.rstrip("…")), norm(sentence)
    if not head:
        return False
    if first[: len(head)] == head:
        return True
    shared = len(set(head) & set(first))
    return shared / len(set(head)) >= 0.8 and len(first) <= len(head) * 2


def evaluate(seed: int, show: int) -> dict[str, Any]:
    records = make_day(seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        day = folder / "day.jsonl"
        with day.open("w", encoding="utf-8") as out:
            for record in records:
                public = {k: v for k, v in record.items() if k != "truth"}
                out.write(json.dumps(public, ensure_ascii=False) + "\n")
        date = records[0]["date"]
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "briefing",
                "build",
                str(day),
                "--date",
                date,
                "-q",
                "--out",
                str(folder / "out"),
                "-f",
                "json",
                "-f",
                "md",
                "-f",
                "html",
            ],
            capture_output=True,
            text=True,
            cwd=folder,
            check=False,
        )
        if run.returncode != 0:
            raise SystemExit(f"build failed: {run.stderr}")
        stem = folder / "out" / f"briefing-{date}"
        data = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
        md = stem.with_suffix(".md").read_text(encoding="utf-8")
        html = stem.with_suffix(".html").read_text(encoding="utf-8")

    stories = [story for section in data["sections"] for story in section["stories"]]
    featured = [s for s in stories if s.get("featured", True)]
    main_words = sum(
        words(s["title"]) + sum(words(x["text"]) for x in s["sentences"]) for s in featured
    )
    urls = {unquote(r["url"]) for r in records}
    md_links, html_links = hrefs(markdown.markdown(md)), hrefs(html)
    unlinked_md = sorted(urls - md_links)
    unlinked_html = sorted(urls - html_links)

    by_url = {
        a["url"]: (a, section)
        for section in data["sections"]
        for s in section["stories"]
        for a in s["articles"]
    }
    derived_from = [
        (by_url[r["url"]][0]["title"], r["text"])
        for r in records
        if not r["title"] and r["url"] in by_url
    ]
    derived = [title for title, _ in derived_from]
    dateline = [t for t in derived if DATELINE.search(t)]
    # Cut mid-clause: ends on a word that needs the next, and is not the whole sentence
    # the article wrote ("... how his biggest hits came about." ends where the lead does).
    dangling = [
        t
        for t, text in derived_from
        if (t.rstrip("…. ").split() or [""])[-1].casefold().strip(",;:") in DANGLING
        and not re.search(re.escape(" ".join(t.split())) + r"[.!?]", " ".join(text.split()))
    ]
    ellipsis = [t for t in derived if t.endswith(("…", "..."))]
    repeated = [
        s["title"]
        for s in featured
        if s["sentences"] and repeats(s["title"], s["sentences"][0]["text"])
    ]

    section_forms = {form(section["topic"]) for section in data["sections"]}
    landed = fitting = 0
    by_source: dict[str, list[int]] = {}
    misplaced = []
    for record in records:
        if record["tags"] or not record["truth"] or record["url"] not in by_url:
            continue
        if form(record["truth"]) not in section_forms:
            continue
        fitting += 1
        section = by_url[record["url"]][1]
        counts = by_source.setdefault(record["source"] or "(none)", [0, 0])
        counts[1] += 1
        if form(section["topic"]) == form(record["truth"]):
            landed += 1
            counts[0] += 1
        else:
            misplaced.append((record["truth"], section["topic"]))
    names = Counter(form(section["topic"]) for section in data["sections"])

    result = {
        "seed": seed,
        "date": date,
        "inputs": len(records),
        "stories": len(stories),
        "featured": len(featured),
        "sections": len(data["sections"]),
        "main_words": main_words,
        "reading_minutes": data.get("reading_minutes"),
        "unlinked_md": len(unlinked_md),
        "unlinked_html": len(unlinked_html),
        "derived": len(derived),
        "dateline": len(dateline),
        "dangling": len(dangling),
        "ellipsis": len(ellipsis),
        "longest": max((words(t) for t in derived), default=0),
        "repeats": len(repeated),
        "untagged_landed": f"{landed}/{fitting}",
        "same_form_sections": sum(n - 1 for n in names.values() if n > 1),
    }
    result["landed_by_source"] = by_source
    if show:
        print(f"-- seed {seed}: examples")
        for label, items in (
            ("dateline", dateline),
            ("dangling", dangling),
            ("ellipsis", ellipsis),
            ("repeats", repeated),
            ("unlinked", unlinked_md),
            ("misplaced", misplaced),
        ):
            for item in items[:show]:
                print(f"   {label}: {item}")
        print("   sections:", ", ".join(s["topic"] for s in data["sections"]))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[3, 4, 5])
    parser.add_argument(
        "--show", type=int, default=0, help="print this many examples of each fault"
    )
    args = parser.parse_args()
    rows = [evaluate(seed, args.show) for seed in args.seeds]
    keys = [k for k in rows[0] if k != "landed_by_source"]
    print(" ".join(f"{k:>10}" for k in keys))
    for row in rows:
        print(" ".join(f"{row[k]!s:>10}" for k in keys))
    # Untagged articles in their real tag's section, over all the days, by outlet.
    totals: dict[str, list[int]] = {}
    for row in rows:
        for source, (landed, fitting) in row["landed_by_source"].items():
            total = totals.setdefault(source, [0, 0])
            total[0] += landed
            total[1] += fitting
    landed = sum(t[0] for t in totals.values())
    fitting = sum(t[1] for t in totals.values())
    parts = [f"{source} {a}/{b}" for source, (a, b) in sorted(totals.items())]
    share = f"{landed / fitting:.0%}" if fitting else "-"
    print(f"untagged landed: {landed}/{fitting} ({share}); " + ", ".join(parts))


if __name__ == "__main__":
    main()
