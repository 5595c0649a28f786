"""Time the web check: RSS and Atom feeds of teasers on a loopback site, with a dead link
and a page that never answers, built with the default fetch settings. Prints seconds.

    python benchmarks/web_check.py

The site is served here, on 127.0.0.1 (a free port); the build is ``python -m briefing
build`` from this checkout, run twice (the second run asks with ETags and reads the cache).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

ROOT = Path(__file__).resolve().parents[1]

PAGES = {
    "/news/bridge.html": (
        "Millford footbridge to be rebuilt",
        "The county council has agreed to rebuild the footbridge over the river at Millford.",
        "Engineers found last autumn that two of the steel supports had rusted through.",
        "The new bridge will be wider, so that cyclists and walkers can pass safely.",
    ),
    "/news/ferry.html": (
        "Winter ferry timetable stays",
        "The island ferry company will keep its winter timetable until the end of May.",
        "Commuters had asked for an earlier weekday sailing to reach the mainland by eight.",
        "The company said it lacked the crew to add a crossing before the summer season.",
    ),
    "/valley/school.html": (
        "Valley school gets a new roof",
        "Pupils at Hollins Primary returned to classrooms that no longer leak when it rains.",
        "The roof was replaced over the Easter holidays for about two hundred thousand.",
        "Parents raised most of the money for the new library corner with a summer fair.",
    ),
    "/valley/market.html": (
        "Farmers market moves to the square",
        "The monthly farmers market will move from the car park to the market square.",
        "Stallholders said the square would bring more passing trade on Saturday mornings.",
        "The town council will close two side streets to traffic while the market runs.",
    ),
}
DEAD = "/news/gone.html"
SILENT = "/valley/silent.html"


def page(title: str, *paragraphs: str) -> bytes:
    """A news page: the article in <article>, with navigation and a footer around it."""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        '<meta property="article:published_time" content="2025-04-04T08:15:00+01:00"></head>'
        '<body><nav><a href="/">Front page</a> <a href="/weather">Weather desk</a></nav>'
        f"<main><article><h1>{title}</h1>{body}</article></main>"
        "<footer><p>Copyright The Lakeside Courier 2025.</p></footer></body></html>"
    ).encode()


def rss(url: str, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>{escape(PAGES.get(path, ('Gone page',))[0])}</title>"
        f"<link>{escape(url + path)}</link><pubDate>Fri, 04 Apr 2025 08:00:00 +0100</pubDate>"
        f"<category>Local</category><description>Feed teaser ({n})…</description></item>"
        for n, path in enumerate(paths)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Lakeside Courier</title><link>{escape(url)}/</link>"
        f"<description>Local news</description>{items}</channel></rss>"
    ).encode()


def atom(url: str, paths: list[str]) -> bytes:
    entries = "".join(
        f"<entry><title>{escape(PAGES.get(path, ('Silent page',))[0])}</title>"
        f"<id>urn:bench:{n}</id><link rel='alternate' href={quoteattr(url + path)}/>"
        "<published>2025-04-04T09:30:00+01:00</published>"
        "<updated>2025-04-04T09:30:00+01:00</updated>"
        f"<summary>Feed teaser [{n}]</summary></entry>"
        for n, path in enumerate(paths)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Valley Post</title><id>urn:bench</id><updated>2025-04-04T12:00:00Z</updated>"
        f"{entries}</feed>"
    ).encode()


class Site:
    """Fixed answers on 127.0.0.1 with ETags; :data:`SILENT` never answers, others are 404."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[str, bytes]] = {}
        self.stop = threading.Event()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    site.answer(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        for path, (title, *paragraphs) in PAGES.items():
            self.routes[path] = ("text/html; charset=utf-8", page(title, *paragraphs))
        bridge, ferry, school, market = PAGES
        self.routes["/rss.xml"] = ("application/rss+xml", rss(self.url, [bridge, ferry, DEAD]))
        feed = atom(self.url, [school, SILENT, market])
        self.routes["/atom.xml"] = ("application/atom+xml", feed)

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        if handler.path == SILENT:
            self.stop.wait(60)
            return
        if handler.path not in self.routes:
            handler.send_error(404, "Not Found")
            return
        kind, body = self.routes[handler.path]
        etag = f'"{handler.path}"'
        if handler.headers.get("If-None-Match") == etag:
            handler.send_response(304)
            handler.end_headers()
            return
        handler.send_response(200)
        handler.send_header("Content-Type", kind)
        handler.send_header("Content-Length", str(len(body)))
        handler.send_header("ETag", etag)
        handler.end_headers()
        handler.wfile.write(body)


def main() -> None:
    site = Site()
    thread = threading.Thread(target=site.server.serve_forever, daemon=True)
    thread.start()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        with tempfile.TemporaryDirectory() as folder:
            for run in ("first run", "second run (conditional GET, cache)"):
                command = [sys.executable, "-m", "briefing", "build"]
                command += [site.url + "/rss.xml", site.url + "/atom.xml"]
                command += ["--date", "2025-04-04", "-f", "json", "-o", folder]
                start = time.perf_counter()
                done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
                took = time.perf_counter() - start
                print(f"{run}: {took:.1f} s, exit {done.returncode}")
                for line in done.stderr.splitlines():
                    print("   ", line)
    finally:
        site.stop.set()
        site.server.shutdown()
        site.server.server_close()


if __name__ == "__main__":
    main()
