"""Builders for tests: small articles and stories written here, never copied."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from briefing.models import Article, Sentence, Story, Tag
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
