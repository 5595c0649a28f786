"""Headlines derived from an article's lead: whole, short, without datelines."""

from __future__ import annotations

import random
import sys

import pytest

from briefing.readers.article import make_article
from briefing.text import headlines
from briefing.text.headlines import (
    LONG_CUT,
    MAX_WORDS,
    derive_headline,
    repeats_headline,
    strip_dateline,
)

# Leads written for these tests.
LEADS = [
    # (lead, headline)
    (
        "The harbour board approved a new ferry timetable on Monday. Crossings start in May.",
        "The harbour board approved a new ferry timetable on Monday",
    ),
    (
        "(CNN) -- Firefighters rescued three hikers from a flooded canyon near Tarn Falls on "
        "Sunday after a sudden storm cut off the only trail out of the gorge.",
        "Firefighters rescued three hikers from a flooded canyon near Tarn Falls on Sunday",
    ),
    (
        "PORT ALDER (Reuters) - Dock workers at the city's container terminal walked out on "
        "Friday, halting the loading of more than forty ships bound for northern Europe.",
        "Dock workers at the city's container terminal walked out on Friday",
    ),
    (
        "Northmoor (CNN)Closed for good. The last coal mine in the valley shut its gates on "
        "Thursday after 140 years of digging beneath the moor.",
        "The last coal mine in the valley shut its gates on Thursday",
    ),
    (
        "By . Lena Brook . PUBLISHED: 09:14 EST, 3 April 2025 | . UPDATED: 11:02 EST, "
        "3 April 2025 . A pensioner has won the county's biggest lottery prize in a decade "
        "using numbers taken from her late husband's favourite cricket scores.",
        "A pensioner has won the county's biggest lottery prize",
    ),
    (
        "Wanted: Police in Greyford have issued a warrant for the arrest of a former "
        "accountant who vanished with the savings of the town's rowing club last spring.",
        # "who vanished": a verb after a pronoun ends a clause; the cut nearest 12 words.
        "Police in Greyford have issued a warrant for the arrest of a former accountant "
        "who vanished",
    ),
    (
        "Harbour City reached their first cup final in 22 years after beating Aldgate "
        "Rovers 2-1 in a tense semi-final on Thursday night.",
        "Harbour City reached their first cup final in 22 years",
    ),
]


# Leads written for these tests, each needing a rule about where a clause ends.
CLAUSE_LEADS = [
    # The clause about the subject ("who gathered ...") has ended when an auxiliary
    # comes after its verb: the main verb is there, so the lead can be cut after it.
    (
        "Villagers who gathered for the harvest fair in the old market square have been "
        "left furious after organisers cancelled the parade at the last minute. More.",
        "Villagers who gathered for the harvest fair in the old market square have been "
        "left furious",
    ),
    # ", prompting walkers and tourists" opens a clause of its own, not a list's next item.
    (
        "They are the strange painted stones that have been found along the coast path, "
        "prompting walkers and tourists to ask who left them there and what on earth they "
        "could mean. More.",
        "They are the strange painted stones that have been found along the coast path",
    ),
    # Too long to keep whole, no cut in 16 words: a whole clause of up to 20 words beats
    # an ellipsis.
    (
        "The head teacher and the deputy head of the village school on the hill have "
        "written a letter to every parent about the new term dates and the longer lunch "
        "break, the school said on Friday.",
        "The head teacher and the deputy head of the village school on the hill have "
        "written a letter",
    ),
    # There, a noun may lose the participle after it; and "are believed" is not an end
    # (what is believed is still to come).
    (
        "Two in three seaside cafes are thought to be selling imported crab meat without "
        "a label breaking trading rules meant to protect the fishing fleet of the region, "
        "a council report says. More.",
        "Two in three seaside cafes are thought to be selling imported crab meat without a label",
    ),
    (
        "Most of the small bakeries in the county are believed to be using flour from a "
        "single old mill in the north of the county that closed for repairs last week, a "
        "trade body claims.",
        "Most of the small bakeries in the county are believed to be using flour",
    ),
]


@pytest.mark.parametrize(("lead", "headline"), LEADS + CLAUSE_LEADS)
def test_headline_from_lead(lead: str, headline: str) -> None:
    assert derive_headline(lead) == headline
    assert len(headline.split()) <= LONG_CUT


def test_no_cut_inside_a_clause_about_the_subject() -> None:
    """ "A ferry company that has run boats": the main verb ("will stop") is still to
    come, so no cut before it is a headline; nor is one ending on "are believed"."""
    lead = (
        "A ferry company that has run boats to the islands for ninety years in all weathers "
        "and through two wars will stop its winter crossings from January, the harbour board "
        "has confirmed."
    )
    assert derive_headline(lead).endswith("…")
    lead = (
        "Most hotels on the seafront are believed to be fully booked for the festival week "
        "in August although the organisers expect more visitors than in any year before, a "
        "tourism board says."
    )
    assert not derive_headline(lead).endswith("believed")


@pytest.mark.parametrize("lead", [lead for lead, _ in LEADS])
def test_headline_is_whole_and_short(lead: str) -> None:
    found = derive_headline(lead)
    last = found.rstrip("…").split()[-1].casefold()
    assert last not in {"the", "of", "with", "after", "a", "and", "to", "in"}
    assert len(found.split()) <= MAX_WORDS
    assert not found.startswith(("(", "By ", "PUBLISHED", "Wanted"))


