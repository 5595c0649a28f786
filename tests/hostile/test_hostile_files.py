"""Files made to hurt: deep JSON, deep folders, links out of the folder, odd bytes, odd names.

Each bad input is skipped with its name and reason; every good one still arrives.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from benchmarks._hostile import (
    GOOD_ARTICLES,
    Behaviour,
    HostileServer,
    deep_json,
    deep_json_feed,
    write_good_articles,
)
from briefing.readers import read_inputs
from briefing.readers.feeds import Link
from briefing.readers.http import FetchOptions
from briefing.readers.inputs import MAX_DEPTH
from briefing.readers.web import WebOptions, read_web

GOOD_TITLES = sorted(title for _, title, _ in GOOD_ARTICLES)
DEEP = "JSON nested too deeply to read (over the parser's depth limit)"


def titles(folder: Path, **how: bool) -> list[str]:
    return sorted(a.title for a in read_inputs([folder], **how).articles)


def reasons(folder: Path, **how: bool) -> dict[str, str]:
    return {s.input: s.reason for s in read_inputs([folder], **how).skipped}


def test_deep_json_files_are_skipped_and_the_rest_read(tmp_path: Path):
    write_good_articles(tmp_path)
    (tmp_path / "deep.json").write_bytes(deep_json(5000))
    (tmp_path / "feed.json").write_bytes(deep_json_feed(5000))
    good_line = json.dumps({"title": "Good line", "text": GOOD_ARTICLES[0][2]})
    (tmp_path / "lines.jsonl").write_text(
        good_line + "\n" + deep_json(3000).decode() + "\n", encoding="utf-8"
    )
    assert titles(tmp_path) == sorted([*GOOD_TITLES, "Good line"])
    skipped = reasons(tmp_path)
    assert skipped[str(tmp_path / "deep.json")] == DEEP
    assert skipped[str(tmp_path / "feed.json")] == DEEP
    assert skipped[f"{tmp_path / 'lines.jsonl'}:2"] == DEEP


def test_a_deep_remote_json_feed_is_skipped(tmp_path: Path):
    with HostileServer() as server:
        deep = server.add("/deep.json", Behaviour("ok", deep_json_feed(5000), "application/json"))
        result = read_web([Link(deep)], WebOptions(fetch=FetchOptions(timeout=2, retries=0)))
    assert result.sources[0].reason == f"not a feed ({DEEP})"


def test_folders_a_thousand_deep_are_cut_at_the_depth_limit(tmp_path: Path):
    write_good_articles(tmp_path)
    folders = [tmp_path / os.path.join(*["d"] * n) for n in range(1, 1001)]
    try:
        for folder in folders:
            folder.mkdir()
        bottom = folders[-1] / "bottom.txt"
        bottom.write_text("date: 2025-04-04\n\n" + GOOD_ARTICLES[0][2])
        assert titles(tmp_path) == GOOD_TITLES
        [(name, reason)] = reasons(tmp_path).items()
        assert name == str(folders[MAX_DEPTH])
        assert reason == f"folder nested over {MAX_DEPTH} levels deep, not read"
    finally:
        # pytest's own clean-up recurses, and would fail a thousand levels down.
        (folders[-1] / "bottom.txt").unlink(missing_ok=True)
        for folder in reversed(folders):
            if folder.exists():
                folder.rmdir()


def test_a_symlink_out_of_the_folder_is_not_followed(tmp_path: Path):
    inside, outside = tmp_path / "inside", tmp_path / "outside"
    write_good_articles(inside)
    outside.mkdir()
    secret = outside / "passwd.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/sh\n" + "daemon:x:1:1::/usr/sbin:/bin/sh\n" * 9)
    (inside / "passwd.txt").symlink_to(secret)
    (inside / "elsewhere").symlink_to(outside, target_is_directory=True)
    (inside / "again.txt").symlink_to(inside / "ferry.txt")  # Inside: followed.
    read = read_inputs([inside])
    assert sorted(a.title for a in read.articles) == sorted([*GOOD_TITLES, GOOD_ARTICLES[0][1]])
    refused = "symbolic link to outside the folder, not followed (--follow-symlinks follows it)"
    skipped = {s.input: s.reason for s in read.skipped}
    assert skipped == {str(inside / "elsewhere"): refused, str(inside / "passwd.txt"): refused}
    assert not any("root:x" in a.title + a.text for a in read.articles)
    followed = read_inputs([inside], follow_symlinks=True)
    assert any(a.title.startswith("root:x:0:0") for a in followed.articles)


def test_one_bad_byte_spoils_only_itself(tmp_path: Path):
    good = {"title": "Zürich tram line opens", "text": "Zürich " + GOOD_ARTICLES[1][2]}
    stray = {"title": "Genève stray byte", "text": "Genève BAD " + GOOD_ARTICLES[2][2]}
    legacy = {"title": "Café line", "text": "Café " + GOOD_ARTICLES[0][2]}
    lines = [json.dumps(item, ensure_ascii=False) for item in (good, stray, legacy)]
    raw = lines[0].encode() + b"\n" + lines[1].encode().replace(b"BAD", b"\xff")
    raw += b"\n" + lines[2].encode("cp1252") + b"\n"  # One line written in cp1252
    (tmp_path / "day.jsonl").write_bytes(raw)
    by_title = {a.title: a for a in read_inputs([tmp_path]).articles}
    assert by_title["Zürich tram line opens"].text.startswith("Zürich The town library")
    assert by_title["Genève stray byte"].text.startswith("Genève \ufffd Residents planted")
    assert by_title["Café line"].text.startswith("Café The island ferry")


def test_undeclared_euc_jp_is_detected():
    from briefing.readers.decode import decode

    text = (
        "市は月曜日、新しい図書館を開館したと発表しました。市民は無料で本を借りることが"
        "できます。館長によると、子ども向けの読書会も毎週土曜日に開かれる予定です。"
    )
    assert decode(text.encode("euc-jp"), "a.txt") == text


@pytest.mark.parametrize(
    ("encoding", "title", "body"),
    [
        (
            "koi8-r",
            "Новая библиотека",
            "В городе открылась новая библиотека. Жители могут брать книги бесплатно. "
            "Директор сказала, что по субботам будут проходить чтения для детей.",
        ),
        (
            "cp1255",
            "ספרייה חדשה",
            "בעיר נפתחה ספרייה חדשה. התושבים יכולים לשאול ספרים בחינם. "
            "המנהלת אמרה שבכל שבת יתקיימו שעות סיפור לילדים.",
        ),
    ],
)
def test_undeclared_legacy_encodings_are_detected(
    tmp_path: Path, encoding: str, title: str, body: str
):
    path = tmp_path / "article.txt"
    path.write_bytes(f"date: 2025-04-04\ntitle: {title}\n\n{body}\n".encode(encoding))
    [article] = read_inputs([path]).articles
    assert article.title == title
    assert article.text == body


def test_a_utf16_feed_file_is_read(tmp_path: Path):
    item = "<item><title>Utf sixteen</title><description>{}</description></item>"
    feed = (
        '<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><title>W</title>'
        + item.format(GOOD_ARTICLES[0][2])
        + "</channel></rss>"
    )
    (tmp_path / "wide.xml").write_bytes(feed.encode("utf-16"))
    [article] = read_inputs([tmp_path]).articles
    assert article.title == "Utf sixteen"


def test_control_characters_never_reach_names_titles_or_text(tmp_path: Path):
    forged = "a.txt\nskipped everything: fine"
    (tmp_path / forged).write_text("")
    evil = {"title": "Harbour\x1b[31m news\u202e", "text": "\x00" + GOOD_ARTICLES[0][2] + "\u2066"}
    (tmp_path / "evil.json").write_text(json.dumps(evil), encoding="utf-8")
    read = read_inputs([tmp_path])
    [article] = read.articles
    assert article.title == "Harbour[31m news"
    assert article.text == GOOD_ARTICLES[0][2]
    [skipped] = read.skipped
    assert skipped.input == str(tmp_path / "a.txt\\nskipped everything: fine")
    assert "\n" not in skipped.input


def test_readme_and_changelog_pages_are_read_and_notes_are_not(tmp_path: Path):
    from tests.conftest import article_page

    page = article_page(
        "Harbour board agrees dredging plan",
        [
            "The harbour board met on Friday and agreed to dredge the outer channel. "
            "Larger boats had run aground twice this winter at low tide, members said.",
            "Work starts in May and lasts six weeks; crews will use the inner quay.",
        ],
    )
    (tmp_path / "README.html").write_bytes(page)
    (tmp_path / "CHANGELOG.md").write_text("# Changes\n\n- Fixed the build on Tuesday.\n")
    read = read_inputs([tmp_path])
    assert [a.title for a in read.articles] == ["Harbour board agrees dredging plan"]
    assert [(s.input, s.reason) for s in read.skipped] == [
        (str(tmp_path / "CHANGELOG.md"), "project notes, not an article")
    ]
