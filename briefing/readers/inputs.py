"""Read articles from files, folders, standard input and the web; readers chosen by suffix.

Each reader takes decoded text and the input's name and yields articles, or
:class:`SkippedInput` for parts it could not use; it raises :class:`SkippedInput`
when the whole input is unusable. Nothing is skipped without its name and a reason.
Web addresses given as inputs, and the :class:`Link` items feed and OPML readers
yield, are fetched afterwards by :func:`briefing.readers.web.read_web`.

Folders are walked without recursion (any depth is safe) to at most
:data:`MAX_DEPTH` levels; a symbolic link that leads out of the folder it sits in is
not followed unless ``follow_symlinks`` (``--follow-symlinks``) says so.

Reading can be spread over the build's workers (:class:`Spread`): files are read in
tasks of :data:`FILES_PER_TASK`, and with a remote executor each group of feeds on one
host is fetched by a worker of its own. What comes back is put in the order the inputs
were given, so the articles and their order are the same however they were read.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from briefing.errors import InputError, SkippedInput
from briefing.models import Article, Skipped, SourceStatus
from briefing.readers.controls import shown
from briefing.readers.controls import skipped as skipped_input
from briefing.readers.decode import decode
from briefing.readers.feeds import Link, read_feed, read_opml
from briefing.readers.http import is_web_address
from briefing.readers.jsonfile import read_json, read_jsonl
from briefing.readers.page import read_page
from briefing.readers.plain import read_text

if TYPE_CHECKING:
    from briefing.readers.web import WebOptions

__all__ = [
    "FILES_PER_TASK",
    "FORMATS",
    "MAX_DEPTH",
    "READERS",
    "SPREAD_FROM",
    "ReadResult",
    "Spread",
    "read_inputs",
]

#: Folders deeper than this below an input folder are skipped with their name.
MAX_DEPTH = 64
# Files with these names are project notes, unless they are pages.
_NOTES = ("README", "LICENSE", "LICENCE", "CHANGELOG")

Reader = Callable[[str, str], Iterable["Article | SkippedInput | Link"]]
T = TypeVar("T")
R = TypeVar("R")

#: Fewer files than this are read here: starting the workers would cost more.
SPREAD_FROM = 128
#: Files read by one task of a spread read.
FILES_PER_TASK = 64


class Spread(Protocol):
    """Runs ``work`` on each item on the build's workers; the results in item order.

    ``work`` must be a module-level function (workers receive it by name);
    ``per_task`` items go to a worker at a time. ``remote`` says whether the workers
    are other machines (Dask), for which the fetching of feeds is spread too: on this
    machine the fetcher's threads already wait on many servers at once.
    """

    remote: bool

    def __call__(self, work: Callable[[T], R], items: Sequence[T], per_task: int) -> list[R]: ...


#: Input format names (for ``--input-format``) and the reader of each.
FORMATS: dict[str, Reader] = {
    "seed": read_text,
    "text": read_text,
    "json": read_json,
    "jsonl": read_jsonl,
    "feed": read_feed,
    "opml": read_opml,
    "html": read_page,
}
#: File suffixes and the format they are read as.
READERS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".markdown": "text",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".opml": "opml",
    ".html": "html",
    ".htm": "html",
}


@dataclass(frozen=True, slots=True)
class ReadResult:
    """What reading the inputs gave: the articles, and every input skipped with why.

    ``sources`` says how each web source fared, for the briefing's "Sources" footer.
    """

    articles: tuple[Article, ...]
    skipped: tuple[Skipped, ...]
    sources: tuple[SourceStatus, ...] = ()
    #: Feed entries not fetched because they are dated another day than the briefing's.
    other_days: int = 0


def read_inputs(
    inputs: Sequence[str | Path],
    input_format: str | None = None,
    web: WebOptions | None = None,
    *,
    follow_symlinks: bool = False,
    spread: Spread | None = None,
    sink: Callable[[Article], object] | None = None,
) -> ReadResult:
    """Read every input (files, folders read recursively, ``-`` for standard input, URLs).

    ``web`` says how to fetch, and the time zone whose days dated articles fall on.
    ``follow_symlinks`` follows symbolic links in folders that lead out of them.
    ``spread`` reads on the build's workers (see :class:`Spread`). ``sink`` is given
    each article as soon as it is read (and dated), in the order of the result's.
    """
    if input_format is not None and input_format not in FORMATS:
        raise InputError(f"unknown input format {input_format!r}; use one of {', '.join(FORMATS)}")
    zone = web.timezone if web is not None else None
    articles: list[Article] = []

    def take(article: Article) -> None:
        article = _local_day(article, zone)
        articles.append(article)
        if sink is not None:
            sink(article)

    skipped: list[Skipped] = []
    links: list[Link] = []
    items = list(_expand(inputs, input_format, skipped, follow_symlinks))
    files = [item for item in items if item != "-" and not is_web_address(item)]
    read: dict[str, list[Article | SkippedInput | Link] | None] = {}
    if spread is not None and len(files) >= SPREAD_FROM:
        unique = list(dict.fromkeys(files))
        tasks = [(name, input_format) for name in unique]
        read = dict(zip(unique, spread(_read_listed, tasks, FILES_PER_TASK), strict=True))
    for item in items:
        if is_web_address(item):
            links.append(Link(item))
            continue
        # A file read here is taken article by article, as its reader yields them.
        results = read.get(item)
        for result in _read_one(item, input_format) if results is None else results:
            if isinstance(result, SkippedInput):
                skipped.append(skipped_input(result.input, result.reason))
            elif isinstance(result, Link):
                links.append(result)
            else:
                take(result)
    sources: tuple[SourceStatus, ...] = ()
    other_days = 0
    if links:
        from briefing.readers.web import read_web

        got = read_web(links, web, spread=spread if spread is not None and spread.remote else None)
        for article in got.articles:
            take(article)
        skipped.extend(got.skipped)
        sources = got.sources
        other_days = got.other_days
    return ReadResult(tuple(articles), tuple(skipped), sources, other_days)


def _local_day(article: Article, zone: dt.tzinfo | None) -> Article:
    """The article dated by its publication time's day in ``zone`` (default UTC)."""
    if article.published is None:
        return article
    day = article.published.astimezone(zone or dt.timezone.utc).date()
    return article if day == article.date else replace(article, date=day)


