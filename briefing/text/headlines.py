"""Headlines for articles that came without one, and whether a sentence repeats one.

A derived headline is the lead sentence said short: datelines, agency prefixes
("(CNN) --", "LONDON (Reuters) -"), bylines and label prefixes ("Wanted:") go; a lead of
up to :data:`MAX_WORDS` words is the headline whole; a longer one is cut where a clause
ends (a dash, a semicolon, a comma before a new clause, or before "as", "when",
"after"...), never where the next word still belongs to the phrase ("of", "with",
"to"...) and never after a word that needs one ("the", "of", "and"...). Only when no
such place exists is it cut at a word, with an ellipsis.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from briefing.text.sentences import split_sentences

__all__ = [
    "MAX_WORDS",
    "derive_headline",
    "headline_repeats",
    "repeats_headline",
    "strip_dateline",
]

#: A lead up to this long is the headline whole; longer leads are cut near ``AIM``.
MAX_WORDS = 16
AIM = 12
#: A lead with no place to cut is still the headline whole up to this many words.
LONG_WORDS = 26
#: A lead longer than that is cut after a whole clause of up to this many words, when
#: there is none of ``MAX_WORDS``, before it is cut at a word (with an ellipsis).
LONG_CUT = 20
MIN_WORDS = 5

#: Words a headline cannot end on: the phrase they open is still to come.
DANGLING = frozenset(
    """a an the of to in on at by for from with without after before about as and or nor but
    that which who whom whose than into onto over under while during since until his her
    their its our your my this these those is are was were be been being has have had will
    would could should can may might must shall do does did not no very more most so such
    also just said says told say tell according including against among between through
    per via amid despite following if then when where whether whilst mr mrs ms dr
    one two three four five six seven eight nine ten some any all many few several each
    every both either neither another other able unable due likely set going
    want wants wanted plan plans planned hope hopes hoped expect expects expected try tries
    tried trying attempt attempts attempted need needs needed decide decides decided agree
    agrees agreed refuse refuses refused seem seems seemed appear appears appeared used
    ought bid bids vowed vows promised promises""".split()
)
#: A clause may start at these words: cutting just before one leaves a whole clause.
CLAUSE_WORDS = (
    "as",
    "when",
    "while",
    "whilst",
    "because",
    "since",
    "although",
    "though",
    "after",
    "before",
    "amid",
    "despite",
    "following",
    "according to",
    "but",
    "saying",
    "claiming",
    "leaving",
    "prompting",
    "based on",
    "citing",
    "accusing",
    "calling",
    "forcing",
    "sparking",
    "triggering",
    "raising",
    "urging",
    "ending",
    "in a bid",
    "in what",
    "just days",
    "just weeks",
    "days after",
    "weeks after",
    "months after",
    "hours after",
)
_CLAUSE = re.compile(
    r"(?P<punct>\s+[-–—]+\s+|\s*;\s+|,\s+)|\s+(?P<word>" + "|".join(CLAUSE_WORDS) + r")\b"
    r"|\s+(?P<and>and)\s+(?=(?:he|she|they|it|we|i|his|her|their|its|the|a|an|(?-i:[A-Z]))\b)",
    re.IGNORECASE,
)

# "(CNN) --", "(CNN)", "LONDON (Reuters) -", "WASHINGTON —", "PARIS, April 4 (AFP) -".
_AGENCY = re.compile(
    r"^\s*(?:[A-Z][\w.'’-]*(?:,? [A-Z][\w.'’-]*){0,3}\s*)?\((?:CNN|AP|AFP|Reuters|UPI|BBC)\)"
    r"\s*(?:[-–—]+\s*)?|^\s*\((?:[A-Z][\w .&'-]{0,30})\)\s*(?:[-–—]+\s*)?"
)
_PLACE = re.compile(
    r"^\s*[A-Z][A-Z .,'’/-]{1,40}(?:,\s*[A-Z][a-z]+\.? \d{1,2})?\s*(?:\([\w .&'-]{1,30}\))?"
    r"\s*[-–—]+\s+"
)
_BYLINE = re.compile(
    r"^\s*(?:By\s+(?:\.\s+)?[A-Z][\w'’.-]*(?:\s+(?:and\s+)?[A-Z][\w'’.-]*){0,5}"
    r"(?:\s*(?:PUBLISHED|UPDATED|Last updated)[^|]*?(?:\|\s*\.?\s*)?)*\s*[.|]\s*)",
)
_STAMP = re.compile(r"^\s*(?:PUBLISHED|UPDATED|Last updated|Updated|Published):?[^.|]*[.|]\s*")
# "Wanted: Police in Maryland have..." and caption labels: one to three words and a colon.
_STRAY = re.compile(r"^\s*[.|]+\s+")
_LABEL = re.compile(r"^\s*[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,2}:\s+(?=[A-Z0-9‘'\"“])")
_WORDS = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# "Carlos Boente (pictured) was jailed": what the photo beside the lead shows.
_PICTURED = re.compile(
    r"\s*\((?:pictured|left|right|centre|center|above|below|inset|file photo|main picture)"
    r"(?:[,;]?\s[^()]{0,40})?\)",
    re.IGNORECASE,
)


def strip_dateline(text: str) -> str:
    """``text`` without a leading dateline, agency prefix, byline, time stamp or label."""
    previous = None
    while previous != text:
        previous = text
        for pattern in (_AGENCY, _PLACE, _BYLINE, _STAMP, _STRAY):
            text = pattern.sub("", text, count=1)
    label = _LABEL.match(text)
    if label and len(text[label.end() :].split()) >= 6:
        text = text[label.end() :]
    return text.strip()


def derive_headline(text: str, language: str | None = None) -> str:
    """A whole, short headline from the lead of ``text`` (see the module's docstring).

    ``language`` is the text's, when known (``None``: detected).
    """
    lead = _PICTURED.sub("", strip_dateline(text[:2000]))
    sentences = split_sentences(lead, language) or [lead]
    first = sentences[0].strip()
    if len(first.split()) < MIN_WORDS and len(sentences) > 1:
        first = sentences[1].strip()
    first = first.rstrip(" .")
    words = first.split()
    if len(words) <= MAX_WORDS:
        return first
    cut = _clause_cut(first) or _phrase_cut(first)
    if cut is not None:
        return cut
    if len(words) <= LONG_WORDS:
        return first
    return _clause_cut(first, LONG_CUT) or _phrase_cut(first, LONG_CUT) or _word_cut(words)


def _clause_cut(sentence: str, most: int = MAX_WORDS) -> str | None:
    """The whole clause of ``MIN_WORDS`` to ``most`` words the lead opens with that comes
    closest to ``AIM`` words."""
    best: tuple[int, str] | None = None
    for match in _CLAUSE.finditer(sentence):
        head = sentence[: match.start()].rstrip(" ,;:-–—")
        words = head.split()
        if not MIN_WORDS <= len(words) <= most or _dangles(words):
            continue
        if (
            match.group("punct")
            and match.group("punct").strip() == ","
            and _list_goes_on(sentence[match.end() :])
        ):
            continue
        if _open_quote(head) or head.count("(") != head.count(")") or _subject_open(words):
            continue
        if not _has_verb(words):
            continue  # "A fugitive Iraqi militant leader" [, ...], "queuing" [as far as...]
        if match.group("word") and _modifier_ends(words):
            continue  # "crab meat labelled" [as local catch]
        if _clause_open(words):
            continue
        # Closest to the aim wins; a cut at punctuation beats one before a word.
        rank = abs(len(words) - AIM) + (0 if match.group("punct") else 1)
        if best is None or rank < best[0]:
            best = (rank, head)
    return best[1] if best else None


#: A phrase that starts at one of these can be left out once the main verb is said:
#: "Police have issued a warrant" [for the arrest of...]. Never "of": the noun before
#: it is not whole.
PHRASE_WORDS = frozenset(
    "in on at for with after over during since from into ahead across near by along to "
    "around through towards beyond within behind throughout "
    "outside inside under where".split()
)
#: Words that make a clause finite: auxiliaries, modals and the verbs of reporting.
FINITE = frozenset(
    """is are was were has have had will would can could may might must shall should
    does did do says said claims claimed warns warned admits admitted
    rose fell won lost put hit set cut made took gave got came went told found left began
    ran sold bought paid held kept brought thought became grew saw met led built sent
    spent struck fought broke wrote chose drew drove flew shot stood sought taught knew
    felt fled caught beat dealt hung laid lent meant quit rang rode sank shut slid spun
    stuck swept tore withdrew overtook upheld""".split()
)
#: Before a participle, these make it part of the verb ("was arrested"), not a
#: clause about a noun ("a report published").
_VERB_BEFORE = FINITE | frozenset(
    "be been being get got gets getting not never just also already recently".split()
)
_ARTICLE = frozenset("a an the his her their its our my your this that of".split())
_BE = frozenset("is are was were be been being".split())


#: Verbs that report what someone said: the reported clause needs a verb of its own
#: ("Virgin Blue said profits after tax" is not yet a headline).
REPORTING = frozenset(
    "says said told claims claimed warns warned admits admitted announced insists insisted "
    "believes believed thinks thought suggests suggested reveals revealed".split()
)


def _has_verb(words: list[str]) -> bool:
    """Whether ``words`` hold a finite verb, and after a verb of saying, another."""
    for index in range(len(words) - 1, 0, -1):
        if words[index].casefold().strip(",;:'\"’”") in REPORTING:
            if words[index - 1].casefold() in _BE:
                return True  # "are believed to be...": said of the subject, not by it
            return _finite(words[index:])
    return _finite(words)


def _finite(words: list[str]) -> bool:
    """Whether ``words`` hold a finite verb after their first word (a rough guess, no
    tagger: an auxiliary, or an "-ed" word that is not a modifier after "the", "of"...)."""
    for index in range(1, len(words)):
        word, before = words[index], words[index - 1].casefold()
        after = words[index + 1].casefold() if index + 1 < len(words) else ""
        plain = word.casefold().strip(",;:'\"’”")
        if plain in FINITE or plain.endswith("n't"):
            return True
        # "Tom Ballard plans...", "Nadal eases...": a name, then a verb in the present.
        if (
            index >= 2
            and plain.endswith("s")
            and not plain.endswith(("ss", "us", "is"))
            and word[:1].islower()
            and words[index - 1][:1].isupper()
            and words[index - 2][:1].isupper()
        ):
            return True
        # "a teacher accused of...", "The lawsuit, filed in...": a participle about a
        # noun, not the clause's verb.
        if (
            plain.endswith("ed")
            and len(plain) > 4
            and "-" not in plain  # "best-loved singers", "re-elected President"
            and word[:1].islower()
            and before not in _ARTICLE
            and not before.endswith(",")
            and after not in ("of", "by", "with")
        ):
            return True
    return False


def _phrase_cut(sentence: str, most: int = MAX_WORDS) -> str | None:
    """The lead's main clause without the phrases after it, ``MIN_WORDS`` to ``most``.

    With ``most`` past ``MAX_WORDS`` (the last try before an ellipsis) a noun may lose what
    follows it when that is a "that" clause or a participle: "his immense relief" [that
    he held on], "shark fin soup" [exploiting a loophole].
    """
    words = sentence.split()
    best: tuple[int, str] | None = None
    for size in range(MIN_WORDS, min(most, len(words) - 1) + 1):
        head = words[:size]
        following = words[size].casefold()
        if following not in PHRASE_WORDS and not (
            most > MAX_WORDS and _after_noun(head[-1], words[size])
        ):
            continue
        if _dangles(head) or not _has_verb(head):
            continue
        if _modifier_ends(head):
            continue
        text = " ".join(head).rstrip(",;:-–—")
        if _open_quote(text) or text.count("(") != text.count(")") or _subject_open(head):
            continue
        rank = abs(size - AIM)
        if best is None or rank < best[0]:
            best = (rank, text)
    return best[1] if best else None


def _modifier_ends(words: list[str]) -> bool:
    """Whether ``words`` end on a participle about a noun ("a report published" [by...]),
    not on the verb of the clause ("was arrested", "have been freed")."""
    last, before = words[-1].casefold(), words[-2].casefold()
    return (
        last.endswith("ed")
        and before not in _VERB_BEFORE
        and before not in _PRONOUNS  # "the misery he suffered"
        and not before.endswith("ly")
    )


_PRONOUNS = frozenset("i you he she it we they who".split())


def _noun_like(word: str) -> bool:
    """Whether ``word`` reads as a noun, not a verb (a rough guess, no tagger)."""
    word = word.casefold()
    if not word.isalpha() or word in FINITE or word in REPORTING or word in DANGLING:
        return False
    return not word.endswith(("ed", "en", "wn", "ing", "ly"))


def _after_noun(last: str, following: str) -> bool:
    """Whether ``following`` opens a "that" clause or a participle after ``last``, a word
    that reads as a noun (not a verb, which needs what follows: "has revealed that")."""
    if not _noun_like(last):
        return False
    return following == "that" or (
        following.endswith("ing") and following.isalpha() and following.islower()
    )


def _list_goes_on(rest: str) -> bool:
    # "paintings, drawings and maps": a comma inside a list, not at a clause's end.
    words = rest.split()[:4]
    if len(words) < 3 or words[0].endswith(","):
        return True
    # ", prompting hikers and travellers to...": a clause of its own, not the list's
    # next item (which "swimming and cycling" would be).
    if words[0].endswith("ing") and words[0].islower() and words[1] not in ("and", "or"):
        return False
    return any(w in ("and", "or") for w in words)


#: Auxiliaries and modals: one after a clause about the subject is the main verb's.
AUXILIARIES = frozenset(
    "is are was were has have had will would can could may might must shall should".split()
)


def _subject_open(words: list[str]) -> bool:
    """Whether a clause about the subject has opened and the main verb is still to come:
    "A pub landlord who was convicted" [of ... has been ...], but not "Crowds who turned
    out for the service have been left fuming" (the clause's verb, then an auxiliary)."""
    for index in range(1, min(5, len(words))):
        word = words[index].casefold()
        # "that" after a noun opens such a clause too; after "said", "warned" it is what
        # was said.
        relative = word in ("who", "which", "whose") or (
            word == "that" and _noun_like(words[index - 1])
        )
        if relative:
            rest = [w.casefold().strip(",;:'\"’”") for w in words[index + 1 :]]
            verbs = [i for i, w in enumerate(rest) if w in FINITE or w.endswith("ed")]
            return not (verbs and any(w in AUXILIARIES for w in rest[verbs[0] + 2 :]))
    return False


_OPENERS = frozenset(w for w in CLAUSE_WORDS if " " not in w)


def _clause_open(words: list[str]) -> bool:
    # "... on Friday after Qwest Communications" [, the...]: the clause after "after"
    # has no verb yet, so a comma here is inside it.
    for index in range(len(words) - 1, 0, -1):
        if words[index].casefold() in _OPENERS:
            return not _has_verb(words[index:])
    return False


def _open_quote(text: str) -> bool:
    return (
        text.count("“") != text.count("”")
        or text.count('"') % 2 == 1
        or text.count("‘") > text.count("’")
    )


def _dangles(words: list[str]) -> bool:
    last = words[-1].strip(",;:'\"’”").casefold()
    if not last or last in DANGLING:
        return True
    # "a set of inspiring" [photos], "aimed at winning" [back...]: the noun is to come.
    before = words[-2].casefold() if len(words) > 1 else ""
    if last in REPORTING and before in _BE:
        return True  # "are believed" [to be...]
    return last.endswith("ing") and (before in _ARTICLE or before in PHRASE_WORDS)


def _word_cut(words: list[str]) -> str:
    """Cut at a word near the aim, not after a word that needs the next, with an ellipsis."""
    for size in range(AIM, MIN_WORDS - 1, -1):
        head = words[:size]
        if not _dangles(head) and not _open_quote(" ".join(head)):
            return " ".join(head).rstrip(" ,;:-–—") + "…"
    return " ".join(words[:AIM]).rstrip(" ,;:-–—") + "…"


def _norm(text: str) -> list[str]:
    return [w.casefold() for w in _WORDS.findall(text)]


def repeats_headline(headline: str, sentence: str) -> bool:
    """Whether ``sentence`` says little more than ``headline``: it opens with the
    headline's words, or holds nearly all of them in hardly more words."""
    return headline_repeats(headline)(sentence)


def headline_repeats(headline: str) -> Callable[[str], bool]:
    """:func:`repeats_headline` of ``headline``, as a test of one sentence: the
    headline's words are found once for all the sentences compared with it."""
    head = _norm(headline.rstrip("…"))
    if not head:
        return _never
    words = set(head)
    size = len(head)

    def repeats(sentence: str) -> bool:
        # Either test needs most of the headline's words among the sentence's. Those are
        # casefolded slices of the sentence (strip_dateline only cuts), and casefold()
        # works on each character alone, so each is in the casefolded sentence: a
        # sentence holding too few of them is told apart without finding its words.
        folded = sentence.casefold()
        if sum(word in folded for word in words) / len(words) < 0.8:
            return False
        said = _norm(strip_dateline(sentence))
        if said[:size] == head:
            return True
        shared = len(words & set(said)) / len(words)
        return shared >= 0.8 and len(said) <= 2 * size

    return repeats


def _never(sentence: str) -> bool:
    return False
