"""Servers that drip, stall, never end or explode: every fetch ends, named, within its deadline.

No timings are asserted: a deadline that did not hold would leave the reason a read
timeout (a drip never trips one) or leave the test waiting on the server, which stops
its answers only when the test ends.
"""

from __future__ import annotations

import re
import tracemalloc
from dataclasses import replace

from benchmarks._hostile import Behaviour, HostileServer, gzip_bomb
from briefing.models import SourceStatus
from briefing.readers.addresses import AddressPolicy
from briefing.readers.feeds import Link
from briefing.readers.http import Fetched, FetchOptions
from briefing.readers.web import WebOptions, read_web
from tests.conftest import fetch_failure, fetch_url, rss_feed

QUICK = FetchOptions(timeout=1.0, deadline=1.5, retries=1, backoff=0.0)
PAGE = b"<html><body><p>" + b"A page that arrives far too slowly to be read. " * 20 + b"</p>"


def fetch(url: str, options: FetchOptions = QUICK) -> Fetched:
    return fetch_url(url, options)


def failure(url: str, options: FetchOptions = QUICK) -> str:
    return fetch_failure(url, options)


def test_a_body_dripping_one_byte_at_a_time_is_cut_at_the_deadline(hostile: HostileServer):
    # One byte every 0.2 s: each read succeeds long before the 1 s timeout.
    url = hostile.add("/drip", Behaviour("drip", PAGE, interval=0.2))
    assert failure(url) == "too slow (not complete within 1.5 s)"
    assert hostile.hits["/drip"] == 1  # Out of time: not tried again.


def test_headers_dripping_forever_are_cut_at_the_deadline(hostile: HostileServer):
    url = hostile.add("/slow-headers", Behaviour("drip_headers", interval=0.1))
    assert failure(url) == "too slow (not complete within 1.5 s)"


def test_a_server_stalling_after_its_headers_times_out(hostile: HostileServer):
    url = hostile.add("/stall", Behaviour("stall"))
    options = replace(QUICK, timeout=0.5, deadline=5.0, retries=0)
    assert failure(url, options) == "timed out (no answer within 0.5 s)"


def test_a_body_without_end_stops_at_max_bytes(hostile: HostileServer):
    url = hostile.add("/endless", Behaviour("endless", size=200_000_000))
    options = replace(QUICK, max_bytes=1_000_000, deadline=10.0)
    assert failure(url, options) == "too large (over 1,000,000 bytes)"


def test_a_gzip_bomb_never_grows_past_max_bytes_in_memory(hostile: HostileServer):
    bomb = gzip_bomb(200_000_000)  # 200 MB of zeros in about 200 KB
    assert len(bomb) < 1_000_000
    url = hostile.add("/bomb", Behaviour("gzip", bomb))
    options = replace(QUICK, max_bytes=2_000_000, deadline=10.0)
    tracemalloc.start()
    try:
        reason = failure(url, options)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert reason == "too large (over 2,000,000 bytes)"
    assert peak < 40_000_000  # Never the 200 MB the bomb unpacks to.


def test_a_small_gzip_body_is_unpacked(hostile: HostileServer):
    import gzip

    url = hostile.add("/small", Behaviour("gzip", gzip.compress(PAGE)))
    assert fetch(url).body == PAGE


TEASER = "A short teaser for a page that stalls…"


def teaser_feed(server: HostileServer, count: int) -> str:
    entries = [
        {"title": f"Stalling entry {n}", "link": server.url(f"/stall/{n}"), "summary": TEASER}
        for n in range(count)
    ]
    for n in range(count):
        server.add(f"/stall/{n}", Behaviour("stall"))
    return server.add("/feed.xml", Behaviour("ok", rss_feed("Stalls", entries), "text/xml"))


def test_pages_fetched_per_feed_are_capped_and_the_rest_named(hostile: HostileServer):
    feed = teaser_feed(hostile, 5)
    fetch_options = replace(QUICK, timeout=0.3, retries=0)
    result = read_web([Link(feed)], WebOptions(fetch=fetch_options, max_pages=2))
    assert sum(hostile.hits[f"/stall/{n}"] for n in range(5)) == 2
    cut = "not fetched: over the 2 pages per feed ([fetch] max_pages)"
    assert [s.reason for s in result.sources[-3:]] == [cut] * 3
    assert [s.input for s in result.skipped[-3:]] == [hostile.url(f"/stall/{n}") for n in (2, 3, 4)]
    assert all(s.reason == f"{cut} (linked from {feed})" for s in result.skipped[-3:])


def test_the_run_deadline_cuts_every_fetch_and_names_each(hostile: HostileServer):
    with HostileServer() as other:
        # Each page on its own host, so that only the run's deadline stops them.
        servers = [hostile, other]
        urls = [servers[n % 2].add(f"/stall/{n}", Behaviour("stall")) for n in range(4)]
        entries = [{"title": f"S{n}", "link": u, "summary": TEASER} for n, u in enumerate(urls)]
        feed = hostile.add("/feed.xml", Behaviour("ok", rss_feed("Stalls", entries), "text/xml"))
        fetch_options = replace(
            QUICK, timeout=5.0, deadline=5.0, retries=0, per_host=1, run_deadline=1.0,
            policy=AddressPolicy(allow_private=True),  # The second host is another port.
        )  # fmt: skip
        result = read_web([Link(feed)], WebOptions(fetch=fetch_options))
        started = hostile.requests + other.requests - 1  # Less the feed
    assert result.sources[0] == SourceStatus(feed, 0)
    pages = {s.name: s.reason for s in result.sources[1:]}
    assert set(pages) == set(urls)
    cut = "the run's fetching deadline passed ([fetch] run_deadline = 1 s)"
    assert all(cut in (reason or "") for reason in pages.values()), pages
    assert started == 2  # One per host at a time; the others were never asked.


def test_a_host_whose_pages_run_out_of_time_is_not_waited_for_again(hostile: HostileServer):
    feed = teaser_feed(hostile, 6)
    fetch_options = replace(QUICK, timeout=0.5, deadline=1.0, retries=0, per_host=2)
    result = read_web([Link(feed)], WebOptions(fetch=fetch_options))
    reasons = [s.reason or "" for s in result.sources[1:]]
    assert len(reasons) == 6
    slow = [r for r in reasons if r.startswith("timed out")]
    host = f"127.0.0.1:{hostile.port}"
    cut = [
        r
        for r in reasons
        if re.fullmatch(rf"not fetched: [23] other addresses on {host} ran out of time", r)
    ]
    # Two at a time: a third may start as the first frees its slot, before the second ends.
    assert len(slow) in (2, 3) and len(cut) == 6 - len(slow)
    assert sum(hostile.hits[f"/stall/{n}"] for n in range(6)) == len(slow)
