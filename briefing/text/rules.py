"""Word lists and rules around Punkt for :mod:`briefing.text.sentences`.

Punkt decides most boundaries; the rules here handle what its parameters
cannot express. They work on the whitespace-folded text by position only, so
sentences stay exact slices of it:

* :func:`prepare` hides periods that never end a sentence (ellipses, list
  markers) from Punkt, by replacing them with a same-length placeholder, and
  finds the boundaries Punkt cannot see (after an ellipsis, "p.m." or "etc."
  before a capital, before list items and bullets).
* :func:`keep_break` vetoes a Punkt boundary (after a title, before a word in
  lower case, inside a quote that the sentence goes on after).

Every regex is linear: no nested or overlapping quantifiers.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from briefing.text import wordlists


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Lower-case, without the final period, as Punkt stores them. "no" is left out
# on purpose: "He said no." ends sentences; "No. 5" is handled by NUMBER_PREFIXES.
ABBREVIATIONS = _wordset(
    """
    mr mrs ms messrs dr prof sr jr st mt ft gov gen sen rep rev hon col lt sgt capt cmdr
    adm maj cpl pvt supt insp det pres vs etc al approx dept est fig figs inc corp ltd co
    bros llc plc nos nr vol vols pp p ed eds jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun u.s u.k u.n e.u u.s.a a.m p.m i.e e.g ph.d
    b.a m.a d.c ave blvd rd hwy dist univ assn intl natl cf viz ca op cit ibid no° n° nº
    lat lon lng deg
    """
)

# Titles written before a name: a period after them never ends a sentence,
# even before a word like "The" ("Gen. The ..." does not occur, "Dr. Who" does).
TITLES = _wordset(
    """
    mr mrs ms messrs dr prof gov gen sen rep rev hon col lt sgt capt cmdr adm maj cpl pvt
    supt insp det pres mt ft vs v
    """
)

# Words that introduce a number: "No. 5", "pp. 10-12", "N°. 1026".
NUMBER_PREFIXES = _wordset(
    "no nos nr n° nº no° vol vols p pp fig figs ch sec art para lat lon lng long"
)

# Words that commonly begin a sentence. After an abbreviation ("U.S.", "Inc.",
# "etc.") a capitalised one of these means a new sentence; any other capitalised
# word is taken for a name ("the U.S. Navy"). Single letters are excluded from
# STARTERS_AFTER_INITIAL, or "J. A. Smith" would split at "J.".
_STARTERS = """
    an the he she it its they them we you his her hers their our my your this that these
    those there here then but and so yet or nor if when whenever while after before as at
    in on for from with by to of off out up into onto over under about above across
    against along among around behind below beneath beside between beyond despite during
    except inside near since through throughout toward towards until unlike upon within
    without although though because unless whether what who whom whose why how where which
    did does do is are was were has have had will would can could should shall may might
    must not yes also however meanwhile still now today tonight yesterday tomorrow later
    earlier instead indeed otherwise moreover furthermore nevertheless nonetheless
    some many most all both each every either neither few several such other another
    one two three four five six seven eight nine ten first second third last next finally
    once even only just never always often sometimes perhaps maybe nothing everything
    something anything nobody everybody somebody anybody no
