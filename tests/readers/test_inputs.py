"""Readers: the seed format, plain text, JSON, folders, standard input and bad files."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from pathlib import Path

import pytest

from briefing.errors import InputError
from briefing.readers import read_inputs
from briefing.readers.markup import tag_name
from tests.conftest import seed_file, shared_file

BODY = (
    "The harbour board voted on Monday to dredge the northern channel before the summer. "
    "Fishing crews said the silt had made the entrance dangerous at low tide. "
    "The work will cost about four million pounds and take eleven weeks."
)


def test_seed_format_gives_date_tags_text_and_source(tmp_path: Path) -> None:
    seed_file(tmp_path, "a.txt", "2025-04-04", ["harbour", "donald-trump", "uk"], BODY)
    (article,) = read_inputs([tmp_path]).articles
    assert article.date == dt.date(2025, 4, 4)
    assert [t.slug for t in article.tags] == ["harbour", "donald-trump", "uk"]
    assert [t.name for t in article.tags] == ["Harbour", "Donald Trump", "UK"]
    assert article.source == "news.example.org"
    assert article.text.startswith("The harbour board voted on Monday")
    assert "<" not in article.text and "href" not in article.text
    assert article.title_derived and article.title and "Untitled" not in article.title


def test_seed_article_from_shared_folder() -> None:
    (article,) = read_inputs([shared_file("seed", "article-2025-04-04.txt")]).articles
    assert article.date == dt.date(2025, 4, 4)
    slugs = [t.slug for t in article.tags]
    assert {"uk", "france", "russia", "ukraine", "donald-trump"} <= set(slugs)
    assert article.source == "thenationalnews.com"
    assert "<a" not in article.text and "&amp;" not in article.text
    assert not article.text.startswith("date")


def test_entities_decoded_and_scripts_dropped(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "date 2025-04-04 Fish &amp; chips prices rose <b>sharply</b> this spring in the port."
        "<script>alert('x')</script> Traders blamed the cost of oil and of new nets.",
        encoding="utf-8",
    )
    (article,) = read_inputs([tmp_path / "a.txt"]).articles
    assert "Fish & chips prices rose sharply" in article.text
    assert "alert" not in article.text


def test_tag_names_read_well() -> None:
    assert tag_name("donald-trump") == "Donald Trump"
    assert tag_name("uk", ["Britain"]) == "UK"
    assert tag_name("nato", ["Nato"]) == "NATO"
    assert tag_name("mcdonalds", ["McDonalds"]) == "McDonalds"


def test_plain_text_title_and_date_header(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(f"date 2025-04-03\nHarbour to be dredged\n\n{BODY}\n", encoding="utf-8")
    (article,) = read_inputs([path]).articles
    assert article.title == "Harbour to be dredged"
    assert not article.title_derived
    assert article.date == dt.date(2025, 4, 3)
    assert article.text.startswith("The harbour board")


def test_first_line_that_is_a_sentence_is_not_a_title(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("The board met today.\n" + BODY, encoding="utf-8")
    (article,) = read_inputs([path]).articles
    assert article.text.startswith("The board met today.")


def test_json_and_jsonl_schema(tmp_path: Path) -> None:
    item = {
        "title": "Dredging starts",
        "content": BODY,
        "url": "https://port.example.com/dredge",
        "date": "2025-04-04T09:30:00Z",
        "tags": ["Harbour", "local-news"],
    }
    (tmp_path / "one.json").write_text(json.dumps({"articles": [item, item | {"title": "B"}]}))
    (tmp_path / "many.jsonl").write_text(json.dumps(item | {"body": BODY}) + "\n")
    result = read_inputs([tmp_path])
    assert len(result.articles) == 3
    article = result.articles[0]
    assert article.title == "Dredging starts"
    assert article.source == "port.example.com"
    assert article.date == dt.date(2025, 4, 4)
    assert [(t.slug, t.name) for t in article.tags] == [
        ("harbour", "Harbour"),
        ("local-news", "Local News"),
    ]


def test_bad_files_are_named_and_good_ones_kept(tmp_path: Path) -> None:
    seed_file(tmp_path, "good.txt", "2025-04-04", ["harbour"], BODY)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 100)
    (tmp_path / "latin1.txt").write_bytes(
        ("date 2025-04-04 Le café du port a rouvert après les travaux. " + BODY).encode("latin-1")
    )
    good_line = json.dumps({"title": "Line", "text": BODY, "date": "2025-04-04"})
    (tmp_path / "cut.jsonl").write_text(good_line + "\n" + good_line[:40], encoding="utf-8")
    (tmp_path / "huge.txt").write_text("date 2025-04-04 " + "word " * 1_300_000, encoding="utf-8")
    (tmp_path / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = read_inputs([tmp_path])
    titles = sorted(a.origin for a in result.articles)
    assert [Path(t.split(":")[0]).name for t in titles] == ["cut.jsonl", "good.txt", "latin1.txt"]
    latin = next(a for a in result.articles if a.origin.endswith("latin1.txt"))
    assert "café" in latin.text
    reasons = {Path(s.input).name: s.reason for s in result.skipped}
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["binary.txt"]
    assert "malformed JSON" in reasons["cut.jsonl:2"]
    assert "limit" in reasons["huge.txt"]
    assert "unknown suffix" in reasons["picture.png"]


def test_folder_recursion_hidden_files_and_link_loops(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    seed_file(tmp_path / "a" / "b", "deep.txt", "2025-04-04", ["x"], BODY)
    (tmp_path / ".hidden").mkdir()
    seed_file(tmp_path / ".hidden", "secret.txt", "2025-04-04", ["x"], BODY)
    seed_file(tmp_path, ".dotfile.txt", "2025-04-04", ["x"], BODY)
    os.symlink(tmp_path, tmp_path / "a" / "loop")
    result = read_inputs([tmp_path])
    assert [Path(a.origin).name for a in result.articles] == ["deep.txt"]


def test_missing_input_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_inputs([tmp_path / "nope"])
    with pytest.raises(InputError, match="unknown input format"):
        read_inputs([tmp_path], input_format="pdf")


def test_space_folding_is_the_regular_expression_s() -> None:
    # make_article folds whitespace with str.split(): the characters it splits on are
    # exactly those \s matches, so text reads as it did when folded with re.sub.
    space = re.compile(r"\s")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert (space.match(char) is not None) == (len(f"a{char}b".split()) == 2), hex(code)
