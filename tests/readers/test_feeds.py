"""Feeds and OPML read offline: entries, teasers, categories, dates and time zones."""

from __future__ import annotations

import datetime as dt
import json
import sys
import zoneinfo

import pytest

from briefing.errors import SkippedInput
from briefing.models import Article
from briefing.readers import read_inputs
from briefing.readers.feeds import FULL_TEXT_WORDS, Link, parse_feed, parse_opml, sniff_feed
from briefing.readers.web import WebOptions, resolve_timezone
from tests.conftest import atom_feed, rss_feed

pytest.importorskip("feedparser", reason="feeds need feedparser (the 'web' extra)")

LONG = " ".join(
    [
        "The ferry company confirmed on Friday that the winter timetable will stay in place.",
        "Passengers had asked for an earlier crossing on weekdays so that they could reach work.",
        "The company said that crews were too few to add a sailing before the spring.",
        "A spokesperson added that two new deckhands would finish their training in March.",
        "Islanders said the decision left commuters with a long wait on dark mornings.",
        "The harbour board will discuss the timetable again at its meeting next month.",
    ]
    * 3
)
TEASER = "The ferry timetable stays as it is, the company says…"


def items(feed_bytes: bytes, origin: str = "http://127.0.0.1/feed.xml") -> list[object]:
    return list(parse_feed(feed_bytes, origin).items)


def test_full_entries_become_articles_with_categories_as_tags():
    assert len(LONG.split()) >= FULL_TEXT_WORDS
    feed = rss_feed(
        "Island News",
        [
            {
                "title": "Ferry timetable unchanged",
                "link": "http://127.0.0.1/ferry",
                "date": "Fri, 04 Apr 2025 09:30:00 +0100",
                "categories": ["Transport", "Island life"],
                "summary": TEASER,
                "content": f"<p>{LONG}</p><script>alert('x')</script>",
            }
        ],
    )
    (article,) = items(feed)
    assert isinstance(article, Article)
    assert article.title == "Ferry timetable unchanged"
    assert article.text.startswith("The ferry company confirmed")
    assert "alert" not in article.text
    assert article.source == "Island News"
    assert article.url == "http://127.0.0.1/ferry"
    assert [t.slug for t in article.tags] == ["transport", "island-life"]
    assert [t.name for t in article.tags] == ["Transport", "Island life"]
    assert article.published == dt.datetime(2025, 4, 4, 8, 30, tzinfo=dt.timezone.utc)
    assert article.date == dt.date(2025, 4, 4)


def test_teaser_entries_become_links_to_their_pages():
    feed = atom_feed(
        "Lakeside",
        [
            {
                "title": "Bridge reopens",
                "link": "http://127.0.0.1/bridge",
                "date": "2025-04-04T07:00:00+02:00",
                "summary": "The bridge is open again. Read more",
                "categories": ["Roads"],
            }
        ],
    )
    (link,) = items(feed, "http://127.0.0.1/atom.xml")
    assert isinstance(link, Link)
    assert (link.url, link.kind, link.via) == ("http://127.0.0.1/bridge", "page", link.via)
    assert link.via == "http://127.0.0.1/atom.xml"
    assert link.entry is not None
    assert link.entry.title == "Bridge reopens"
    assert link.entry.source == "Lakeside"
    assert link.entry.published == dt.datetime(2025, 4, 4, 5, 0, tzinfo=dt.timezone.utc)
    assert [t.slug for t in link.entry.tags] == ["roads"]
    assert link.entry.teaser == "The bridge is open again. Read more"


def test_a_cut_off_long_entry_is_still_a_teaser():
    feed = rss_feed("N", [{"title": "T", "link": "http://127.0.0.1/t", "summary": LONG + " […]"}])
    assert isinstance(items(feed)[0], Link)


