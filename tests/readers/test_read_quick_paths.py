"""The readers' quick paths give exactly what the plain code they stand for gives."""

from __future__ import annotations

import sys
from pathlib import PurePath
from urllib.parse import urlsplit

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from briefing.errors import SkippedInput
from briefing.models import Tag
from briefing.readers.article import _file_name, make_article, tags_from
from briefing.readers.controls import _STRIP, clean_text, printable
from briefing.readers.decode import decode
from briefing.readers.markup import site_name, tag_name
from briefing.text.sentences import normalize_space

# Every whitespace character there is, every character clean_text drops, and a few
# ordinary ones: what makes the quick paths choose.
_SPACES = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
_DROPPED = [chr(c) for c in range(0x3000) if _STRIP.fullmatch(chr(c))]
_TRICKY = st.sampled_from([*_SPACES, *_DROPPED, "\u00ad", "\u200b", "a", "é", "Ω", "日", " ", "\n"])
_TEXTS = st.lists(st.one_of(_TRICKY, st.text(max_size=6)), max_size=40).map("".join)


def _slow_name(value: str) -> str:
    host = urlsplit(value).hostname if "//" in value else value
    host = (host or "").lower()
    return host[4:] if host.startswith("www.") else host


@given(_TEXTS)
@example("Para one.\n\nPara two.\n\n\n  Three   spaces  ")
@example("  \n \n  ")
@example("a\u2028b\u00a0c\x1cd\te")
@example("tab\x0bvertical\x0cfeed\x1fend\x85")
@example("left\u202eright\ufeff")
@settings(max_examples=400, deadline=None)
def test_normalize_space_is_split_and_join_on_any_text(text: str) -> None:
    assert normalize_space(text) == " ".join(text.split())


def test_every_character_printable_the_same_as_isprintable() -> None:
    for code in range(0x3100):
        char = chr(code)
        assert printable(char) is char.isprintable(), hex(code)
        assert printable(f"ab {char} cd") is f"ab {char} cd".isprintable(), hex(code)


@given(_TEXTS)
@settings(max_examples=300, deadline=None)
def test_printable_and_clean_text_match_their_definitions(text: str) -> None:
    assert printable(text) is text.isprintable()
    assert clean_text(text) == _STRIP.sub("", text)


@pytest.mark.parametrize(
    "value",
    [
        "https://www.Example.COM/news/1",
        "http://news.example.org",
        "https://example.org?x=1",
        "https://example.org#top",
        "HTTPS://WWW.EXAMPLE.ORG/",
        "https://user@example.org/a",
        "https://example.org:8080/a",
        "https://[::1]:80/a",
        "http:///no-host",
        "ftp://files.example.net/x",
        " https://lead.example.org/",
        "https://exa\tmple.org/",
        "https://example.org\n",
        "https://example.org/\n",
        "https://bücher.example/a",
        "https://ex%41mple.org/",
        "1http://example.org/",
        "javascript://example.org/%0aalert(1)",
        "a+b.c-d://host.example/",
        "//example.org/path",
        "example.org",
        "www.example.org",
    ],
)
def test_site_name_is_what_urlsplit_finds(value: str) -> None:
    assert site_name(value) == _slow_name(value)


@given(
    st.lists(
        st.sampled_from(["http", "HTTPS", "x", "://", "//", "www.", "a", ".", "-", "/", "?", "#"])
        | st.sampled_from(["@", ":", "[", "]", "%", " ", "\t", "\n", "é", "0"]),
        max_size=14,
    ).map("".join)
)
@settings(max_examples=400, deadline=None)
def test_site_name_of_made_up_addresses(value: str) -> None:
    try:
        expected = _slow_name(value)
    except ValueError as error:  # urlsplit refuses a broken IPv6 host: so must we
        with pytest.raises(ValueError, match=str(error)):
            site_name(value)
        return
    assert site_name(value) == expected


@given(
    st.lists(st.sampled_from(["a", "b.jsonl", "/", ".", "..", ":3", " ", "é", "\\"]), max_size=8)
)
@example(["/"])
@example(["a", "/", "."])
@example(["a", "/", "/"])
@settings(max_examples=300, deadline=None)
def test_file_name_is_purepaths(parts: list[str]) -> None:
    origin = "".join(parts)
    assert _file_name(origin) == PurePath(origin).name


def test_tags_from_strings_the_same_each_time_and_fresh_objects_too() -> None:
    values = ["donald-trump", "Donald Trump", "uk", " UK ", "", "--", "Ölpreis", "a\x1bb", 7]
    first = tags_from(values)
    again = tags_from(list(values))
    assert first == again
    assert [t.slug for t in first] == ["donald-trump", "uk", "lpreis", "a-b", "7"]
    assert [t.name for t in first] == ["Donald Trump", "UK", "Ölpreis", "ab", "7"]
    assert first[1].name == tag_name("uk")
    # A dict is read afresh each time (it is not a cache key).
    named = tags_from([{"slug": "uk", "name": "Britain"}, "uk"])
    assert named == (Tag("uk", "Britain"),)
    assert named[0].name == "Britain"


def test_article_from_paragraphs_and_hostile_characters() -> None:
    body = "First  paragraph  of the story.\n\n\nSecond\u00a0one\u202e with\ttabs.\r\n\x00End here."
    article = make_article(origin="/some/where/day.jsonl:12", text=body, title="A title")
    assert article.text == clean_text(normalize_space(body))
    assert "\u202e" not in article.text and "\x00" not in article.text and "  " not in article.text
    elsewhere = make_article(origin="elsewhere/day.jsonl:12", text=body, title="A title")
    assert elsewhere.id == article.id  # only the file's own name stands for its origin


def test_a_file_is_empty_exactly_when_strip_leaves_nothing() -> None:
    for data in [b"", b" ", b"\t\n\r\x0b\x0c ", b"\x1c", b"\x85", b"\xa0", b" \x00 ", b" x "]:
        try:
            decode(data, "f.txt")
        except SkippedInput as skipped:
            assert (skipped.reason == "empty file") is (not data.strip()), data
        else:
            assert data.strip(), data
