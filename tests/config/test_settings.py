"""Settings: defaults < briefing.toml < flags; bad files say what is wrong."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from briefing.config import EmailSettings, FetchSettings
from briefing.config import resolve_timezone as config_resolve_timezone
from briefing.config.settings import Settings, load_settings, normalize_formats
from briefing.errors import ConfigError
from tests.conftest import run_python


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


# --- every setting typed and checked at load ------------------------------------------------


def test_every_setting_has_its_check() -> None:
    from briefing.config.settings import _CHECKS

    assert list(_CHECKS) == [f.name for f in dataclasses.fields(Settings)]


@pytest.mark.parametrize(
    "content,message",
    [
        ("title = 3", "'title' must be a string, not a number"),
        ("out = 5", "'out' must be a path (a non-empty string), not a number"),
        ('out = ""', "'out' must be a path"),
        ("inputs = [5]", "'inputs' must be a list of strings"),
        ("formats = 5", "'formats' must be a list of strings"),
        ('formats = ["pdf"]', "'formats': unknown format 'pdf'; use one of email, eml, html"),
        ("formats = []", "no output format chosen"),
        ('method = "magic"', "'method': unknown method 'magic'; use one of newsrank, lead"),
        ("method = 1", "'method' must be a string"),
        ("sentences = true", "'sentences' must be a whole number of at least 1"),
        ("words = 1.5", "'words' must be a whole number of at least 1"),
        ("jobs = 0", "'jobs' must be a whole number of at least 1"),
        ("templates = []", "'templates' must be a path"),
        ('input_format = "xml"', "'input_format': unknown input format 'xml'; use one of seed"),
        ("strict = 1", "'strict' must be true or false, not a number"),
        ('quiet = "no"', "'quiet' must be true or false, not a string"),
        ("front_matter = 1", "'front_matter' must be true or false"),
        ('history = "yes"', "'history' must be true or false, not a string"),
        ("history_path = true", "'history_path' must be a path"),
        ("watchlist = 5", "'watchlist' must be a list of strings"),
        ('timezone = "Mars/Base"', "unknown time zone 'Mars/Base'"),
        ("timezone = 1", "'timezone' must be a string"),
        ('briefing_url = "javascript:alert(1)"', "'briefing_url': 'javascript:alert(1)' is not"),
        ("cache_dir = 5", "'cache_dir' must be a path"),
        ('email = "me@example.org"', "[email] must be a table"),
        ("[email]\nsmtp_security = 'tls1'", "[email] 'smtp_security' must be one of starttls"),
        ("fetch = 5", "[fetch] must be a table"),
        ("[fetch]\nretries = -1", "[fetch]: 'retries' must be a whole number"),
        ("[fetch]\ncache = 'no'", "[fetch]: 'cache' must be true or false"),
        (
            "[fetch]\nspeed = 2",
            "[fetch]: unknown setting 'speed'; known: allow_hosts, allow_private, backoff",
        ),
        (
            "[fetch]\ntimeout = 0",
            "[fetch]: timeout, deadline and run_deadline must be above 0 seconds",
        ),
        ('follow_symlinks = "yes"', "'follow_symlinks' must be true or false, not a string"),
        ("[fetch]\nallow_private = 1", "[fetch]: 'allow_private' must be true or false"),
        ('[fetch]\nallow_hosts = "intranet"', "[fetch]: 'allow_hosts' must be a list of host"),
        (
            '[fetch]\nallow_hosts = ["ok.example", "not a/host"]',
            "[fetch]: 'allow_hosts' entry 'not a/host' is not a host name, IP or network",
        ),
        ("[fetch]\nmax_pages = 0", "[fetch]: concurrency, per_host, max_bytes and max_pages"),
        ("[fetch]\nrun_deadline = 0", "[fetch]: timeout, deadline and run_deadline must be"),
        ('language = "?"', "'language': '?' is not a language code; use a code such as en"),
        ("language = 5", "'language' must be a string"),
        (
            'lang = "pl"',
            "'lang': the briefing's words come in en, de, fr, es, it, pt, nl, not 'pl'",
        ),
    ],
)
def test_wrong_values_in_the_file_name_the_file_and_the_setting(
    tmp_path: Path, content: str, message: str
) -> None:
    config = tmp_path / "briefing.toml"
    config.write_text(content + "\n")
    with pytest.raises(ConfigError) as error:
        load_settings(config)
    line = str(error.value)
    assert "\n" not in line
    assert message in line and str(config) in line, line


@pytest.mark.parametrize(
    "flags,message",
    [
        ({"method": "magic"}, "--method: unknown method 'magic'; use one of newsrank"),
        ({"formats": ("md", "pdf")}, "--format: unknown format 'pdf'"),
        ({"timezone": "Mars/Base"}, "unknown time zone 'Mars/Base' (--timezone)"),
        ({"input_format": "xml"}, "--input-format: unknown input format 'xml'"),
        ({"sentences": 0}, "--sentences must be a whole number of at least 1"),
        ({"watchlist": 5}, "--watch must be a list of strings"),
        ({"out": 5}, "--out must be a path"),
        ({"email": {"to": "nobody"}}, "[email] 'to': 'nobody' is not one e-mail address"),
        ({"lang": "xx"}, "--lang: the briefing's words come in en, de"),
        ({"language": "12"}, "--language: '12' is not a language code"),
    ],
)
def test_flags_are_checked_like_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flags: dict[str, object], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_settings(None, **flags)


def test_a_flag_that_is_not_a_setting_is_a_programming_error() -> None:
    with pytest.raises(TypeError, match="unknown setting 'colour'"):
        load_settings(None, colour="red")


@pytest.mark.parametrize("name", ["UTC", "utc", "Z", " z "])
def test_utc_spellings_accepted_today_stay_accepted(name: str, tmp_path: Path) -> None:
    config = tmp_path / "briefing.toml"
    config.write_text(f'timezone = "{name}"\n')
    assert load_settings(config).timezone == dt.timezone.utc
    assert load_settings(config, timezone="Europe/Paris").timezone == ZoneInfo("Europe/Paris")


def test_the_time_zone_is_one_resolution_for_the_web_and_the_mail(tmp_path: Path) -> None:
    from briefing.mail import email_options
    from briefing.readers.web import resolve_timezone, web_options

    settings = load_settings(_empty(tmp_path), timezone="Z")
    assert resolve_timezone is config_resolve_timezone
    assert web_options(settings).timezone == dt.timezone.utc
    assert email_options(settings, dt.date(2025, 4, 4)).timezone == dt.timezone.utc
    unset = load_settings(_empty(tmp_path))
    assert unset.timezone is None
    assert web_options(unset).timezone == dt.timezone.utc


def test_tables_are_typed_values(tmp_path: Path) -> None:
    config = tmp_path / "briefing.toml"
    config.write_text(
        'cache_dir = "cache"\n'
        "[fetch]\ntimeout = 2\nretries = 0\nper_host = 1\ncache = false\n"
        'user_agent = "mybot/1 (+mailto:me@example.org)"\n'
        '[email]\nto = ["Team <team@example.org>"]\nsmtp_security = "ssl"\n'
    )
    settings = load_settings(config)
    assert settings.fetch == FetchSettings(
        timeout=2.0,
        retries=0,
        per_host=1,
        cache=False,
        user_agent="mybot/1 (+mailto:me@example.org)",
    )
    assert settings.email == EmailSettings(
        recipients=("Team <team@example.org>",), smtp_security="ssl"
    )
    assert settings.email.port == 465
    assert EmailSettings().port == 587 and EmailSettings(smtp_port=2525).port == 2525
    assert settings.cache_dir == str(tmp_path / "cache")
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.fetch.timeout = 9  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.out = "elsewhere"  # type: ignore[misc]


def test_web_options_are_made_from_the_typed_fetch_table(tmp_path: Path) -> None:
    from briefing.readers.http import user_agent
    from briefing.readers.web import web_options

    settings = Settings(out=str(tmp_path), fetch=FetchSettings(timeout=2, retries=0, per_host=1))
    options = web_options(settings, dt.date(2025, 4, 4))
    assert (options.fetch.timeout, options.fetch.retries, options.fetch.per_host) == (2, 0, 1)
    assert options.fetch.cache_dir == tmp_path / ".cache"
    assert options.fetch.user_agent == user_agent()
    assert options.day == dt.date(2025, 4, 4)
    off = web_options(Settings(fetch=FetchSettings(cache=False, user_agent="bot/2")))
    assert off.fetch.cache_dir is None and off.fetch.user_agent == "bot/2"


def test_settings_travel_to_the_workers(tmp_path: Path) -> None:
    config = tmp_path / "briefing.toml"
    config.write_text(
        'timezone = "Asia/Tokyo"\n[email]\nto = "a@example.org"\n[fetch]\nretries = 1\n'
    )
    settings = load_settings(config)
    assert pickle.loads(pickle.dumps(settings)) == settings


def test_loading_the_settings_imports_no_heavy_library(tmp_path: Path) -> None:
    config = tmp_path / "briefing.toml"
    config.write_text(
        'method = "lexrank"\ntimezone = "Europe/Paris"\nformats = ["md", "eml"]\n'
        '[email]\nto = "a@example.org"\n[fetch]\nretries = 1\n'
    )
    probe = (
        "import sys; from briefing.config import load_settings; "
        f"load_settings({str(config)!r}); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'numpy', 'scipy', 'nltk', 'sumy', 'jinja2', 'httpx', 'click'}))"
    )
    result = run_python(probe)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def _empty(folder: Path) -> Path:
    config = folder / "empty.toml"
    config.write_text("")
    return config


def test_the_hostile_input_settings_load(tmp_path: Path) -> None:
    config = tmp_path / "briefing.toml"
    config.write_text(
        "follow_symlinks = true\n[fetch]\nrun_deadline = 60\nmax_pages = 10\n"
        'allow_private = true\nallow_hosts = ["Intranet.example", "10.1.0.0/16", "::1"]\n'
    )
    settings = load_settings(config)
    assert settings.follow_symlinks
    fetch = settings.fetch
    assert (fetch.run_deadline, fetch.max_pages, fetch.allow_private) == (60.0, 10, True)
    assert fetch.allow_hosts == ("intranet.example", "10.1.0.0/16", "::1")


def test_languages_are_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "languages.toml"
    config.write_text('lang = "de-AT"\nlanguage = "French"\n', encoding="utf-8")
    settings = load_settings(config)
    assert (settings.lang, settings.language) == ("de", "fr")
    assert load_settings(config, language="pt_BR").language == "pt"
    defaults = load_settings(None)
    assert (defaults.lang, defaults.language) == ("en", None)
