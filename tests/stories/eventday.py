"""Hard cases for telling events apart, written for these tests (no text is copied).

Two auctions of different stars' memorabilia, at one auction house on one weekend, told
in the same auction vocabulary: two events. Seven outlets reporting one television
interview, each in its own words and at its own length: one event. Around them, the
rest of a day (see :mod:`tests.newsday`).
"""

from __future__ import annotations

from briefing.models import Article
from tests.conftest import make_article

#: (outlet, title, text) of two auctions, written alike as agencies write them: the
#: bidding, the house, the city and the day are the same; the star and the lot are not.
AUCTIONS = (
    (
        "Harbour Gazette",
        "Dorian Quillfeather's guitar sells for record price at memorabilia auction",
        "A guitar played by the late singer Dorian Quillfeather sold for $1.4 million at a "
        "memorabilia auction in Los Angeles on Saturday. Bidders competed by telephone and "
        "online for more than twenty minutes before the hammer fell, far above the "
        "pre-sale estimate. The auction house, Pelling & Sons, said the sale of items from "
        "the singer's estate also included handwritten lyrics, a stage jacket and signed "
        "tour posters. Collectors said the price set a record for memorabilia of its kind. "
        "Part of the proceeds will go to a music school in Carrow Falls. The buyer asked "
        "not to be named.",
    ),
    (
        "Northern Wire",
        "Maribel Ostrander's gown sells for record price at memorabilia auction",
        "A gown worn by the late actress Maribel Ostrander sold for $640,000 at a "
        "memorabilia auction in Los Angeles on Saturday. Bidders competed online and by "
        "telephone for every lot, and the hammer fell at more than three times the "
        "pre-sale estimate. The auction house, Pelling & Sons, said the sale of items from "
        "the actress's estate also included signed scripts, letters and a pair of dancing "
        "shoes. Collectors said the price set a record for memorabilia of its kind. The "
        "proceeds will fund a theatre scholarship in Winsford. The buyer was not named.",
    ),
)

#: (outlet, title, text): one interview of the singer Lucia Brandvold by Tobin Marsh on
#: "Nightline Hour", told seven times; a title left empty is a title the outlet lacked.
INTERVIEW = (
    (
        "Harbour Gazette",
        "Lucia Brandvold tells Tobin Marsh she will stop touring after this year",
        "The singer Lucia Brandvold told Tobin Marsh on Nightline Hour that her current "
        "tour will be her last. Brandvold, 58, said that forty years on the road had "
        "taken a toll on her voice and her family. She described her mother's illness "
        "last winter as the moment she knew it was time to stop. Marsh pressed her on "
        'rumours of a feud with her former band, and Brandvold laughed them off. "I '
        "will still write songs, I just won't carry them from city to city,\" she said. "
        "The interview was recorded at her farm outside Oldmere.",
    ),
    (
        "Northern Wire",
        "Brandvold's farewell: singer quits the road in Nightline Hour interview",
        "Lucia Brandvold is hanging up her touring boots. In a long conversation with "
        "Tobin Marsh broadcast on Nightline Hour, the 58-year-old said the shows booked "
        "for this autumn are the final ones. Brandvold spoke of nursing her mother and of "
        "four decades of hotel rooms. \"I will still write songs, I just won't carry them "
        'from city to city," she told Marsh.',
    ),
    (
        "Coastal Post",
        "",
        "Fans of Lucia Brandvold reacted with sadness after the singer announced her "
        "retirement from touring. Speaking to Tobin Marsh on Nightline Hour, Brandvold "
        "said her voice needed rest. Tickets for the remaining dates sold out within "
        "hours of the broadcast.",
    ),
    (
        "Evening Ledger",
        "Five things we learned from the Lucia Brandvold interview",
        "Lucia Brandvold gave Tobin Marsh a rare interview on Nightline Hour. She is "
        "retiring from the stage once this year's tour ends. Her mother's illness changed "
        "her mind about life on the road. She denied any feud with her old bandmates. She "
        "has no plans to stop writing music. And she filmed the whole interview at her "
        "farm near Oldmere, with her dogs wandering in and out of the shot.",
    ),
    (
        "Valley Times",
        "Brandvold to end touring career, she tells Marsh",
        "Veteran singer Lucia Brandvold will retire from touring at the end of the year, "
        "she said in an interview with Tobin Marsh aired on Nightline Hour. Brandvold "
        "cited strain on her voice after four decades of concerts.",
    ),
    (
        "Metro Daily",
        "Lucia Brandvold: 'This tour is my last'",
        "Lucia Brandvold has confirmed that her current concert tour will be her final "
        "one. The 58-year-old singer made the announcement on Nightline Hour, telling "
        "Tobin Marsh that her family now comes first. Brandvold said she would keep "
        "writing and might record again, but would not go back on the road. Her manager "
        "said no further dates would be added.",
    ),
    (
        "Riverside Courier",
        "Singer Brandvold bows out of touring",
        "Lucia Brandvold says her touring days are over. The announcement came during "
        "an emotional interview with Tobin Marsh on Nightline Hour, in which the singer "
        "talked about her mother, her voice and the friends she lost along the way. "
        "Brandvold, 58, will play her last concert in Oldmere in December.",
    ),
)


def _slug(outlet: str) -> str:
    return outlet.lower().replace(" ", "-")


def auction_articles() -> list[Article]:
    """The two auction reports."""
    return [
        make_article(
            title, text, tags=("arts",), url=f"https://{_slug(o)}.example/auction-{n}", source=o
        )
        for n, (o, title, text) in enumerate(AUCTIONS)
    ]


def interview_articles() -> list[Article]:
    """The seven reports of one interview."""
    return [
        make_article(
            title, text, tags=("arts",), url=f"https://{_slug(o)}.example/brandvold", source=o
        )
        for o, title, text in INTERVIEW
    ]
