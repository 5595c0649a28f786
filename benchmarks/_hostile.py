"""Hostile servers and files, shared by ``tests/hostile/`` and ``benchmarks/hostile.py``.

:class:`HostileServer` answers on 127.0.0.1 with raw sockets, so that it can misbehave
in ways a well-behaved HTTP server never would: drip a body or its headers one byte at
a time, stall after the headers, send a body with no end, or a small gzip "bomb". Every
answer stops when the server is stopped, so nothing it does outlives its test.
Every text here was written for these tests.
"""

from __future__ import annotations

import contextlib
import json
import socket
import socketserver
import threading
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "GOOD_ARTICLES",
    "Behaviour",
    "HostileServer",
    "deep_json",
    "deep_json_feed",
    "gzip_bomb",
    "write_good_articles",
]

#: Three short articles for 2025-04-04, written for these tests: (file name, title, body).
GOOD_ARTICLES = (
    (
        "ferry.txt",
        "Island ferry adds a winter sailing",
        "The island ferry company will add an early sailing on weekdays from November. "
        "Commuters had asked for a crossing before seven in the morning for years. "
        "The company said a second crew had been hired to run the new service. "
        "Fares will stay the same until the spring timetable is published.",
    ),
    (
        "library.txt",
        "Town library opens on Sundays",
        "The town library will open on Sunday afternoons starting next month. "
        "Volunteers from the reading club offered to help staff the front desk. "
        "The council said the trial would run for six months before a review. "
        "Children's story hour will move from Saturday to the new Sunday slot.",
    ),
    (
        "orchard.txt",
        "Community orchard planted on old rail yard",
        "Residents planted forty apple and pear trees on the former rail yard on Saturday. "
        "The land had stood empty since the goods depot closed two decades ago. "
        "A local school will look after the young trees as part of its science lessons. "
        "The first fruit is expected in three years, the organisers said.",
    ),
)


def write_good_articles(folder: Path, day: str = "2025-04-04") -> list[Path]:
    """The :data:`GOOD_ARTICLES` as plain text files with a date header in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, title, body in GOOD_ARTICLES:
        path = folder / name
        path.write_text(f"date: {day}\ntitle: {title}\n\n{body}\n", encoding="utf-8")
        paths.append(path)
    return paths


def deep_json(depth: int) -> bytes:
    """A JSON document of lists nested ``depth`` deep."""
    return b"[" * depth + b"]" * depth


def deep_json_feed(depth: int) -> bytes:
    """A JSON Feed whose first item holds lists nested ``depth`` deep."""
    head = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "Deep"})
    return head[:-1].encode() + b', "items": [{"id": "1", "extra": ' + deep_json(depth) + b"}]}"


def gzip_bomb(size: int) -> bytes:
    """``size`` zero bytes, gzip-compressed (about a thousandth of ``size``)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = bytes(1 << 20)
    parts = [packer.compress(block) for _ in range(size // len(block))]
    parts.append(packer.compress(bytes(size % len(block))))
    parts.append(packer.flush())
    return b"".join(parts)


@dataclass(frozen=True)
class Behaviour:
    """How one path answers.

    ``kind``: ``ok`` (the body at once), ``drip`` (headers, then the body one byte every
    ``interval`` seconds), ``drip_headers`` (the headers themselves one byte at a time,
    never ending), ``stall`` (headers promising a body, then silence), ``endless``
    (``size`` bytes without a Content-Length, as fast as taken), ``gzip`` (``body`` sent
    with ``Content-Encoding: gzip``), ``redirect`` (302 to ``location``).
    """

    kind: str = "ok"
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    location: str = ""
    interval: float = 0.2
    size: int = 0


class HostileServer:
    """Raw-socket HTTP on ``host`` (a free port), from :meth:`start` to :meth:`stop`."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Behaviour] = {}
        self.hits: Counter[str] = Counter()
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        site = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                with contextlib.suppress(OSError):  # The client hung up, as deadlines do.
                    site._serve(self.request)

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.server = socketserver.ThreadingTCPServer((host, 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.host = host
        self.port = int(self.server.server_address[1])
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path: str, host: str | None = None) -> str:
        return f"http://{host or self.host}:{self.port}{path}"

    def add(self, path: str, behaviour: Behaviour) -> str:
        self.routes[path] = behaviour
        return self.url(path)

    @property
    def requests(self) -> int:
        """How many requests arrived, on any path."""
        return sum(self.hits.values())

    def start(self) -> HostileServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=10)

    def __enter__(self) -> HostileServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _serve(self, sock: socket.socket) -> None:
        sock.settimeout(5)
        head = b""
        while b"\r\n\r\n" not in head and len(head) < 65536:
            chunk = sock.recv(4096)
            if not chunk:
                return
            head += chunk
        parts = head.split(b" ", 2)
        path = parts[1].decode("latin-1") if len(parts) > 2 else "/"
        with self._lock:
            self.hits[path] += 1
        how = self.routes.get(path)
        if how is None:
            sock.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
            return
        getattr(self, "_" + how.kind)(sock, how)

    def _headers(self, how: Behaviour, length: int | None, extra: str = "") -> bytes:
        lines = ["HTTP/1.1 200 OK", f"Content-Type: {how.content_type}", "Connection: close"]
        if length is not None:
            lines.append(f"Content-Length: {length}")
        if extra:
            lines.append(extra)
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    def _ok(self, sock: socket.socket, how: Behaviour) -> None:
        sock.sendall(self._headers(how, len(how.body)) + how.body)

    def _drip(self, sock: socket.socket, how: Behaviour) -> None:
        sock.sendall(self._headers(how, len(how.body)))
        for byte in how.body:
            if self.stopping.wait(how.interval):
                return
            sock.sendall(bytes([byte]))

    def _drip_headers(self, sock: socket.socket, how: Behaviour) -> None:
        sock.sendall(b"HTTP/1.1 200 OK\r\nX-Padding: ")
        while not self.stopping.wait(how.interval):
            sock.sendall(b"a")

    def _stall(self, sock: socket.socket, how: Behaviour) -> None:
        sock.sendall(self._headers(how, 100_000))
        self.stopping.wait(60)

    def _endless(self, sock: socket.socket, how: Behaviour) -> None:
        sock.sendall(self._headers(how, None))
        block = b"<p>" + b"filler " * 9000 + b"</p>\n"
        sent = 0
        while sent < how.size and not self.stopping.is_set():
            sock.sendall(block)
            sent += len(block)

    def _gzip(self, sock: socket.socket, how: Behaviour) -> None:
        sock.sendall(self._headers(how, len(how.body), "Content-Encoding: gzip") + how.body)

    def _redirect(self, sock: socket.socket, how: Behaviour) -> None:
        sock.sendall(
            f"HTTP/1.1 302 Found\r\nLocation: {how.location}\r\nContent-Length: 0\r\n"
            "Connection: close\r\n\r\n".encode("latin-1")
        )
