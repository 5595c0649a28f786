"""Read the web: fetch feeds and pages, follow teaser entries to their pages, report health.

:func:`read_web` fetches every :class:`Link` concurrently (see :mod:`briefing.readers.http`),
parses what comes back in this thread, and fetches the pages that feeds point to as
soon as each feed arrives. Results come out in the order the links were given, however
the answers raced. Each source gets a :class:`SourceStatus` for the briefing's
"Sources" footer; each failure is also a :class:`Skipped` entry.
"""

from __future__ import annotations

import codecs
import datetime as dt
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from briefing.config.timezone import resolve_timezone
from briefing.errors import SkippedInput
from briefing.models import Article, Skipped, SourceStatus
from briefing.readers.addresses import AddressPolicy
from briefing.readers.controls import shown
from briefing.readers.controls import skipped as skipped_input
from briefing.readers.feeds import Link, parse_feed, parse_opml, sniff_feed
from briefing.readers.http import INSTALL_WEB, Fetched, Fetcher, FetchOptions, user_agent
from briefing.readers.page import extract_page, looks_like_page

if TYPE_CHECKING:
    from briefing.config.settings import Settings
    from briefing.readers.inputs import Spread

__all__ = ["WebOptions", "WebResult", "read_web", "resolve_timezone", "web_options"]


@dataclass(frozen=True, slots=True)
class WebOptions:
    """How to read the web, and the time zone whose days the briefing counts in.

    When ``day`` is given, teaser entries dated another day are not fetched: the
    briefing would leave them out anyway. At most ``max_pages`` teaser pages are
    fetched per feed; the rest are named as not fetched.
    """

    fetch: FetchOptions = field(default_factory=FetchOptions)
    timezone: dt.tzinfo = dt.timezone.utc
    day: dt.date | None = None
    max_pages: int = 50


@dataclass(frozen=True, slots=True)
class WebResult:
    """What reading the web gave: articles, failures, and a status line per source."""

    articles: tuple[Article, ...]
    skipped: tuple[Skipped, ...]
    sources: tuple[SourceStatus, ...]
    #: Feed entries left unfetched because they are dated another day than ``day``.
    other_days: int = 0


def web_options(settings: Settings, day: dt.date | None = None) -> WebOptions:
    """Web options from the settings (``[fetch]``, ``cache_dir``, ``timezone``) for ``day``.

    The settings were checked when loaded; this only shapes them for the fetcher.
    """
    fetch = settings.fetch
    cache = None
    if fetch.cache:
        cache = Path(settings.cache_dir) if settings.cache_dir else Path(settings.out) / ".cache"
    options = FetchOptions(
        timeout=fetch.timeout,
        deadline=fetch.deadline,
        retries=fetch.retries,
        backoff=fetch.backoff,
        concurrency=fetch.concurrency,
        per_host=fetch.per_host,
        max_bytes=fetch.max_bytes,
        max_redirects=fetch.max_redirects,
        user_agent=fetch.user_agent or user_agent(),
        cache_dir=cache,
        run_deadline=fetch.run_deadline,
        policy=AddressPolicy(fetch.allow_private, fetch.allow_hosts),
    )
    return WebOptions(options, settings.timezone or dt.timezone.utc, day, fetch.max_pages)


@dataclass(slots=True)
class _Node:
    """One link on its way: the articles it gave, or why it failed, and its children."""

    link: Link
    articles: list[Article] = field(default_factory=list)
    children: list[_Node | Article | SkippedInput] = field(default_factory=list)
    failure: str | None = None
    note: str | None = None
    found: str = ""
    other_days: int = 0  # entries of other days, not fetched


def read_web(
    links: Sequence[Link], options: WebOptions | None = None, *, spread: Spread | None = None
) -> WebResult:
    """Articles from every link; failures named, never raised.

    With ``spread``, the links are grouped by server (scheme, host and port) and each
    group is fetched by a worker of the build, so one server's limits hold (see
    :class:`briefing.readers.inputs.Spread`); the answers are reported in the order the
    links were given, as when fetched here.
    """
    options = options or WebOptions()
    unique = {link.url: link for link in reversed(links)}  # The first of each address.
    firsts = [link for link in links if unique.get(link.url) is link]
    roots = [_Node(link) for link in firsts if _on_day(link, options)]
    other_days = len(firsts) - len(roots)  # teasers of local feed files, of other days
    groups = _by_server(roots)
    if spread is not None and len(groups) > 1:
        tasks = [([roots[at].link for at in group], options) for group in groups]
        for group, fetched in zip(groups, spread(_fetch_group, tasks, 1), strict=True):
            for at, node in zip(group, fetched, strict=True):
                roots[at] = node
    else:
        _fetch(roots, options)
    return _collect(roots, other_days)


