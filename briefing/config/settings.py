"""Settings: defaults < ``briefing.toml`` < command-line flags, every one checked at load.

A flag left unset is ``None`` and does not override the file; see :func:`load_settings`.
Every value is checked here, before any input is read or fetched: a wrong type, an
unknown method or time zone, a bad ``[fetch]`` or ``[email]`` table is a
:class:`~briefing.errors.ConfigError` whose one line names the setting and what it accepts.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.config.archive import ArchiveSettings, archive_settings
from briefing.config.email import EmailSettings, email_settings, web_url
from briefing.config.fetch import FetchSettings, fetch_settings
from briefing.config.methods import METHODS
from briefing.config.timezone import resolve_timezone
from briefing.errors import ConfigError
from briefing.models import Length
from briefing.text.language import LANGUAGES, checked_language, language_code

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = [
    "CONFIG_FILE",
    "FORMAT_ALIASES",
    "INPUT_FORMATS",
    "STATE_FOLDER",
    "Settings",
    "default_state_dir",
    "load_settings",
    "normalize_formats",
]

CONFIG_FILE = "briefing.toml"
#: The state folder's name beside ``briefing.toml``.
STATE_FOLDER = ".briefing"
#: Output format names and the other spellings accepted for them.
FORMAT_ALIASES = {
    "markdown": "markdown",
    "md": "markdown",
    "html": "html",
    "text": "text",
    "txt": "text",
    "json": "json",
    "eml": "eml",
    "email": "eml",
}
#: What ``--input-format`` accepts: the readers of :data:`briefing.readers.inputs.FORMATS`.
INPUT_FORMATS = ("seed", "text", "json", "jsonl", "feed", "opml", "html")


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a build needs to know besides the articles, checked."""

    title: str = "Daily briefing"
    inputs: tuple[str, ...] = ()
    out: str = "output"
    formats: tuple[str, ...] = ("markdown", "html")
    method: str | None = None  # None: the default method
    sentences: int = 3
    words: int | None = None
    #: The main read's length in minutes; 0 shows every story whole.
    minutes: float = 5.0
    templates: str | None = None
    input_format: str | None = None  # None: by suffix, or sniffed
    strict: bool = False
    #: Follow symbolic links in input folders that lead out of them.
    follow_symlinks: bool = False
    jobs: int | None = None  # None: every core
    #: Where the per-article work runs: "local" (a process pool) or "dask"; None:
    #: "dask" when a scheduler is named, else "local" (see :attr:`runs_on`).
    executor: str | None = None
    #: The Dask scheduler's address (``tcp://host:8786``); None with the Dask
    #: executor: a local cluster on this machine.
    scheduler: str | None = None
    quiet: bool = False
    front_matter: bool = False
    history: bool = True
    history_path: str | None = None
    watchlist: tuple[str, ...] = ()
    #: The zone whose days the briefing counts in; None: UTC for dated web entries and
    #: the e-mail's Date, and the computer's own day for ``--date today``.
    timezone: dt.tzinfo | None = None
    briefing_url: str | None = None
    email: EmailSettings = field(default_factory=EmailSettings)
    cache_dir: str | None = None
    fetch: FetchSettings = field(default_factory=FetchSettings)
    #: The history, the web cache, the send ledger and the lock; None: the default
    #: (``.briefing/`` beside ``briefing.toml``, else the user's state folder), see
    #: :func:`default_state_dir`.
    state_dir: str | None = None
    #: Where the output folder is published; links in the e-mail point there.
    site_url: str | None = None
    #: Seconds a build waits for another build that holds the history.
    lock_timeout: float = 600.0
    archive: ArchiveSettings = field(default_factory=ArchiveSettings)
    #: The language of every article (ISO 639-1, "de"); None: each article's declared
    #: language, else the one detected in its text.
    language: str | None = None
    #: The language of the briefing's own words (headings, dates): en, de, fr, es, it, pt, nl.
    lang: str = "en"

    @property
    def runs_on(self) -> str:
        """The executor the per-article work runs on: ``"local"`` or ``"dask"``."""
        if self.executor is not None:
            return self.executor
        return "dask" if self.scheduler is not None else "local"

    @property
    def length(self) -> Length:
        """How much of each story to show: ``sentences``, or ``words`` when set."""
        return Length(self.sentences, self.words)


