"""The archive as a reader's browser sees it: headless Chromium (the DevTools client of
test_browser) opens index.html from the folder and follows every local link, page after
page; each must load a file of the folder, and each #fragment must name an element."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urldefrag

from tests.render.test_browser import Browser, Page
from tests.render.test_site import DAYS, build, three_days

LINKS = "[...document.querySelectorAll('a[href], link[href]')].map(a => a.href)"


def test_every_local_link_of_the_archive_opens_in_chromium(
    browser: Browser, tmp_path: Path
) -> None:
    inputs = three_days(tmp_path)
    out = tmp_path / "site"
    for day in DAYS:
        build(inputs, out, "--date", day, "-q")
    page = Page(browser, 600)
    root = out.resolve().as_uri() + "/"

    def open_page(url: str) -> None:
        answer = page.call("Page.navigate", url=url)
        assert "errorText" not in answer, f"{url}: {answer.get('errorText')}"
        browser.wait_for("Page.loadEventFired", page.session)
        assert page.evaluate("location.href") == url

    queue, seen = [root + "index.html"], set()
    anchors: dict[str, set[str]] = {}
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        open_page(url)
        for link in page.evaluate(LINKS):
            target, fragment = urldefrag(link)
            if not target.startswith("file:"):
                assert target.startswith(("http://", "https://", "mailto:")), link
                continue
            assert target.startswith(root), f"{url}: {link} leaves the folder"
            if target.endswith(".html"):
                queue.append(target)
                if fragment:
                    anchors.setdefault(target, set()).add(fragment)
            else:
                assert Path(target.removeprefix("file://")).is_file(), link
    pages = {u.rsplit("/", 1)[1] for u in seen}
    assert pages == {"index.html", "latest.html", *(f"briefing-{d}.html" for d in DAYS)}
    # Every #fragment linked to names an element of its page.
    checked = 0
    for target, names in sorted(anchors.items()):
        open_page("about:blank")
        open_page(target)
        for name in sorted(names):
            assert page.evaluate(f"document.getElementById({name!r}) !== null"), (target, name)
            checked += 1
    assert checked >= 3