def _by_server(roots: list[_Node]) -> list[list[int]]:
    """The positions of the links, grouped by server, in the order each server first comes."""
    groups: dict[tuple[str, str], list[int]] = {}
    for at, node in enumerate(roots):
        parts = urlsplit(node.link.url)
        groups.setdefault((parts.scheme.lower(), parts.netloc.lower()), []).append(at)
    return list(groups.values())


def _fetch_group(task: tuple[list[Link], WebOptions]) -> list[_Node]:
    """One server's links fetched on a worker: each link's node, answered."""
    links, options = task
    nodes = [_Node(link) for link in links]
    _fetch(nodes, options)
    return nodes


def _fetch(roots: list[_Node], options: WebOptions) -> None:
    """Fetch every root and what it leads to, settling the answers into the nodes."""
    try:
        fetcher = Fetcher(options.fetch)
    except ImportError:
        for node in roots:
            node.failure = f"reading the web needs httpx: {INSTALL_WEB}"
        return
    with fetcher:
        # Each address is fetched once, however many feeds list it; every node that
        # asked for it reads the answer. Nodes are settled here, one at a time. An
        # address the user named and one found in content (which the address policy
        # checks against the host that listed it) are fetched apart.
        futures: dict[tuple[str, str | None], Future[Fetched]] = {}
        waiting: dict[Future[Fetched], list[_Node]] = {}
        ready: list[tuple[_Node, Future[Fetched]]] = []

        def start(node: _Node) -> None:
            key = (node.link.url, _lister(node.link.via))
            future = futures.get(key)
            if future is None:
                future = futures[key] = fetcher.submit(node.link.url, node.link.via)
                waiting[future] = [node]
            elif future in waiting:
                waiting[future].append(node)
            else:
                ready.append((node, future))

        for node in roots:
            start(node)
        while waiting or ready:
            if not ready:
                done, _ = wait(list(waiting), return_when=FIRST_COMPLETED)
                ready.extend((node, future) for future in done for node in waiting.pop(future))
            node, future = ready.pop(0)
            for child in _settle(node, future, options):
                start(child)


def _settle(node: _Node, future: Future[Fetched], options: WebOptions) -> list[_Node]:
    """Read one answer into ``node``; returns the links it found that are to be fetched."""
    try:
        answer = future.result()
    except SkippedInput as skipped:
        node.failure = skipped.reason
        return []
    kind = node.link.kind
    answer = _utf8(answer)
    sniffed = sniff_feed(answer.body, answer.content_type)
    is_page = sniffed is None and looks_like_page(answer.body, answer.content_type)
    try:
        if kind == "any" and sniffed == "opml":  # Lists of lists are not followed.
            # A fetched list is content: its feeds are checked like any address found.
            listed = parse_opml(answer.body, node.link.url)
            children = [_Node(replace(link, via=node.link.url)) for link in listed]
            node.found = "opml"
            node.children.extend(children)
            return children
        if kind != "page" and (sniffed == "feed" or (kind == "feed" and not is_page)):
            return _settle_feed(node, answer, options)
        if kind != "feed" and is_page:
            entry = node.link.entry
            node.articles.append(
                extract_page(answer.text(), node.link.url, answer.final_url, entry)
            )
            return []
    except SkippedInput as skipped:
        node.failure = skipped.reason
        return []
    except RecursionError:
        node.failure = "nested too deeply to read (over the parser's depth limit)"
        return []
    node.failure = _not_what(kind, answer)
    return []


def _lister(via: str | None) -> str | None:
    """Who listed an address, as far as the address policy tells them apart."""
    if via is None:
        return None
    parts = urlsplit(via)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.netloc else ""


