"""Links that work: with ``site_url`` the e-mail's "more stories" and each story's permalink
point at the day's page in the published archive; without it, the e-mail says how many more
stories there are and links nowhere."""

from __future__ import annotations

import dataclasses
import re

from briefing.config.email import email_settings
from briefing.config.settings import Settings, load_settings
from briefing.mail import compose, email_options
from tests.mail.test_message import DAY, small_day

PAGE = "https://news.example.org/daily/briefing-2025-04-04.html"


def bodies(**settings: object) -> tuple[str, str]:
    options = email_options(
        Settings(email=email_settings({"stories_per_topic": 1}), **settings),  # type: ignore[arg-type]
        DAY,
    )
    composed = compose(small_day(), options)
    return composed.html, composed.text


def test_site_url_points_more_stories_and_permalinks_at_the_archive() -> None:
    settings = load_settings(None, site_url="https://news.example.org/daily")
    html, text = bodies(site_url=settings.site_url)
    briefing = small_day()
    for section in briefing.sections:
        story = section.stories[0]
        assert f'href="{PAGE}#story-{story.id}"' in html, "the story's permalink"
        assert f'href="{PAGE}#{section.anchor}"' in html, "more stories: the topic's section"
    assert "2 more stories in <a" in html and "not shown here" not in html
    refs = dict(re.findall(r"^\[(\d+)\] (\S+)$", text, re.M))
    assert f"{PAGE}#story-{briefing.sections[0].stories[0].id}" in refs.values()
    assert PAGE in refs.values() and "in the full briefing [" in text


def test_without_a_url_the_email_counts_without_pretending_to_link() -> None:
    html, text = bodies()
    assert "2 more stories not shown here." in html and "2 more stories not shown here." in text
    assert "full briefing" not in html and "full briefing" not in text
    assert "Permalink" not in html and "permalink" not in text
    assert not re.search(r'href="[^"]*#story-', html)


def test_briefing_url_still_wins_for_the_full_briefing() -> None:
    html, _ = bodies(
        site_url="https://news.example.org/daily/", briefing_url="https://wiki.example.org/today"
    )
    assert re.search(
        r'<a href="https://wiki.example.org/today"[^>]*>Read the full briefing</a>', html
    )
    assert f'href="{PAGE}#story-' in html, "permalinks still point at the archive"
    assert f'in <a href="{PAGE}#' in html, "a topic's more stories: its section there"
    options = email_options(
        dataclasses.replace(Settings(), briefing_url="https://wiki.example.org/today"), DAY
    )
    assert options.briefing_url == "https://wiki.example.org/today" and options.page_url is None
