"""The whole build against a hostile folder, as the issue checks it: through the command line."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks._hostile import (
    GOOD_ARTICLES,
    Behaviour,
    HostileServer,
    deep_json_feed,
    write_good_articles,
)
from tests.conftest import rss_feed, run_cli

SECRET = "root:x:0:0:this-line-must-never-be-published"
GOOD_LINE = {
    "title": "Zürich council backs night trams",
    "text": "Zürich will run trams all night at weekends from June, the council decided. "
    "The trial follows a petition signed by eleven thousand residents last year. "
    "Operators said two extra drivers would be needed for every weekend night.",
    "date": "2025-04-04",
}


def hostile_folder(tmp_path: Path, internal: HostileServer) -> Path:
    folder = tmp_path / "day"
    write_good_articles(folder)
    (folder / "deep.json").write_bytes(deep_json_feed(5000))
    teaser = "Read the internal report…"
    entries = [
        {"title": "Internal", "link": internal.url("/secret"), "summary": teaser},
        {"title": "Internal too", "link": internal.url("/admin", "localhost"), "summary": teaser},
    ]
    (folder / "saved.rss").write_bytes(rss_feed("Saved", entries))
    bad = dict(
        GOOD_LINE,
        title="Broken line",
        text="Bern opened a bicycle bridge over the river on Thursday morning. "
        "Cyclists queued to cross it before the ribbon was cut by the mayor. "
        "The bridge took three years to build and cost less than planned.",
    )
    line = json.dumps(bad, ensure_ascii=False).encode().replace(b"Bern", b"B\xffern", 1)
    good = json.dumps(GOOD_LINE, ensure_ascii=False).encode()
    (folder / "lines.jsonl").write_bytes(good + b"\n" + line + b"\n")
    outside = tmp_path / "outside.txt"
    outside.write_text(f"{SECRET}\n" + "daemon:x:1:1::/usr/sbin:/bin/sh\n" * 9)
    (folder / "passwd.txt").symlink_to(outside)
    return folder


def test_a_hostile_folder_still_gives_the_good_briefing(tmp_path: Path, internal: HostileServer):
    internal.add("/secret", Behaviour("ok", b"<html><body><p>internal</p></body></html>"))
    folder = hostile_folder(tmp_path, internal)
    with HostileServer() as dripping:
        page = b"<html><body>" + b"<p>Slow words arrive.</p>" * 200 + b"</body></html>"
        drip = dripping.add("/drip.html", Behaviour("drip", page, interval=0.2))
        (tmp_path / "briefing.toml").write_text("[fetch]\ndeadline = 3\ntimeout = 2\n")
        out = tmp_path / "out"
        done = run_cli(
            "build", str(folder), drip, "--date", "2025-04-04", "--out", str(out),
            "-f", "json", "-f", "markdown", "-f", "html", "-f", "text", "--no-history",
            cwd=tmp_path,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    data = json.loads((out / "briefing-2025-04-04.json").read_text(encoding="utf-8"))
    articles = [a for s in data["sections"] for st in s["stories"] for a in st["articles"]]
    titles = {a["title"] for a in articles}
    assert {title for _, title, _ in GOOD_ARTICLES} | {GOOD_LINE["title"]} <= titles
    sentences = [
        x["text"] for s in data["sections"] for st in s["stories"] for x in st["sentences"]
    ]
    assert any(sentence.startswith("Zürich will run trams") for sentence in sentences)
    # Not reached, not read, and each named with its reason.
    assert internal.requests == 0
    skipped = {s["input"]: s["reason"] for s in data["skipped"]}
    assert skipped[str(folder / "deep.json")].startswith("JSON nested too deeply")
    assert skipped[drip].startswith("too slow (not complete within 3 s)")
    assert skipped[str(folder / "passwd.txt")].startswith("symbolic link to outside the folder")
    assert skipped[internal.url("/secret")].startswith("refused: 127.0.0.1 is a loopback")
    assert skipped[internal.url("/admin", "localhost")].startswith("refused: localhost is a")
    for name in skipped:
        assert f"skipped {name}: " in done.stderr
    sources = {s["source"]: s for s in data["sources"]}
    assert sources[internal.url("/secret")]["reason"].startswith("refused: ")
    for written in out.glob("briefing-2025-04-04.*"):
        assert "root:x:0:0" not in written.read_text(encoding="utf-8")
    markdown = (out / "briefing-2025-04-04.md").read_text(encoding="utf-8")
    assert "refused: 127.0.0.1 is a loopback address" in markdown  # The Sources footer


def test_a_folder_of_only_bad_files_fails_naming_each(tmp_path: Path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "deep.json").write_bytes(deep_json_feed(5000))
    (folder / "empty.txt").write_text("")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (folder / "forged.txt\nskipped all: fine").write_text("\x00\x01\x02")
    (folder / "short.md").write_text("Too short.")
    done = run_cli("build", str(folder), "--out", str(tmp_path / "out"), "--no-history")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert lines[-1].startswith("briefing: error: no article carries a date")
    named = [line for line in lines if line.startswith("skipped ")]
    assert len(named) == 5 and len(lines) == 6  # The newline in a name forged no line.
    for name in ("deep.json", "empty.txt", "image.png", "forged.txt\\nskipped all: fine"):
        assert any(line.startswith(f"skipped {folder / name}: ") for line in named), name
    assert any("short.md: no usable text" in line for line in named)


def test_an_outlier_date_does_not_choose_the_day(tmp_path: Path):
    folder = tmp_path / "days"
    write_good_articles(folder)
    (folder / "future.txt").write_text(
        "date: 2099-01-01\ntitle: A date typed wrong\n\n" + GOOD_ARTICLES[0][2]
    )
    done = run_cli("build", str(folder), "--out", str(tmp_path / "out"), "--no-history")
    assert done.returncode == 0, done.stderr
    assert "3 articles for 2025-04-04 (4 read, 1 on other days, 0 skipped)" in done.stdout


def test_follow_symlinks_reads_a_link_out_of_the_folder(tmp_path: Path):
    folder = tmp_path / "day"
    write_good_articles(folder)
    shared = tmp_path / "shared.txt"
    shared.write_text("date: 2025-04-04\ntitle: Shared harbour notes\n\n" + GOOD_LINE["text"])
    (folder / "shared.txt").symlink_to(shared)
    out = tmp_path / "out"
    args = ["build", str(folder), "--out", str(out), "--no-history", "-f", "json"]
    refused = run_cli(*args)
    assert refused.returncode == 0, refused.stderr
    assert f"skipped {folder / 'shared.txt'}: symbolic link to outside the folder" in refused.stderr
    followed = run_cli(*args, "--follow-symlinks")
    assert followed.returncode == 0, followed.stderr
    assert "4 articles for 2025-04-04 (4 read, 0 skipped)" in followed.stdout