"""
STARTERS_AFTER_INITIAL = _wordset(_STARTERS)
SENTENCE_STARTERS = STARTERS_AFTER_INITIAL | {"a", "i"}

# A capitalised word after "a.m."/"p.m." starts a new sentence unless it is one
# of these ("at 5 p.m. Friday", "6 p.m. Eastern time", "5 a.m. Mr. Smith").
_AFTER_TIME_OK = _wordset(
    """
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur
    thurs fri sat sun january february march april may june july august september october
    november december jan feb mar apr jun jul aug sep sept oct nov dec eastern pacific
    central mountain atlantic local greenwich
    """
)

_SPEECH_VERBS = (
    "said|says|asked|asks|replied|replies|added|adds|told|tells|shouted|shouts|yelled|"
    "yells|cried|cries|screamed|whispered|muttered|wondered|explained|exclaimed|insisted|"
    "answered|continued|laughed|sighed|called|wrote|writes|recalled|recalls|admitted"
)
_OPEN = "\"'“‘«(["
_CLOSE = "\"'”’»)]"
# The same, escaped for use inside a regex character class.
_OPEN_SET = re.escape(_OPEN)
_CLOSE_SET = re.escape(_CLOSE)

PLACEHOLDER = "_"

# Ellipses: "...", "…", ". . .", "....", ". . . ." (one space at most between dots).
_ELLIPSIS = re.compile(r"[.…](?: ?[.…])+|…")
_AFTER_ELLIPSIS = re.compile(rf"[{_CLOSE_SET}]* ([{_OPEN_SET}]*)(?=[A-Z])(?!I\b)")

# A list marker: "1." "2)" "1.)" "(a)" "b." "A)". The pattern starts at the
# space, bullet or "(" before the label (one opening the text is matched apart):
# starting with a character class keeps the scan cheap, a look-behind costs 3x.
_BULLETS = "•◦▪‣⁃●○■□▸►"
_MARKER = r"(?P<label>\d{1,2}|[a-zA-Z])(?P<close>\.\)|[.)])(?= )"
_LIST_MARKER = re.compile(rf"[ ({_BULLETS}]{_MARKER}")
_FIRST_LIST_MARKER = re.compile(_MARKER)  # "(a)" at 0 is found by _LIST_MARKER
# _LIST_MARKER's matches found from their close mark: periods and brackets are far
# fewer than spaces, so the scan skips ahead to them (four times faster), and the
# look-behinds then check the label and the mark before it. Two digits are tried first,
# as \d{1,2} takes them; at most one of the two look-behinds can hold at a given mark.
# Then ".)" and a space, or the mark alone and a space, as (?P<close>\.\)|[.)])(?= ).
# Matches of _LIST_MARKER cannot overlap (none holds a space, "(" or bullet after its
# first character), so finding each alone finds what finditer finds (a test compares).
_LIST_CLOSE = re.compile(
    rf"[.)](?:(?<=[ ({_BULLETS}](?P<two>\d\d)[.)])|(?<=[ ({_BULLETS}](?P<one>[\da-zA-Z])[.)]))"
    r"(?:(?<=\.)\)(?= )|(?= ))"
)
_BULLET = re.compile(rf" [{_BULLETS}]")
_INLINE = re.compile(r"(?:[,;]| or| and) $")  # before an item of an inline enumeration

_TIME_ABBR = re.compile(rf"[aApP]\.[mM]\. (?P<next>[{_OPEN_SET}]*)(?=[A-Z])")
_ETC = re.compile(rf"\betc\. ([{_OPEN_SET}]*)(?=[A-Z])")
_CAPITAL_WORD = re.compile(r"[A-Z][\w.]*")
# A caption glued to the next sentence: a closing quote, then a word that opens sentences
# ("... dubbed 'The First Great Escape' The story of how ..."). One expression per quote:
# a literal first character lets the regex engine skip ahead fast (a class of them does
# not); the letter before the quote is checked apart.
_CAPTION_END = tuple(
    re.compile(
        re.escape(quote) + r" (?=(?:The|He|She|They|It|This|These|Those|His|Her|Their|We|But)\b)"
    )
    for quote in "'’”\""
)
# In text without case, a number then a period ends a sentence ("in 2014. the").
_UNCASED_NUMBER_END = re.compile(r"\d[.!?] (?=[^\W\d_])")
# Terminal punctuation (and closing quotes), a space, opening marks, then a letter.
_AFTER_END = re.compile(r"[.!?…][\"'”’»)\]]* [\"'“‘«„(\[¿¡]*[^\W\d_]")
# A period, a space, and a word in lower case or any word; and the same after a number.
# Periods only, and literal first: these scan a text ten times faster than _AFTER_END.
_PERIOD_LOWER = re.compile(r"\. [a-zß-öø-ÿœ]")
_PERIOD_WORD = re.compile(r"\. [^\W\d_]")
_NUMBER_PERIOD_LOWER = re.compile(r"\d\. [a-zß-öø-ÿœ]")
_NUMBER_PERIOD_WORD = re.compile(r"\d\. [^\W\d_]")
#: Text is taken for uncased when at least this many sentence ends are followed by a
#: word, and this share of them by one in lower case.
UNCASED_MIN_ENDS = 3
UNCASED_SHARE = 0.6
_SPEECH_AFTER_QUOTE = re.compile(
    rf"(?:I|[A-Z][a-z]*\.?(?: [A-Z][a-z]+){{0,2}}) (?:{_SPEECH_VERBS})\b"
)


def is_abbreviation(word: str, listed: frozenset[str] = ABBREVIATIONS) -> bool:
    """Punkt's test: ``word`` (lower case, no final period) is an abbreviation.

    Dotted acronyms ("u.a.e", "n.y.p.d") are abbreviations without being listed.
    """
    if word in listed:
        return True
    return (
        len(word) >= 3
        and word[1] == "."
        and all(c == "." if i % 2 else c.isalpha() for i, c in enumerate(word))
    )


class AbbreviationSet(frozenset[str]):
    """A language's abbreviations plus any dotted acronym, for ``PunktParameters.abbrev_types``."""

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and is_abbreviation(word)