def _expand(
    inputs: Sequence[str | Path],
    input_format: str | None,
    skipped: list[Skipped],
    follow_symlinks: bool,
) -> Iterator[str]:
    for raw in inputs:
        name = str(raw)
        path = Path(name)
        if name == "-" or is_web_address(name):
            yield name
        elif path.is_dir():
            yield from _walk(path, input_format, skipped, follow_symlinks)
        elif path.is_file():
            yield name
        else:
            raise InputError(f"{shown(name)}: no such file or folder")


def _walk(
    folder: Path, input_format: str | None, skipped: list[Skipped], follow_symlinks: bool
) -> Iterator[str]:
    """Files below ``folder`` in a stable order; hidden ones skipped; link loops safe.

    A stack, not recursion: a folder a thousand levels deep cannot exhaust Python's.
    """
    top = os.path.realpath(folder)
    seen: set[str] = set()
    stack: list[tuple[str, int]] = [(str(folder), 0)]
    while stack:
        root, depth = stack.pop()
        real = os.path.realpath(root)
        if real in seen:
            continue
        seen.add(real)
        try:
            with os.scandir(root) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as error:
            skipped.append(skipped_input(root, f"cannot read folder ({error.strerror or error})"))
            continue
        folders: list[str] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = os.path.join(root, entry.name)
            outside = _leads_outside(entry, top) if not follow_symlinks else None
            if outside is not None:
                skipped.append(skipped_input(path, outside))
                continue
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if is_folder:
                if depth + 1 > MAX_DEPTH:
                    deep = f"folder nested over {MAX_DEPTH} levels deep, not read"
                    skipped.append(skipped_input(path, deep))
                else:
                    folders.append(path)
                continue
            why = _not_an_article(entry.name, input_format)
            if why:
                skipped.append(skipped_input(path, why))
                continue
            yield path
        stack.extend((path, depth + 1) for path in reversed(folders))


def _leads_outside(entry: os.DirEntry[str], top: str) -> str | None:
    """Why a symbolic link is not followed (it leads out of the input folder), else None."""
    if not entry.is_symlink():
        return None
    target = os.path.realpath(entry.path)
    if target == top or target.startswith(top.rstrip(os.sep) + os.sep):
        return None
    return "symbolic link to outside the folder, not followed (--follow-symlinks follows it)"


def _not_an_article(file: str, input_format: str | None) -> str | None:
    """Why a file in a folder is not read, or None when it is."""
    suffix = Path(file).suffix.lower()
    if file.upper().startswith(_NOTES) and READERS.get(suffix) != "html":
        return "project notes, not an article"
    if input_format is None and suffix not in READERS:
        return f"not an article file (unknown suffix {file!r})"
    return None


def _read_listed(task: tuple[str, str | None]) -> list[Article | SkippedInput | Link] | None:
    """One file read on a worker: everything it gave, or why it was skipped.

    None when the worker does not see the file (a machine without the storage the
    inputs are on): the file is then read where it was found.
    """
    if not os.path.lexists(task[0]):
        return None
    return list(_read_one(*task))


def _read_one(name: str, input_format: str | None) -> Iterator[Article | SkippedInput | Link]:
    try:
        data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
        text = decode(data, "<stdin>" if name == "-" else name)
        fmt = input_format or READERS.get(Path(name).suffix.lower()) or _sniff(text)
        yield from FORMATS[fmt](text, "<stdin>" if name == "-" else name)
    except SkippedInput as skipped:
        yield skipped
    except RecursionError:
        yield SkippedInput(name, "nested too deeply to read (over the parser's depth limit)")
    except OSError as error:
        yield SkippedInput(name, f"cannot read ({error.strerror or error})")


def _sniff(text: str) -> str:
    """The format of input whose name does not say: standard input, odd suffixes."""
    head = text.lstrip()[:1]
    start = text.lstrip()[:400].lower()
    if head == "<":
        if "<opml" in start:
            return "opml"
        if start.startswith(("<!doctype html", "<html")):
            return "html"
        if start.startswith("<?xml") or any(m in start for m in ("<rss", "<feed", "<rdf")):
            return "feed"
    if head == "[":
        return "json"
    if head == "{":
        first = text.lstrip().split("\n", 1)[0].rstrip()
        return "jsonl" if first.endswith("}") and "\n{" in text.strip() else "json"
    return "text"