def normalize_formats(
    names: tuple[str, ...] | list[str], setting: str = "format"
) -> tuple[str, ...]:
    """Canonical format names in the order given, each once; unknown names are errors."""
    out: list[str] = []
    for name in names:
        canonical = FORMAT_ALIASES.get(name.strip().lower())
        if canonical is None:
            known = ", ".join(sorted(set(FORMAT_ALIASES)))
            raise ConfigError(f"{setting}: unknown format {name!r}; use one of {known}")
        if canonical not in out:
            out.append(canonical)
    if not out:
        raise ConfigError(f"{setting}: no output format chosen")
    return tuple(out)


def load_settings(config: str | Path | None = None, **flags: Any) -> Settings:
    """Defaults, then the config file (``config`` or ``./briefing.toml``), then ``flags``.

    Paths in the file are relative to the file's folder. Flags that are ``None`` (or an
    empty tuple, for repeatable flags) count as not given. Every value is checked, the
    file's and the flags' alike; the first bad one raises :class:`ConfigError`.
    """
    values: dict[str, Any] = {}
    path = Path(config) if config is not None else Path(CONFIG_FILE)
    if config is not None and not path.is_file():
        raise ConfigError(f"--config: {path}: config file not found")
    if path.is_file():
        values.update(_read_file(path))
        values.setdefault("state_dir", str(path.resolve().parent / STATE_FOLDER))
    for name, value in flags.items():
        if name not in _CHECKS:
            raise TypeError(f"unknown setting {name!r}")
        if value is None or value == ():
            continue
        values[name] = _CHECKS[name](value, _FLAGS.get(name, "--" + name.replace("_", "-")))
    return Settings(**values)


