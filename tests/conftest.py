"""Builders for tests: small articles and stories written here, never copied."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from briefing.models import Article, Briefing, Sentence, Story, Tag
from briefing.readers.build import make_article as build_article
from briefing.readers.build import tags_from

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "article-2025-04-04.txt"
EVAL = SHARED / "eval"

FILLER = (
    "The council met on Tuesday to review the plan in detail. "
    "Officials said the budget would be published next month after a public consultation. "
    "Residents raised concerns about traffic near the new school and the loss of a small park. "
    "The mayor promised a second meeting before any final decision was taken."
)


def make_article(
    title: str = "Council approves the harbour plan",
    text: str | None = None,
    *,
    tags: Sequence[str] = ("local-news",),
    date: dt.date | None = dt.date(2025, 4, 4),
    url: str | None = "https://news.example.org/harbour-plan",
    source: str | None = None,
    origin: str = "test",
) -> Article:
    """An article built the way the readers build one."""
    return build_article(
        origin=origin,
        text=text or FILLER,
        title=title,
        url=url,
        source=source,
        date=date,
        tags=tags_from(tags),
    )


def make_story(*articles: Article, sentences: int = 2, story_id: str = "s1") -> Story:
    """A story of ``articles`` whose key sentences are the first of the lead article."""
    lead = articles[0]
    parts = [s.strip() + "." for s in lead.text.split(".") if s.strip()][:sentences]
    picked = tuple(Sentence(p, lead.id, i, 1.0 / (i + 1), lead.url) for i, p in enumerate(parts))
    return Story(id=story_id, articles=tuple(articles), sentences=picked, score=1.0)


def seed_file(folder: Path, name: str, day: str, tags: Sequence[str], body: str) -> Path:
    """Write an article in the seed format: ``date`` header, tags as /tags/ links."""
    base = "https://news.example.org/tags"
    links = " ".join(f'<a href="{base}/{t}/">{t.replace("-", " ").title()}</a>' for t in tags)
    path = folder / name
    path.write_text(f"date {day} {body} Related: {links}.", encoding="utf-8")
    return path


def run_cli(
    *args: str,
    cwd: Path | None = None,
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m briefing`` from this checkout, as a user would run ``briefing``."""
    environ = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        cwd=cwd or ROOT,
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        env=environ,
        timeout=300,
        check=False,
    )


@pytest.fixture
def tag() -> Tag:
    return Tag("local-news", "Local News")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="Rewrite tests/golden/* from the current output instead of comparing.",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> object:
    """Compare text with ``tests/golden/NAME``; ``pytest --update-goldens`` rewrites it."""
    update = bool(request.config.getoption("--update-goldens"))

    def check(name: str, text: str) -> None:
        path = ROOT / "tests" / "golden" / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        assert path.exists(), f"{path} missing: run pytest --update-goldens"
        assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"

    return check


#: Article text written to break out of Markdown, HTML and URLs; see test_escape.py.
HOSTILE = (
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "![pixel](https://evil.example/p.png)",
    "# Heading",
    "1. list",
    "- item",
    "> quote",
    "| a | b |\n|---|---|\n| c | d |",
    "{: onclick=alert(1) }",
    "<!-- comment --> <style>body{display:none}</style>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "`code` **bold** _it_ ~~strike~~",
    "[ref]: javascript:alert(1)",
    "line one\n\n# line two\n    indented\n---",
    "\x00\x02wzxhzdk:0\x03 control \x1b[31m characters",
    "<iframe src=https://evil.example></iframe><form action=x><input></form><svg onload=alert(1)>",
)


def briefing_of(
    stories: Sequence[Story],
    *,
    title: str = "Daily briefing",
    date: dt.date = dt.date(2025, 4, 4),
) -> Briefing:
    """A briefing of ``stories`` grouped into topics the way the pipeline groups them."""
    from briefing.topics import group_sections

    return Briefing(date=date, title=title, sections=group_sections(stories))


def hostile_story(payload: str, index: int = 0) -> Story:
    """A story whose title, text, source, tags and URL all carry ``payload``."""
    article = Article(
        id=f"hostile-{index}",
        title=payload + " title",
        text=f"{payload} is the first sentence. Then {payload} again in a second one.",
        origin="test",
        url="javascript:alert(1)" if index % 2 else "https://news.example.org/a?q=" + payload,
        source=payload,
        date=dt.date(2025, 4, 4),
        tags=(Tag(f"hostile-{index % 3}", payload),),
    )
    sentences = tuple(
        Sentence(text, article.id, i, 1.0, article.url)
        for i, text in enumerate((payload + " said someone.", "A calm " + payload))
    )
    return Story(id=f"h{index}", articles=(article,), sentences=sentences, score=1.0)


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


def syndicate(text: str, seed: int, keep: float = 0.75, drop: float = 0.05, swaps: int = 2) -> str:
    """A syndicated copy of ``text``: reworded, trimmed to ``keep`` of its sentences
    (lead kept, the end cut), ``swaps`` sentence pairs reordered, ``drop`` of the words cut.

    Deterministic for a given ``seed``.
    """
    import math
    import random
    import re

    from briefing.text import split_sentences

    pattern = re.compile(r"\b(" + "|".join(sorted(SYNONYMS, key=len, reverse=True)) + r")\b")
    rng = random.Random(seed)
    sentences = split_sentences(text)
    kept = sentences[: max(2, math.ceil(len(sentences) * keep))]
    for _ in range(swaps):
        if len(kept) > 3:
            i = rng.randrange(1, len(kept) - 1)
            kept[i], kept[i + 1] = kept[i + 1], kept[i]
    out = []
    for sentence in kept:
        sentence = pattern.sub(lambda m: SYNONYMS[m.group(1)], sentence)
        words = sentence.split()
        if len(words) > 8:
            words = [w for w in words if rng.random() >= drop or w.endswith(".")]
        out.append(" ".join(words))
    return " ".join(out)