class LanguageAbbreviations(AbbreviationSet):
    """A language's abbreviations, with its compounds and elisions.

    ``suffixes``: a word ending in one is an abbreviation ("Hauptstr." in German and
    Dutch street names). ``elision``: a word after an elided article is looked up alone
    ("l'on." in Italian, "l'av." in French).
    """

    words: frozenset[str]
    suffixes: tuple[str, ...]
    elision: bool

    def __new__(
        cls, words: frozenset[str], suffixes: tuple[str, ...] = (), elision: bool = False
    ) -> LanguageAbbreviations:
        found = super().__new__(cls, words)
        found.words = frozenset(words)  # a plain set: ``in`` on it is not this method
        found.suffixes = suffixes
        found.elision = elision
        return found

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        if is_abbreviation(word, self.words):
            return True
        if self.elision:
            word = elided(word)
            if is_abbreviation(word, self.words):
                return True
        return bool(self.suffixes) and word.endswith(self.suffixes) and len(word) > 4


def elided(word: str) -> str:
    """``word`` without an elided article or preposition before it ("l'on" gives "on")."""
    cut = max(word.rfind("'"), word.rfind("’"))
    return word[cut + 1 :] if 0 < cut < 4 else word


@dataclass(frozen=True, slots=True)
class LanguageRules:
    """What the splitter knows of one language: its words around periods.

    ``ordinal_dates``: a number of up to three digits with a period before a word that
    is no sentence starter is an ordinal ("dem 4. April"), not a sentence end.
    ``captions``: a closing quote then a sentence starter with no stop between them
    ends a caption glued to the next sentence (English news pages).
    """

    code: str
    abbreviations: AbbreviationSet
    titles: frozenset[str]
    number_prefixes: frozenset[str]
    starters: frozenset[str]
    starters_after_initial: frozenset[str]
    ordinal_dates: bool = False
    captions: bool = False
    elision: bool = False


ENGLISH = LanguageRules(
    "en",
    AbbreviationSet(ABBREVIATIONS),
    TITLES,
    NUMBER_PREFIXES,
    SENTENCE_STARTERS,
    STARTERS_AFTER_INITIAL,
    captions=True,
)

log = logging.getLogger("briefing")


@lru_cache(maxsize=32)
def language_rules(code: str) -> LanguageRules:
    """The splitting rules of language ``code`` (ISO 639-1).

    English is as it always was. The other languages with word lists add theirs to the
    English ones (see :mod:`briefing.text.wordlists`). Any other language gets
    punctuation only: no abbreviation but dotted acronyms, said once in the log.
    """
    if code == "en":
        return ENGLISH
    if code not in wordlists.ABBREVIATIONS:
        log.warning(
            "no sentence rules for language %r: its sentences are split on punctuation only,"
            " and its words are not stemmed",
            code,
        )
        none: frozenset[str] = frozenset()
        return LanguageRules(code, AbbreviationSet(), none, none, none, none)
    own = wordlists.STARTERS[code]
    elision = code in wordlists.ELISION
    listed = (ABBREVIATIONS - wordlists.NOT_ABBREVIATIONS[code]) | wordlists.ABBREVIATIONS[code]
    return LanguageRules(
        code,
        LanguageAbbreviations(listed, wordlists.SUFFIXES.get(code, ()), elision),
        TITLES | wordlists.TITLES[code],
        NUMBER_PREFIXES,
        SENTENCE_STARTERS | own,
        STARTERS_AFTER_INITIAL | {w for w in own if len(w) > 1},
        ordinal_dates=code in wordlists.ORDINAL_DATES,
        elision=elision,
    )