def test_a_teaser_without_a_link_is_used_as_it_is_or_skipped_with_a_reason():
    feed = rss_feed(
        "N",
        [
            {"title": "Short note", "summary": "The library opens late on Thursday for readings."},
            {"title": "Brief", "summary": "Soon."},
            {"title": "", "summary": "Soon."},
        ],
    )
    note, brief, empty = items(feed, "feeds/local.rss")
    assert isinstance(note, Article) and note.text.startswith("The library opens late")
    # A headline and a line is news; a line alone says nothing.
    assert isinstance(brief, Article) and (brief.title, brief.text) == ("Brief", "Soon.")
    assert isinstance(empty, SkippedInput)
    assert empty.input == "feeds/local.rss entry 3"
    assert empty.reason == "no usable text"


def test_rss_1_0_and_0_91_and_json_feed():
    rdf = f"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://127.0.0.1/"><title>RDF news</title><link>http://127.0.0.1/</link>
<description>d</description></channel>
<item rdf:about="http://127.0.0.1/r"><title>RDF item</title><link>http://127.0.0.1/r</link>
<dc:date>2025-04-04T10:00:00Z</dc:date><description>{LONG}</description></item>
</rdf:RDF>""".encode()
    old = f"""<?xml version="1.0"?><rss version="0.91"><channel><title>Old news</title>
<link>http://127.0.0.1/</link><description>d</description><item><title>Old item</title>
<link>http://127.0.0.1/o</link><description>{LONG}</description></item></channel></rss>""".encode()
    jsonfeed = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "JSON news",
            "items": [
                {
                    "id": "1",
                    "url": "/j",
                    "title": "JSON item",
                    "content_text": LONG,
                    "date_published": "2025-04-04T23:30:00-05:00",
                    "tags": ["Ferries"],
                },
                {"id": "2", "url": "/k", "title": "JSON teaser", "summary": TEASER},
                "not an object",
            ],
        }
    ).encode()
    (rdf_item,) = items(rdf)
    assert isinstance(rdf_item, Article) and rdf_item.title == "RDF item"
    assert rdf_item.source == "RDF news" and rdf_item.date == dt.date(2025, 4, 4)
    (old_item,) = items(old)
    assert isinstance(old_item, Article) and old_item.source == "Old news"
    full, teaser, bad = items(jsonfeed, "http://127.0.0.1/feed.json")
    assert isinstance(full, Article)
    assert full.url == "http://127.0.0.1/j"
    assert [t.slug for t in full.tags] == ["ferries"]
    assert full.published == dt.datetime(2025, 4, 5, 4, 30, tzinfo=dt.timezone.utc)
    assert isinstance(teaser, Link) and teaser.url == "http://127.0.0.1/k"
    assert isinstance(bad, SkippedInput) and bad.reason == "not a JSON object"
    assert sniff_feed(jsonfeed) == "feed"
    assert sniff_feed(rdf) == sniff_feed(old) == "feed"


def test_broken_xml_is_read_leniently_or_named():
    whole = rss_feed("Broken", [{"title": "One", "link": "http://127.0.0.1/1", "content": LONG}])
    broken = whole.replace(b"<title>One</title>", b"<title>One & Two</title>")
    feed = parse_feed(broken, "http://127.0.0.1/broken.xml")
    assert feed.note is not None and feed.note.startswith("broken XML (")
    assert len(feed.items) == 1
    with pytest.raises(SkippedInput) as caught:
        parse_feed(b"<?xml version='1.0'?>\n<<rss>>&&& not xml", "http://127.0.0.1/bad.xml")
    assert caught.value.reason.startswith("not a feed (broken XML: ")


def test_an_html_page_is_not_a_feed():
    with pytest.raises(SkippedInput, match="not a feed"):
        parse_feed(b"<!DOCTYPE html><html><body><p>Hello</p></body></html>", "x.xml")
    with pytest.raises(SkippedInput, match=r"jsonfeed\.org"):
        parse_feed(b'{"items": []}', "x.json")


def test_feedparser_never_opens_text_as_a_file_name(tmp_path):
    secret = tmp_path / "secret.rss"
    secret.write_bytes(rss_feed("Secret", [{"title": "S", "content": LONG}]))
    with pytest.raises(SkippedInput, match="not a feed"):
        parse_feed(str(secret).encode(), "input")


