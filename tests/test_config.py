"""Settings: defaults < briefing.toml < flags; bad files say what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.config.settings import Settings, load_settings, normalize_formats
from briefing.errors import ConfigError


def test_defaults_without_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert load_settings() == Settings()


def test_file_then_flags_and_unset_flags_do_not_override(tmp_path: Path) -> None:
    config = tmp_path / "briefing.toml"
    config.write_text('title = "Port"\nsentences = 4\nformats = ["md", "json"]\nout = "site"\n')
    settings = load_settings(config, sentences=None, formats=(), title="Flag title")
    assert settings.sentences == 4
    assert settings.formats == ("markdown", "json")
    assert settings.title == "Flag title"
    assert settings.out == str(tmp_path / "site")


def test_format_aliases_and_order() -> None:
    assert normalize_formats(["md", "HTML", "txt", "markdown"]) == ("markdown", "html", "text")
    with pytest.raises(ConfigError, match="unknown format 'pdf'"):
        normalize_formats(["pdf"])


@pytest.mark.parametrize(
    "content,message",
    [
        ("title = ", "not valid TOML"),
        ("colour = 'red'", "unknown setting 'colour'"),
        ("sentences = 0", "at least 1"),
        ("inputs = 5", "list of strings"),
    ],
)
def test_bad_config_files(tmp_path: Path, content: str, message: str) -> None:
    config = tmp_path / "briefing.toml"
    config.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_settings(config)


def test_named_config_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "missing.toml")
