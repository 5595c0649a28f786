"""Builders for tests: small articles and stories written here, never copied."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

# The benchmarks own these two builders; the tests use the same ones.
from benchmarks._data import nmi as nmi
from benchmarks._data import syndicate as syndicate
from briefing.models import Article, Briefing, Sentence, Story, Tag
from briefing.readers.article import make_article as build_article
from briefing.readers.article import tags_from

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
#: Real data beside the checkout (``../shared``), not in the repository: read it through
#: :func:`shared_file`, which skips the test where it is missing (a fresh clone).
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "article-2025-04-04.txt"
EVAL = SHARED / "eval"
BBC = EVAL / "bbc_news_summary.jsonl"

FILLER = (
    "The council met on Tuesday to review the plan in detail. "
    "Officials said the budget would be published next month after a public consultation. "
    "Residents raised concerns about traffic near the new school and the loss of a small park. "
    "The mayor promised a second meeting before any final decision was taken."
)


def shared_file(*parts: str) -> Path:
    """The path of ``../shared/<parts>`` (a file or a folder); skips the test when it is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not found: the shared data (../shared) is not beside this checkout")
    return path


def seed_article() -> Path:
    """The real seed article in ``../shared/seed``; skips the test when it is missing."""
    return shared_file("seed", SEED.name)


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


def run_python(
    code: str, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -c CODE ARGS...`` in a fresh interpreter, from this checkout."""
    environ = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=environ,
        timeout=60,
        check=False,
    )


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


_REAL_ENV = {name: os.environ.get(name) for name in ("HOME", "XDG_STATE_HOME")}


def pytest_configure(config: pytest.Config) -> None:
    """A home and a state folder of the session's own, before any fixture runs (module
    fixtures included): no test writes a history, cache or ledger into the real home."""
    import tempfile

    home = Path(tempfile.mkdtemp(prefix="briefing-tests-home-"))
    config.stash[_SESSION_HOME] = home
    os.environ["HOME"] = str(home)
    os.environ["XDG_STATE_HOME"] = str(home / "state")


def pytest_unconfigure(config: pytest.Config) -> None:
    import shutil

    home = config.stash.get(_SESSION_HOME, None)
    if home is not None:
        shutil.rmtree(home, ignore_errors=True)
    for name, value in _REAL_ENV.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


_SESSION_HOME = pytest.StashKey[Path]()


@pytest.fixture(autouse=True)
def private_state(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Each test's own home and ``$XDG_STATE_HOME``, seen in process and by
    :func:`run_cli` / :func:`run_python` (which pass the environment on): the state of
    one test never leaks into another's briefing."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    return home / "state" / "briefing"


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
    from briefing.stories.topics import group_sections

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


# --- The web: a real HTTP server on 127.0.0.1, and article pages wrapped in boilerplate ---


#: Strings from the navigation, adverts, cookie banner and footer of :func:`article_page`;
#: none of them may reach a briefing.
BOILERPLATE = (
    "We use cookies to make this site work",
    "Accept all cookies",
    "Front page",
    "Weather desk",
    "Crossword corner",
    "Advertisement",
    "Save forty percent on garden furniture",
    "Most read this week",
    "Sign up for the morning newsletter",
    "Copyright The Lakeside Courier",
    "Privacy notice",
)


def article_page(
    title: str,
    paragraphs: Sequence[str],
    *,
    published: str = "2025-04-04T08:15:00+01:00",
    keywords: str = "",
    site: str = "The Lakeside Courier",
) -> bytes:
    """A news page: the article in <article>, navigation, ads, cookie banner and footer around."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    meta = f'<meta name="keywords" content="{keywords}">' if keywords else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | {site}</title>
<meta property="og:site_name" content="{site}">
<meta property="article:published_time" content="{published}">
{meta}
</head><body>
<div id="cookie-consent" class="cookie-banner"><p>We use cookies to make this site work.
<button>Accept all cookies</button></p></div>
<header class="site-header"><nav class="main-menu"><ul>
<li><a href="/">Front page</a></li><li><a href="/weather">Weather desk</a></li>
<li><a href="/puzzles">Crossword corner</a></li></ul></nav></header>
<div class="ad-slot advertisement"><span>Advertisement</span>
<p>Save forty percent on garden furniture this weekend only.</p></div>
<main><article class="story"><h1>{title}</h1>
{body}
</article></main>
<aside class="sidebar"><h2>Most read this week</h2><ul>
<li><a href="/x">A fox in the library</a></li>
<li><a href="/y">Bridge closed again</a></li></ul></aside>
<section class="newsletter"><p>Sign up for the morning newsletter.</p></section>
<footer class="site-footer"><p>Copyright The Lakeside Courier 2025.</p>
<p><a href="/privacy">Privacy notice</a></p></footer>
</body></html>""".encode()


@dataclass
class Route:
    """How one path answers; see :class:`WebSite`."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    hang: bool = False
    fail_first: int = 0
    etag: str | None = None
    last_modified: str | None = None
    delay: float = 0.0
    no_length: bool = False