_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _utf8(answer: Fetched) -> Fetched:
    """A UTF-16 or UTF-32 answer (it starts with its byte order mark) as UTF-8, so that
    sniffing and the feed parser read it; anything else as it came."""
    codec = next((c for mark, c in _WIDE_BOMS if answer.body.startswith(mark)), None)
    if codec is None:
        return answer
    text = answer.body.decode(codec, errors="replace").lstrip("\ufeff")
    # The document may still say encoding="UTF-16"; the answer's charset now says otherwise.
    return replace(answer, body=text.encode("utf-8"), charset="utf-8")


def _settle_feed(node: _Node, answer: Fetched, options: WebOptions) -> list[_Node]:
    media = answer.content_type
    if answer.charset and answer.charset.lower() in ("utf-8", "utf8"):
        media = f"{media or 'application/xml'}; charset=utf-8"
    feed = parse_feed(answer.body, node.link.url, media)
    node.note = feed.note
    children: list[_Node] = []
    for item in feed.items:
        if isinstance(item, Link) and not _on_day(item, options):
            node.other_days += 1
            continue
        if isinstance(item, Link) and len(children) >= options.max_pages:
            cut = f"not fetched: over the {options.max_pages} pages per feed ([fetch] max_pages)"
            node.children.append(_Node(item, failure=cut))
        elif isinstance(item, Link):
            child = _Node(item)
            children.append(child)
            node.children.append(child)
        else:
            node.children.append(item)
    return children


def _on_day(link: Link, options: WebOptions) -> bool:
    """Whether a feed's entry may belong to the briefing's day (undated ones may)."""
    entry = link.entry
    if options.day is None or entry is None:
        return True
    if entry.published is not None:
        return entry.published.astimezone(options.timezone).date() == options.day
    return entry.date is None or entry.date == options.day


def _not_what(kind: str, answer: Fetched) -> str:
    media = answer.content_type or "no content type"
    if kind == "page":
        return f"not HTML ({media})"
    if kind == "feed":
        return f"not a feed ({'an OPML list' if sniff_feed(answer.body) == 'opml' else media})"
    return f"not a feed or an article page ({media})"


@dataclass(slots=True)
class _Out:
    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    sources: list[SourceStatus] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    other_days: int = 0

    def add(self, articles: list[Article]) -> None:
        """Add articles not added before: a page two feeds list is one article.

        The key is the article's id (its address, title and text), not its address
        alone: entries that share one link but differ are different articles.
        """
        for article in articles:
            if article.id not in self.seen:
                self.seen.add(article.id)
                self.articles.append(article)


def _collect(roots: list[_Node], other_days: int = 0) -> WebResult:
    """Articles, skipped inputs and source statuses, in the order the links were given."""
    out = _Out(other_days=other_days)
    for root in roots:
        if root.link.via is None:
            _report_source(root, out)
        else:
            _report_page(root, root.link.via, out)  # A page a local feed file pointed to.
    return WebResult(tuple(out.articles), tuple(out.skipped), tuple(out.sources), out.other_days)


def _report_source(node: _Node, out: _Out) -> None:
    """A feed, page or OPML list the user named: one status line, or one per listed feed."""
    if node.failure:
        out.skipped.append(skipped_input(node.link.url, node.failure))
        out.sources.append(SourceStatus(shown(node.link.url), reason=shown(node.failure)))
        return
    if node.found == "opml":
        for child in node.children:
            if isinstance(child, _Node):
                _report_source(child, out)
        return
    at = len(out.sources)
    out.other_days += node.other_days
    count = len(node.articles)
    out.add(node.articles)
    for child in node.children:
        if isinstance(child, Article):
            out.add([child])
            count += 1
        elif isinstance(child, SkippedInput):
            out.skipped.append(skipped_input(child.input, child.reason))
        else:
            count += _report_page(child, node.link.url, out)
    out.sources.insert(at, SourceStatus(shown(node.link.url), count, note=node.note))


def _report_page(node: _Node, via: str, out: _Out) -> int:
    """A page a feed pointed to: its article, or a failure line naming the feed."""
    if node.failure:
        out.skipped.append(skipped_input(node.link.url, f"{node.failure} (linked from {via})"))
        out.sources.append(SourceStatus(shown(node.link.url), reason=shown(node.failure)))
        return 0
    out.add(node.articles)
    return len(node.articles)
