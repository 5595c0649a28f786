"""Names for inferred sections: the subjects news is sorted under, and their words.

A section inferred from the text is named by the subject whose words its stories use
most ("Crime and justice", "Health"), so the same kind of story gets the same name
every day; only a group that matches no subject well is named by its own key phrase.
The word lists were written for this project: common words of each beat, stemmed
like every other term.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import cache

from briefing.text.terms import sentence_terms, word_terms

__all__ = ["MIN_SHARE", "SUBJECTS", "subject_of", "subject_terms"]

SUBJECTS: dict[str, str] = {
    "Crime and justice": "police court judge jury trial murder killed arrested charged prison "
    "sentenced guilty crime officer victim shooting stabbing suspect prosecutor lawyer jailed "
    "investigation detective robbery assault",
    "Politics": "election minister government parliament vote party labour conservative tory "
    "senate congress president campaign mp mps policy prime democrat republican poll "
    "referendum chancellor cabinet",
    "Business and economy": "company firm shares market profit profits sales bank economy "
    "investors growth prices inflation billion deal chief executive business revenue "
    "customers retailer stock trade",
    "Football": "football club league goal goals striker manager premier midfielder defender "
    "season champions cup match fans transfer signing",
    "Sport": "race match win won team players coach championship olympic tennis golf cricket "
    "rugby boxing title tournament final victory medal",
    "Health": "health hospital patients doctors nhs cancer disease treatment drug medical "
    "study risk virus care nurses surgery symptoms",
    "Science and technology": "scientists research technology software internet computer "
    "phone app users data space nasa researchers digital online device robot",
    "Entertainment": "film music star actor actress singer album show television tv movie "
    "celebrity hollywood festival series fans concert",
    "Royals and celebrities": "prince princess royal duchess queen king wedding baby "
    "celebrity star model",
    "Weather and environment": "weather storm rain flood snow temperatures climate "
    "environment wildlife animals heat wind drought",
    "World": "war military troops government country president forces attack refugees border "
    "foreign minister talks embassy",
    "Travel": "travel airline flight passengers airport holiday hotel tourists cruise trip",
    "Family and lifestyle": "mother father daughter son family children wife husband "
    "baby parents woman girl boy home",
}
#: A group is named by a subject when that subject's words are at least this share of
#: all its subject words, and more than any other subject's.
MIN_SHARE = 0.2


@cache
def _stems() -> dict[str, tuple[str, ...]]:
    """Each term and the subjects it belongs to."""
    found: dict[str, list[str]] = {}
    for subject, words in SUBJECTS.items():
        for word in words.split():
            for term in word_terms(word):
                found.setdefault(term, []).append(subject)
    return {term: tuple(subjects) for term, subjects in found.items()}


@cache
def subject_terms(name: str) -> tuple[str, ...]:
    """The terms of the subjects a section name speaks of, in the order written: those
    whose name shares a word with it ("Sports" is the subject "Sport", "Crime" is "Crime
    and justice", "World News" is "World"). A tag of the day named so has these words
    for its own, whatever the day's stories of it say."""
    named = set(sentence_terms(name))
    found: dict[str, None] = {}
    for subject, words in SUBJECTS.items():
        if named & set(sentence_terms(subject)):
            found.update(dict.fromkeys(sentence_terms(words)))
    return tuple(found)


def subject_of(bags: Sequence[Counter[str]]) -> str | None:
    """The subject a group of texts (as term bags) is about, or None when none stands out.

    Each text votes once per subject word it uses, so one long article cannot decide.
    """
    stems = _stems()
    votes: Counter[str] = Counter()
    for bag in bags:
        for term in bag:
            for subject in stems.get(term, ()):
                votes[subject] += 1
    if not votes:
        return None
    (best, top), *rest = sorted(votes.items(), key=lambda item: (-item[1], item[0]))
    runner = rest[0][1] if rest else 0
    if top / sum(votes.values()) >= MIN_SHARE or top >= 1.5 * runner:
        return best
    return None
