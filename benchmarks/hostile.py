"""Hostile servers and files with the default settings: time taken, memory, what is kept.

Run from the repository root:  python benchmarks/hostile.py [--quick]

Every server runs on 127.0.0.1 (see ``benchmarks/_hostile.py``); nothing reaches the
internet. Each case prints its wall time, the peak memory Python allocated for it
(tracemalloc; for the command-line case, the child's peak resident size) and what
the readers kept or why they refused. ``--quick`` uses a 3 s deadline instead of the
default 15 s. Timings are wall-clock on a shared machine: compare within one run.
Not a test: pytest does not collect this directory.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from _hostile import (
    GOOD_ARTICLES,
    Behaviour,
    HostileServer,
    deep_json,
    deep_json_feed,
    gzip_bomb,
    write_good_articles,
)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefing.config.settings import Settings  # noqa: E402
from briefing.readers import read_inputs  # noqa: E402
from briefing.readers.feeds import Link  # noqa: E402
from briefing.readers.web import WebOptions, WebResult, read_web, web_options  # noqa: E402

PAGE = b"<html><body>" + b"<p>Words that arrive one at a time.</p>" * 300 + b"</body></html>"
TEASER = "A teaser whose page never arrives…"


def options(deadline: float | None) -> WebOptions:
    """The build's own web options (defaults), without a cache; ``deadline`` if given."""
    settings = Settings(fetch=replace(Settings().fetch, cache=False))
    web = web_options(settings)
    if deadline is not None:
        web = replace(web, fetch=replace(web.fetch, deadline=deadline))
    return web


def summary(result: WebResult) -> str:
    kept = f"{len(result.articles)} kept"
    reasons = sorted({(s.reason or "ok")[:70] for s in result.sources})
    return kept + "; " + " | ".join(reasons)


def measure(name: str, run: Callable[[], str]) -> None:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        kept = run()
    finally:
        seconds = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(f"{name:<34} {seconds:7.2f} s {peak / 1e6:8.1f} MB  {kept}", flush=True)


def web_cases(web: WebOptions) -> list[tuple[str, Callable[[], str]]]:
    def one(behaviour: Behaviour) -> Callable[[], str]:
        def run() -> str:
            with HostileServer() as server:
                url = server.add("/x", behaviour)
                return summary(read_web([Link(url)], web))

        return run

    def stalling_feed() -> str:
        with HostileServer() as server:
            entries = []
            for n in range(12):
                link = server.add(f"/stall/{n}", Behaviour("stall"))
                entries.append(f"<item><title>S{n}</title><link>{link}</link>"
                               f"<description>{TEASER}</description></item>")  # fmt: skip
            feed = (
                '<?xml version="1.0"?><rss version="2.0"><channel><title>Stalls</title>'
                + "".join(entries)
                + "</channel></rss>"
            ).encode()
            url = server.add("/feed.xml", Behaviour("ok", feed, "application/rss+xml"))
            return summary(read_web([Link(url)], web))

    def internal_links() -> str:
        with HostileServer() as feed_server, HostileServer() as internal:
            internal.add("/secret", Behaviour("ok", PAGE))
            port = internal.port
            targets = [
                f"http://localhost:{port}/secret",
                f"http://127.0.0.1:{port}/secret",
                f"http://0x7f000001:{port}/secret",
                f"http://[::ffff:127.0.0.1]:{port}/secret",
                f"http://user:pw@localhost:{port}/secret",
                "http://169.254.169.254/latest/meta-data/",
            ]
            items = "".join(
                f"<item><title>I{n}</title><link>{t}</link><description>{TEASER}</description>"
                "</item>"
                for n, t in enumerate(targets)
            )
            feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{items}'
            url = feed_server.add(
                "/feed.xml", Behaviour("ok", (feed + "</channel></rss>").encode(), "text/xml")
            )
            result = read_web([Link(url)], web)
            return f"internal requests {internal.requests}; " + summary(result)

    def redirect_inside() -> str:
        with HostileServer() as server, HostileServer() as internal:
            internal.add("/admin", Behaviour("ok", PAGE))
            target = internal.url("/admin", "localhost")
            url = server.add("/moved", Behaviour("redirect", location=target))
            result = read_web([Link(url)], web)
            return f"internal requests {internal.requests}; " + summary(result)

    return [
        ("page dripping 1 byte / 0.2 s", one(Behaviour("drip", PAGE, interval=0.2))),
        ("headers dripping 1 byte / 0.1 s", one(Behaviour("drip_headers", interval=0.1))),
        ("stall after headers", one(Behaviour("stall"))),
        ("feed of 12 stalling teasers", stalling_feed),
        ("entries at internal addresses", internal_links),
        ("redirect to an internal port", redirect_inside),
        ("JSON Feed 5,000 deep", one(Behaviour("ok", deep_json_feed(5000), "application/json"))),
        ("endless body (200 MB offered)", one(Behaviour("endless", size=200_000_000))),
        ("gzip bomb (1 GB unpacked)", one(Behaviour("gzip", gzip_bomb(1_000_000_000)))),
    ]


