"""Article pages: the main text without navigation, adverts, cookie banner or footer."""

from __future__ import annotations

import datetime as dt
import socket
import sys

import pytest

from briefing.errors import SkippedInput
from briefing.readers import read_inputs
from briefing.readers.feeds import Entry
from briefing.readers.page import extract_page, looks_like_page
from briefing.readers.web import WebOptions, resolve_timezone
from tests.conftest import BOILERPLATE, article_page

pytest.importorskip("trafilatura", reason="pages need trafilatura (the 'web' extra)")

PARAGRAPHS = [
    "The county council has agreed to rebuild the footbridge over the river at Millford.",
    "Engineers found last autumn that two of the steel supports had rusted through.",
    "The new bridge will be wider, so that cyclists and walkers can pass each other safely.",
    "Work is expected to start in June and to last about five months, the council said.",
    "A temporary crossing will be set up beside the weir while the old bridge is removed.",
]


def page(**kwargs: str) -> str:
    return article_page("Millford footbridge to be rebuilt", PARAGRAPHS, **kwargs).decode()


def test_the_article_text_without_the_boilerplate():
    article = extract_page(page(keywords="Bridges, Millford"), "millford.html")
    assert article.title == "Millford footbridge to be rebuilt"
    assert article.text.startswith("The county council has agreed")
    for paragraph in PARAGRAPHS:
        assert paragraph in article.text
    for junk in BOILERPLATE:
        assert junk not in article.text
    assert article.source == "The Lakeside Courier"
    assert [t.slug for t in article.tags] == ["bridges", "millford"]
    assert article.published == dt.datetime(
        2025, 4, 4, 8, 15, tzinfo=dt.timezone(dt.timedelta(hours=1))
    )
    assert article.date == dt.date(2025, 4, 4)
    assert not article.title_derived


def test_what_the_feed_said_comes_first():
    entry = Entry(
        url="http://127.0.0.1/bridge",
        title="Footbridge: council says yes",
        published=dt.datetime(2025, 4, 3, 22, 0, tzinfo=dt.timezone.utc),
        source="Courier feed",
        tags=(),
    )
    article = extract_page(page(keywords="Bridges"), entry.url, entry.url + "?utm=x", entry)
    assert article.title == "Footbridge: council says yes"
    assert article.url == "http://127.0.0.1/bridge"
    assert article.published == entry.published
    assert article.source == "The Lakeside Courier"  # The page knows its own name best.
    assert [t.slug for t in article.tags] == ["bridges"]


def test_a_page_without_an_article_is_skipped():
    empty = "<!DOCTYPE html><html><body><nav><a href='/'>Home</a></nav></body></html>"
    with pytest.raises(SkippedInput, match="no article text found"):
        extract_page(empty, "empty.html")


def test_html_files_are_read_and_dated_in_the_users_zone(tmp_path):
    path = tmp_path / "late.html"
    path.write_text(page(published="2025-04-04T23:30:00-05:00"), encoding="utf-8")
    london = read_inputs([path], web=WebOptions(timezone=resolve_timezone("Europe/London")))
    assert london.articles[0].date == dt.date(2025, 4, 5)
    chicago = read_inputs([path], web=WebOptions(timezone=resolve_timezone("America/Chicago")))
    assert chicago.articles[0].date == dt.date(2025, 4, 4)


def test_a_page_date_without_a_zone_is_taken_as_it_is(tmp_path):
    html = page(published="2025-04-04")
    article = extract_page(html, "x.html")
    assert article.published is None
    assert article.date == dt.date(2025, 4, 4)


def test_extraction_needs_no_network(monkeypatch):
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("page extraction tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    assert extract_page(page(), "offline.html").text.startswith("The county council")


def test_looks_like_page():
    assert looks_like_page(b"<p>x</p>", "text/html")
    assert not looks_like_page(b"<!DOCTYPE html>", "application/pdf")
    assert looks_like_page(b"  <!-- hi -->\n<!DOCTYPE html><html>")
    assert not looks_like_page(b"%PDF-1.7")


def test_without_trafilatura_pages_are_skipped_with_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    path = tmp_path / "a.html"
    path.write_text(page(), encoding="utf-8")
    (skipped,) = read_inputs([path]).skipped
    assert skipped.reason == 'reading web pages needs trafilatura: pip install "briefing[web]"'


def test_the_page_declares_its_language():
    from briefing.readers.page import declared_language

    assert extract_page(page(), "millford.html").language == "en"
    german = page().replace('<html lang="en">', '<html class="x" lang="de-DE">')
    assert extract_page(german, "millford.html").language == "de"
    assert declared_language('<html><head><meta property="og:locale" content="fr_FR">') == "fr"
    assert declared_language('<meta http-equiv="Content-Language" content="nl">') == "nl"
    assert declared_language("<html><head><title>No language</title>") is None
