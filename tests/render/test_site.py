"""The archive site: three days built in turn and with ``--since`` give an index listing
all three, latest equal to the newest day, an Atom feed feedparser reads without bozo,
no state under the output folder, and every local link resolving to a file in it."""

from __future__ import annotations

import datetime as dt
import json
import os
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from briefing.config.settings import Settings, load_settings
from briefing.render.site import read_days, write_site, xml_text
from briefing.state import state_dir
from tests.conftest import make_article, run_cli, write_jsonl

feedparser = pytest.importorskip("feedparser", reason="the test extra installs feedparser")

DAYS = ("2025-04-03", "2025-04-04", "2025-04-05")
HOSTILE = "<script>alert('x')</script> & \x01\x0b \u202e Ferry \"tickets\" ]]> rise"
FERRY = (
    "The ferry company raised the price of a return ticket to the island by a fifth. "
    "Islanders said the rise would hurt families who cross every week for school. "
    "The company blamed the cost of fuel and a new safety rule for its crews. "
    "The island council will ask the regional government for a subsidy."
)
MARKET = (
    "The Saturday market will move to the square in front of the town hall in June. "
    "Traders voted for the move after the old car park was sold to a builder. "
    "The square has room for sixty stalls, twenty more than the car park had. "
    "Parking for shoppers will be free on market days for the first year."
)
LIBRARY = (
    "The town library will open on Sundays from next month, the council announced. "
    "Volunteers from the reading club offered to staff the desk in the afternoons. "
    "A survey found that most readers wanted longer opening hours at the weekend. "
    "The council will review the trial after six months of Sunday opening."
)


def three_days(folder: Path) -> Path:
    """Three days of articles; the ferry story continues (same address) every day, and
    day two's new story has a hostile title."""
    inputs = folder / "in"
    inputs.mkdir()
    articles = []
    for number, day in enumerate(DAYS):
        date = dt.date.fromisoformat(day)
        articles += [
            make_article(
                f"Ferry fares rise, day {number + 1}",
                FERRY + f" Talks were held on day {number + 1} of the dispute.",
                tags=("transport",),
                url="https://news.example.org/ferry-fares",
                date=date,
            ),
            make_article(
                HOSTILE if number == 1 else f"Market news {number + 1}",
                MARKET if number != 2 else LIBRARY,
                tags=("town",) if number != 2 else ("culture",),
                url=f"https://news.example.org/town-{number}",
                date=date,
            ),
        ]
    write_jsonl(inputs / "days.jsonl", articles)
    return inputs


def build(inputs: Path, out: Path, *args: str) -> None:
    result = run_cli("build", str(inputs), "-o", str(out), "-j", "1", *args)
    assert result.returncode == 0, result.stderr


