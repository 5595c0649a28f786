"""The wiki Markdown: the same HTML in Python-Markdown and in CommonMark (markdown-it-py),
front matter, stable anchors, and hostile text that stays text once a wiki renders it."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from typing import Any

import markdown
import pytest

from briefing.models import Article, Briefing, Sentence, Skipped, Story, Tag
from briefing.render.escape import safe_url
from briefing.render.formats import render
from tests.conftest import HOSTILE, briefing_of, hostile_story, make_article, make_story

markdown_it = pytest.importorskip("markdown_it", reason="the test extra installs markdown-it-py")
yaml = pytest.importorskip("yaml", reason="the test extra installs pyyaml")

DAY = dt.date(2025, 4, 4)


class Canonical(HTMLParser):
    """HTML as a list of tags (attributes sorted, entities decoded) and text runs with
    whitespace collapsed: what both renderers must agree on."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[Any, ...]] = []
        self._text: list[str] = []

    def _flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self._text)).strip()
        if text:
            self.items.append(("text", text))
        self._text = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._flush()
        self.items.append(("<", tag, tuple(sorted((k, v or "") for k, v in attrs))))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self._flush()
        self.items.append((">", tag))

    def handle_data(self, data: str) -> None:
        self._text.append(data)


def canonical(html: str) -> list[tuple[Any, ...]]:
    parser = Canonical()
    parser.feed(html)
    parser.close()
    parser._flush()
    return parser.items


def python_markdown(source: str, **options: Any) -> str:
    return str(markdown.markdown(source, **options))


def commonmark(source: str, gfm: bool = False) -> str:
    parser = markdown_it.MarkdownIt("commonmark")
    if gfm:
        parser.enable(["table", "strikethrough"])
    return str(parser.render(source))


def wiki_renderings(source: str) -> dict[str, str]:
    """The source as the wikis we target render it."""
    return {
        "python-markdown": python_markdown(source),
        "mkdocs-like": python_markdown(
            source, extensions=["extra", "attr_list", "toc", "admonition", "def_list"]
        ),
        "commonmark": commonmark(source),
        "gfm-like": commonmark(source, gfm=True),
    }


def a_day() -> Briefing:
    stories = []
    specs = [
        ("harbour", "Harbour plan approved after a long debate", "Harbour Gazette"),
        ("harbour", "Ferry timetable changes from May", None),
        ("schools", "Schools to merge: what it means for parents", "Schools Weekly"),
        ("weather", "Storm warning for the coast (update 2)", "Met Desk"),
    ]
    for index, (topic, title, source) in enumerate(specs):
        article = make_article(
            title,
            "The council met on Tuesday. Costs rose by 12% to £4.5m. "
            "Residents asked questions about C# code, a_b_c names and 3 * 4 sums.",
            tags=(topic, "local-news"),
            url=f"https://news.example.org/{topic}/{index}?a=1&b=caf\u00e9",
            source=source,
        )
        stories.append(make_story(article, sentences=3, story_id=f"s{index}"))
    second = make_article(
        "A second view", "Another paper said so too on Friday.", tags=("harbour",), source="Other"
    )
    stories[0] = make_story(stories[0].articles[0], second, sentences=2, story_id="s0")
    briefing = briefing_of(stories)
    return Briefing(
        date=briefing.date,
        title=briefing.title,
        sections=briefing.sections,
        skipped=(Skipped("bad.json", "malformed JSON (line 1)"),),
    )


def hostile_day() -> Briefing:
    stories = [hostile_story(payload, index) for index, payload in enumerate(HOSTILE)]
    two = make_article(
        "Two sources", "One paper said this on Friday.", tags=("x",), url="https://a.example/1"
    )
    other = Article(
        id="other",
        title="x",
        text="y",
        origin="t",
        url="https://b.example/2",
        source="[evil](javascript:alert(1)) <b>",
    )
    sentence = Sentence("<script>alert(2)</script>", "other", 0, 1.0, "javascript:alert(3)")
    stories.append(Story("two", (two, other), (sentence,), 1.0))
    skipped = tuple(Skipped(p, p) for p in HOSTILE[:4])
    briefing = briefing_of(stories, title="<script>alert(0)</script> # briefing")
    return Briefing(
        date=briefing.date, title=briefing.title, sections=briefing.sections, skipped=skipped
    )


# --- portability --------------------------------------------------------------------------


@pytest.mark.parametrize("day", [a_day, hostile_day], ids=["plain", "hostile"])
def test_python_markdown_and_commonmark_render_the_same(day: Any) -> None:
    source = render(day(), "markdown")
    assert canonical(python_markdown(source)) == canonical(commonmark(source))