class WebSite:
    """Routes served by a threaded HTTP server on 127.0.0.1 (a free port), for one test.

    A route answers with a fixed status, headers and body, or: ``hang`` (never answer
    until the test ends), ``fail_first`` (that many 503 answers first), ``etag`` /
    ``last_modified`` (304 to a matching conditional request), ``delay`` (seconds
    before answering) or ``no_length`` (no Content-Length). Unknown paths give 404.
    """

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.in_flight = 0
        self.most_in_flight = 0
        self.stop = threading.Event()
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    site._serve(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def add(self, path: str, body: bytes | str = b"", **how: object) -> str:
        """Serve ``body`` at ``path`` (``how`` as :class:`Route` fields); returns its URL."""
        data = body.encode() if isinstance(body, str) else body
        self.routes[path] = Route(body=data, **how)  # type: ignore[arg-type]
        return self.url(path)

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path
        with self._lock:
            self.hits[path] += 1
            hit = self.hits[path]
            self.requests.append((path, dict(handler.headers.items())))
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            self._answer(handler, self.routes.get(path), hit)
        finally:
            with self._lock:
                self.in_flight -= 1

    def _answer(self, handler: BaseHTTPRequestHandler, route: Route | None, hit: int) -> None:
        if route is None:
            handler.send_error(404, "Not Found")
            return
        if route.hang:
            self.stop.wait(60)
            return
        if route.delay:
            self.stop.wait(route.delay)
        if hit <= route.fail_first:
            handler.send_error(503, "Service Unavailable")
            return
        asked = handler.headers
        if (route.etag and asked.get("If-None-Match") == route.etag) or (
            route.last_modified and asked.get("If-Modified-Since") == route.last_modified
        ):
            handler.send_response(304)
            handler.end_headers()
            return
        handler.send_response(route.status)
        handler.send_header("Content-Type", route.content_type)
        if not route.no_length:
            handler.send_header("Content-Length", str(len(route.body)))
        validators = {"ETag": route.etag, "Last-Modified": route.last_modified}
        for key, value in {**route.headers, **validators}.items():
            if value:
                handler.send_header(key, value)
        handler.end_headers()
        handler.wfile.write(route.body)


@pytest.fixture
def web_site() -> Iterator[WebSite]:
    """A started :class:`WebSite`; stopped at the end of the test, hanging handlers released."""
    site = WebSite()
    site.thread.start()
    try:
        yield site
    finally:
        site.stop.set()
        site.server.shutdown()
        site.server.server_close()
        site.thread.join(timeout=10)


def fetch_url(url: str, options: Any) -> Any:
    """``url`` fetched once with a fresh :class:`~briefing.readers.http.Fetcher`."""
    from briefing.readers.http import Fetcher

    with Fetcher(options) as fetcher:
        return fetcher.fetch(url)


def fetch_failure(url: str, options: Any) -> str:
    """Why fetching ``url`` was skipped (it must be, and name ``url``)."""
    from briefing.errors import SkippedInput

    with pytest.raises(SkippedInput) as caught:
        fetch_url(url, options)
    assert caught.value.input == url
    return caught.value.reason


def rss_feed(title: str, items: Sequence[dict[str, object]]) -> bytes:
    """An RSS 2.0 feed; each item may have title, link, date (RFC 822), summary, content,
    categories (a list)."""
    from xml.sax.saxutils import escape

    out = []
    for item in items:
        parts = [f"<title>{escape(str(item['title']))}</title>"]
        if item.get("link"):
            parts.append(f"<link>{escape(str(item['link']))}</link>")
        if item.get("date"):
            parts.append(f"<pubDate>{item['date']}</pubDate>")
        for category in item.get("categories", ()):  # type: ignore[attr-defined]
            parts.append(f"<category>{escape(category)}</category>")
        if item.get("summary"):
            parts.append(f"<description>{escape(str(item['summary']))}</description>")
        if item.get("content"):
            parts.append(f"<content:encoded><![CDATA[{item['content']}]]></content:encoded>")
        out.append("<item>" + "".join(parts) + "</item>")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{escape(title)}</title><link>http://127.0.0.1/</link>"
        f"<description>Test feed</description>{''.join(out)}</channel></rss>"
    ).encode()


def atom_feed(title: str, entries: Sequence[dict[str, object]]) -> bytes:
    """An Atom feed; each entry may have title, link, date (ISO 8601), summary, categories."""
    from xml.sax.saxutils import escape, quoteattr

    out = []
    for n, entry in enumerate(entries):
        parts = [f"<title>{escape(str(entry['title']))}</title>", f"<id>urn:test:{n}</id>"]
        if entry.get("link"):
            parts.append(f'<link rel="alternate" href={quoteattr(str(entry["link"]))}/>')
        if entry.get("date"):
            parts.append(
                f"<published>{entry['date']}</published><updated>{entry['date']}</updated>"
            )
        for category in entry.get("categories", ()):  # type: ignore[attr-defined]
            parts.append(f"<category term={quoteattr(category)}/>")
        if entry.get("summary"):
            parts.append(f"<summary>{escape(str(entry['summary']))}</summary>")
        out.append("<entry>" + "".join(parts) + "</entry>")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(title)}</title><id>urn:test</id><updated>2025-04-04T12:00:00Z</updated>"
        f"{''.join(out)}</feed>"
    ).encode()


def json_stories(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Every story of a briefing's JSON, section by section."""
    return [story for section in data["sections"] for story in section["stories"]]


_PLAIN_WORDS = re.compile(r"[a-z0-9]+")


def word_overlap(a: str, b: str) -> float:
    """Word overlap of two sentences, measured independently of the library."""
    x, y = set(_PLAIN_WORDS.findall(a.lower())), set(_PLAIN_WORDS.findall(b.lower()))
    return len(x & y) / max(1, min(len(x), len(y)))


def write_jsonl(path: Path, articles: Sequence[Article]) -> Path:
    """Write ``articles`` as JSON Lines in the documented input schema."""
    rows = [
        {
            "title": a.title,
            "text": a.text,
            "url": a.url,
            "source": a.source,
            "date": a.date.isoformat() if a.date else None,
            "tags": [t.slug for t in a.tags],
        }
        for a in articles
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    return path