def file_cases(folder: Path) -> list[tuple[str, Callable[[], str]]]:
    def files(build: Callable[[Path], object]) -> Callable[[], str]:
        def run() -> str:
            with tempfile.TemporaryDirectory(dir=folder) as temp:
                place = Path(temp)
                write_good_articles(place)
                build(place)
                read = read_inputs([place])
                _remove_deep(place)
                reasons = sorted({s.reason[:60] for s in read.skipped})
                return f"{len(read.articles)} kept; " + " | ".join(reasons)

        return run

    def deep_folders(place: Path) -> None:
        current = place
        for _ in range(1000):
            current = current / "d"
            current.mkdir()

    def bad_byte(place: Path) -> None:
        good = json.dumps({"title": "Zürich", "text": "Zürich " + GOOD_ARTICLES[0][2]})
        bad = json.dumps({"title": "Bern", "text": "Bern \udcff " + GOOD_ARTICLES[1][2]})
        raw = good.encode() + b"\n" + bad.encode().replace(b"\\udcff", b"\xff") + b"\n"
        (place / "lines.jsonl").write_bytes(raw * 500)

    return [
        ("file: JSON 5,000 deep", files(lambda p: (p / "deep.json").write_bytes(deep_json(5000)))),
        ("folders 1,000 deep", files(deep_folders)),
        ("JSON Lines, 1 bad byte per 2 lines", files(bad_byte)),
    ]


def command_line(folder: Path, deadline: float | None) -> None:
    """The issue's own check: a hostile folder through ``briefing build``, default settings."""
    place = folder / "cli"
    write_good_articles(place)
    (place / "feed.json").write_bytes(deep_json_feed(5000))
    (place / "bad.jsonl").write_bytes(b'{"title": "B\xffad", "text": "x"}\n')
    outside = folder / "outside.txt"
    outside.write_text("root:x:0:0:root:/root:/bin/sh\n")
    (place / "passwd.txt").symlink_to(outside)
    with HostileServer() as server, HostileServer() as internal:
        link = internal.url("/secret")
        feed = f'<rss version="2.0"><channel><title>L</title><item><title>I</title><link>{link}</link><description>{TEASER}</description></item></channel></rss>'  # noqa: E501
        (place / "saved.rss").write_text(feed)
        drip = server.add("/drip.html", Behaviour("drip", PAGE, interval=0.2))
        args = ["build", str(place), drip, "--date", "2025-04-04", "--no-history"]
        args += ["--out", str(folder / "out"), "-f", "json"]
        config = folder / "briefing.toml"
        config.write_text(f"[fetch]\ndeadline = {deadline}\n" if deadline else "")
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "briefing", *args, "-c", str(config)],
            capture_output=True, text=True, env=env, timeout=300, check=False,
        )  # fmt: skip
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1e3
        last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-200:]
        print(
            f"{'briefing build, hostile folder':<34} {seconds:7.2f} s {peak:8.1f} MB  "
            f"exit {done.returncode}; internal requests {internal.requests}; {last}"
        )


def main() -> None:
    quick = "--quick" in sys.argv[1:]
    deadline = 3.0 if quick else None
    web = options(deadline)
    print(
        f"[fetch] deadline {web.fetch.deadline:g} s, timeout {web.fetch.timeout:g} s, "
        f"run_deadline {web.fetch.run_deadline:g} s, max_pages {web.max_pages}; "
        f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}"
    )
    print(f"{'case':<34} {'time':>9} {'peak':>11}  kept")
    for name, run in web_cases(web):
        measure(name, run)
    with tempfile.TemporaryDirectory() as temp:
        for name, run in file_cases(Path(temp)):
            measure(name, run)
        command_line(Path(temp), deadline)
        _remove_deep(Path(temp))


def _remove_deep(folder: Path) -> None:
    """Empty ``folder`` without recursion: shutil.rmtree recurses, and a case left a
    thousand folders in it."""
    stack, folders = [str(folder)], []
    while stack:
        current = stack.pop()
        folders.append(current)
        with os.scandir(current) as listing:
            for entry in listing:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                else:
                    os.unlink(entry.path)
    for path in reversed(folders[1:]):
        os.rmdir(path)


if __name__ == "__main__":
    main()
