"""Captions, bylines, prompts and fragments are never content; real sentences are."""

from __future__ import annotations

import pytest

from briefing.clean import is_byline, is_content


@pytest.mark.parametrize(
    "sentence",
    [
        # bylines and datelines, as the splitter cuts them and as one piece
        "By . Jane Doe and Tom Roe .",
        "By Jane Doe for MailOnline and Tom Roe In New York",
        "By JANE DOE, Political Editor, for the Mail on Sunday",
        "By . Jane Doe . PUBLISHED: . 12:53 EST, 4 June 2013 . | . UPDATED: . 13:07 EST",
        "PUBLISHED: 09:14 GMT, 3 March 2014 and more words here",
        "Last updated at 5:22 PM on 14th October 2011 .",
        "CNN's Jane Doe and Tom Roe contributed to this report.",
        # captions and video prompts
        "Scroll down for video The mayor opened the new harbour wall on a windy Monday.",
        "Photo: The new harbour wall seen from the old pier at low tide",
        "The harbour wall at low tide on a bright morning (Getty Images)",
        "Pictured: the mayor and the builders in front of the new wall",
        # newsletter and social prompts
        "Sign up for our daily newsletter to get the news first every morning.",
        "Follow us on Twitter for the latest news from the harbour.",
        "Sorry we are not currently accepting comments on this article.",
        "Read more: how the town paid for its new harbour wall",
        "Click here to see all the pictures from the opening day.",
        # fragments
        "We see, the mayor.",
        "Harbour reopens.",
    ],
)
def test_not_content(sentence: str) -> None:
    assert not is_content(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "A council in the north has agreed to rebuild its old harbour wall after the storms.",
        "Byron Smith, 42, said he welcomed the news from the council on Tuesday.",
        "By the end of the year, the harbour will reopen to the fishing boats again.",
        "By Friday, the council had voted to close the old harbour for the winter.",
        "By comparison, only a third of the boats used the southern harbour last year.",
        "By 2020, half of the town will live within a mile of the new harbour wall.",
        "'It was the worst storm I have seen in forty years,' said the harbour master.",
        "The photo shows the damage the storm did to the old harbour wall last winter.",
    ],
)
def test_content(sentence: str) -> None:
    assert is_content(sentence)


def test_byline_needs_a_capitalised_name() -> None:
    assert is_byline("By Jane Doe")
    assert not is_byline("By the way, the mayor said the plan was good for the town.")
    assert not is_byline("Byron Smith spoke to reporters.")
