"""A day of news written for these tests: three events told by three outlets each, and
six other stories under the same tag, some on the same subjects as the three.

Every text here was written for the project; none is copied from anywhere.
"""

from __future__ import annotations

import datetime as dt

from briefing.models import Article
from tests.conftest import make_article, syndicate

DAY = dt.date(2025, 4, 4)
TAG = ("world-news",)
OUTLETS = ("Harbour Gazette", "Northern Wire", "Coastal Post")

#: (title, text) of the three events that every outlet reports.
EVENTS = (
    (
        "Brightwater Ferries cancels its winter crossings to Tarn Island",
        "Brightwater Ferries said on Tuesday that it will cancel every winter crossing "
        "between Port Alder and Tarn Island from November until March. The company blamed "
        "a doubling of marine fuel prices and a shortage of qualified deck officers. "
        "About 1,400 islanders rely on the route to reach the hospital and the secondary "
        "school on the mainland. Island councillor Maren Holt called the decision a "
        "betrayal and asked the regional government to step in with an emergency subsidy. "
        "Brightwater's chief executive, Olav Rusk, said the company had lost money on the "
        "crossing for three winters in a row. The regional transport minister promised to "
        "meet both sides before the end of the month. A petition to save the crossing has "
        "already gathered more than 9,000 signatures. Local fishermen have offered to carry "
        "urgent medical supplies if no agreement is reached.",
    ),
    (
        "Stolen Vermeer-era portrait recovered from a lorry near Ostend",
        "Police in Belgium have recovered a seventeenth-century portrait stolen from the "
        "Hallen Museum in Ghent six years ago. Officers found the painting wrapped in "
        "blankets inside a refrigerated lorry stopped for a routine check near Ostend. "
        "The portrait of a young merchant's wife was cut from its frame during a night "
        "raid in 2019 and has been listed by Interpol ever since. Two men, aged 41 and 56, "
        "were arrested at the scene and are being questioned by art crime investigators. "
        "Museum director Ilse Vandamme said staff wept when they saw photographs of the "
        "canvas, which appears to have suffered only minor damage. Restorers will examine "
        "the painting for several months before it goes back on display. Insurers had paid "
        "the museum a settlement of 2.3 million euros after the theft.",
    ),
    (
        "Drought forces hosepipe ban across the Verdon valley",
        "Water authorities in the Verdon valley imposed a hosepipe ban on Tuesday after "
        "the driest spring recorded in more than a century. Reservoir levels have fallen "
        "to 38 percent of capacity, well below the seasonal average of 71 percent. "
        "Households face fines of up to 500 euros for watering gardens, washing cars or "
        "filling private swimming pools. Farmers will be allowed to irrigate crops only "
        "between midnight and six in the morning. The valley's water board said the ban "
        "would remain until reservoirs recover to at least half of their capacity. "
        "Hydrologist Pauline Mercier warned that another dry month could threaten drinking "
        "water supplies in the smaller villages. Campsites along the river have been asked "
        "to close their showers during the afternoon.",
    ),
)