class Links(HTMLParser):
    """Every href and src of a page, and every id in it."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in {"href", "src"} and value is not None:
                self.links.append(value)
            if name == "id" and value is not None:
                self.ids.add(value)


def parse_page(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def crawl(out: Path) -> int:
    """Follow every local link of every page of ``out``: each must name a file inside
    ``out`` (and, with a fragment, an id in it). Returns how many links were followed."""
    followed = 0
    pages = {path: parse_page(path) for path in out.glob("*.html")}
    for page, found in pages.items():
        for link in found.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                assert parts.scheme in {"http", "https", "mailto"}, (page.name, link)
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file(), f"{page.name}: {link} leads nowhere"
            assert out.resolve() in target.parents, f"{page.name}: {link} leaves the folder"
            if parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse_page(target).ids
                assert parts.fragment in ids, f"{page.name}: {link}: no such anchor"
            followed += 1
    return followed


def assert_no_state(out: Path) -> None:
    """No database, cache, lock or hidden file anywhere under the output folder."""
    for path in out.rglob("*"):
        assert not path.name.startswith("."), path
        assert ".sqlite" not in path.name and not path.name.endswith(".lock"), path
        assert "cache" not in path.name, path


def assert_archive(out: Path) -> None:
    index = (out / "index.html").read_text(encoding="utf-8")
    positions = [index.index(f'href="briefing-{day}.html"') for day in DAYS]
    assert positions == sorted(positions, reverse=True), "days newest first"
    assert (out / "latest.html").read_bytes() == (out / f"briefing-{DAYS[-1]}.html").read_bytes()
    assert (out / "latest.md").read_bytes() == (out / f"briefing-{DAYS[-1]}.md").read_bytes()
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert [entry.link for entry in feed.entries] == [f"briefing-{d}.html" for d in DAYS[::-1]]
    assert len({entry.id for entry in feed.entries}) == 3
    for entry in feed.entries:
        assert entry.summary.startswith("Top stories: ")
        assert entry.content[0].type == "text/html"
        assert "Market news" in entry.content[0].value or "Ferry" in entry.content[0].value
    assert "<script>" not in index and "\x01" not in index
    assert "&lt;script&gt;" in index, "the hostile title is shown, escaped"
    assert_no_state(out)
    assert crawl(out) >= 3 + 3


def test_three_days_built_in_turn_make_the_archive(tmp_path: Path) -> None:
    inputs = three_days(tmp_path)
    out = tmp_path / "site"
    for day in DAYS:
        build(inputs, out, "--date", day)
    assert_archive(out)
    index = (out / "index.html").read_text(encoding="utf-8")
    # Each day with its top stories, linked to their anchors in the day's page.
    assert index.count('href="briefing-2025-04-05.html#story-') >= 1
    assert "Market news 3" in index and "Market news 1" in index


def test_since_builds_the_missing_days_in_order_as_in_turn(tmp_path: Path) -> None:
    inputs = three_days(tmp_path)
    in_turn, at_once = tmp_path / "in-turn", tmp_path / "since"
    for day in DAYS:
        build(inputs, in_turn, "--date", day, "--state-dir", str(tmp_path / "a"))
    build(
        inputs, at_once, "--since", DAYS[0], "--date", DAYS[-1], "--state-dir", str(tmp_path / "b")
    )
    assert_archive(at_once)
    for path in sorted(in_turn.iterdir()):
        assert (at_once / path.name).read_bytes() == path.read_bytes(), path.name
    assert sorted(p.name for p in in_turn.iterdir()) == sorted(p.name for p in at_once.iterdir())
    statuses = {
        story["status"]
        for section in json.loads((at_once / f"briefing-{DAYS[-1]}.json").read_text())["sections"]
        for story in section["stories"]
    }
    assert "update" in statuses, "the last day was marked against the days before it"
    # Run again: the days in the folder are kept, only --date is built again.
    before = (at_once / f"briefing-{DAYS[0]}.html").stat().st_mtime_ns
    again = run_cli(
        "build", str(inputs), "-o", str(at_once), "--since", DAYS[0], "--date", DAYS[-1],
        "--state-dir", str(tmp_path / "b"),
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert f"briefing-{DAYS[0]}" not in again.stdout and f"briefing-{DAYS[-1]}.html" in again.stdout
    assert (at_once / f"briefing-{DAYS[0]}.html").stat().st_mtime_ns == before


def test_since_skips_a_day_without_articles_and_refuses_a_later_start(tmp_path: Path) -> None:
    inputs = three_days(tmp_path)
    out = tmp_path / "site"
    result = run_cli(
        "build", str(inputs), "-o", str(out), "--since", "2025-04-01", "--date", DAYS[0]
    )
    assert result.returncode == 0, result.stderr
    assert "no articles dated 2025-04-01" in result.stderr
    assert [d.date.isoformat() for d in read_days(out)] == [DAYS[0]]
    late = run_cli("build", str(inputs), "-o", str(out), "--since", "2025-05-01", "--date", DAYS[0])
    assert late.returncode == 1
    assert "--since 2025-05-01 is after the last day" in late.stderr
    early = run_cli(
        "build", str(inputs), "-o", str(out), "--since", "2020-01-01", "--date", DAYS[0]
    )
    assert early.returncode == 1
    assert "is 1919 days before 2025-04-03; build at most 366 days in one run" in early.stderr


def test_topic_pages_a_short_feed_and_an_override(tmp_path: Path) -> None:
    inputs = three_days(tmp_path)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "index.html").write_text(
        '{% extends "default:index.html" %}{% block title %}Our archive{% endblock %}',
        encoding="utf-8",
    )
    config = tmp_path / "briefing.toml"
    config.write_text(
        'out = "site"\ntemplates = "templates"\nsite_url = "https://news.example.org/daily"\n'
        "[archive]\ntopic_pages = true\nfeed_entries = 2\nindex_stories = 1\n",
        encoding="utf-8",
    )
    for day in DAYS:
        result = run_cli("build", str(inputs), "-c", str(config), "--date", day, "-q")
        assert result.returncode == 0, result.stderr
    out = tmp_path / "site"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<title>Our archive</title>" in index
    for slug in ("transport", "town", "culture"):
        assert f'href="topic-{slug}.html"' in index
    town = (out / "topic-town.html").read_text(encoding="utf-8")
    assert "Market news 1" in town and "&lt;script&gt;" in town and "Market news 3" not in town
    assert "<title>Town: " in town, "the topic page extends the (overridden) index"
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == 2
    assert feed.entries[0].id == "https://news.example.org/daily/briefing-2025-04-05.html"
    assert feed.entries[0].link == "https://news.example.org/daily/briefing-2025-04-05.html"
    assert crawl(out) > 0
    assert_no_state(out)
    assert (tmp_path / ".briefing" / "history.sqlite3").is_file(), "beside briefing.toml"


def test_a_day_whose_json_is_broken_is_still_listed(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    for day in DAYS:
        (out / f"briefing-{day}.html").write_text(
            f"<!DOCTYPE html><html><body><main>Day {day}</main></body></html>", encoding="utf-8"
        )
    (out / f"briefing-{DAYS[0]}.json").write_text("[" * 5000, encoding="utf-8")
    (out / f"briefing-{DAYS[1]}.json").write_text(
        json.dumps({"title": 5, "sections": [{"topic": ["x"], "stories": ["y", {"id": 1}]}]}),
        encoding="utf-8",
    )
    (out / "briefing-2025-13-40.html").write_text("not a day", encoding="utf-8")
    (out / "latest.md").write_text("an old day", encoding="utf-8")
    written = write_site(Settings(out=str(out)))
    assert {p.name for p in written} == {"index.html", "latest.html", "feed.xml"}
    assert not (out / "latest.md").exists(), "no Markdown of the newest day: no stale latest.md"
    days = read_days(out)
    assert [d.date.isoformat() for d in days] == list(DAYS[::-1])
    assert days[2].note == f"briefing-{DAYS[0]}.json cannot be read (RecursionError)"
    assert days[1].note is None and days[1].title == ""
    assert days[0].note == f"briefing-{DAYS[2]}.json is missing"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "cannot be read (RecursionError)" in index
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == 3
    # The day's body, escaped once in the XML (feedparser drops the unknown <main>).
    assert "&lt;main&gt;Day 2025-04-05&lt;/main&gt;" in (out / "feed.xml").read_text()
    assert feed.entries[0].content[0].value == "Day 2025-04-05"


def test_no_archive_when_it_is_off_or_without_html(tmp_path: Path) -> None:
    inputs = three_days(tmp_path)
    off = tmp_path / "off.toml"
    off.write_text('out = "off"\n[archive]\nenabled = false\n', encoding="utf-8")
    result = run_cli("build", str(inputs), "-c", str(off), "--date", DAYS[0], "-q")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "off").iterdir()) == [
        f"briefing-{DAYS[0]}.html",
        f"briefing-{DAYS[0]}.md",
    ]
    build(inputs, tmp_path / "md", "--date", DAYS[0], "-f", "md", "-q")
    assert sorted(p.name for p in (tmp_path / "md").iterdir()) == [f"briefing-{DAYS[0]}.md"]


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ('site_url = "ftp://example.org/"', "'site_url': 'ftp://example.org/' is not an http(s)"),
        ('site_url = "https://example.org/?a=1"', "is not an http(s) URL of a folder"),
        ("[archive]\nfeed_entries = 0", "[archive]: 'feed_entries' must be a whole number"),
        ("[archive]\ntopic_pages = 1", "[archive]: 'topic_pages' must be true or false"),
        ("[archive]\nevery_day = true", "[archive]: unknown setting 'every_day'"),
        ("state_dir = 3", "'state_dir' must be a path"),
        ("lock_timeout = -1", "'lock_timeout' must be a number of seconds"),
    ],
)
def test_bad_archive_settings_exit_2_naming_the_setting(
    tmp_path: Path, setting: str, message: str
) -> None:
    config = tmp_path / "briefing.toml"
    config.write_text(setting + "\n", encoding="utf-8")
    result = run_cli("build", str(tmp_path), "-c", str(config))
    assert result.returncode == 2
    assert message in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_xml_text_drops_what_xml_forbids() -> None:
    assert xml_text("a\x00b\x1fc\ufffed\ud800e\tf\n") == "abcde\tf\n"


def test_site_url_is_a_folder(tmp_path: Path) -> None:
    os.chdir(tmp_path)  # no briefing.toml here
    settings = load_settings(None, site_url="https://news.example.org/daily")
    assert settings.site_url == "https://news.example.org/daily/"
    assert state_dir(settings) == Path(os.environ["XDG_STATE_HOME"]) / "briefing"


def test_days_read_before_come_from_the_cache_until_their_json_changes(tmp_path: Path) -> None:
    inputs = three_days(tmp_path)
    out, state = tmp_path / "site", tmp_path / "state"
    for day in DAYS:
        result = run_cli(
            "build", str(inputs), "-o", str(out), "--state-dir", str(state), "--date", day, "-q"
        )
        assert result.returncode == 0, result.stderr
    assert_no_state(out)
    caches = list((state / "cache").glob("site-days-*.json"))
    assert len(caches) == 1, "one cache file for the output folder"
    cache = caches[0]
    fresh = read_days(out)
    assert read_days(out, cache=cache) == fresh
    # A day kept in the cache is not read again: its JSON, changed under the same size
    # and time, still shows what the cache kept.
    path = out / f"briefing-{DAYS[0]}.json"
    stat = path.stat()
    data = path.read_bytes()
    path.write_bytes(data.replace(b'"title": "', b'"title": "X', 1)[: len(data)])
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert read_days(out, cache=cache) == fresh
    # Changed in size or time, it is read again, and the cache follows.
    path.write_text(json.dumps({"title": "Rebuilt", "sections": []}), encoding="utf-8")
    again = read_days(out, cache=cache)
    assert [d.title for d in again if d.date.isoformat() == DAYS[0]] == ["Rebuilt"]
    assert read_days(out, cache=cache) == again
    kept = json.loads(cache.read_text(encoding="utf-8"))
    assert kept["days"][DAYS[0]]["day"]["title"] == "Rebuilt"
    # A damaged cache is read past, and written anew.
    cache.write_text('{"version": 1, "index_stories": 5, "days": {"x": [', encoding="utf-8")
    assert read_days(out, cache=cache) == again
    assert json.loads(cache.read_text(encoding="utf-8"))["days"].keys() == set(DAYS)


def test_the_archive_speaks_the_briefings_language(tmp_path: Path) -> None:
    inputs = three_days(tmp_path)
    config = tmp_path / "briefing.toml"
    config.write_text('out = "site"\nlang = "de"\n[archive]\ntopic_pages = true\n', "utf-8")
    for day in DAYS:
        result = run_cli("build", str(inputs), "-c", str(config), "--date", day, "-q")
        assert result.returncode == 0, result.stderr
    out = tmp_path / "site"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in index and ": Archiv</title>" in index
    assert "3 Briefings, neueste zuerst" in index and ">Neueste</a>" in index
    assert "Samstag, 5. April 2025" in index
    town = (out / "topic-town.html").read_text(encoding="utf-8")
    assert ">Alle Briefings</a>" in town and "Tage mit diesem Thema, neueste zuerst" in town
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo and feed.feed.language == "de"
    assert feed.entries[0].summary.startswith("Top-Meldungen: ")


def test_english_topic_pages_count_days() -> None:
    from briefing.render.formats import plural

    assert [plural(n, noun) for n, noun in ((2, "day"), (2, "story"), (1, "day"))] == [
        "2 days",
        "2 stories",
        "1 day",
    ]
