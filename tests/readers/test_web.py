"""Building a briefing from the web: feeds on a loopback site, teasers, dead and silent pages."""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefing.models import SourceStatus
from briefing.readers.addresses import AddressPolicy
from briefing.readers.feeds import Link
from briefing.readers.web import WebOptions, read_web
from tests.conftest import BOILERPLATE, article_page, atom_feed, rss_feed, run_cli

pytest.importorskip("httpx", reason="reading the web needs the 'web' extra")
pytest.importorskip("feedparser", reason="reading the web needs the 'web' extra")
pytest.importorskip("trafilatura", reason="reading the web needs the 'web' extra")

PAGES = {
    "/news/bridge.html": (
        "Millford footbridge to be rebuilt",
        "Bridges",
        [
            "The county council has agreed to rebuild the footbridge over the river at Millford.",
            "Engineers found last autumn that two of the steel supports had rusted through.",
            "The new bridge will be wider, so that cyclists and walkers can pass safely.",
            "Work is expected to start in June and to last about five months.",
        ],
    ),
    "/news/ferry.html": (
        "Winter ferry timetable stays",
        "Ferries",
        [
            "The island ferry company will keep its winter timetable until the end of May.",
            "Commuters had asked for an earlier weekday sailing to reach the mainland by eight.",
            "The company said it lacked the crew to add a crossing before the summer season.",
            "Two new deckhands are due to finish their training in the spring, it added.",
        ],
    ),
    "/valley/school.html": (
        "Valley school gets a new roof",
        "Schools",
        [
            "Pupils at Hollins Primary returned to classrooms that no longer leak when it rains.",
            "The roof was replaced over the Easter holidays for about two hundred thousand.",
            "Parents raised most of the money for the new library corner with a summer fair.",
            "The head teacher thanked the builders for finishing a week ahead of plan.",
        ],
    ),
    "/valley/market.html": (
        "Farmers market moves to the square",
        "Markets",
        [
            "The monthly farmers market will move from the car park to the market square.",
            "Stallholders said the square would bring more passing trade on Saturday mornings.",
            "The town council will close two side streets to traffic while the market runs.",
            "The first market in its new home is planned for the first Saturday of May.",
        ],
    ),
}
TEASER = "Feed teaser, the whole story is on the page"


def serve_site(site) -> tuple[str, str]:
    """The RSS and Atom feeds of the check, with their pages, a dead link and a silent page."""
    for path, (title, tag, paragraphs) in PAGES.items():
        site.add(path, article_page(title, paragraphs, keywords=tag), etag=f'"{path}"')
    site.add("/valley/silent.html", hang=True)
    rss = rss_feed(
        "Lakeside Courier",
        [
            {
                "title": title,
                "link": site.url(path),
                "date": "Fri, 04 Apr 2025 08:00:00 +0100",
                "summary": f"{TEASER} ({n})…",
                "categories": ["Local"],
            }
            for n, (title, path) in enumerate(
                [
                    (PAGES["/news/bridge.html"][0], "/news/bridge.html"),
                    (PAGES["/news/ferry.html"][0], "/news/ferry.html"),
                    ("Gone page", "/news/gone.html"),
                ]
            )
        ],
    )
    atom = atom_feed(
        "Valley Post",
        [
            {
                "title": title,
                "link": site.url(path),
                "date": "2025-04-04T09:30:00+01:00",
                "summary": f"{TEASER} [{n}]",
            }
            for n, (title, path) in enumerate(
                [
                    (PAGES["/valley/school.html"][0], "/valley/school.html"),
                    ("Silent page", "/valley/silent.html"),
                    (PAGES["/valley/market.html"][0], "/valley/market.html"),
                ]
            )
        ],
    )
    rss_url = site.add("/rss.xml", rss, content_type="application/rss+xml", etag='"rss1"')
    atom_url = site.add("/atom.xml", atom, content_type="application/atom+xml", etag='"atom1"')
    return rss_url, atom_url


