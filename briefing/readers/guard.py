"""Where a fetch meets the network: the whole-request deadline and the IP check, per socket.

httpx bounds each read, not the request: a server that sends one byte a second (in
its headers or its body) never trips a read timeout. This network backend for httpcore
gives every connect, read and write only what is left of the request's deadline, so
the request ends on time whatever the server sends. It also resolves the host itself,
checks every IP against the :class:`~briefing.readers.addresses.AddressPolicy` of the
address being fetched, and connects to the IP it checked.

The deadline and policy of the request in progress live in a thread-local
:class:`Guard`: the fetcher sets them around each request, in the thread that makes it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import httpcore

from briefing.errors import RefusedAddress
from briefing.readers.addresses import AddressPolicy, resolve

__all__ = ["DeadlineBackend", "Guard", "deadline_hit", "guarded"]


class Guard(threading.local):
    """The request in progress in this thread: when it must end, and who may be reached."""

    ends: float | None = None
    policy: AddressPolicy | None = None  # None: any address (one the user named)
    #: Whether the last request in this thread was ended by its deadline (not a timeout).
    hit: bool = False
    #: Bytes the request in progress has received.
    got: int = 0


_GUARD = Guard()


@contextmanager
def guarded(ends: float, policy: AddressPolicy | None) -> Iterator[None]:
    """Requests made in this block end by ``ends`` (a monotonic time) and obey ``policy``."""
    before = (_GUARD.ends, _GUARD.policy)
    _GUARD.ends, _GUARD.policy, _GUARD.hit, _GUARD.got = ends, policy, False, 0
    try:
        yield
    finally:
        _GUARD.ends, _GUARD.policy = before


def deadline_hit() -> bool:
    """Whether the deadline, not a read timeout, ended this thread's last request."""
    return _GUARD.hit


@contextmanager
def _within(timeout: float | None, error: type[Exception]) -> Iterator[float | None]:
    """``timeout`` cut to what the deadline leaves; ``error`` when nothing is left, and a
    timeout within the block marks the deadline hit when it was the shorter and the server
    had been sending (a server silent all along has "timed out")."""
    if _GUARD.ends is None:
        yield timeout
        return
    left = _GUARD.ends - time.monotonic()
    if left <= 0:
        _GUARD.hit = True
        raise error("the request's deadline passed")
    try:
        yield left if timeout is None else min(timeout, left)
    except error:
        if _GUARD.got and (timeout is None or left < timeout):
            _GUARD.hit = True
        raise


class _Stream(httpcore.NetworkStream):
    """A connection whose every read and write ends by the request's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        with _within(timeout, httpcore.ReadTimeout) as left:
            data = self._inner.read(max_bytes, left)
        _GUARD.got += len(data)
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        with _within(timeout, httpcore.WriteTimeout) as left:
            self._inner.write(buffer, left)

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        with _within(timeout, httpcore.ConnectTimeout) as left:
            return _Stream(self._inner.start_tls(ssl_context, server_hostname, left))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's own socket backend, under the thread's :class:`Guard`."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        policy = _GUARD.policy
        if policy is None:
            with _within(timeout, httpcore.ConnectTimeout) as left:
                stream = self._inner.connect_tcp(host, port, left, local_address, socket_options)
            return _Stream(stream)
        try:
            ips = resolve(host, port)
        except OSError as error:
            raise httpcore.ConnectError(str(error)) from None
        policy.check_ips(host, ips)  # raises RefusedAddress
        # Connect to an IP checked, never to the answer of a second lookup; each in turn.
        failure: Exception = httpcore.ConnectError(f"{host} has no address")
        for ip in ips:
            try:
                with _within(timeout, httpcore.ConnectTimeout) as left:
                    stream = self._inner.connect_tcp(
                        str(ip), port, left, local_address, socket_options
                    )
                return _Stream(stream)
            except httpcore.ConnectError as error:
                failure = error
        raise failure

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        raise RefusedAddress("refused: not a web address (a Unix socket)")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)