def test_opml_lists_feeds_nested_or_not():
    opml = b"""<?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body>
<outline text="News"><outline text="A" type="rss" xmlUrl="http://127.0.0.1/a.xml"/>
<outline text="B" type="rss" xmlUrl="http://127.0.0.1/b.xml"/></outline>
<outline text="C" type="rss" xmlUrl="http://127.0.0.1/a.xml"/></body></opml>"""
    links = parse_opml(opml, "subs.opml")
    assert [(link.url, link.kind) for link in links] == [
        ("http://127.0.0.1/a.xml", "feed"),
        ("http://127.0.0.1/b.xml", "feed"),
    ]
    assert sniff_feed(opml) == "opml"
    with pytest.raises(SkippedInput, match="lists no feeds"):
        parse_opml(b"<opml><body><outline text='x'/></body></opml>", "empty.opml")
    with pytest.raises(SkippedInput, match="broken XML"):
        parse_opml(b"<opml><body>", "broken.opml")


LATE = "2025-04-04T23:30:00-05:00"  # 04:30 on 5 April in UTC, 05:30 in London.


@pytest.mark.parametrize(
    ("zone", "day"),
    [
        (None, dt.date(2025, 4, 5)),
        ("Europe/London", dt.date(2025, 4, 5)),
        ("America/Chicago", dt.date(2025, 4, 4)),
    ],
)
def test_the_day_of_an_entry_is_in_the_users_time_zone(tmp_path, zone, day):
    path = tmp_path / "late.atom"
    path.write_bytes(atom_feed("Late", [{"title": "Late vote", "date": LATE, "summary": LONG}]))
    result = read_inputs([path], web=WebOptions(timezone=resolve_timezone(zone)))
    (article,) = result.articles
    assert article.date == day
    assert article.published is not None and article.published.utcoffset() == dt.timedelta(0)


def test_a_bare_day_is_not_moved_by_the_time_zone(tmp_path):
    path = tmp_path / "days.rss"
    feed = rss_feed("Days", [{"title": "Fair", "summary": LONG}]).replace(
        b"<title>Fair</title>", b"<title>Fair</title><pubDate>2025-04-04</pubDate>"
    )
    path.write_bytes(feed)
    zone = WebOptions(timezone=resolve_timezone("Pacific/Auckland"))
    (article,) = read_inputs([path], web=zone).articles
    assert article.date == dt.date(2025, 4, 4)
    assert article.published is None


def test_unknown_time_zone_is_a_config_error():
    from briefing.errors import ConfigError

    with pytest.raises(ConfigError, match="IANA"):
        resolve_timezone("Mars/Olympus")
    assert resolve_timezone("Asia/Tokyo") == zoneinfo.ZoneInfo("Asia/Tokyo")


def test_feed_files_are_read_by_suffix_and_by_sniffing(tmp_path):
    feed = rss_feed("Local", [{"title": "Ferry", "summary": LONG}])
    for name in ("a.rss", "b.xml", "c.atom", "d.feed"):
        (tmp_path / name).write_bytes(feed)
    result = read_inputs([tmp_path / "a.rss", tmp_path / "b.xml", tmp_path / "c.atom"])
    assert len(result.articles) == 3 and not result.skipped
    assert read_inputs([tmp_path / "d.feed"]).articles[0].title == "Ferry"


def test_without_feedparser_feeds_are_skipped_with_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "feedparser", None)
    path = tmp_path / "a.rss"
    path.write_bytes(rss_feed("Local", [{"title": "Ferry", "summary": LONG}]))
    result = read_inputs([path])
    assert result.articles == ()
    (skipped,) = result.skipped
    assert skipped.input == str(path)
    assert skipped.reason == 'reading feeds needs feedparser: pip install "briefing[web]"'


def test_external_entities_are_not_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET PASSWORD", encoding="utf-8")
    feed = f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY leak SYSTEM "file://{secret}">]>