def default_state_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The state folder when there is no ``briefing.toml`` and no ``state_dir``:
    ``$XDG_STATE_HOME/briefing``, else ``~/.local/state/briefing``."""
    environ = os.environ if environ is None else environ
    base = environ.get("XDG_STATE_HOME", "")
    # The XDG spec: a relative path is invalid and is ignored.
    if base and Path(base).is_absolute():
        return Path(base) / "briefing"
    home = environ.get("HOME") or str(Path.home())
    return Path(home) / ".local" / "state" / "briefing"


def _read_file(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from None
    unknown = sorted(set(data) - set(_CHECKS))
    if unknown:
        raise ConfigError(
            f"{path}: unknown setting {unknown[0]!r}; known: {', '.join(sorted(_CHECKS))}"
        )
    values = {
        key: _CHECKS[key](value, f"{path}: [{key}]" if key in _TABLES else f"{path}: {key!r}")
        for key, value in data.items()
    }
    base = path.resolve().parent
    for key in _PATHS:
        if key in values:
            values[key] = str(base / values[key])
    if "inputs" in values:
        values["inputs"] = tuple(
            i if i == "-" or "://" in i else str(base / i) for i in values["inputs"]
        )
    return values


# --- one check per setting: the raw value (from TOML or a flag) in, the typed value out ---


def _text(value: object, setting: str) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"{setting} must be a string, not {_kind(value)}")
    return value


def _path(value: object, setting: str) -> str:
    if not isinstance(value, str | Path) or not str(value).strip():
        raise ConfigError(f"{setting} must be a path (a non-empty string), not {_kind(value)}")
    return str(value)


def _texts(value: object, setting: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(v, str | Path) for v in items):
        raise ConfigError(f"{setting} must be a list of strings, not {_kind(value)}")
    return tuple(str(v) for v in items)


def _switch(value: object, setting: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{setting} must be true or false, not {_kind(value)}")
    return value


def _count(value: object, setting: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"{setting} must be a whole number of at least 1, not {value!r}")
    return value


def _minutes(value: object, setting: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1440:
        raise ConfigError(
            f"{setting} must be a number of minutes from 0 (no limit) to 1440, not {value!r}"
        )
    return float(value)


def _formats(value: object, setting: str) -> tuple[str, ...]:
    return normalize_formats(_texts(value, setting), setting)


def _method(value: object, setting: str) -> str:
    name = _text(value, setting)
    if name not in METHODS:
        raise ConfigError(f"{setting}: unknown method {name!r}; use one of {', '.join(METHODS)}")
    return name


def _input_format(value: object, setting: str) -> str:
    name = _text(value, setting)
    if name not in INPUT_FORMATS:
        raise ConfigError(
            f"{setting}: unknown input format {name!r}; use one of {', '.join(INPUT_FORMATS)}"
        )
    return name


def _timezone(value: object, setting: str) -> dt.tzinfo:
    if isinstance(value, dt.tzinfo):
        return value
    return resolve_timezone(_text(value, setting), setting)


def _briefing_url(value: object, setting: str) -> str:
    url = web_url(_text(value, setting))
    if url is None:
        raise ConfigError(f"{setting}: {value!r} is not an http(s) URL")
    return url


def _site_url(value: object, setting: str) -> str:
    url = web_url(_text(value, setting))
    if url is None or "?" in url or "#" in url:
        raise ConfigError(
            f"{setting}: {value!r} is not an http(s) URL of a folder, "
            "e.g. https://news.example.org/briefings/"
        )
    return url if url.endswith("/") else url + "/"


def _seconds(value: object, setting: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ConfigError(f"{setting} must be a number of seconds (0 or more), not {value!r}")
    return float(value)


def _language(value: object, setting: str) -> str:
    return checked_language(_text(value, setting), setting)


def _lang(value: object, setting: str) -> str:
    code = language_code(_text(value, setting))
    if code not in LANGUAGES:
        raise ConfigError(
            f"{setting}: the briefing's words come in {', '.join(LANGUAGES)}, not {value!r}"
        )
    return code


#: What ``executor`` accepts.
EXECUTORS = ("local", "dask")
#: The address schemes a Dask scheduler listens on.
_SCHEDULER = re.compile(r"^(?:(?:tcp|tls|ws|wss|ucx)://)?\[?[\w.:-]+\]?:\d{1,5}$")


def _executor(value: object, setting: str) -> str:
    name = _text(value, setting).strip().lower()
    if name not in EXECUTORS:
        raise ConfigError(
            f"{setting}: unknown executor {value!r}; use one of {', '.join(EXECUTORS)}"
        )
    return name


def _scheduler(value: object, setting: str) -> str:
    address = _text(value, setting).strip()
    if not _SCHEDULER.match(address):
        raise ConfigError(
            f"{setting}: {value!r} is not a Dask scheduler address; give one like tcp://host:8786"
        )
    return address


def _kind(value: object) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", str: "a string"}
    names.update({list: "a list", tuple: "a list", dict: "a table"})
    return names.get(type(value), type(value).__name__)


_CHECKS: dict[str, Callable[[Any, str], Any]] = {
    "title": _text,
    "inputs": _texts,
    "out": _path,
    "formats": _formats,
    "method": _method,
    "sentences": _count,
    "words": _count,
    "minutes": _minutes,
    "templates": _path,
    "input_format": _input_format,
    "strict": _switch,
    "follow_symlinks": _switch,
    "jobs": _count,
    "executor": _executor,
    "scheduler": _scheduler,
    "quiet": _switch,
    "front_matter": _switch,
    "history": _switch,
    "history_path": _path,
    "watchlist": _texts,
    "timezone": _timezone,
    "briefing_url": _briefing_url,
    "email": email_settings,
    "cache_dir": _path,
    "fetch": fetch_settings,
    "state_dir": _path,
    "site_url": _site_url,
    "lock_timeout": _seconds,
    "archive": archive_settings,
    "language": _language,
    "lang": _lang,
}
_PATHS = ("out", "templates", "history_path", "cache_dir", "state_dir")
_TABLES = ("email", "fetch", "archive")
#: How a flag is named in messages, when not ``--`` and the setting's name.
_FLAGS = {
    "inputs": "INPUT",
    "formats": "--format",
    "watchlist": "--watch",
    "history": "--history",
    "briefing_url": "briefing_url",
    "email": "[email]",
    "fetch": "[fetch]",
    "archive": "[archive]",
}
