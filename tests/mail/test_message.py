"""The e-mail: HTML for mail clients, its own text part, the size budget, the .eml file."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import json
import re
import zoneinfo
from email import policy
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefing.config.email import email_settings
from briefing.config.settings import Settings, load_settings
from briefing.errors import ConfigError
from briefing.mail import HTML_BUDGET, build_message, compose, email_options, eml_bytes
from briefing.mail.compose import clean
from briefing.models import Briefing, Sentence, Story
from tests.conftest import (
    HOSTILE,
    briefing_of,
    hostile_story,
    make_article,
    make_story,
    seed_article,
    shared_file,
)

DAY = dt.date(2025, 4, 4)
FONT = "-apple-system"


# --- a small HTML inspector ---------------------------------------------------------------


class Tree(HTMLParser):
    """Every start tag with its attributes, the text, and the comments of a document."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.comments: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def all(self, name: str) -> list[dict[str, str]]:
        return [attrs for tag, attrs in self.tags if tag == name]


ACTIVE_TAGS = {"script", "form", "iframe", "svg", "object", "embed", "input", "button", "link"}


def assert_nothing_active(html: str) -> None:
    """No active element, event handler, external CSS or non-http(s) link anywhere."""
    tree = Tree(html)
    for tag, attrs in tree.tags:
        assert tag not in ACTIVE_TAGS, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert "javascript:" not in value.lower(), (tag, name, value)
            assert "expression(" not in value.lower(), (tag, name, value)
    for attrs in tree.all("a"):
        assert re.match(r"https?://[^/\s]+", attrs["href"]), attrs
    for attrs in tree.all("img"):
        assert attrs.get("alt"), attrs
        assert re.match(r"https?://", attrs.get("src", "")), attrs
    assert "@import" not in html


