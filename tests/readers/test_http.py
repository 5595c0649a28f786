"""The HTTP fetcher against a real server on 127.0.0.1: limits, retries, redirects, cache."""

from __future__ import annotations

import socket
from dataclasses import replace
from pathlib import Path

import pytest

from briefing.config.fetch import fetch_settings
from briefing.config.settings import Settings
from briefing.errors import ConfigError, SkippedInput
from briefing.readers.http import Fetched, Fetcher, FetchOptions, is_web_address, user_agent
from briefing.readers.web import web_options

pytest.importorskip("httpx", reason="the fetcher needs httpx (the 'web' extra)")

from tests.conftest import fetch_failure, fetch_url

QUICK = FetchOptions(timeout=1.0, deadline=5.0, retries=2, backoff=0.0)


def fetch(url: str, options: FetchOptions = QUICK) -> Fetched:
    return fetch_url(url, options)


def failure(url: str, options: FetchOptions = QUICK) -> str:
    return fetch_failure(url, options)


def test_fetches_a_page_with_an_honest_user_agent(web_site):
    url = web_site.add("/a", "<p>Hello</p>", content_type="text/html; charset=UTF-8")
    page = fetch(url)
    assert page.body == b"<p>Hello</p>"
    assert page.content_type == "text/html"
    assert page.charset == "UTF-8"
    assert page.final_url == url
    assert not page.from_cache
    agent = web_site.requests[0][1]["User-Agent"]
    assert agent == user_agent()
    assert agent.startswith("briefing/") and "(+http" in agent


def test_a_missing_page_is_named_with_its_status(web_site):
    assert failure(web_site.url("/nowhere")) == "HTTP 404 Not Found"
    assert web_site.hits["/nowhere"] == 1  # A 404 is not retried.


def test_a_page_that_never_answers_times_out(web_site):
    url = web_site.add("/never", hang=True)
    reason = failure(url, replace(QUICK, timeout=0.5, retries=1))
    assert reason.startswith("timed out (no answer within 0.5 s)")
    assert reason.endswith("after 2 tries")


def test_server_errors_are_retried_until_success(web_site):
    url = web_site.add("/flaky", "<p>Back again</p>", fail_first=2)
    assert fetch(url).body == b"<p>Back again</p>"
    assert web_site.hits["/flaky"] == 3


def test_retries_give_up_and_say_how_often_they_tried(web_site):
    url = web_site.add("/down", "oops", status=500)
    assert failure(url) == "HTTP 500 Internal Server Error after 3 tries"
    assert web_site.hits["/down"] == 3


def test_retries_stop_at_the_deadline(web_site):
    url = web_site.add("/down", "oops", status=503)
    options = replace(QUICK, retries=50, backoff=0.2, deadline=1.0)
    assert failure(url, options).startswith("HTTP 503")
    assert web_site.hits["/down"] < 10


def test_redirects_are_followed(web_site):
    web_site.add("/old", status=301, headers={"Location": "/middle"})
    web_site.add("/middle", status=302, headers={"Location": web_site.url("/new")})
    target = web_site.add("/new", "<p>Moved</p>")
    page = fetch(web_site.url("/old"))
    assert page.body == b"<p>Moved</p>"
    assert page.url == web_site.url("/old")
    assert page.final_url == target


def test_a_redirect_loop_is_named(web_site):
    web_site.add("/loop-a", status=302, headers={"Location": "/loop-b"})
    web_site.add("/loop-b", status=307, headers={"Location": "/loop-a"})
    reason = failure(web_site.url("/loop-a"))
    assert reason.startswith("redirect loop (")
    assert "/loop-b" in reason


def test_too_many_redirects(web_site):
    for n in range(10):
        web_site.add(f"/hop{n}", status=302, headers={"Location": f"/hop{n + 1}"})
    assert failure(web_site.url("/hop0"), replace(QUICK, max_redirects=3)) == (
        "too many redirects (over 3)"
    )


def test_a_redirect_off_the_web_is_refused(web_site):
    web_site.add("/sneaky", status=302, headers={"Location": "file:///etc/passwd"})
    assert failure(web_site.url("/sneaky")).startswith("redirected to a non-web address")


@pytest.mark.parametrize("no_length", [False, True])
def test_size_cap(web_site, no_length):
    url = web_site.add("/big", b"x" * 50_000, no_length=no_length)
    reason = failure(url, replace(QUICK, max_bytes=10_000))
    assert reason.startswith("too large (")
    assert "10,000" in reason


