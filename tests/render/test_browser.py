"""The e-mail and the web page as a reader sees them: headless Chromium over the DevTools
protocol, at 600 and 375 px wide, with and without the <style> block (some Gmail clients
strip it). Nothing may overflow horizontally. Screenshots go to tests/artifacts/.

Needs Debian's ``chromium`` package. Locally the tests skip when it is missing; under
CI (``CI=true``) they fail, so a missing browser is never mistaken for a pass.
"""

from __future__ import annotations

import base64
import datetime as dt
import importlib.util
import itertools
import json
import os
import re
import shutil
import subprocess
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from briefing.config.settings import Settings
from briefing.mail import compose, email_options
from briefing.models import Briefing
from briefing.render.formats import render
from tests.conftest import HOSTILE, briefing_of, hostile_story, make_article, make_story

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM = os.environ.get("BRIEFING_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
DAY = dt.date(2025, 4, 4)
WIDTHS = (600, 375)
LAUNCH_SECONDS = 30
CALL_SECONDS = 30


def _need_browser() -> None:
    missing = None
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        missing = f"headless Chromium not found at {CHROMIUM}: apt-get install chromium"
    elif importlib.util.find_spec("websockets") is None:
        missing = "websockets not installed: pip install -e '.[test]'"
    if missing is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(missing)
    pytest.skip(missing)


class Browser:
    """A tiny DevTools protocol client: one headless Chromium, one websocket."""

    def __init__(self, profile: Path) -> None:
        from websockets.sync.client import connect

        self._ids = itertools.count(1)
        self._log = (profile.parent / "chromium.log").open("wb")
        self.process = subprocess.Popen(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                "--remote-debugging-port=0",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=self._log,
        )
        self._stack = ExitStack()
        try:
            url = self._endpoint(profile)
            self.socket = self._stack.enter_context(connect(url, max_size=None, open_timeout=10))
        except BaseException:
            self.close()
            raise

    def _endpoint(self, profile: Path) -> str:
        # Chromium writes the port it chose, then the browser's path, to this file.
        active = profile / "DevToolsActivePort"
        deadline = time.monotonic() + LAUNCH_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"chromium exited with {self.process.returncode}")
            lines = active.read_text().split() if active.is_file() else []
            if len(lines) >= 2:
                return f"ws://127.0.0.1:{lines[0]}{lines[1]}"
            time.sleep(0.05)
        raise RuntimeError(f"chromium did not open its DevTools port in {LAUNCH_SECONDS} s")

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Send one command and wait (bounded) for its answer, skipping events."""
        ident = next(self._ids)
        message: dict[str, Any] = {"id": ident, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        self.socket.send(json.dumps(message))
        deadline = time.monotonic() + CALL_SECONDS
        while True:
            reply = json.loads(self.socket.recv(timeout=max(0.1, deadline - time.monotonic())))
            if reply.get("id") == ident:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return dict(reply.get("result", {}))

    def wait_for(self, event: str, session: str) -> None:
        deadline = time.monotonic() + CALL_SECONDS
        while True:
            reply = json.loads(self.socket.recv(timeout=max(0.1, deadline - time.monotonic())))
            if reply.get("method") == event and reply.get("sessionId") == session:
                return

    def close(self) -> None:
        try:
            if hasattr(self, "socket"):
                self.call("Browser.close")
            self._stack.close()
        except Exception:  # the browser may already be gone; it is stopped below either way
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self._log.close()


class Page:
    """One tab with a fixed viewport width."""

    def __init__(self, browser: Browser, width: int, dark: bool = False) -> None:
        self.browser = browser
        self.width = width
        target = browser.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = browser.call("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        self.call("Page.enable")
        # The window size flag cannot go below 500 px; device metrics can.
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=900,
            deviceScaleFactor=1,
            mobile=width < 500,
        )
        scheme = "dark" if dark else "light"
        self.call(
            "Emulation.setEmulatedMedia",
            features=[{"name": "prefers-color-scheme", "value": scheme}],
        )

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        return self.browser.call(method, self.session, **params)

    def open(self, path: Path) -> None:
        self.call("Page.navigate", url=path.as_uri())
        self.browser.wait_for("Page.loadEventFired", self.session)

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    def screenshot(self, path: Path) -> None:
        height = self.evaluate("document.documentElement.scrollHeight")
        shot = self.call(
            "Page.captureScreenshot",
            format="png",
            captureBeyondViewport=True,
            clip={"x": 0, "y": 0, "width": self.width, "height": min(height, 12000), "scale": 1},
        )
        path.write_bytes(base64.b64decode(shot["data"]))


OVERFLOW = """(() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.body.querySelectorAll('*')]
    .filter(e => e.getBoundingClientRect().right > width + 0.5 && e.getClientRects().length)
    .slice(0, 5).map(e => e.tagName + '.' + e.className);
  return {scroll: document.documentElement.scrollWidth, body: document.body.scrollWidth,
          width: width, wide: wide};
})()"""


def demanding_day() -> Briefing:
    """Long unbroken words and URLs, many topics, hostile text: what makes layouts overflow."""
    unbroken = "Supercalifragilisticexpialidocious" * 6
    stories = [hostile_story(p, i) for i, p in enumerate(HOSTILE[:6])]
    for index in range(12):
        article = make_article(
            f"{unbroken} headline number {index} about the harbour plan and its costs",
            f"Officials said https://news.example.org/{'very-long-path-segment-' * 8} "
            f"was the address. The second {unbroken} sentence follows here. A third "
            "sentence of ordinary length closes the article.",
            tags=(f"topic-{index % 4}",),
            url=f"https://news.example.org/{'x' * 150}/{index}",
            source="An Example Publisher With A Long Name " * 2,
        )
        stories.append(make_story(article, sentences=3, story_id=f"d{index}"))
    return briefing_of(stories, title="Daily briefing " + unbroken)


def without_style(html: str) -> str:
    return re.sub(r"<style[^>]*>.*?</style>", "", html, flags=re.S | re.I)


def pages(tmp_path: Path) -> dict[str, Path]:
    briefing = demanding_day()
    options = email_options(
        Settings(briefing_url="https://briefing.example.org/2025-04-04"), DAY, briefing.title
    )
    email_html = compose(briefing, options).html
    files = {
        "email": email_html,
        "email-nostyle": without_style(email_html),
        "web": render(briefing, "html"),
    }
    out = {}
    for name, html in files.items():
        out[name] = tmp_path / f"{name}.html"
        out[name].write_text(html, encoding="utf-8")
    return out


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("variant", ["email", "email-nostyle", "web"])
def test_nothing_overflows_horizontally(
    browser: Browser, tmp_path: Path, variant: str, width: int
) -> None:
    path = pages(tmp_path)[variant]
    page = Page(browser, width)
    page.open(path)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(ARTIFACTS / f"{variant}-{width}.png")
    layout = page.evaluate(OVERFLOW)
    assert layout["width"] == width
    assert layout["scroll"] <= width, layout
    assert layout["body"] <= width, layout
    assert layout["wide"] == [], layout


def test_email_container_is_600_px_at_most_and_fluid(browser: Browser, tmp_path: Path) -> None:
    path = pages(tmp_path)["email"]
    for width, expected in ((900, 600), (375, 375)):
        page = Page(browser, width)
        page.open(path)
        card = page.evaluate("document.querySelector('.card').getBoundingClientRect().width")
        assert card <= expected
        assert card >= expected - 20


def test_email_has_a_dark_mode(browser: Browser, tmp_path: Path) -> None:
    path = pages(tmp_path)["email"]
    colours = {}
    for dark in (False, True):
        page = Page(browser, 600, dark=dark)
        page.open(path)
        if dark:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(ARTIFACTS / "email-dark-600.png")
        colours[dark] = page.evaluate(
            "getComputedStyle(document.querySelector('.card')).backgroundColor"
        )
    assert colours[False] == "rgb(255, 255, 255)"
    assert colours[True] == "rgb(31, 31, 31)"


def test_preheader_is_not_shown(browser: Browser, tmp_path: Path) -> None:
    page = Page(browser, 600)
    page.open(pages(tmp_path)["email"])
    shown = page.evaluate(
        "document.querySelector('.preheader').getBoundingClientRect().height"
        " + document.querySelector('.preheader').getClientRects().length"
    )
    assert shown == 0