def test_never_cut_inside_a_phrase() -> None:
    # No clause break and no phrase after a verb in reach: an ellipsis, cut after a
    # word that does not need the next one.
    lead = (
        "Hundreds of volunteers carrying buckets spades sandbags and hot soup for the "
        "exhausted crews of the lifeboat station and the coastguard teams of the three "
        "villages spent the whole night on the dunes."
    )
    found = derive_headline(lead)
    assert found.endswith("…")
    assert found.rstrip("…").split()[-1].casefold() not in {"of", "for", "the", "and"}


def test_a_comma_inside_a_list_is_not_a_clause_break() -> None:
    lead = (
        "The museum will lend paintings, drawings and maps to galleries in four "
        "countries over the next two years under a new exchange scheme."
    )
    assert not derive_headline(lead).endswith("paintings")


def test_strip_dateline_keeps_ordinary_openings() -> None:
    text = "Harbour City won the cup."
    assert strip_dateline(text) == text
    assert strip_dateline("US sanctions hit the port - officials said.").startswith("US ")


def test_repeats_headline() -> None:
    headline = "Harbour City reached their first cup final in 22 years"
    lead = (
        "Harbour City reached their first cup final in 22 years after beating Aldgate "
        "Rovers 2-1 on Thursday."
    )
    assert repeats_headline(headline, lead)
    assert repeats_headline("Harbour City reach the cup final", "Harbour City reach cup final.")
    assert not repeats_headline(headline, "Striker Leon Okafor scored the winner late on.")
    assert not repeats_headline("", "Anything at all.")


def test_a_headline_with_one_line_is_kept() -> None:
    # A wire's one-liner: a headline and four words of text is news, not "no usable text".
    article = make_article(
        origin="wire.json", title="Ferry service resumes", text="Boats sail again."
    )
    assert article.title == "Ferry service resumes"
    assert article.text == "Boats sail again."


def test_what_someone_said_is_not_cut_before_its_verb() -> None:
    found = derive_headline(
        "Tarn Ferries said profits after tax for the twelve months to March fell by nearly "
        "a fifth to forty million crowns, blaming fuel."
    )
    assert found != "Tarn Ferries said profits after tax"
    assert "fell" in found


def test_photo_references_and_participles_after_a_comma() -> None:
    """ "(pictured)" tells where the photo is, not the news; "The lawsuit, filed in ..."
    has no verb yet, so it is no headline."""
    lead = (
        "Prisoner Carlos Vane (pictured) was jailed for five years after he sent a teenager "
        "hundreds of messages from his cell. More."
    )
    assert derive_headline(lead) == "Prisoner Carlos Vane was jailed for five years"
    lead = "The mayor (left, with her deputy) opened the new bridge on Monday. More."
    assert derive_headline(lead) == "The mayor opened the new bridge on Monday"
    lead = (
        "The lawsuit, filed in Marsh County, says the bakery misled thousands of customers "
        "about the fees it charged for delivery to the outlying villages last winter. More."
    )
    assert derive_headline(lead).startswith("The lawsuit, filed in Marsh County, says")


def _repeats_slowly(headline: str, sentence: str) -> bool:
    """repeats_headline as it was written first: every sentence's words found."""
    head = headlines._norm(headline.rstrip("…"))
    if not head:
        return False
    said = headlines._norm(strip_dateline(sentence))
    if said[: len(head)] == head:
        return True
    shared = len(set(head) & set(said)) / len(set(head))
    return shared >= 0.8 and len(said) <= 2 * len(head)


def test_casefold_works_on_each_character_alone() -> None:
    # What the quick test of a sentence against the headline's words relies on.
    # Every character between letters, and beside a capital sigma (the one letter
    # lower() treats by its context).
    chars = [chr(code) for code in range(sys.maxunicode + 1)]
    for text in ("a".join(chars), "Σ".join(chars)):
        assert text.casefold() == "".join(map(str.casefold, text))


def test_headline_test_agrees_with_finding_every_word() -> None:
    # Sentences made of the headline's words (shuffled, dropped, recased, with a
    # dateline or label before them) and of other words, so that both answers occur.
    words = ["Harbour", "City", "reach", "cup", "final", "STRASSE", "Straße", "İzmir", "ΣΟΦΊΑ"]
    others = ["the", "on", "Monday", "said", "σοφία", "izmir", "strasse", "’s", "—", "9"]
    prefixes = ["", "PORT ALDER (Reuters) - ", "By Jane Doe . ", "Wanted: ", "(CNN) -- ", "| "]
    rng = random.Random(16)
    agreed = {True: 0, False: 0}
    for _ in range(3_000):
        head = rng.sample(words, rng.randrange(1, 6))
        body = [rng.choice([w, w.upper(), w.lower()]) for w in head if rng.random() < 0.9]
        body += rng.choices(others + words, k=rng.randrange(0, 8))
        if rng.random() < 0.5:
            rng.shuffle(body)
        headline = " ".join(head) + rng.choice(["", "…", "!"])
        sentence = rng.choice(prefixes) + " ".join(body) + rng.choice(["", ".", "?"])
        expected = _repeats_slowly(headline, sentence)
        assert repeats_headline(headline, sentence) is expected, (headline, sentence)
        agreed[expected] += 1
    assert min(agreed.values()) > 300
