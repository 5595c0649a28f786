"""The watchlist: stories mentioning tracked names are marked and gathered in a block."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

from briefing.config.settings import Settings, load_settings
from briefing.pipeline import make_briefing
from briefing.render.formats import render
from briefing.stories.watchlist import mentions, watch_stories, watched
from tests.conftest import make_story, run_cli, write_jsonl
from tests.newsday import newsday


def test_capitals_in_a_term_must_be_capitals_in_the_text() -> None:
    text = "Apple sold more phones. She ate an apple pie. The ECB held rates. Ecb fans."
    assert mentions(text, ["Apple"]) == ("Apple",)
    assert mentions("an apple pie", ["Apple"]) == ()
    assert mentions("APPLE shares rose", ["Apple"]) == ("Apple",)
    assert mentions("the ecb", ["ECB"]) == ()
    assert mentions(text, ["ECB", "apple"]) == ("ECB", "apple")
    assert mentions("Climate  Change talks", ["climate change"]) == ("climate change",)
    assert mentions("Applebee's opened", ["Apple"]) == ()
    assert mentions("anything", ["", "  "]) == ()


def test_stories_get_their_terms_and_the_block_lists_them() -> None:
    briefing = make_briefing(newsday(), Settings(watchlist=("Interpol", "Olav Rusk", "nobody")))
    marked = [s for s in briefing.stories if s.watch]
    assert sorted(s.watch for s in marked) == [("Interpol",), ("Olav Rusk",)]
    assert set(briefing.watchlist) == {s.id for s in marked}
    data = json.loads(render(briefing, "json"))
    assert sorted(data["watchlist"]) == sorted(briefing.watchlist)
    ids = [s["id"] for section in data["sections"] for s in section["stories"]]
    assert len(ids) == len(set(ids)) and set(data["watchlist"]) <= set(ids)


def test_no_watchlist_changes_nothing() -> None:
    story = make_story(newsday()[0])
    assert watch_stories([story], ()) == [story]
    assert watched([story]) == ()


class Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.sections: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "section" and found.get("id"):
            self.sections.append(str(found["id"]))
        if tag == "a" and (found.get("href") or "").startswith("#"):
            self.links.append(str(found["href"])[1:])


def test_html_has_top_stories_and_watchlist_blocks_linking_to_stories() -> None:
    briefing = make_briefing(newsday(), Settings(watchlist=("Interpol",)))
    parser = Anchors()
    parser.feed(render(briefing, "html"))
    assert parser.sections[:2] == ["top-stories", "watchlist"]
    assert set(parser.links) <= parser.ids
    for story_id in briefing.top_stories + briefing.watchlist:
        assert f"story-{story_id}" in parser.links


def test_watchlist_from_the_config_file_and_the_flag(tmp_path: Path) -> None:
    config = tmp_path / "briefing.toml"
    config.write_text('watchlist = ["Interpol", "Tarn Island"]\n', encoding="utf-8")
    assert load_settings(config).watchlist == ("Interpol", "Tarn Island")
    feed = tmp_path / "feed.jsonl"
    write_jsonl(feed, newsday())
    out = tmp_path / "out"
    args = ("build", str(feed), "-c", str(config), "-f", "json", "-o", str(out), "--no-history")
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    data = json.loads((out / "briefing-2025-04-04.json").read_text(encoding="utf-8"))
    assert len(data["watchlist"]) == 2
    result = run_cli(*args, "--watch", "Verdon")
    data = json.loads((out / "briefing-2025-04-04.json").read_text(encoding="utf-8"))
    assert len(data["watchlist"]) == 1
    story = next(s for sec in data["sections"] for s in sec["stories"] if s["watch"])
    assert story["watch"] == ["Verdon"]
