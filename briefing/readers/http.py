"""Fetch feeds and pages over HTTP: timeouts, retries, limits, redirects and a cache.

The only module that talks to the network (through httpx, an optional dependency).
Every failure becomes a :class:`SkippedInput` that names the address and says why
(``HTTP 404 Not Found``, ``timed out (no answer within 5 s)``, ``redirect loop``), so a
daily run never stops for one bad source. Fetches run on a thread pool, at most
``concurrency`` at once and ``per_host`` to any one site. A fetch that keeps failing
gives up after ``retries`` more tries or ``deadline`` seconds, whichever comes first;
the deadline holds for the whole request whatever the server sends (see
:mod:`briefing.readers.guard`), and every fetch of a run ends by ``run_deadline``.

Addresses found inside content (``via`` given: a feed's entries, a fetched OPML's
list) and every redirect are checked against the
:class:`~briefing.readers.addresses.AddressPolicy` before each hop, and again where
the connection is made. Redirects are followed here, one hop at a time, never by httpx.

Answers carrying an ETag or Last-Modified are kept in ``cache_dir``; the next run asks
with ``If-None-Match`` / ``If-Modified-Since`` and a ``304 Not Modified`` is served
from the cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import threading
import time
import zlib
from collections.abc import Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from briefing.errors import RefusedAddress, SkippedInput
from briefing.readers.addresses import AddressPolicy
from briefing.readers.decode import decode

if TYPE_CHECKING:
    import httpx

__all__ = [
    "INSTALL_WEB",
    "PROJECT_URL",
    "FetchOptions",
    "Fetched",
    "Fetcher",
    "is_web_address",
    "user_agent",
]

PROJECT_URL = "https://pypi.org/project/briefing/"
#: What to tell the user when the web extra is not installed.
INSTALL_WEB = 'pip install "briefing[web]"'
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# 429 and these 5xx answers are usually passing trouble worth another try; others are not.
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
#: After this many addresses of one host ran out of time, its others are not fetched:
#: twelve stalling teaser pages would otherwise take twelve deadlines.
_STALLED_HOST = 2


def user_agent() -> str:
    """An honest User-Agent: ``briefing/<version> (+<project url>)``."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("briefing")
    except PackageNotFoundError:
        release = "dev"
    return f"briefing/{release} (+{PROJECT_URL})"


def is_web_address(name: str) -> bool:
    """Whether an input names an ``http`` or ``https`` address rather than a file."""
    return name[:8].lower().startswith(("http://", "https://"))


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """How to fetch: every limit that keeps a run bounded in time and size.

    Set in ``briefing.toml`` under ``[fetch]`` (checked at load by
    :func:`briefing.config.fetch.fetch_settings`, shaped by
    :func:`briefing.readers.web.web_options`).
    """

    timeout: float = 5.0
    deadline: float = 15.0
    retries: int = 2
    backoff: float = 0.5
    concurrency: int = 8
    per_host: int = 2
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    user_agent: str = field(default_factory=user_agent)
    cache_dir: Path | None = None
    #: Every fetch of the run ends this many seconds after the fetcher starts; None: no limit.
    run_deadline: float | None = None
    #: What may be fetched of the addresses found inside content.
    policy: AddressPolicy = field(default_factory=AddressPolicy)


@dataclass(frozen=True, slots=True)
class Fetched:
    """A successful answer: the body and what the server said about it."""

    url: str
    final_url: str
    content_type: str
    charset: str | None
    body: bytes
    from_cache: bool = False

    def text(self) -> str:
        """The body as text: a byte order mark, else UTF-8 when it is that, else the declared
        charset (by the WHATWG rules browsers follow), else a best guess."""
        return decode(self.body, self.final_url, self.charset)


class _Budget:
    """The time one address may take; the clock starts at its first request, not in a queue.

    It never runs past ``run_ends``, the end of the whole run's fetching.
    """

    def __init__(self, seconds: float, run_ends: float | None, run_seconds: float | None) -> None:
        self.seconds = seconds
        self._ends: float | None = None
        self._run_ends = run_ends
        self._run_seconds = run_seconds

    def start(self) -> None:
        if self._ends is None:
            self._ends = time.monotonic() + self.seconds

    def ends(self) -> float:
        own = self._ends if self._ends is not None else time.monotonic() + self.seconds
        return own if self._run_ends is None else min(own, self._run_ends)

    def left(self) -> float:
        return self.ends() - time.monotonic()

    def run_over(self) -> bool:
        """Whether the run's deadline, not this address's own, is what ran out."""
        return self._run_ends is not None and self._run_ends <= self.ends()

    def spent(self) -> str:
        """Why the time is up, for the skipped input's reason."""
        if self.run_over():
            limit = _seconds(self._run_seconds or 0)
            return f"cut: the run's fetching deadline passed ([fetch] run_deadline = {limit})"
        return f"too slow (not complete within {_seconds(self.seconds)})"


