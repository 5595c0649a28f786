"""Rendering: golden files, escaping of hostile text, template overrides, valid HTML."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from briefing.config.settings import load_settings
from briefing.errors import TemplateError
from briefing.models import Briefing
from briefing.pipeline import make_briefing
from briefing.readers import read_inputs
from briefing.render.formats import environment, render
from tests.conftest import EXAMPLES, briefing_of, make_article, make_story

DAY = dt.date(2025, 4, 4)
HOSTILE_TITLE = '<script>alert("t")</script># Heading [x](javascript:alert(1)) | a |'
HOSTILE_TEXT = (
    '<img src=x onerror="alert(1)"> Officials said *nothing* was [hidden](javascript:alert(2)). '
    "- Not a list. <iframe src='https://evil.example'></iframe> ![img](https://evil.example/x.png)"
)


def example_briefing() -> Briefing:
    read = read_inputs([EXAMPLES / "articles"])
    settings = load_settings(config=None, history=False)
    return make_briefing(read.articles, settings, DAY, read.skipped)


def hostile_briefing() -> Briefing:
    article = make_article(
        HOSTILE_TITLE,
        HOSTILE_TEXT,
        tags=["<b>bold</b>-tag"],
        url="javascript:alert(3)",
        source="<em>evil</em>",
    )
    story = make_story(article)
    return briefing_of([story], title="Brief <i>ing</i>", date=DAY)


@pytest.mark.parametrize(
    "fmt,suffix", [("markdown", "md"), ("html", "html"), ("text", "txt"), ("json", "json")]
)
def test_examples_match_golden_files(
    fmt: str, suffix: str, golden: Callable[[str, str], None]
) -> None:
    golden(f"examples-2025-04-04.{suffix}", render(example_briefing(), fmt))


def test_rendering_is_deterministic() -> None:
    assert render(example_briefing(), "html") == render(example_briefing(), "html")


class _Checker(HTMLParser):
    """Checks that elements nest properly and collects what a browser would run."""

    VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.active: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "iframe", "object", "embed", "form"}:
            self.active.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.active.append(name)
            if name == "href" and value is not None:
                self.hrefs.append(value)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
        else:
            self.stack.pop()


def check_html(page: str) -> _Checker:
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert not checker.errors, checker.errors
    assert not checker.stack, checker.stack
    return checker


def test_html_is_well_formed_and_complete() -> None:
    page = render(example_briefing(), "html")
    assert page.startswith("<!DOCTYPE html>")
    checker = check_html(page)
    assert checker.active == []
    assert '<html lang="en">' in page
    assert "<nav" in page and 'href="#topic-' in page


def test_hostile_text_is_inert_in_html() -> None:
    page = render(hostile_briefing(), "html")
    checker = check_html(page)
    assert checker.active == []
    assert all(h.startswith(("#", "https://", "http://")) for h in checker.hrefs)
    assert "&lt;script&gt;" in page


def test_hostile_text_is_inert_in_markdown() -> None:
    text = render(hostile_briefing(), "markdown")
    html = markdown.markdown(text)
    checker = check_html(html)
    assert checker.active == []
    assert "javascript:" not in " ".join(checker.hrefs)
    assert "<img" not in html and "<iframe" not in html and "<script" not in html
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert all(not h.startswith("# Heading") for h in headings)


def test_json_shape() -> None:
    data = json.loads(render(example_briefing(), "json"))
    assert data["date"] == "2025-04-04"
    assert {"date", "title", "sections", "skipped"} <= set(data)
    story = data["sections"][0]["stories"][0]
    assert {"title", "url", "source", "date", "tags"} <= set(story["articles"][0])
    assert {"text", "url"} <= set(story["sentences"][0])


def test_override_extends_the_default(tmp_path: Path) -> None:
    (tmp_path / "briefing.html").write_text(
        '{% extends "default:briefing.html" %}{% block style %}<style>body{}</style>{% endblock %}'
    )
    page = render(example_briefing(), "html", environment(tmp_path))
    assert "<style>body{}</style>" in page
    assert "Harbour City" in page


def test_override_with_a_typo_fails_loudly(tmp_path: Path) -> None:
    (tmp_path / "briefing.txt").write_text("{{ briefing.titel }}")
    with pytest.raises(TemplateError, match="titel"):
        render(example_briefing(), "text", environment(tmp_path))


def test_missing_templates_folder(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="not found"):
        environment(tmp_path / "nope")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: set[str] = set()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.add(href)


def busy_day() -> Briefing:
    """150 stories in three topics: more than five minutes, so some are listed only."""
    from briefing.stories.budget import plan_reading

    text = " ".join(
        f"Sentence {n} says the harbour board met again to discuss the ferry timetable."
        for n in range(4)
    )
    stories = [
        make_story(
            make_article(
                f"Harbour item {i}",
                text,
                tags=(("harbour", "schools", "weather")[i % 3],),
                url=f"https://news.example.org/item/{i}",
            ),
            sentences=3,
            story_id=f"s{i}",
        )
        for i in range(150)
    ]
    day = briefing_of(stories)
    sections, minutes = plan_reading(day.sections, 5)
    return Briefing(day.date, day.title, sections, reading_minutes=minutes)


def test_every_story_is_linked_in_markdown_html_and_text_and_the_rest_is_listed() -> None:
    day = busy_day()
    listed = [s for s in day.stories if not s.featured]
    assert listed and len(listed) < len(day.stories)
    urls = {s.lead.url for s in day.stories}
    page = _Links()
    page.feed(render(day, "html"))
    assert urls <= page.hrefs
    assert "details" in page.tags and "summary" in page.tags  # collapsible in HTML
    wiki = _Links()
    md = render(day, "markdown")
    wiki.feed(markdown.markdown(md))
    assert urls <= wiki.hrefs
    main, more = md.split("## More from today")
    assert "5 min read" in md.splitlines()[2]
    assert all(f"[Harbour item {s.id[1:]}]" in more for s in listed)
    assert not any(f"[Harbour item {s.id[1:]}]" in main.split("## Contents")[1] for s in listed)
    text = render(day, "text")
    assert "MORE FROM TODAY" in text and all(u in text for u in urls)
    data = json.loads(render(day, "json"))
    assert data["reading_minutes"] == day.reading_minutes <= 5.0
    flags = [s["featured"] for sec in data["sections"] for s in sec["stories"]]
    assert flags.count(False) == len(listed)


def test_compiled_templates_are_kept_in_the_cache_folder_and_follow_their_source(
    tmp_path: Path,
) -> None:
    """With a cache folder, each template is compiled once and loaded after; an edited
    template is compiled again, and a damaged cache file is only a miss."""
    briefing = example_briefing()
    cache, templates = tmp_path / "cache", tmp_path / "templates"
    templates.mkdir()
    plain = render(briefing, "markdown", environment(templates))
    first = render(briefing, "markdown", environment(templates, cache))
    compiled = sorted((cache / "templates").iterdir())
    assert compiled and first == plain
    assert render(briefing, "markdown", environment(templates, cache)) == plain
    assert sorted((cache / "templates").iterdir()) == compiled  # loaded, not written again

    (templates / "briefing.md").write_text("{{ briefing.title }} (ours)\n", encoding="utf-8")
    assert render(briefing, "markdown", environment(templates, cache)) == "Daily briefing (ours)\n"

    for path in (cache / "templates").iterdir():
        path.write_bytes(b"not a compiled template")
    (templates / "briefing.md").unlink()
    assert render(briefing, "markdown", environment(templates, cache)) == plain


def test_a_cache_folder_that_cannot_be_made_means_no_cache(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("in the way", encoding="utf-8")
    env = environment(None, blocker / "cache")
    assert env.bytecode_cache is None
    assert render(example_briefing(), "markdown", env) == render(example_briefing(), "markdown")