#: (title, text, source) of six other stories, two of them near the events' subjects.
OTHERS = (
    (
        "New ferry terminal opens in Kessel harbour",
        "A new passenger terminal opened in Kessel harbour on Tuesday after two years of "
        "building work. The glass hall has a waiting room for 300 passengers, a cafe and "
        "covered walkways to both berths. Harbour master Tomas Brink said the terminal "
        "would cut boarding times for summer holiday traffic by half. The project cost "
        "14 million euros and was paid for by the port authority and a European grant. "
        "Cyclists will get a dedicated lane onto the ships from next month.",
        "Harbour Gazette",
    ),
    (
        "Hallen Museum opens a gallery of medieval ceramics",
        "The Hallen Museum in Ghent has opened a permanent gallery devoted to medieval "
        "ceramics from Flanders. More than 200 jugs, tiles and bowls are on show, many of "
        "them dug up during the rebuilding of the city's old grain market. Curator Jonas "
        "Peeters said the collection shows how ordinary households cooked, stored and "
        "traded food. Visitors can handle copies of the pots in a hands-on room for "
        "children. Entry to the new gallery is free on the first Sunday of every month.",
        "Northern Wire",
    ),
    (
        "Flood warnings issued for the Lenne river after storms",
        "Forecasters issued flood warnings for towns along the Lenne river after two days "
        "of torrential storms. Some areas received a month's worth of rain in 36 hours, "
        "and the river burst its banks near the old mill at Hagen. Emergency crews "
        "evacuated a care home and handed out sandbags to residents of low-lying streets. "
        "Train services between Altena and Plettenberg were suspended because of a "
        "landslide on the line. The weather service expects the rain to ease by Thursday.",
        "Coastal Post",
    ),
    (
        "Rovers appoint former goalkeeper Dan Ekwueme as manager",
        "Rovers have appointed their former goalkeeper Dan Ekwueme as first team manager "
        "on a three-year contract. Ekwueme, 44, spent eleven seasons at the club as a "
        "player and led its youth side to a national cup final last year. He replaces "
        "Steve Grady, who was sacked in February with the team fourth from bottom of the "
        "league. The chairman said the board wanted someone who understood the club and "
        "its supporters. Ekwueme takes charge of his first match away at Millbrook on "
        "Saturday.",
        "Northern Wire",
    ),
    (
        "Lumen Robotics opens a research laboratory in Tampere",
        "Lumen Robotics will open a research laboratory in Tampere employing 120 engineers "
        "by the end of next year. The start-up builds grasping hands for warehouse robots "
        "and raised 60 million dollars from investors in January. Its founder, Aino "
        "Lehtinen, said the city's university graduates made it an easy choice. The "
        "laboratory will also test robots that sort recycling from household waste. City "
        "officials said it was the largest technology investment in the region this "
        "decade.",
        "Coastal Post",
    ),
    (
        "Free school meals extended to every primary pupil in Norland",
        "Every primary school pupil in Norland will receive a free hot lunch from "
        "September, the provincial education office announced. The scheme will cost "
        "about 45 million euros a year and will reach some 80,000 children. Head "
        "teachers welcomed the plan but warned that many school kitchens are too small to "
        "cook for all pupils at once. The office said it would pay for new equipment "
        "where kitchens need it. Parents' groups have campaigned for universal free meals "
        "for more than a decade.",
        "Harbour Gazette",
    ),
)

#: Headline styles the other outlets use for the same event.
_RETITLE = ("{title}", "{title}, officials say", "{title}, reports say")


def event_articles(event: int, day: dt.date = DAY) -> list[Article]:
    """The three outlets' versions of one event: the original and two syndicated rewrites."""
    title, text = EVENTS[event]
    out = []
    for copy, outlet in enumerate(OUTLETS):
        body = text if copy == 0 else syndicate(text, seed=10 * event + copy, keep=0.7 + copy / 10)
        slug = outlet.lower().replace(" ", "-")
        out.append(
            make_article(
                _RETITLE[copy].format(title=title),
                body,
                tags=TAG,
                date=day,
                url=f"https://{slug}.example.com/{day.isoformat()}/event-{event}",
                source=outlet,
            )
        )
    return out


def other_articles(day: dt.date = DAY) -> list[Article]:
    """The six stories told once each."""
    return [
        make_article(
            title,
            text,
            tags=TAG,
            date=day,
            url=f"https://{source.lower().replace(' ', '-')}.example.com/other-{number}",
            source=source,
        )
        for number, (title, text, source) in enumerate(OTHERS)
    ]


def newsday(day: dt.date = DAY) -> list[Article]:
    """The whole day, interleaved the way feeds arrive: 15 articles, 9 stories."""
    events = [event_articles(e, day) for e in range(len(EVENTS))]
    others = other_articles(day)
    order = [
        events[0][0], others[0], events[1][1], events[2][2], others[1], events[0][2],
        others[2], events[1][0], events[2][0], others[3], events[0][1], others[4],
        events[2][1], events[1][2], others[5],
    ]  # fmt: skip
    return order
