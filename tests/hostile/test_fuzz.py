"""Fuzzing the readers and the renderers with Hypothesis: nothing escapes but a named skip.

Deterministic (``derandomize``) and small, so the suite stays fast and repeatable: the
same examples on every run and every machine. No deadline: the machine is shared.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.errors import SkippedInput
from briefing.models import Article, Skipped, SourceStatus
from briefing.readers.decode import decode
from briefing.readers.feeds import Link
from briefing.readers.inputs import FORMATS
from briefing.render.formats import environment, render
from tests.conftest import FILLER, briefing_of, make_article, make_story

FUZZ = settings(
    derandomize=True,
    database=None,
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# What may never reach a title, a sentence or a rendered briefing.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
# Bytes that look a little like our inputs, so the fuzzer gets past the first check.
SHAPES = st.sampled_from(
    [
        b"",
        b"date: 2025-04-04\ntitle: ",
        b'{"title": "',
        b'{"version": "https://jsonfeed.org/version/1", "items": [',
        b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>',
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="html">',
        b'<opml version="2.0"><body><outline xmlUrl="',
        b"\xff\xfe",
        b"[" * 2000,
    ]
)
TEXT = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Z", "S", "C")),
    max_size=400,
)


def check_article(item: Article) -> None:
    for value in (item.title, item.text, item.source or "", item.url or "", item.origin):
        assert not FORBIDDEN.search(value), value


@settings(FUZZ, max_examples=120)
@given(shape=SHAPES, rest=st.binary(max_size=600), words=TEXT)
def test_readers_yield_articles_or_named_skips_only(shape: bytes, rest: bytes, words: str):
    data = shape + rest + words.encode("utf-8", "surrogatepass")
    try:
        text = decode(data, "fuzz")
    except SkippedInput:
        return
    for name, reader in FORMATS.items():
        if name == "html":
            continue  # trafilatura is slow and has its own fuzzing; pages are tested apart
        try:
            for item in reader(text, "fuzz.in"):
                assert isinstance(item, Article | SkippedInput | Link), (name, item)
                if isinstance(item, Article):
                    check_article(item)
        except SkippedInput as skipped:
            assert skipped.reason


@FUZZ
@given(title=TEXT, body=TEXT, name=TEXT)
@pytest.mark.parametrize("fmt", ["markdown", "html", "text", "json"])
def test_renderers_never_break_and_never_pass_controls(fmt: str, title: str, body: str, name: str):
    try:
        article = make_article(title or "x", body + " " + FILLER, url=None, source=name or None)
    except SkippedInput:
        return
    check_article(article)
    briefing = briefing_of([make_story(article)])
    from dataclasses import replace

    from briefing.readers.controls import shown, skipped

    briefing = replace(
        briefing,
        skipped=(skipped(name + "\n<script>", title),),
        # As the web reader makes them: names and reasons shown safe.
        sources=(SourceStatus(shown("http://x.example/" + name), reason=shown(body[:40])),),
    )
    out = render(briefing, fmt, environment())
    assert not FORBIDDEN.search(out)
    if fmt == "html":
        assert "<script>" not in out
    assert isinstance(briefing.skipped[0], Skipped)