def test_the_markdown_uses_the_portable_subset() -> None:
    source = render(a_day(), "markdown")
    lines = source.splitlines()
    for index, line in enumerate(lines):
        # A blank line before every list; no setext headings; no tabs.
        if line.startswith("- ") and index and not lines[index - 1].startswith("- "):
            assert lines[index - 1] == "", line
        assert not re.fullmatch(r"=+|-{2,}", line), line
        assert "\t" not in line
    assert re.search(r"^## Harbour$", source, re.M)
    assert re.search(r"^### \[Harbour plan approved", source, re.M)
    assert "](https://news.example.org/harbour/0?a=1&amp;b=caf%C3%A9)" in source


def test_topics_have_stable_anchors_and_a_table_of_contents() -> None:
    source = render(a_day(), "markdown")
    html = python_markdown(source)
    contents = re.findall(r"^- \[([^\]]+)\]\(#(topic-[a-z0-9-]+)\)", source, re.M)
    assert [name for name, _ in contents] == ["Harbour", "Schools", "Weather"]
    for _, anchor in contents:
        assert f'<a id="{anchor}"></a>' in html
    assert render(a_day(), "markdown") == source


def test_front_matter_is_yaml_with_title_date_and_tags() -> None:
    source = render(hostile_day(), "markdown", front_matter=True)
    assert source.startswith("---\n")
    head, _, body = source[4:].partition("\n---\n")
    data = yaml.safe_load(head)
    assert data["title"] == "<script>alert(0)</script> # briefing: Friday 4 April 2025"
    assert data["date"] == DAY
    assert set(data["tags"]) >= set(HOSTILE[:3])
    assert body.lstrip().startswith("# ")
    assert not render(hostile_day(), "markdown").startswith("---")


def test_front_matter_survives_line_breaks_and_quotes() -> None:
    title = 'A "quoted"\nsecond: line\u2028third --- # x'
    briefing = briefing_of([make_story(make_article("t", tags=("a",)))], title=title)
    source = render(briefing, "markdown", front_matter=True)
    data = yaml.safe_load(source[4:].partition("\n---\n")[0])
    assert data["title"].startswith('A "quoted"\nsecond: line\u2028third')
    assert set(data) == {"title", "date", "tags"}


# --- hostile text -------------------------------------------------------------------------


ACTIVE = re.compile(r"<\s*(script|iframe|form|svg|img|style|input|object|embed)\b", re.I)


@pytest.mark.parametrize("wiki", ["python-markdown", "mkdocs-like", "commonmark", "gfm-like"])
def test_hostile_text_stays_text_once_a_wiki_renders_it(wiki: str) -> None:
    source = render(hostile_day(), "markdown", front_matter=True)
    body = source[4:].partition("\n---\n")[2]
    html = wiki_renderings(body)[wiki]
    assert not ACTIVE.search(html), ACTIVE.search(html)
    tags = [item for item in canonical(html) if item[0] == "<"]
    for _, tag, attrs in tags:
        assert tag not in {"table", "blockquote", "pre", "code", "del", "s", "ol", "hr"}, tag
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            assert "javascript:" not in value.lower(), (tag, name, value)
        if tag == "a":
            href = dict(attrs).get("href")
            assert href is None or re.match(r"(https?://|#topic-)", href), href
    # One heading per topic and per story, and no more: text never makes a heading.
    headings = [t for _, t, _ in tags if re.fullmatch(r"h[1-6]", t)]
    briefing = hostile_day()
    expected = 1 + 1 + len(briefing.sections) + len(briefing.stories) + 1
    assert len(headings) == expected
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("index", range(len(HOSTILE)))
def test_hostile_text_keeps_the_document_shape(index: int) -> None:
    """Swapping a payload for plain words leaves the same tags in the same order."""
    payload = HOSTILE[index]
    # Plain words that make a valid URL exactly where the payload does (no space in it).
    plain = "plain" if safe_url("https://news.example.org/a?q=" + payload) else "plain words"

    def shape(text: str) -> list[tuple[Any, ...]]:
        html = python_markdown(render(briefing_of([hostile_story(text, index)]), "markdown"))
        return [item[:2] for item in canonical(html) if item[0] != "text"]

    assert shape(payload) == shape(plain)


def test_tags_and_sources_are_escaped_in_also_lines() -> None:
    article = Article(
        id="a",
        title="Title",
        text="Some text here.",
        origin="t",
        source="*Star* | pipe",
        tags=(Tag("first", "First"), Tag("evil", "<img src=x onerror=alert(1)>")),
    )
    story = Story("s", (article,), (Sentence("Some text here.", "a", 0, 1.0),), 1.0)
    source = render(briefing_of([story]), "markdown")
    html = python_markdown(source)
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert canonical(html) == canonical(commonmark(source))