<rss version="2.0"><channel><title>Evil</title><item><title>Leak &leak;</title>
<description>{LONG} &leak;</description></item></channel></rss>""".encode()
    for item in items(feed):
        assert isinstance(item, Article)
        assert "TOP SECRET" not in item.text + item.title


def test_an_atom_html_title_loses_its_markup():
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Pets</title><id>urn:pets</id><updated>2025-04-04T12:00:00Z</updated>"
        '<entry><title type="html">Why &lt;i&gt;dogs&lt;/i&gt; &amp;amp; cats</title>'
        f"<id>urn:1</id><updated>2025-04-04T09:00:00Z</updated><content>{LONG}</content>"
        "</entry></feed>"
    ).encode()
    [article] = items(feed)
    assert isinstance(article, Article)
    assert article.title == "Why dogs & cats"


def test_text_whose_only_tags_are_headings_images_or_rules_is_stripped(tmp_path):
    body = f'<h2>Ferry news</h2><img src="x.png" alt="a ferry"><hr>{LONG}<hr/>'
    path = tmp_path / "day.json"
    path.write_text(json.dumps({"title": "Ferry", "text": body}), encoding="utf-8")
    [article] = read_inputs([path]).articles
    assert "<" not in article.text and ">" not in article.text
    assert article.text.startswith("Ferry news The ferry company")


def test_a_json_feed_file_is_read_as_a_feed_without_input_format(tmp_path):
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Island news",
        "items": [
            {
                "id": "1",
                "title": "Ferry stays",
                "content_text": LONG,
                "date_published": "2025-04-04T08:00:00Z",
            }
        ],
    }
    path = tmp_path / "island.json"
    path.write_text(json.dumps(feed), encoding="utf-8")
    read = read_inputs([path])
    assert [(a.title, a.source) for a in read.articles] == [("Ferry stays", "Island news")]
    assert read.skipped == ()


def test_entries_sharing_one_link_are_all_kept_over_http(web_site, tmp_path):
    from briefing.readers.http import FetchOptions
    from briefing.readers.web import read_web

    page = web_site.url("/live")
    entries = [
        {"title": f"Update {n}", "link": page, "content": f"<p>Update {n}. {LONG}</p>"}
        for n in range(3)
    ]
    feed = web_site.add("/live.xml", rss_feed("Live", entries), content_type="text/xml")
    result = read_web([Link(feed)], WebOptions(fetch=FetchOptions(timeout=2, retries=0)))
    assert [a.title for a in result.articles] == ["Update 0", "Update 1", "Update 2"]
    assert result.sources[0].articles == 3


def test_a_utf16_feed_over_http_is_read(web_site):
    from briefing.readers.http import FetchOptions
    from briefing.readers.web import read_web

    text = rss_feed("Wide", [{"title": "Ferry", "link": "http://x.example/a", "content": LONG}])
    body = text.decode().replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16")
    feed = web_site.add("/wide.xml", body, content_type="application/rss+xml")
    result = read_web([Link(feed)], WebOptions(fetch=FetchOptions(timeout=2, retries=0)))
    assert [a.title for a in result.articles] == ["Ferry"]


def test_a_page_labelled_iso_8859_1_keeps_its_windows_1252_quotes(web_site):
    from briefing.readers.http import Fetcher, FetchOptions

    body = "<p>Councils \u201cagreed\u201d \u2013 at last</p>".encode("cp1252")
    url = web_site.add("/latin", body, content_type="text/html; charset=ISO-8859-1")
    with Fetcher(FetchOptions(timeout=2, retries=0)) as fetcher:
        page = fetcher.fetch(url)
    assert page.text() == "<p>Councils \u201cagreed\u201d \u2013 at last</p>"


def test_a_feed_declares_its_language():
    body = " ".join(["Die Fähre fährt im Winter nach dem alten Fahrplan."] * 40)
    rss = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Inselzeitung</title>
<language>de-DE</language><item><title>Fähre</title><link>http://127.0.0.1/f</link>
<description>{body}</description></item></channel></rss>""".encode()
    (article,) = items(rss)
    assert isinstance(article, Article) and article.language == "de"
    json_feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Journal",
        "language": "fr-CA",
        "items": [{"id": "1", "title": "Traversier", "content_text": LONG}],
    }
    (article,) = items(json.dumps(json_feed).encode(), "feeds/journal.json")
    assert isinstance(article, Article) and article.language == "fr"
    # No declaration: the language is left to the build to detect.
    (article,) = items(rss.replace(b"<language>de-DE</language>", b""))
    assert isinstance(article, Article) and article.language is None
