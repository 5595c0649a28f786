"""The render's quick paths write exactly what the code, macros and json.dumps they stand
for write."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
from urllib.parse import quote, urlsplit

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from briefing.models import Story
from briefing.render.escape import (
    _CONTROL,
    _PERCENT,
    _SPACE,
    _URL_BAD,
    _URL_SAFE,
    md_escape,
    md_url,
    safe_url,
)
from briefing.render.formats import environment, html_outlets, json_text, md_outlets
from tests.conftest import briefing_of, make_article, make_story

_SCHEMES = [frozenset({"http", "https", "mailto"}), frozenset({"http", "https"}), frozenset()]


def _vetted_the_long_way(url: object, schemes: frozenset[str]) -> str | None:
    """safe_url's rules applied with urlsplit every time."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not url or _URL_BAD.search(url):
        return None
    url = str(url).replace("'", "%27")
    parts = urlsplit(url)
    if parts.scheme.lower() not in schemes:
        return None
    if parts.scheme.lower() in {"http", "https"} and not parts.netloc:
        return None
    return url


def _destination_the_long_way(url: object) -> str | None:
    href = _vetted_the_long_way(url, frozenset({"http", "https"}))
    if href is None:
        return None
    encoded = "".join(
        part if _PERCENT.fullmatch(part) else quote(part, safe=_URL_SAFE)
        for part in _PERCENT.split(href)
    )
    return encoded.replace("(", "%28").replace(")", "%29").replace("&", "&amp;")


_PLAIN_PIECES = "http HTTPS mailto: ftp :// // : / ? # @ [ ] % %2F %zz a Z 0 . - _ ~ ' ( ) & = +"
_ODD_PIECES = ["!", "*", ",", ";", " ", "\t", "é", "€", "日", "\u2028", "{", "|", "^", "<", '"']
_PIECES = st.sampled_from([*_PLAIN_PIECES.split(), *_ODD_PIECES, "\\", "`", "$"])
_TRICKY_TEXT = st.sampled_from(
    ["  ", "\n", "\x00", "\x1b", "\x85", "\u00a0", "\u2028", "\u3000", "12.", "-"]
)


def _outcome(vet: object, *args: object) -> object:
    try:
        return vet(*args)  # type: ignore[operator]
    except ValueError as error:  # urlsplit refuses a broken IPv6 host: so must the quick path
        return ("ValueError", str(error))


@given(st.lists(_PIECES, max_size=16).map("".join))
@example("https://news.example.org/2025/04/04/harbour-plan?id=7&x=(1)#top")
@example("https://[::1]/a")
@example("https://[::1/a")
@example("https://bücher.example/a")
@example("https:///nohost")
@example("https:?x")
@example(" HTTPS://Example.org ")
@example("https://news.example/it's%2fhere%")
@settings(max_examples=600, deadline=None)
def test_safe_url_and_md_url_as_the_long_way(url: str) -> None:
    for schemes in _SCHEMES:
        assert _outcome(safe_url, url, schemes) == _outcome(_vetted_the_long_way, url, schemes)
    assert _outcome(md_url, url) == _outcome(_destination_the_long_way, url)


def _stories() -> list[Story]:
    """Stories with one to four outlets, outlets with several reports, reports without
    an address or with an unsafe one, and names that are markup."""
    addresses = [
        "https://one.example/a?x=1&y=(2)",
        None,
        "javascript:alert(1)",
        "https://two.example/it's",
        "https://three.example/é",
        "",
    ]
    sources = ["One <b>News</b>", "Two & Co", "[three]", "*four*", None]
    stories = []
    for count, offset in itertools.product(range(1, 7), range(5)):
        articles = [
            make_article(
                f"Report {n}",
                url=addresses[(n + offset) % len(addresses)],
                source=sources[(n * (offset + 1)) % len(sources)],
                origin=f"test-{n}",
            )
            for n in range(count)
        ]
        # Different ids; the same source more than once gives an outlet several reports.
        stories.append(make_story(*articles, story_id=f"s{count}-{offset}"))
    return stories


@pytest.mark.parametrize(
    "template,quick", [("briefing.md", md_outlets), ("briefing.html", html_outlets)]
)
def test_outlet_filters_write_what_the_links_macros_write(template: str, quick: object) -> None:
    env = environment()
    stories = _stories()
    day = briefing_of(stories)
    # The macro is still there, for templates that extend the default and call it.
    caller = env.from_string(
        f'{{% from "default:{template}" import links with context %}}'
        "{% for story in stories %}{{ links(story) }}\n{% endfor %}",
    )
    sources = {a.id: a for story in stories for a in story.articles}
    context = {"briefing": day, "options": {}, "sources": sources, "lang": "en", "stories": stories}
    by_macro = caller.render(context).split("\n")[:-1]
    assert len(by_macro) == len(stories)
    assert any(" (" in line and " and " in line for line in by_macro)
    for story, written in zip(stories, by_macro, strict=True):
        assert str(quick(story)) == written  # type: ignore[operator]


def test_html_outlets_is_markup_and_escapes_names() -> None:
    article = make_article("A", url="https://a.example/?q=1&r=2", source='<script>"x"</script>')
    other = dataclasses.replace(article, id="other", source="B&B")
    written = html_outlets(make_story(article, other))
    assert hasattr(written, "__html__")
    assert "<script>" not in written and "&lt;script&gt;" in written
    assert 'href="https://a.example/?q=1&amp;r=2"' in written and "B&amp;B" in written


_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from('"\\/\x00\x1f\u2028'))
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=30,
)


@given(_JSON)
@example({"a": [], "b": {}, "c": [{}], "d": [1.5, -0.0, 1e300, 10**20, True, None]})
@example([float("nan"), {"x": float("inf")}])
@example({1: "a key not a str", "b": 2})
@settings(max_examples=500, deadline=None)
def test_json_text_is_json_dumps_indented(data: object) -> None:
    assert json_text(data) == json.dumps(data, ensure_ascii=False, indent=2)


def test_json_text_leaves_other_types_to_json() -> None:
    class Label(str):
        pass

    data = {"title": Label("a"), "score": 1.25, "when": [{"n": 3}]}
    assert json_text(data) == json.dumps(data, ensure_ascii=False, indent=2)
    with pytest.raises(TypeError):
        json_text({"date": dt.date(2025, 4, 4)})


@given(st.lists(_PIECES | _TRICKY_TEXT, max_size=12).map("".join))
@example("  - a  list? \u00a0 no ")
@example("12. \x1b[31m red \u2028 next")
@settings(max_examples=500, deadline=None)
def test_md_escape_folds_and_strips_as_the_long_way(text: str) -> None:
    folded = _SPACE.sub(" ", _CONTROL.sub("", text)).strip()
    assert md_escape(text) == md_escape(f" {folded}\n")
    assert md_escape(text) == md_escape(folded)
