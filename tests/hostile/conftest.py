"""Fixtures of the hostile suite: misbehaving servers on 127.0.0.1, stopped after each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from benchmarks._hostile import HostileServer

pytest.importorskip("httpx", reason="the hostile servers are read through the 'web' extra")


@pytest.fixture
def hostile() -> Iterator[HostileServer]:
    """A :class:`HostileServer` the test names as a source (the user's own address)."""
    with HostileServer() as server:
        yield server


@pytest.fixture
def internal() -> Iterator[HostileServer]:
    """A second server on 127.0.0.1 (another port): an internal service nobody may reach
    through content. Tests assert it never received a request."""
    with HostileServer() as server:
        yield server
