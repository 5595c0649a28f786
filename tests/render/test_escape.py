"""The one escaping function for Markdown, and the URL, anchor and YAML helpers."""

from __future__ import annotations

import random
import re
from html import unescape
from typing import Any

import markdown
import pytest

from briefing.render.escape import md_anchor, md_escape, md_link, md_url, safe_url, yaml_string
from tests.conftest import HOSTILE

markdown_it = pytest.importorskip("markdown_it", reason="the test extra installs markdown-it-py")
yaml = pytest.importorskip("yaml", reason="the test extra installs pyyaml")

CONTEXTS = ("{}", "- {}", "### {}", "*{}*", "[{}](https://example.org/)")
MORE = (
    "C#",
    "AT&T",
    "&copy; 2025",
    "2025. A year",
    "100) things",
    "+ plus",
    "=== underline",
    "a_b_c and __init__",
    "3 * 4 * 5",
    "back\\slash\\",
    "**",
    "<http://evil.example>",
    "www.example.com",
    "caf\u00e9 cr\u00e8me",
    "tab\tand\u2028separator",
    "\\[x\\](y)",
    "![x]",
    "~~~",
    ":emoji: and ^sup^ and {++ins++}",
)


def render_both(source: str) -> tuple[str, str]:
    return (
        str(markdown.markdown(source)),
        str(markdown_it.MarkdownIt("commonmark").render(source)),
    )


def inner_text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html)).strip()


@pytest.mark.parametrize("text", HOSTILE + MORE)
@pytest.mark.parametrize("context", CONTEXTS)
def test_escaped_text_renders_as_exactly_the_text(text: str, context: str) -> None:
    source = context.format(md_escape(text)) + "\n"
    python_html, commonmark_html = render_both(source)
    # The same document once character references are decoded (they differ in spelling).
    assert unescape(python_html.replace("\n", "")) == unescape(commonmark_html.replace("\n", ""))
    expected = re.sub(r"\s+", " ", re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", "", text)).strip()
    assert inner_text(python_html) == expected
    # Only the tags the context itself makes.
    tags = set(re.findall(r"<(\w+)", python_html))
    assert tags <= {"p", "ul", "li", "h3", "em", "a"}


def test_leading_marks_are_neutralised() -> None:
    assert md_escape("1. one") == "1\\. one"
    assert md_escape("12) twelve") == "12\\) twelve"
    assert md_escape("- dash") == "\\- dash"
    assert md_escape("+ plus") == "\\+ plus"
    assert md_escape("=== x") == "&#61;== x"
    assert md_escape("# x") == "\\# x"
    assert md_escape("> x") == "&gt; x"


def test_everything_that_opens_markup_is_escaped() -> None:
    assert md_escape("a<b>&c|d~e") == "a&lt;b&gt;&amp;c&#124;d&#126;e"
    assert md_escape("`*_[]#{}\\") == "\\`\\*\\_\\[\\]\\#\\{\\}\\\\"
    assert md_escape("x\n\n# y\r\n- z") == "x \\# y - z"
    assert md_escape("a\x00b\x02c\x1bd") == "abcd"
    assert md_escape(42) == "42"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "\x01javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example/x",
        "/relative/path",
        "https:/no-host",
        'https://example.org/"onmouseover="alert(1)',
        "https://example.org/<script>",
        "https://example.org/a b",
        "https://example.org/\x7f",
        "http://example.org\\@evil.example",
        None,
        42,
        "",
    ],
)
def test_unsafe_urls_are_refused(url: Any) -> None:
    assert safe_url(url) is None
    assert md_url(url) is None
    assert md_link("text", url) == "text"


def test_safe_urls_pass_and_mailto_only_where_asked() -> None:
    assert safe_url("https://example.org/a?b=1#c") == "https://example.org/a?b=1#c"
    assert safe_url("  http://example.org  ") == "http://example.org"
    assert safe_url("mailto:someone@example.org") == "mailto:someone@example.org"
    assert md_url("mailto:someone@example.org") is None


def test_link_destinations_read_the_same_in_both_dialects() -> None:
    url = "https://example.org/caf\u00e9/(1)/[x]?a=1&copy=2&b=%20%zz"
    href = md_url(url)
    assert href == ("https://example.org/caf%C3%A9/%281%29/%5Bx%5D?a=1&amp;copy=2&amp;b=%20%25zz")
    python_html, commonmark_html = render_both(f"[t]({href})\n")
    found = {re.search(r'href="([^"]*)"', h).group(1) for h in (python_html, commonmark_html)}  # type: ignore[union-attr]
    assert found == {"https://example.org/caf%C3%A9/%281%29/%5Bx%5D?a=1&amp;copy=2&amp;b=%20%25zz"}


def test_md_link_escapes_its_label() -> None:
    assert md_link("[a](b)", "https://example.org/") == "[\\[a\\](b)](https://example.org/)"


def test_anchors_are_plain_ids() -> None:
    assert md_anchor("topic-uk") == "topic-uk"
    assert md_anchor('topic-"><script>') == "topic--script"
    assert md_anchor("***") == "section"


@pytest.mark.parametrize(
    "text",
    [
        'He said "no"',
        "colon: and # hash and - dash",
        "line\nbreak and\ttab",
        "\u2028\u2029 separators",
        "--- front matter end",
        "'single' & {braces} [brackets]",
        "\x00\x1b control",
        "caf\u00e9 \U0001f600",
    ],
)
def test_yaml_string_round_trips(text: str) -> None:
    line = yaml_string(text)
    assert "\n" not in line and "\u2028" not in line
    loaded = yaml.safe_load(f"key: {line}\n")["key"]
    assert loaded == re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", "", text)


def escape_char_by_char(text: str) -> str:
    """What md_escape does to the characters after a leading mark, one at a time."""
    entities = {"<": "&lt;", ">": "&gt;", "&": "&amp;", "|": "&#124;", "~": "&#126;"}
    return "".join(
        entities[c] if c in entities else "\\" + c if c in "\\`*_[]#{}" else c for c in text
    )


def test_escape_is_the_char_by_char_definition() -> None:
    rng = random.Random(5)
    alphabet = "ab \\`*_[]#{}<>&|~()!.é€\u2028"
    for _ in range(3000):
        text = "x" + "".join(rng.choices(alphabet, k=rng.randint(0, 20)))
        folded = re.sub(r"\s+", " ", text).strip()
        assert md_escape(text) == escape_char_by_char(folded), text


def test_safe_url_refuses_every_space_control_and_quote() -> None:
    for code in range(0x100):
        char = chr(code)
        url = f"https://news.example/a{char}b"
        bad = char in '<>"`\\' or char <= " " or char == "\x7f"
        assert (safe_url(url) is None) == bad, repr(char)
    # An apostrophe is a real link's ("/bbc-'should-allow'"), kept but never as it is.
    assert safe_url("https://news.example/a'b") == "https://news.example/a%27b"


def test_a_url_vetted_again_gets_the_same_answer_whatever_str_it_is() -> None:
    from markupsafe import Markup

    url = " https://example.org/it's-(here)&now "
    first = (safe_url(url), md_url(url), safe_url(url, frozenset({"mailto"})))
    assert first == (
        "https://example.org/it%27s-(here)&now",
        "https://example.org/it%27s-%28here%29&amp;now",
        None,
    )
    assert (safe_url(url), md_url(url), safe_url(url, frozenset({"mailto"}))) == first
    # A str subclass is vetted as it comes, not answered from the plain string's memory.
    assert safe_url(Markup(url)) == first[0]
    assert md_url(Markup(url)) == first[1]
