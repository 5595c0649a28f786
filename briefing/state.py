"""The state folder: what a build remembers, kept apart from what it publishes.

The history database, the web cache, the send ledger and the history's lock live in
the state folder (``state_dir``; by default ``.briefing/`` beside ``briefing.toml``, or
``$XDG_STATE_HOME/briefing`` without one), never in the output folder, so publishing the
output folder publishes briefings and nothing else. ``--history-path`` and ``--cache-dir``
still put one piece elsewhere.

- :func:`resolve_state` fills in the paths, and moves a history or cache that an older
  version left in the output folder, once, saying so.
- :func:`history_lock` lets one build at a time use a history (read, mark, record), so
  two builds at once never lose what either recorded; the other waits, bounded.
- :func:`remove_stale_temps` removes the hidden temporary files a killed build left.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from briefing.config.settings import Settings, default_state_dir
from briefing.errors import HistoryError

__all__ = [
    "CACHE_FOLDER",
    "HISTORY_FILE",
    "LEDGER_FILE",
    "TEMP_AGE",
    "Notify",
    "cache_temp",
    "history_lock",
    "output_temp",
    "remove_stale_temps",
    "resolve_state",
    "state_dir",
]

HISTORY_FILE = "history.sqlite3"
CACHE_FOLDER = "cache"
LEDGER_FILE = "sent.sqlite3"
#: The cache folder older versions kept in the output folder.
OLD_CACHE = ".cache"
#: Seconds after which a temporary file is taken as left by a killed build: writing one
#: takes milliseconds, and a younger one may be another build's, still being written.
TEMP_AGE = 120.0
#: A temporary file of :func:`briefing.pipeline.write_atomic` or of the web cache: the
#: hidden name of the file it will become, and tempfile's eight random characters.
_TEMP = re.compile(r"\.(?P<name>[^/]+)\.[a-z0-9_]{8}(?:\.tmp)?")
#: What the build writes into the output folder (see :mod:`briefing.render.site`).
_OUTPUT = re.compile(
    r"briefing-\d{4}-\d{2}-\d{2}\.(?:md|html|txt|json|eml)"
    r"|index\.html|latest\.(?:html|md)|feed\.xml|topic-[a-z0-9-]+\.html"
)
_CACHED = re.compile(r"[0-9a-f]{40}\.(?:json|body)")

#: Where a build says what it did to the state (a moved history, a wait for the lock).
Notify = Callable[[str], object]


def state_dir(settings: Settings) -> Path:
    """The state folder of ``settings``: ``state_dir``, else the user's state folder."""
    return Path(settings.state_dir) if settings.state_dir else default_state_dir()


def resolve_state(
    settings: Settings, notify: Notify | None = None, *, tidy: bool = True
) -> Settings:
    """``settings`` with the history and cache paths in the state folder (unless given).

    With ``tidy`` (a build), what an older version kept in the output folder is moved
    there first, once, and the web cache's temporary files that a killed build left are
    removed; without it nothing is touched.
    """
    state = state_dir(settings)
    out = Path(settings.out)
    history, cache = settings.history_path, settings.cache_dir
    if history is None:
        history = str(state / HISTORY_FILE)
        if settings.history and tidy:
            _adopt(out / HISTORY_FILE, Path(history), "history", notify)
    if cache is None:
        cache = str(state / CACHE_FOLDER)
        if settings.fetch.cache and tidy:
            _adopt(out / OLD_CACHE, Path(cache), "web cache", notify)
    if settings.fetch.cache and tidy:
        remove_stale_temps(Path(cache), cache_temp)
    return dataclasses.replace(
        settings, state_dir=str(state), history_path=history, cache_dir=cache
    )


def _adopt(old: Path, new: Path, what: str, notify: Notify | None) -> None:
    """Move ``old`` (in the output folder) to ``new`` (in the state folder), once."""
    if not (old.exists() or old.is_symlink()) or old.resolve() == new.resolve():
        return
    if new.exists():
        _say(
            notify,
            f"{old}: an old {what} left in the output folder, not used (the {what} is "
            f"{new}); delete it so that it is not published",
        )
        return
    try:
        new.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(old), str(new))
    except OSError as error:
        raise HistoryError(
            f"{old}: cannot move the {what} out of the output folder to {new} "
            f"({error.strerror or error}); move it by hand or set state_dir"
        ) from None
    _say(notify, f"moved the {what} {old} out of the output folder to {new}")


@contextlib.contextmanager
def history_lock(settings: Settings, notify: Notify | None = None) -> Iterator[None]:
    """Hold the history of ``settings`` (resolved) for one build: read, mark, record.

    Another build of the same history waits up to ``lock_timeout`` seconds, saying so,
    then fails with a :class:`~briefing.errors.HistoryError`. The operating system
    releases the lock of a build that dies, so a killed build never blocks the next.
    """
    if not settings.history or settings.history_path is None:
        yield
        return
    import filelock

    path = Path(settings.history_path + ".lock")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = filelock.FileLock(str(path), timeout=settings.lock_timeout)
        try:
            lock.acquire(timeout=0)
        except filelock.Timeout:
            _say(
                notify,
                f"waiting for another build using the history {settings.history_path} "
                f"(up to {settings.lock_timeout:g} s, lock_timeout)",
            )
            lock.acquire()
    except filelock.Timeout:
        raise HistoryError(
            f"{settings.history_path}: another build has been using the history for more "
            f"than {settings.lock_timeout:g} s (lock {path}); try again once it is done, "
            "or raise lock_timeout"
        ) from None
    except OSError as error:
        raise HistoryError(
            f"{path}: cannot lock the history ({error.strerror or error}); "
            "set another state_dir or --history-path, or use --no-history"
        ) from None
    try:
        yield
    finally:
        lock.release()


def output_temp(name: str) -> bool:
    """Whether ``name`` is a temporary file of something the build writes into the output."""
    found = _TEMP.fullmatch(name)
    return found is not None and _OUTPUT.fullmatch(found["name"]) is not None


def cache_temp(name: str) -> bool:
    """Whether ``name`` is a temporary file of the web cache."""
    found = _TEMP.fullmatch(name)
    return found is not None and _CACHED.fullmatch(found["name"]) is not None


def remove_stale_temps(
    folder: Path,
    ours: Callable[[str], bool] = output_temp,
    age: float = TEMP_AGE,
    now: float | None = None,
) -> list[Path]:
    """Remove the temporary files in ``folder`` that ``ours`` recognises and that are
    older than ``age`` seconds: left by a build that was killed while writing."""
    now = time.time() if now is None else now
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        if not entry.name.startswith(".") or not ours(entry.name):
            continue
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False) and now - entry.stat().st_mtime > age:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return sorted(removed)


def _say(notify: Notify | None, message: str) -> None:
    if notify is not None:
        notify(message)