CONFIG = """
out = "out"
formats = ["markdown", "html", "text", "json"]
timezone = "Europe/London"

[fetch]
timeout = 1
deadline = 3
retries = 1
backoff = 0.05
"""


class _FooterText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inside = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "footer" and "sources" in (dict(attrs).get("class") or ""):
            self.inside += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "footer" and self.inside:
            self.inside -= 1

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.text.append(data)


def test_feeds_with_teasers_build_a_briefing_from_the_pages(web_site, tmp_path: Path):
    rss_url, atom_url = serve_site(web_site)
    (tmp_path / "briefing.toml").write_text(CONFIG, encoding="utf-8")
    done = run_cli("build", rss_url, atom_url, "--date", "2025-04-04", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = tmp_path / "out"
    data = json.loads((out / "briefing-2025-04-04.json").read_text(encoding="utf-8"))

    # Every article arrives, with key sentences taken from its page.
    articles = [a for s in data["sections"] for story in s["stories"] for a in story["articles"]]
    assert sorted(a["title"] for a in articles) == sorted(t for t, _, _ in PAGES.values())
    page_text = {title: " ".join(paragraphs) for title, _, paragraphs in PAGES.values()}
    for section in data["sections"]:
        for story in section["stories"]:
            assert story["sentences"]
            for sentence in story["sentences"]:
                assert sentence["text"] in page_text[story["title"]]
    by_title = {a["title"]: a for a in articles}
    bridge = by_title["Millford footbridge to be rebuilt"]
    assert bridge["source"] == "The Lakeside Courier"
    assert bridge["date"] == "2025-04-04"
    assert bridge["tag_slugs"] == ["local", "bridges"]  # The feed's category, then the page's.

    # Both failures are named, with their reasons, in the JSON and on stderr.
    gone, silent = web_site.url("/news/gone.html"), web_site.url("/valley/silent.html")
    skipped = {s["input"]: s["reason"] for s in data["skipped"]}
    assert skipped[gone] == f"HTTP 404 Not Found (linked from {rss_url})"
    assert skipped[silent].startswith("timed out (no answer within 1 s)")
    assert f"skipped {gone}: HTTP 404 Not Found" in done.stderr
    assert f"skipped {silent}: timed out" in done.stderr
    sources = {s["source"]: s for s in data["sources"]}
    assert sources[rss_url] == {"source": rss_url, "ok": True, "articles": 2, "reason": None}
    assert sources[atom_url]["articles"] == 2
    assert sources[gone]["reason"] == "HTTP 404 Not Found"
    assert not sources[silent]["ok"]

    # The "Sources" footer names them in every format.
    markdown = (out / "briefing-2025-04-04.md").read_text(encoding="utf-8")
    sources_md = markdown.split("## Sources", 1)[1]
    assert f"- {gone}: failed, HTTP 404 Not Found" in sources_md
    assert f"- {silent}: failed, timed out" in sources_md
    assert f"- {rss_url}: 2 articles" in sources_md
    text = (out / "briefing-2025-04-04.txt").read_text(encoding="utf-8")
    assert f"  - {gone}: failed, HTTP 404 Not Found" in text.split("SOURCES", 1)[1]
    footer = _FooterText()
    footer.feed((out / "briefing-2025-04-04.html").read_text(encoding="utf-8"))
    footer_text = " ".join("".join(footer.text).split())
    assert footer_text.startswith("Sources")
    assert f"{gone}: failed, HTTP 404 Not Found" in footer_text
    assert f"{silent}: failed, timed out" in footer_text

    # None of the pages' boilerplate, and none of the feeds' teasers.
    for path in out.glob("briefing-2025-04-04.*"):
        rendered = path.read_text(encoding="utf-8")
        for junk in (*BOILERPLATE, TEASER):
            assert junk not in rendered, (path.name, junk)


def test_the_next_run_asks_conditionally_and_gives_the_same_briefing(web_site, tmp_path):
    rss_url, atom_url = serve_site(web_site)
    (tmp_path / "briefing.toml").write_text(CONFIG, encoding="utf-8")
    first = run_cli("build", rss_url, atom_url, "--date", "2025-04-04", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").glob("briefing-*")}
    asked = len(web_site.requests)
    second = run_cli("build", rss_url, atom_url, "--date", "2025-04-04", cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    after = {p.name: p.read_bytes() for p in (tmp_path / "out").glob("briefing-*")}
    assert after == before
    again = dict(web_site.requests[asked:][::-1])  # path -> headers of the last request
    assert again["/rss.xml"]["If-None-Match"] == '"rss1"'
    assert again["/news/bridge.html"]["If-None-Match"] == '"/news/bridge.html"'


QUICK = WebOptions()


def quick_options(tmp_path: Path) -> WebOptions:
    from briefing.readers.http import FetchOptions

    fetch = FetchOptions(timeout=1, deadline=3, retries=1, backoff=0.01, cache_dir=tmp_path)
    return WebOptions(fetch=fetch)


def test_direct_addresses_of_every_kind(web_site, tmp_path):
    title, _, paragraphs = PAGES["/news/ferry.html"]
    page = web_site.add("/article", article_page(title, paragraphs))
    web_site.add("/loop", status=302, headers={"Location": "/loop"})
    broken = web_site.add("/broken.xml", b"<?xml version='1.0'?><rss><channel><title>x &</ti")
    image = web_site.add("/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), content_type="image/png")
    silent = web_site.add("/silent", hang=True)
    missing = web_site.url("/missing.xml")
    links = [Link(url) for url in (page, web_site.url("/loop"), broken, image, silent, missing)]
    result = read_web(links, quick_options(tmp_path))
    assert [a.title for a in result.articles] == [title]
    assert result.sources[0] == SourceStatus(page, 1)
    reasons = {s.name: s.reason for s in result.sources[1:]}
    assert reasons[web_site.url("/loop")].startswith("redirect loop (")
    assert reasons[broken].startswith("not a feed (broken XML: ")
    assert reasons[image] == "not a feed or an article page (image/png)"
    assert reasons[silent].startswith("timed out")
    assert reasons[missing] == "HTTP 404 Not Found"
    assert [s.input for s in result.skipped] == list(reasons)


def test_opml_lists_feeds_and_pages_are_read_once(web_site, tmp_path):
    title, _, paragraphs = PAGES["/valley/market.html"]
    web_site.add("/market", article_page(title, paragraphs))
    web_site.add("/paper.pdf", b"%PDF-1.7 ...", content_type="application/pdf")
    entries = [
        {"title": title, "link": web_site.url("/market"), "summary": TEASER},
        {"title": "Minutes", "link": web_site.url("/paper.pdf"), "summary": TEASER},
    ]
    one = web_site.add("/one.xml", rss_feed("One", entries), content_type="text/xml")
    two = web_site.add("/two.xml", rss_feed("Two", entries[:1]), content_type="text/xml")
    not_feed = web_site.add("/page.html", article_page(title, paragraphs))
    opml = f"""<?xml version="1.0"?><opml version="2.0"><body>
<outline text="a" xmlUrl="{one}"/><outline text="b" xmlUrl="{two}"/>
<outline text="c" xmlUrl="{not_feed}"/></body></opml>"""
    listing = web_site.add("/subs.opml", opml, content_type="text/x-opml")
    result = read_web([Link(listing)], quick_options(tmp_path))
    assert [a.title for a in result.articles] == [title]
    assert web_site.hits["/market"] == 1
    pdf = web_site.url("/paper.pdf")
    assert result.sources == (
        SourceStatus(one, 1),
        SourceStatus(pdf, reason="not HTML (application/pdf)"),
        SourceStatus(two, 1),
        SourceStatus(not_feed, reason="not a feed (text/html)"),
    )


def test_a_local_feed_file_fetches_its_teasers_pages(web_site, tmp_path):
    from briefing.readers import read_inputs

    title, _, paragraphs = PAGES["/valley/school.html"]
    web_site.add("/school", article_page(title, paragraphs))
    entries = [
        {"title": title, "link": web_site.url("/school"), "summary": TEASER},
        {"title": "Gone", "link": web_site.url("/gone"), "summary": TEASER},
    ]
    path = tmp_path / "saved.rss"
    path.write_bytes(rss_feed("Saved", entries))
    # Entries found in a file lead to 127.0.0.1 here: only allowed on request.
    refused = read_inputs([path], web=quick_options(tmp_path))
    assert refused.articles == () and web_site.hits["/school"] == 0
    assert refused.sources[0].reason.startswith("refused: 127.0.0.1 is a loopback address")
    options = quick_options(tmp_path)
    allowed = replace(options.fetch, policy=AddressPolicy(allow_private=True))
    result = read_inputs([path], web=replace(options, fetch=allowed))
    assert [a.title for a in result.articles] == [title]
    assert result.articles[0].text.startswith(paragraphs[0])
    gone = web_site.url("/gone")
    assert result.sources == (SourceStatus(gone, reason="HTTP 404 Not Found"),)
    assert result.skipped[0].reason == f"HTTP 404 Not Found (linked from {path})"


def test_without_httpx_addresses_are_skipped_with_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "httpx", None)
    url = "http://127.0.0.1:9/feed.xml"
    result = read_web([Link(url)], quick_options(tmp_path))
    assert result.sources == (
        SourceStatus(url, reason='reading the web needs httpx: pip install "briefing[web]"'),
    )


def test_an_unknown_time_zone_is_a_one_line_error(tmp_path):
    page = tmp_path / "a.html"
    title, _, paragraphs = PAGES["/news/bridge.html"]
    page.write_bytes(article_page(title, paragraphs))
    done = run_cli("build", str(page), "--timezone", "Mars/Olympus", "--out", str(tmp_path))
    assert done.returncode == 2, "a bad setting is a usage error"
    assert done.stderr.startswith("briefing: error: unknown time zone 'Mars/Olympus'")


def test_a_bad_fetch_table_is_a_one_line_error(tmp_path):
    (tmp_path / "briefing.toml").write_text("[fetch]\ntimeout = -1\n", encoding="utf-8")
    done = run_cli("build", "http://127.0.0.1:9/feed.xml", cwd=tmp_path)
    assert done.returncode == 2, "a bad setting is a usage error"
    assert "'timeout' must be a number of seconds" in done.stderr


def test_teasers_of_other_days_are_not_fetched(web_site, tmp_path):
    from dataclasses import replace

    from briefing.readers.web import resolve_timezone

    title, _, paragraphs = PAGES["/news/ferry.html"]
    web_site.add("/today", article_page(title, paragraphs))
    web_site.add("/yesterday", article_page("Old news", paragraphs))
    entries = [
        {
            "title": title,
            "link": web_site.url("/today"),
            "summary": TEASER,
            "date": "Sat, 05 Apr 2025 00:30:00 +0100",
        },
        {
            "title": "Old news",
            "link": web_site.url("/yesterday"),
            "summary": TEASER,
            "date": "Fri, 04 Apr 2025 23:30:00 +0100",
        },
    ]
    feed = web_site.add("/feed.xml", rss_feed("Days", entries))
    saved = tmp_path / "saved.rss"
    saved.write_bytes(rss_feed("Saved", entries))
    london = replace(
        quick_options(tmp_path), timezone=resolve_timezone("Europe/London"), day=dt.date(2025, 4, 5)
    )
    from briefing.readers import read_inputs

    result = read_inputs([feed, saved], web=london)
    assert [a.title for a in result.articles] == [title]
    assert result.articles[0].date == dt.date(2025, 4, 5)
    assert web_site.hits["/today"] == 1
    assert web_site.hits["/yesterday"] == 0
    assert result.other_days == 2  # Left out, and counted: once per feed that listed it.
