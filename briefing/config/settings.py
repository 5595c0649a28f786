"""Settings: defaults < ``briefing.toml`` < command-line flags.

A flag left unset is ``None`` and does not override the file; see :func:`load_settings`.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from briefing.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = ["CONFIG_FILE", "FORMAT_ALIASES", "Settings", "load_settings", "normalize_formats"]

CONFIG_FILE = "briefing.toml"
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


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a build needs to know besides the articles."""

    title: str = "Daily briefing"
    inputs: tuple[str, ...] = ()
    out: str = "output"
    formats: tuple[str, ...] = ("markdown", "html")
    method: str | None = None
    sentences: int = 3
    words: int | None = None
    templates: str | None = None
    input_format: str | None = None
    strict: bool = False
    jobs: int | None = None  # None: every core
    quiet: bool = False
    front_matter: bool = False
    history: bool = True
    history_path: str | None = None
    watchlist: tuple[str, ...] = ()
    timezone: str | None = None
    briefing_url: str | None = None
    email: Mapping[str, Any] = field(default_factory=dict)
    cache_dir: str | None = None
    fetch: Mapping[str, Any] = field(default_factory=dict)


def normalize_formats(names: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Canonical format names in the order given, each once; unknown names are errors."""
    out: list[str] = []
    for name in names:
        canonical = FORMAT_ALIASES.get(name.strip().lower())
        if canonical is None:
            known = ", ".join(sorted(set(FORMAT_ALIASES)))
            raise ConfigError(f"unknown format {name!r}; use one of {known}")
        if canonical not in out:
            out.append(canonical)
    if not out:
        raise ConfigError("no output format chosen")
    return tuple(out)


def load_settings(config: str | Path | None = None, **flags: Any) -> Settings:
    """Defaults, then the config file (``config`` or ``./briefing.toml``), then ``flags``.

    Paths in the file are relative to the file's folder. Flags that are ``None`` (or an
    empty tuple, for repeatable flags) count as not given.
    """
    values: dict[str, Any] = {}
    path = Path(config) if config is not None else Path(CONFIG_FILE)
    if config is not None and not path.is_file():
        raise ConfigError(f"{path}: config file not found")
    if path.is_file():
        values.update(_read_file(path))
    for name, value in flags.items():
        if name not in _FIELDS:
            raise TypeError(f"unknown setting {name!r}")
        if value is None or value == ():
            continue
        values[name] = value
    return _build(values, str(path))


_FIELDS = {f.name: f for f in fields(Settings)}
_PATHS = ("out", "templates", "history_path", "cache_dir")


def _read_file(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from None
    unknown = sorted(set(data) - set(_FIELDS))
    if unknown:
        raise ConfigError(
            f"{path}: unknown setting {unknown[0]!r}; known: {', '.join(sorted(_FIELDS))}"
        )
    base = path.resolve().parent
    for key in _PATHS:
        if isinstance(data.get(key), str):
            data[key] = str(base / data[key])
    if isinstance(data.get("inputs"), list):
        data["inputs"] = [
            i if i == "-" or "://" in str(i) else str(base / str(i)) for i in data["inputs"]
        ]
    return data


def _build(values: dict[str, Any], origin: str) -> Settings:
    for key in ("inputs", "formats", "watchlist"):
        if key in values:
            if isinstance(values[key], str):
                values[key] = [values[key]]
            if not isinstance(values[key], list | tuple):
                raise ConfigError(f"{origin}: {key!r} must be a list of strings")
            values[key] = tuple(str(v) for v in values[key])
    if "formats" in values:
        values["formats"] = normalize_formats(values["formats"])
    for key in ("sentences", "words", "jobs"):
        value = values.get(key)
        if value is not None and (not isinstance(value, int) or value < 1):
            raise ConfigError(f"{origin}: {key!r} must be a whole number of at least 1")
    if "email" in values and not isinstance(values["email"], Mapping):
        raise ConfigError(f"{origin}: 'email' must be a table")
    if "fetch" in values and not isinstance(values["fetch"], Mapping):
        raise ConfigError(f"{origin}: 'fetch' must be a table")
    try:
        return dataclasses.replace(Settings(), **values)
    except TypeError as error:
        raise ConfigError(f"{origin}: {error}") from None