def _list_markers(text: str) -> Iterator[tuple[int, int]]:
    """(break position or -1, period position or -1) for each list item in ``text``.

    A marker counts when it is one of a run of consecutive labels of the same
    style ("1." then "2.", "a)" then "b)"); see :func:`_accepted` for which runs
    are lists. A lone "1." opening the text counts.
    """
    runs: dict[tuple[bool, bool, bool, str], list[tuple[int, int, int]]] = {}
    for start, label, close in _markers(text):
        close_start = start + len(label)
        opened = text[start - 1 : start] == "("
        if opened:
            start -= 1
            if start and not text[start - 1].isspace() and text[start - 1] not in _BULLETS:
                continue  # "f(x) ": not an item
        if label.isdigit():
            value = int(label)
        elif close == "." and label.isupper():
            continue  # "J. R. R. Tolkien": initials, not a list
        else:
            value = ord(label.lower()) - 96
        kind = (label.isdigit(), label.isupper(), opened, close)
        item = (value, start, close_start if close[0] == "." else -1)
        run = runs.get(kind)
        if run and value == run[-1][0] + 1:
            run.append(item)
            continue
        if run:
            yield from _accepted(text, run)
        runs[kind] = [item]
    for run in runs.values():
        yield from _accepted(text, run)


def _markers(text: str) -> Iterator[tuple[int, str, str]]:
    """(label's position, label, close) of each list marker: what ``_FIRST_LIST_MARKER``
    finds at the start and ``_LIST_MARKER`` after it, in order."""
    first = _FIRST_LIST_MARKER.match(text)
    if first:
        yield 0, first["label"], first["close"]
    for m in _LIST_CLOSE.finditer(text):
        two = m["two"]
        if two is None:
            yield m.start() - 1, m["one"], m.group()
        else:
            yield m.start() - 2, two, m.group()


def _accepted(text: str, run: list[tuple[int, int, int]]) -> Iterator[tuple[int, int]]:
    first = run[0][1]
    before = text[max(0, first - 3) : first].rstrip()
    opens_item = first == 0 or not before or before[-1] in ".!?:;" + _CLOSE + _BULLETS
    # Two items need the first to open a sentence ("They won 1. Then they lost 2."
    # is no list); three "1." items are a list wherever they start (news copy often
    # runs a list into the text). "pick a) tea, b) coffee or c) water" is one sentence.
    if (len(run) == 1 and first != 0) or (not opens_item and (len(run) < 3 or run[0][2] < 0)):
        return
    if len(run) > 1 and any(_INLINE.search(text, max(0, s - 5), s) for _, s, _ in run[1:]):
        return
    for i, (_, start, dot) in enumerate(run):
        if start and text[start - 1] in _BULLETS:
            start -= 1
        elif start > 1 and text[start - 2] in _BULLETS:
            start -= 2
        # An introduction stays with the first item: "Steps: 1. Mix ..."
        yield (-1 if i == 0 and before.endswith(":") else start), dot


def is_uncased(text: str) -> bool:
    """Whether ``text`` gives no case signal at sentence starts (transcripts, lower-cased
    corpora): it has no capital at all, or most of its periods before a word are before
    one in lower case. Abbreviations ("e.g. a") make a few of those in cased text;
    numbers ("1. cost 2. speed", "dem 4. april") are not counted.
    """
    if text.islower():
        return _AFTER_END.search(text) is not None
    # Most cased texts stop here, after one fast scan.
    lower = len(_PERIOD_LOWER.findall(text))
    if lower < UNCASED_MIN_ENDS:
        return False
    ends = len(_PERIOD_WORD.findall(text))
    if lower < UNCASED_SHARE * ends:
        return False
    lower -= len(_NUMBER_PERIOD_LOWER.findall(text))
    ends -= len(_NUMBER_PERIOD_WORD.findall(text))
    return lower >= UNCASED_MIN_ENDS and lower >= UNCASED_SHARE * ends


