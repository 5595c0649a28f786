"""``examples/briefing.toml`` names every setting and loads with the real loader, with its
commented settings turned on too, so it cannot fall behind the settings."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

from briefing.config.archive import ArchiveSettings
from briefing.config.email import _KEYS as EMAIL_KEYS
from briefing.config.fetch import FetchSettings
from briefing.config.settings import _CHECKS, _TABLES, load_settings
from tests.conftest import EXAMPLES, run_cli

EXAMPLE = EXAMPLES / "briefing.toml"
COMMENTED = re.compile(r"^# (\w+ = .*?)(?:\s{2,}#.*)?$", re.M)


def tables(text: str) -> dict[str, str]:
    """The top of the file (key "") and each [table]'s text."""
    parts = re.split(r"^\[(\w+)\]", text, flags=re.M)
    return {"": parts[0], **dict(zip(parts[1::2], parts[2::2], strict=True))}


def named(text: str) -> set[str]:
    return set(re.findall(r"^#?\s*(\w+)\s*=", text, re.M))


def test_every_setting_is_in_the_example() -> None:
    found = tables(EXAMPLE.read_text(encoding="utf-8"))
    assert named(found[""]) == set(_CHECKS) - set(_TABLES)
    assert set(found) - {""} == set(_TABLES)
    assert named(found["email"]) == set(EMAIL_KEYS)
    assert named(found["fetch"]) == {f.name for f in fields(FetchSettings)}
    assert named(found["archive"]) == {f.name for f in fields(ArchiveSettings)}


def test_the_example_loads_as_it_is_and_with_every_setting_on(tmp_path: Path) -> None:
    settings = load_settings(EXAMPLE)
    assert settings.inputs == (str(EXAMPLES / "articles"),)
    assert settings.state_dir == str(EXAMPLES / ".briefing")
    text = EXAMPLE.read_text(encoding="utf-8")
    on = COMMENTED.sub(r"\1", text)
    assert on.count("\n# ") < text.count("\n# ") - 10
    everything = tmp_path / "briefing.toml"
    everything.write_text(on, encoding="utf-8")
    (tmp_path / "articles").mkdir()
    full = load_settings(everything)
    assert full.site_url == "https://news.example.org/briefings/"
    assert full.email.username_env == "BRIEFING_SMTP_USER" and full.words == 80
    assert full.state_dir == str(tmp_path / ".briefing")


def test_the_example_builds(tmp_path: Path) -> None:
    result = run_cli(
        "build", "-c", str(EXAMPLE), "--date", "2025-04-04", "-o", str(tmp_path / "out"),
        "--state-dir", str(tmp_path / "state"), "-q",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "index.html").is_file()