def message_of(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def parts(message: EmailMessage) -> tuple[str, str]:
    """The text and HTML parts, in order, after checking the structure."""
    assert message.get_content_type() == "multipart/alternative"
    kids = list(message.iter_parts())
    assert [k.get_content_type() for k in kids] == ["text/plain", "text/html"]
    text, html = (str(k.get_content()) for k in kids)
    return text, html


def story(index: int, topic: str, sentences: int = 3, words: int = 12) -> Story:
    body = " ".join(
        f"Sentence {n} of story {index} says the council discussed {'more ' * words}details."
        for n in range(sentences)
    )
    article = make_article(
        f"Story {index} about {topic}",
        body,
        tags=(topic,),
        url=f"https://news.example.org/{topic}/{index}",
        source="Example News",
    )
    return make_story(article, sentences=sentences, story_id=f"s{index}")


def small_day() -> Briefing:
    return briefing_of([story(i, ("harbour", "schools", "weather")[i % 3]) for i in range(9)])


def huge_day(count: int = 600, words: int = 60, topic_count: int = 40) -> Briefing:
    topics = [f"topic-{n}" for n in range(topic_count)]
    return briefing_of(
        [story(i, topics[i % len(topics)], sentences=6, words=words) for i in range(count)]
    )


def settings(**email: object) -> Settings:
    return Settings(email=email_settings(email))


# --- the HTML body ------------------------------------------------------------------------


def test_html_is_built_for_mail_clients() -> None:
    briefing = small_day()
    bodies = compose(briefing, email_options(settings(), DAY))
    html = bodies.html
    tree = Tree(html)
    assert tree.all("html")[0]["lang"] == "en"
    metas = tree.all("meta")
    assert {"charset": "utf-8"} in metas
    assert html.index('<meta charset="utf-8">') < 200
    named = {m.get("name"): m.get("content") for m in metas}
    assert named["color-scheme"] == "light dark"
    assert named["viewport"].startswith("width=device-width")
    tables = tree.all("table")
    assert tables and all(t.get("role") == "presentation" for t in tables)
    # Every cell carries its styles inline, the font stack repeated on each one.
    cells = tree.all("td")
    assert len(cells) > 10
    assert all(FONT in c.get("style", "") for c in cells)
    # What stays in <style> is only @media (mobile, dark mode): layout never depends on it.
    styles = re.findall(r"<style[^>]*>(.*?)</style>", html, re.S)
    assert len(styles) == 1
    assert "prefers-color-scheme: dark" in styles[0].replace(":dark", ": dark")
    assert re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", styles[0]).strip() == ""
    # Fluid 600 px container, Outlook's ghost table in MSO conditional comments.
    assert any("max-width:600px" in d.get("style", "") for d in tree.all("div"))
    assert any("[if mso]" in c and 'width="600"' in c for c in tree.comments)
    # Colours are 6-digit hex only.
    colours = re.findall(r"#[0-9a-fA-F]+\b", re.sub(r'href="[^"]*"', "", html))
    assert colours and all(len(c) == 7 for c in colours), set(colours)
    assert "rgb(" not in html
    assert_nothing_active(html)


def test_preheader_is_hidden_and_carries_the_top_line() -> None:
    briefing = small_day()
    html = compose(briefing, email_options(settings(), DAY)).html
    pre = re.search(r'<div class="preheader" style="([^"]*)">([^<]*)</div>', html)
    assert pre is not None
    assert "display:none" in pre.group(1).replace(" ", "")
    top = briefing.sections[0].stories[0]
    assert pre.group(2).startswith(top.title)


def test_html_shows_stories_titles_sentences_and_links() -> None:
    briefing = small_day()
    html = compose(briefing, email_options(settings(), DAY)).html
    for s in briefing.stories:
        assert s.title in html
        assert f'href="{s.lead.url}"' in html
        for sentence in s.sentences:
            assert sentence.text in html


def test_hostile_text_is_inert_in_html_and_text() -> None:
    briefing = briefing_of([hostile_story(p, i) for i, p in enumerate(HOSTILE)])
    bodies = compose(briefing, email_options(settings(), DAY))
    assert_nothing_active(bodies.html)
    # The text is shown as text: the payload is visible, escaped.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in bodies.html
    assert "\x00" not in bodies.text and "\x1b" not in bodies.text
    assert "javascript:" not in "".join(re.findall(r"^\[\d+\] .*$", bodies.text, re.M))


# --- the size budget ----------------------------------------------------------------------


def test_a_huge_day_stays_under_the_budget_and_says_how_many_more() -> None:
    briefing = huge_day()
    options = email_options(Settings(briefing_url="https://briefing.example.org/2025-04-04"), DAY)
    bodies = compose(briefing, options)
    assert len(bodies.html.encode("utf-8")) <= HTML_BUDGET < 102 * 1024
    digest = bodies.digest
    shown = sum(len(t.stories) for t in digest.topics)
    assert 0 < shown < len(briefing.stories)
    assert shown + digest.more_stories == len(briefing.stories)
    assert "more stories in" in bodies.html
    assert 'href="https://briefing.example.org/2025-04-04"' in bodies.html
    assert "more stories in the full briefing" in bodies.text
    # The markup is whole: every table, row and cell that opens also closes.
    for tag in ("table", "tr", "td", "ul", "li", "div"):
        assert bodies.html.count(f"<{tag}") == bodies.html.count(f"</{tag}>"), tag


def test_every_topic_shows_its_top_stories_first() -> None:
    briefing = huge_day(100, words=2, topic_count=10)
    digest = compose(briefing, email_options(settings(stories_per_topic=2), DAY)).digest
    assert len(digest.topics) == len(briefing.sections)
    for view, section in zip(digest.topics, briefing.sections, strict=True):
        assert [s.title for s in view.stories] == [s.title for s in section.stories[:2]]
        assert view.more == len(section.stories) - len(view.stories)


def test_giant_text_is_cut_at_a_word_never_through_markup() -> None:
    words = "enormous " * 40_000
    article = make_article("A title " + "long " * 5000, words + ".", tags=("big",))
    sentence = Sentence(words + ".", article.id, 0, 1.0, article.url)
    giant = Story("g", (article,), (sentence,) * 50, 1.0)
    bodies = compose(briefing_of([giant]), email_options(settings(), DAY))
    assert len(bodies.html.encode()) <= HTML_BUDGET
    assert "enormous…" in bodies.html
    Tree(bodies.html)  # parses


def test_clean_cuts_at_a_word_and_drops_controls() -> None:
    assert clean("one two three four", 12) == "one two…"
    assert clean("a\x00b\x1b[31m\u202ec", 50) == "ab[31mc"
    assert clean("x" * 30, 10) == "x" * 9 + "…"


# --- the text part ------------------------------------------------------------------------


def test_text_part_is_its_own_wrapped_layout_with_numbered_links() -> None:
    briefing = small_day()
    text = compose(briefing, email_options(settings(), DAY)).text
    lines = text.splitlines()
    assert lines[0] == "Daily briefing: Friday 4 April 2025"
    for line in lines:
        assert len(line) <= 72 or " " not in line.strip(), line
    assert "<" not in text and "style=" not in text
    links = re.findall(r"^\[(\d+)\] (https?://\S+)$", text, re.M)
    assert [int(n) for n, _ in links] == list(range(1, len(links) + 1))
    assert {url for _, url in links} == {s.lead.url for s in briefing.stories}
    first = briefing.sections[0].stories[0]
    assert f"{first.title} [1]" in text
    assert "HARBOUR" in text or "SCHOOLS" in text or "WEATHER" in text


# --- the message --------------------------------------------------------------------------


def test_eml_is_multipart_alternative_text_first_html_last() -> None:
    config = settings(
        to=["Team <team@example.org>", "boss@example.org"],
        **{"from": "Briefing <briefing@news.example.org>"},
        list_unsubscribe=["mailto:leave@example.org", "https://news.example.org/leave"],
    )
    data = eml_bytes(small_day(), config)
    message = message_of(data)
    text, html = parts(message)
    assert message["Subject"] == "Daily briefing — Friday 4 April 2025"
    assert message["From"] == "Briefing <briefing@news.example.org>"
    assert message["To"] == "Team <team@example.org>, boss@example.org"
    assert message["Date"].datetime == dt.datetime(2025, 4, 4, 6, 0, tzinfo=dt.timezone.utc)
    assert re.fullmatch(r"<20250404\.[0-9a-f]{24}@news\.example\.org>", message["Message-ID"])
    assert message["List-Unsubscribe"] == (
        "<mailto:leave@example.org>, <https://news.example.org/leave>"
    )
    assert "Story 0 about" in text
    assert '<html lang="en"' in html
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert max(len(line) for line in data.split(b"\r\n")) <= 78


def test_eml_is_byte_identical_across_runs_and_changes_with_content() -> None:
    first = eml_bytes(small_day(), settings())
    assert eml_bytes(small_day(), settings()) == first
    other = dataclasses.replace(small_day(), title="Evening briefing")
    changed = eml_bytes(other, settings())
    assert message_of(changed)["Message-ID"] != message_of(first)["Message-ID"]
    assert message_of(changed)["Subject"] == "Evening briefing — Friday 4 April 2025"


def test_subject_from_config_and_date_in_the_time_zone() -> None:
    config = Settings(
        email=email_settings({"subject": "{title} for {date} {x}"}),
        timezone=zoneinfo.ZoneInfo("America/New_York"),
    )
    message = message_of(eml_bytes(dataclasses.replace(small_day(), title="News"), config))
    assert message["Subject"] == "News for Friday 4 April 2025 {x}"
    assert message["Date"].datetime.utcoffset() == dt.timedelta(hours=-4)


@pytest.mark.parametrize(
    ("table", "fragment"),
    [
        ({"password": "hunter2"}, "never store credentials"),
        ({"smtp_password": "hunter2"}, "never store credentials"),
        ({"colour": "red"}, "unknown key 'colour'"),
        ({"smtp_security": "tls1"}, "'smtp_security' must be one of"),
        ({"from": "not an address"}, "is not one e-mail address"),
        ({"to": ["a@example.org\r\nBcc: x@evil.example"]}, "must be one line"),
        ({"list_unsubscribe": "javascript:alert(1)"}, "not an https or mailto URL"),
        ({"lang": "en<script>"}, "is not a language tag"),
        ({"stories_per_topic": 0}, "at least 1"),
        ({"username_env": "$HOME"}, "must name an environment variable"),
    ],
)
def test_bad_email_settings_say_what_is_wrong(
    table: dict[str, object], fragment: str, tmp_path: Path
) -> None:
    with pytest.raises(ConfigError, match=re.escape(fragment)):
        email_settings(table)
    # The same table in briefing.toml fails when the settings are loaded.
    config = tmp_path / "briefing.toml"
    config.write_text("[email]\n" + "\n".join(f"{k} = {json.dumps(v)}" for k, v in table.items()))
    with pytest.raises(ConfigError, match=re.escape(fragment)) as error:
        load_settings(config)
    assert str(error.value).startswith(f"{config}: [email]")


def test_briefing_url_must_be_http(tmp_path: Path) -> None:
    config = tmp_path / "briefing.toml"
    config.write_text('briefing_url = "javascript:alert(1)"\n')
    with pytest.raises(ConfigError, match="briefing_url"):
        load_settings(config)
    with pytest.raises(ConfigError, match="briefing_url"):
        load_settings(config, briefing_url="javascript:alert(2)")


@pytest.mark.parametrize("zone", ["utc", "UTC", "Z", "Europe/London"])
def test_the_date_header_takes_every_zone_the_web_step_takes(
    zone: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings(None, timezone=zone)
    message = message_of(eml_bytes(small_day(), settings))
    offset = dt.timedelta(hours=1) if zone == "Europe/London" else dt.timedelta(0)
    assert message["Date"].datetime.utcoffset() == offset


def test_build_eml_with_timezone_utc(tmp_path: Path) -> None:
    from tests.conftest import run_cli, seed_file

    seed_file(tmp_path, "a.txt", "2025-04-04", ["harbour"], "The harbour plan was approved.")
    out = tmp_path / "out"
    result = run_cli("build", str(tmp_path), "-f", "eml", "--timezone", "utc", "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    message = message_of((out / "briefing-2025-04-04.eml").read_bytes())
    assert message["Date"].datetime == dt.datetime(2025, 4, 4, 6, 0, tzinfo=dt.timezone.utc)


def test_build_writes_an_eml_file(tmp_path: Path) -> None:
    from tests.conftest import run_cli, seed_file

    seed_file(tmp_path, "a.txt", "2025-04-04", ["harbour"], "The harbour plan was approved.")
    seed_file(tmp_path, "b.txt", "2025-04-04", ["schools"], "Two schools will merge in May.")
    out = tmp_path / "out"
    result = run_cli("build", str(tmp_path), "--format", "eml", "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    first = (out / "briefing-2025-04-04.eml").read_bytes()
    text, html = parts(message_of(first))
    assert "harbour plan was approved" in text
    assert_nothing_active(html)
    again = run_cli("build", str(tmp_path), "--format", "eml", "-o", str(out), "-q")
    assert again.returncode == 0
    assert (out / "briefing-2025-04-04.eml").read_bytes() == first


def test_build_message_from_parts() -> None:
    briefing = small_day()
    options = email_options(settings(), DAY)
    message = build_message(briefing, options, compose(briefing, options))
    assert message.is_multipart()


# --- the day of 60 real articles ----------------------------------------------------------


def test_sixty_real_articles_and_the_seed_make_a_good_email(tmp_path: Path) -> None:
    bbc, seed = shared_file("eval", "bbc_news_summary.jsonl"), seed_article()
    from briefing.pipeline import build_briefing

    rows = [json.loads(line) for line in bbc.read_text(encoding="utf-8").splitlines()]
    picked = rows[:: len(rows) // 60][:60]
    day = tmp_path / "day.jsonl"
    day.write_text(
        "".join(
            json.dumps(
                {
                    "title": row["title"],
                    "text": row["text"],
                    "tags": [row["category"]],
                    "url": f"https://www.bbc.co.uk/news/{row['id']}",
                    "source": "BBC News",
                }
            )
            + "\n"
            for row in picked
        ),
        encoding="utf-8",
    )
    config = Settings(
        inputs=(str(day), str(seed)),
        out=str(tmp_path / "out"),
        formats=("eml",),
        history=False,
        email=email_settings({"to": "reader@example.org"}),
    )
    result = build_briefing(config, DAY)
    assert result.briefing.article_count == 61
    message = message_of(result.files[0].read_bytes())
    assert message["Subject"] and message["Date"] and message["Message-ID"]
    text, html = parts(message)
    assert len(html.encode("utf-8")) < 102 * 1024
    tree = Tree(html)
    assert tree.all("html")[0]["lang"]
    assert all(t.get("role") == "presentation" for t in tree.all("table"))
    assert all("font-family" in c.get("style", "") for c in tree.all("td"))
    assert_nothing_active(html)
    assert len(text) > 2000
    assert "Russia" in text
    assert text.count("\n  - ") >= 25


def test_email_opens_with_top_stories_and_names_every_outlet() -> None:
    from briefing.pipeline import make_briefing
    from briefing.readers import read_inputs
    from tests.conftest import EXAMPLES

    read = read_inputs([EXAMPLES / "articles"])
    briefing = make_briefing(read.articles, Settings(history=False), dt.date(2025, 4, 4))
    message = email.message_from_bytes(eml_bytes(briefing, Settings()), policy=policy.default)
    assert isinstance(message, EmailMessage)
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    plain, page = str(text.get_content()), str(html.get_content())
    assert plain.index("TOP STORIES") < plain.index("TRANSPORT")
    assert "Reported by harbourtimes.example" in plain
    assert "Top stories</h2>" in page and "Reported by" in page


# --- the main read and "More from today" ------------------------------------------------


def test_the_email_features_the_main_read_and_links_every_other_story() -> None:
    from briefing.stories.budget import plan_reading

    day = briefing_of([story(i, ("harbour", "schools", "weather")[i % 3]) for i in range(60)])
    sections, minutes = plan_reading(day.sections, 2)
    day = dataclasses.replace(day, sections=sections, reading_minutes=minutes)
    featured = [s for s in day.stories if s.featured]
    listed = [s for s in day.stories if not s.featured]
    assert featured and listed
    bodies = compose(day, email_options(settings(stories_per_topic=50), DAY))
    tree = Tree(bodies.html)
    hrefs = {a.get("href") for a in tree.all("a")}
    # Every story of the day is linked: the main read with sentences, the rest by headline.
    assert {s.lead.url for s in day.stories} <= hrefs
    text = " ".join(tree.text)
    assert "More from today" in text and "2 min read" in text
    assert all(s.sentences[0].text in text for s in featured)
    assert not any(s.sentences[0].text in text for s in listed)
    assert "MORE FROM TODAY" in bodies.text
    assert bodies.digest.more_stories == 0


def test_each_sentence_of_a_story_of_several_outlets_links_its_article() -> None:
    first = make_article(
        "Ferry fares rise",
        "Fares rise by a tenth. Boats are full.",
        url="https://a.example/f",
        source="Alpha",
    )
    second = make_article(
        "Ferry fares up",
        "Fares go up in May. The council objects.",
        url="https://b.example/f",
        source="Beta",
    )
    picked = (
        Sentence("Fares rise by a tenth.", first.id, 0, 1.0, first.url),
        Sentence("The council objects.", second.id, 1, 0.9, second.url),
    )
    both = Story("s", (first, second), picked, 2.0)
    bodies = compose(briefing_of([both]), email_options(settings(), DAY))
    items = re.findall(r"<li[^>]*>(.*?)</li>", bodies.html, re.S)
    assert any("Fares rise by a tenth." in i and 'href="https://a.example/f"' in i for i in items)
    assert any("The council objects." in i and 'href="https://b.example/f"' in i for i in items)
    assert "The council objects. (Beta [" in " ".join(bodies.text.split())


def test_an_outlet_with_several_articles_is_named_once_with_each_article_linked() -> None:
    """As on the web page: "Alpha (2, 3) and Beta", never "Alpha, Alpha, Alpha and Beta"."""
    articles = [
        make_article(
            f"Ferry fares rise {n}",
            "Fares rise by a tenth. Boats are full.",
            url=f"https://a.example/f{n}",
            source="Alpha",
        )
        for n in range(3)
    ] + [make_article("Ferry fares up", "Fares go up.", url="https://b.example/f", source="Beta")]
    picked = (Sentence("Fares rise by a tenth.", articles[0].id, 0, 1.0, articles[0].url),)
    told = Story("s", tuple(articles), picked, 2.0)
    bodies = compose(briefing_of([told]), email_options(settings(), DAY))
    meta = [p for p in re.findall(r"<p[^>]*>(.*?)</p>", bodies.html, re.S) if "Reported by" in p]
    assert len(meta) == 1
    words = re.sub(r"<[^>]+>", "", meta[0])
    assert "Reported by Alpha (2, 3) and Beta" in " ".join(words.split())
    assert re.findall(r'href="([^"]+)"', meta[0]) == [
        "https://a.example/f0",
        "https://a.example/f1",
        "https://a.example/f2",
        "https://b.example/f",
    ]


def test_the_email_speaks_its_own_language() -> None:
    bodies = compose(small_day(), email_options(settings(lang="de-DE"), DAY))
    assert '<html lang="de-DE"' in bodies.html
    assert "Freitag, 4. April 2025" in bodies.html
    assert "Freitag, 4. April 2025" in bodies.text and "9 Meldungen" in bodies.text
    english = compose(small_day(), email_options(settings(), DAY))
    assert "Friday 4 April 2025" in english.text and "9 stories" in english.text


def test_the_email_speaks_the_briefings_language_unless_told() -> None:
    french = Settings(lang="fr")
    bodies = compose(small_day(), email_options(french, DAY))
    assert '<html lang="fr"' in bodies.html and "vendredi 4 avril 2025" in bodies.text
    own = Settings(lang="fr", email=email_settings({"lang": "de-CH"}))
    assert '<html lang="de-CH"' in compose(small_day(), email_options(own, DAY)).html
    assert '<html lang="en"' in compose(small_day(), email_options(Settings(), DAY)).html
