"""Fixtures of the render tests: one headless Chromium per module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.render.test_browser import Browser, _need_browser


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    _need_browser()
    profile = tmp_path_factory.mktemp("chromium") / "profile"
    profile.mkdir()
    chromium = Browser(profile)
    try:
        yield chromium
    finally:
        chromium.close()