def test_charset_from_the_header_and_a_wrong_header_survived(web_site):
    text = "Caf\u00e9 \u201cquoted\u201d"
    latin = web_site.add("/latin", text.encode("cp1252"), content_type="text/html; charset=cp1252")
    assert fetch(latin).text() == text
    wrong = web_site.add("/wrong", text.encode("cp1252"), content_type="text/html; charset=utf-8")
    assert fetch(wrong).text() == text
    meta = ('<meta charset="windows-1252"><p>' + text).encode("cp1252")
    undeclared = web_site.add("/meta", meta, content_type="text/html")
    assert fetch(undeclared).text().endswith(text)


def test_a_binary_body_is_not_text(web_site):
    url = web_site.add("/img", b"\x89PNG\r\n\x1a\n" + bytes(200), content_type="image/png")
    page = fetch(url)
    with pytest.raises(SkippedInput, match="binary file"):
        page.text()


def test_connection_refused_is_named():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    reason = failure(f"http://127.0.0.1:{port}/x", replace(QUICK, retries=0))
    assert reason.startswith("cannot connect (")


def test_only_web_addresses_are_fetched():
    assert failure("ftp://example.org/file") == (
        "not a web address (only http and https are fetched)"
    )
    assert is_web_address("HTTPS://example.org/")
    assert not is_web_address("feeds/news.rss")


@pytest.mark.parametrize(
    ("validator", "header"),
    [
        ({"etag": '"v1"'}, "If-None-Match"),
        ({"last_modified": "Fri, 04 Apr 2025 06:00:00 GMT"}, "If-Modified-Since"),
    ],
)
def test_conditional_get_serves_304_from_the_cache(web_site, tmp_path, validator, header):
    url = web_site.add("/feed", "<rss>first</rss>", content_type="application/rss+xml", **validator)
    options = replace(QUICK, cache_dir=tmp_path / "cache")
    first = fetch(url, options)
    assert not first.from_cache
    assert header not in web_site.requests[0][1]
    # The next day's run: a new fetcher, the same cache folder.
    second = fetch(url, options)
    assert second.from_cache
    assert second.body == first.body == b"<rss>first</rss>"
    assert second.content_type == "application/rss+xml"
    assert web_site.requests[1][1][header] == next(iter(validator.values()))


def test_a_changed_page_replaces_the_cached_one(web_site, tmp_path):
    url = web_site.add("/feed", "<rss>one</rss>", etag='"1"')
    options = replace(QUICK, cache_dir=tmp_path)
    fetch(url, options)
    web_site.add("/feed", "<rss>two</rss>", etag='"2"')
    assert fetch(url, options).body == b"<rss>two</rss>"
    assert fetch(url, options).from_cache


def test_answers_without_validators_are_not_cached(web_site, tmp_path):
    url = web_site.add("/plain", "<p>No validators</p>")
    fetch(url, replace(QUICK, cache_dir=tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_a_damaged_cache_is_ignored(web_site, tmp_path):
    url = web_site.add("/feed", "<rss>one</rss>", etag='"1"')
    options = replace(QUICK, cache_dir=tmp_path)
    fetch(url, options)
    for body in tmp_path.glob("*.body"):
        body.write_bytes(b"tampered")
    page = fetch(url, options)
    assert page.body == b"<rss>one</rss>" and not page.from_cache


def test_per_host_limit(web_site):
    urls = [web_site.add(f"/slow{n}", "<p>slow</p>", delay=0.3) for n in range(6)]
    with Fetcher(replace(QUICK, per_host=2, concurrency=6)) as fetcher:
        futures = [fetcher.submit(url) for url in urls]
        assert all(f.result().body == b"<p>slow</p>" for f in futures)
    assert web_site.most_in_flight <= 2


def test_options_from_a_config_table(tmp_path: Path):
    def options(table: dict[str, object]) -> FetchOptions:
        fetch = fetch_settings(table)
        return web_options(Settings(fetch=fetch, cache_dir=str(tmp_path))).fetch

    found = options({"timeout": 2, "retries": 0, "per_host": 1})
    assert (found.timeout, found.retries, found.per_host) == (2, 0, 1)
    assert found.cache_dir == tmp_path
    assert options({"cache": False}).cache_dir is None
    assert options({"user_agent": "mybot/1 (+mailto:me@example.org)"}).user_agent.startswith("my")
    for bad in ({"timeot": 2}, {"timeout": "2"}, {"timeout": 0}, {"retries": -1}, {"cache": 1}):
        with pytest.raises(ConfigError):
            fetch_settings(bad)


def test_waiting_for_a_busy_site_does_not_count_against_the_deadline(web_site):
    silent = web_site.add("/silent", hang=True)
    good = web_site.add("/good", "<p>Fine</p>")
    options = replace(QUICK, per_host=1, timeout=0.5, deadline=0.5, retries=0)
    with Fetcher(options) as fetcher:
        first = fetcher.submit(silent)
        second = fetcher.submit(good)
        assert second.result().body == b"<p>Fine</p>"
        with pytest.raises(SkippedInput, match="timed out"):
            first.result()