def prepare(
    text: str, language: LanguageRules = ENGLISH, uncased: bool = False
) -> tuple[str, set[int]]:
    """``text`` with periods that end no sentence hidden from Punkt, and the
    sentence starts Punkt would miss (positions in ``text``).

    Hidden: ellipses (their sentence ends are decided here, by the next word's
    capital) and list markers. Added: starts after an ellipsis, "p.m." or "etc."
    before a capital, before list items and bullets.
    """
    dots: list[int] = []
    starts: set[int] = set()
    if ".." in text or ". ." in text or "…" in text:
        for m in _ELLIPSIS.finditer(text):
            first, end = m.start(), m.end()
            dots.extend(i for i in range(first, end) if text[i] == ".")
            if _omission(text, first):
                continue
            after = _AFTER_ELLIPSIS.match(text, end)
            if after:
                starts.add(after.start(1))
    for start, dot in _list_markers(text):
        if start > 0:
            starts.add(start)
        if dot >= 0:
            dots.append(dot)
    if ".m. " in text or ".M. " in text:
        for m in _TIME_ABBR.finditer(text):
            first = m.start()
            if first and not (text[first - 1].isspace() or text[first - 1] in _OPEN):
                continue  # not a word of its own
            word = _CAPITAL_WORD.match(text, m.end())
            if word and not _time_word_ok(word[0]):
                starts.add(m.start("next"))
    if "etc. " in text:
        # "etc." is rarely followed by a name: "... pears, etc. Jane paid."
        starts.update(m.start(1) for m in _ETC.finditer(text))
    starts.update(m.start() + 1 for m in _BULLET.finditer(text))
    if language.captions and not uncased:
        for caption_end in _CAPTION_END:
            for m in caption_end.finditer(text):
                before = m.start() - 1
                if before >= 0 and text[before].isalpha():
                    starts.add(m.end())
    if uncased and not language.ordinal_dates:
        starts.update(m.end() for m in _UNCASED_NUMBER_END.finditer(text))
    if not dots:
        return text, starts
    chars = list(text)
    for i in dots:
        chars[i] = PLACEHOLDER
    return "".join(chars), starts


def _omission(text: str, first: int) -> bool:
    """Whether the ellipsis at ``first`` marks words left out, not a pause.

    "[...]" and an ellipsis opening a quote ('"... and then') do.
    """
    before = text[max(0, first - 2) : first]
    if not before or before[-1] == "[":
        return True
    return before[-1] in _OPEN and (len(before) == 1 or before[0] == " ")


def _time_word_ok(word: str) -> bool:
    """A capitalised word that may follow "p.m." in the same sentence."""
    bare = word.rstrip(".").lower()
    return bare in _AFTER_TIME_OK or bare in TITLES or word.isupper()


def _camel_case(text: str, start: int) -> bool:
    """Whether the word at ``start`` has a capital after its first letter ("iPhone")."""
    end = text.find(" ", start)
    rest = text[start + 1 : end if end > 0 else len(text)]
    return rest != rest.lower()


def _ordinal(word: str, text: str, start: int, language: LanguageRules) -> bool:
    """Whether ``word`` is an ordinal number ("4.") before a word that opens no sentence."""
    if not (word.endswith(".") and 1 < len(word) <= 4 and word[:-1].isdigit()):
        return False
    end = text.find(" ", start)
    following = text[start : end if end > 0 else len(text)].strip(_OPEN + _CLOSE + ".,;:!?")
    return following.lower() not in language.starters


def keep_break(
    text: str, start: int, language: LanguageRules = ENGLISH, uncased: bool = False
) -> bool:
    """Whether the Punkt boundary before ``text[start]`` stands.

    ``text[start - 1]`` is the space between the two sentences. In ``uncased`` text a
    word in lower case may start a sentence.
    """
    end = start - 1
    first = text[start]
    # The word before the boundary, without its final punctuation.
    word_start = text.rfind(" ", 0, end) + 1
    word = text[word_start:end]
    stem = word.rstrip(".").lstrip(_OPEN).lower()
    titles, prefixes = TITLES, NUMBER_PREFIXES
    if language is not ENGLISH:  # one test on the English path, which runs most
        titles, prefixes = language.titles, language.number_prefixes
        if language.elision:
            stem = elided(stem)
        if language.ordinal_dates and _ordinal(word, text, start, language):
            return False  # "am Freitag, dem 4. April"
    if word.endswith(".") and (stem in titles or (stem in prefixes and first.isdigit())):
        return False  # "Dr. Smith", "No. 5"
    if uncased:
        return True
    if first.islower() and not _camel_case(text, start):
        # A sentence does not start in lower case: '"Is it?" she asked.', "Yahoo! in",
        # "(... engineer.) at the", and abbreviations we do not list ("2 lbs. of").
        # "iPhone" and "eBay" may start one.
        return False
    stripped = word.rstrip(_CLOSE)
    quoted = len(stripped) < len(word)
    # '"Where?" I asked.' and '"Stop!" Tom shouted.'
    return not (quoted and stripped.endswith(("?", "!")) and _SPEECH_AFTER_QUOTE.match(text, start))