class _Retry(Exception):
    """A failure that another try might not have: a timeout, a 503, a dropped connection.

    ``slow`` marks a server that did not answer in time.
    """

    def __init__(self, reason: str, slow: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.slow = slow


class Fetcher:
    """Fetches addresses concurrently within the limits of :class:`FetchOptions`.

    Use as a context manager; :meth:`submit` returns a future whose result is a
    :class:`Fetched` or raises :class:`SkippedInput`. Raises ImportError when httpx
    is not installed.
    """

    def __init__(self, options: FetchOptions, transport: httpx.BaseTransport | None = None):
        import httpx

        self.options = options
        limits = httpx.Limits(max_connections=options.concurrency)
        self._client = httpx.Client(
            headers={"User-Agent": options.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(options.timeout),
            follow_redirects=False,
            limits=limits,
            transport=transport if transport is not None else _guarded_transport(limits),
        )
        self._pool = ThreadPoolExecutor(options.concurrency, thread_name_prefix="briefing-fetch")
        self._hosts: dict[str, threading.BoundedSemaphore] = {}
        # The addresses of each host that ran out of time (see _STALLED_HOST).
        self._stalled: dict[str, set[str]] = {}
        self._lock = threading.Lock()
        run = options.run_deadline
        self._run_ends = None if run is None else time.monotonic() + run

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._client.close()

    def submit(self, url: str, via: str | None = None) -> Future[Fetched]:
        return self._pool.submit(self.fetch, url, via)

    def fetch(self, url: str, via: str | None = None) -> Fetched:
        """``url``'s body, retrying passing failures with backoff; else SkippedInput.

        ``via`` names the document that listed ``url`` (a feed, an OPML list, a file):
        None when the user named it, and only then is a non-public address fetched as given.
        """
        if not is_web_address(url) or not urlsplit(url).hostname:
            raise SkippedInput(url, "not a web address (only http and https are fetched)")
        options = self.options
        budget = _Budget(options.deadline, self._run_ends, options.run_deadline)
        if budget.run_over() and budget.left() <= 0:
            raise SkippedInput(url, "not fetched: " + budget.spent())
        tries = 0
        while True:
            tries += 1
            try:
                return self._follow(url, via, budget)
            except _Retry as failure:
                wait = options.backoff * 2 ** (tries - 1)
                if tries > options.retries or wait >= budget.left():
                    after = f" after {tries} tries" if tries > 1 else ""
                    raise SkippedInput(url, failure.reason + after) from None
                time.sleep(wait)

    def _follow(self, url: str, via: str | None, budget: _Budget) -> Fetched:
        """One try: the request and its redirects, each hop checked and within the limits."""
        seen = [url]
        current = url
        # The first hop is checked only when found in content; every redirect is.
        listed_by: str | None = via
        checked = via is not None
        while True:
            policy = self.options.policy if checked else None
            if policy is not None:
                try:
                    if not policy.check_url(current, listed_by):
                        policy = None  # This host may be anywhere; no IP to check.
                except RefusedAddress as refused:
                    hops = f" (redirected to {current})" if current != url else ""
                    raise SkippedInput(url, refused.reason + hops) from None
            answer = self._get(current, budget, policy)
            if isinstance(answer, Fetched):
                return replace(answer, url=url, final_url=current)
            target = urljoin(current, answer)
            if not is_web_address(target):
                raise SkippedInput(url, f"redirected to a non-web address {target[:80]!r}")
            if target in seen:
                raise SkippedInput(url, f"redirect loop ({' -> '.join([*seen, target])})")
            if len(seen) > self.options.max_redirects:
                raise SkippedInput(url, f"too many redirects (over {self.options.max_redirects})")
            seen.append(target)
            listed_by, current, checked = current, target, True

    def _get(self, url: str, budget: _Budget, policy: AddressPolicy | None) -> Fetched | str:
        """The answer at ``url``, or the address it redirects to, within a slot of its host."""
        host = urlsplit(url).netloc.lower()
        with self._host_slot(url):
            with self._lock:
                stalled = len(self._stalled.get(host, set()) - {url})
            if stalled >= _STALLED_HOST:
                reason = f"not fetched: {stalled} other addresses on {host} ran out of time"
                raise SkippedInput(url, reason)
            try:
                return self._request(url, budget, policy)
            except _Retry as failure:
                if failure.slow:  # Counted before the slot is free for the next one.
                    with self._lock:
                        self._stalled.setdefault(host, set()).add(url)
                raise

    def _request(self, url: str, budget: _Budget, policy: AddressPolicy | None) -> Fetched | str:
        import httpx

        from briefing.readers.guard import deadline_hit, guarded

        cached = _cache_read(self.options.cache_dir, url)
        headers = _conditional(cached[0]) if cached else {}
        budget.start()
        remaining = budget.left()
        if remaining <= 0:
            raise _Retry(budget.spent(), slow=True)
        timeout = httpx.Timeout(min(self.options.timeout, remaining))
        try:
            with (
                guarded(budget.ends(), policy),
                self._client.stream("GET", url, headers=headers, timeout=timeout) as response,
            ):
                return self._answer(url, response, cached, budget)
        except RefusedAddress as refused:
            raise SkippedInput(url, refused.reason) from None
        except httpx.TimeoutException:
            # The deadline, not a silence as long as the timeout, ended the request.
            if deadline_hit() or (budget.left() <= 0 and budget.run_over()):
                raise _Retry(budget.spent(), slow=True) from None
            # The configured limit, not this try's share of what the deadline left.
            silent = f"timed out (no answer within {_seconds(self.options.timeout)})"
            raise _Retry(silent, slow=True) from None
        except httpx.ConnectError as error:
            raise _Retry(f"cannot connect ({_why(error)})") from None
        except httpx.TransportError as error:
            # A dropped connection or a garbled answer; worth one more try.
            raise _Retry(f"connection failed ({_why(error)})") from None
        except httpx.HTTPError as error:
            raise SkippedInput(url, f"cannot fetch ({_why(error)})") from None

    def _answer(
        self,
        url: str,
        response: httpx.Response,
        cached: tuple[dict[str, str], bytes] | None,
        budget: _Budget,
    ) -> Fetched | str:
        status = response.status_code
        if status in _REDIRECTS and response.headers.get("location"):
            return response.headers["location"]
        if status == 304 and cached is not None:
            meta, body = cached
            return Fetched(url, url, meta.get("content_type", ""), meta.get("charset"), body, True)
        if status in _RETRY_STATUS:
            raise _Retry(f"HTTP {status} {response.reason_phrase}".rstrip())
        if status >= 300:
            raise SkippedInput(url, f"HTTP {status} {response.reason_phrase}".rstrip())
        if status != 200:
            raise SkippedInput(url, f"nothing to read (HTTP {status} {response.reason_phrase})")
        limit = self.options.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise SkippedInput(url, f"too large ({int(declared):,} bytes, over {limit:,})")
        inflate = _Inflater(url, response.headers.get("content-encoding", ""), limit)
        for chunk in response.iter_raw():
            inflate.feed(chunk)
            if budget.left() <= 0:
                raise _Retry(budget.spent(), slow=True)
        media, charset = _content_type(response.headers.get("content-type", ""))
        fetched = Fetched(url, url, media, charset, inflate.body())
        _cache_write(self.options.cache_dir, url, fetched, response.headers)
        return fetched

    @contextlib.contextmanager
    def _host_slot(self, url: str) -> Iterator[None]:
        host = urlsplit(url).netloc.lower()
        with self._lock:
            slot = self._hosts.setdefault(host, threading.BoundedSemaphore(self.options.per_host))
        with slot:
            yield


def _guarded_transport(limits: httpx.Limits) -> httpx.BaseTransport:
    """httpx's transport on the :class:`~briefing.readers.guard.DeadlineBackend`."""
    import httpx

    from briefing.readers.guard import DeadlineBackend

    transport = httpx.HTTPTransport(limits=limits)
    pool = transport._pool
    # httpx takes no network backend; its pool does. Without it no deadline would hold.
    if not hasattr(pool, "_network_backend"):
        raise ImportError("this httpx/httpcore version lacks the network backend briefing needs")
    pool._network_backend = DeadlineBackend()
    return transport


class _Inflater:
    """The body as it arrives, decompressed here so that its size is checked as it grows:
    a small gzip "bomb" never grows past ``limit`` bytes in memory."""

    def __init__(self, url: str, encoding: str, limit: int) -> None:
        self.url = url
        self.limit = limit
        self.size = 0
        self.parts: list[bytes] = []
        encoding = encoding.strip().lower()
        self._zlib: Any = None
        if encoding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif encoding == "deflate":
            self._zlib = _Deflate()
        elif encoding not in ("", "identity"):
            raise SkippedInput(url, f"unsupported content encoding {encoding[:40]!r}")

    def feed(self, chunk: bytes) -> None:
        if self._zlib is None:
            self._keep(chunk)
            return
        data = chunk
        while data:
            try:
                out = self._zlib.decompress(data, self.limit - self.size + 1)
            except zlib.error as error:
                raise SkippedInput(self.url, f"broken compressed body ({error})") from None
            self._keep(out)
            data = self._zlib.unconsumed_tail
            if not out and data:
                break

    def _keep(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise SkippedInput(self.url, f"too large (over {self.limit:,} bytes)")
        self.parts.append(data)

    def body(self) -> bytes:
        return b"".join(self.parts)


class _Deflate:
    """``deflate`` as servers send it: zlib-wrapped, or (wrongly, but often) raw."""

    def __init__(self) -> None:
        self._inner: Any = None
        self.unconsumed_tail = b""

    def decompress(self, data: bytes, max_length: int) -> bytes:
        if self._inner is None:
            zlib_header = len(data) >= 2 and (data[0] << 8 | data[1]) % 31 == 0
            self._inner = zlib.decompressobj(zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS)
        out: bytes = self._inner.decompress(data, max_length)
        self.unconsumed_tail = self._inner.unconsumed_tail
        return out


def _seconds(value: float) -> str:
    return f"{value:g} s"


def _why(error: Exception) -> str:
    """A short reason from an httpx error: its message, or its kind."""
    text = str(error).strip()
    if "Connection refused" in text or "[Errno 111]" in text:
        return "connection refused"
    if "Name or service not known" in text or "nodename nor servname" in text:
        return "no such host"
    return text[:120] or type(error).__name__


def _content_type(value: str) -> tuple[str, str | None]:
    media, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'")
    return media.strip().lower(), charset


def _conditional(meta: Mapping[str, str]) -> dict[str, str]:
    headers = {}
    if meta.get("etag"):
        headers["If-None-Match"] = meta["etag"]
    if meta.get("last_modified"):
        headers["If-Modified-Since"] = meta["last_modified"]
    return headers


def _cache_paths(cache_dir: Path, url: str) -> tuple[Path, Path]:
    key = hashlib.sha256(url.encode("utf-8")).hexdigest()[:40]
    return cache_dir / f"{key}.json", cache_dir / f"{key}.body"


def _cache_read(cache_dir: Path | None, url: str) -> tuple[dict[str, str], bytes] | None:
    """The cached validators and body of ``url``; None when absent or unreadable."""
    if cache_dir is None:
        return None
    meta_path, body_path = _cache_paths(cache_dir, url)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        body = body_path.read_bytes()
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("url") != url:
        return None
    if hashlib.sha256(body).hexdigest() != meta.get("sha256"):
        return None  # A body from a different answer than these validators: ask afresh.
    return {str(k): str(v) for k, v in meta.items() if v is not None}, body


def _cache_write(
    cache_dir: Path | None, url: str, fetched: Fetched, headers: httpx.Headers
) -> None:
    """Keep an answer that carries validators; a cache that cannot be written is no cache."""
    etag, modified = headers.get("etag"), headers.get("last-modified")
    if cache_dir is None or not (etag or modified):
        return
    meta = {
        "url": url,
        "etag": etag,
        "last_modified": modified,
        "content_type": fetched.content_type,
        "charset": fetched.charset,
        "sha256": hashlib.sha256(fetched.body).hexdigest(),
    }
    meta_path, body_path = _cache_paths(cache_dir, url)
    with contextlib.suppress(OSError):
        cache_dir.mkdir(parents=True, exist_ok=True)
        _write_atomic(body_path, fetched.body)
        _write_atomic(meta_path, json.dumps(meta, sort_keys=True).encode("utf-8"))


def _write_atomic(path: Path, data: bytes) -> None:
    handle, temp = tempfile.mkstemp(prefix="." + path.name + ".", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
