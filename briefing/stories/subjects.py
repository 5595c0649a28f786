"""Names for inferred sections: the subjects news is sorted under, and their words.

A section inferred from the text is named by the subject whose words its stories use
most ("Crime and justice", "Health"), so the same kind of story gets the same name
every day; only a group that matches no subject well is named by its own key phrase.
The same lists tell what a day's tag is about when its name calls a beat
(:func:`subject_terms`: "Tech", "Queer Voices", "Food & Drink"), so a tag with two
stories of its own still knows its beat's words. The word lists were written for this
project from what a news editor knows of each beat (its nouns, verbs, roles, genres,
institutions and formats), never taken from data; stemmed like every other term.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import cache

from briefing.text.terms import sentence_terms, word_terms

__all__ = ["MIN_SHARE", "NAMED", "SUBJECTS", "subject_of", "subject_terms"]

SUBJECTS: dict[str, str] = {
    "Crime and justice": "police court judge jury trial murder murdered killed killing arrested "
    "arrest charged charges prison jail jailed sentenced sentence guilty convicted conviction "
    "acquitted crime criminal officer officers cop cops victim victims shooting shot gunman "
    "stabbing stabbed suspect suspects prosecutor prosecutors lawyer attorney defendant "
    "investigation detective detectives robbery burglary theft fraud assault rape abuse "
    "manslaughter homicide gang drugs trafficking kidnapping hostage inmate parole bail "
    "warrant indictment indicted plea appeal verdict witness custody sheriff fbi",
    "Politics": "election elections minister government parliament vote votes voters voting "
    "party labour conservative tory tories senate senator senators congress congressman "
    "congresswoman president presidential campaign mp mps policy prime democrat democrats "
    "democratic republican republicans gop poll polls referendum chancellor cabinet "
    "lawmakers legislation bill governor mayor candidate candidates primary ballot "
    "administration house whitehall westminster opposition coalition impeachment "
    "politician politicians political partisan midterms caucus speaker liberal liberals "
    "lobbying lobbyists constituency councillor downing",
    "Business and economy": "company companies firm firms shares market markets profit profits "
    "sales bank banks banking economy economic investors investment growth prices inflation "
    "billion deal chief executive executives ceo business revenue customers retailer retail "
    "stock stocks trade tariffs exports imports jobs unemployment wages earnings quarterly "
    "merger takeover acquisition bankruptcy debt loans mortgage interest rates dollar pound "
    "euro currency shareholders dividend industry manufacturing factory startup brand "
    "consumers spending budget taxes tax money finance financial wall street",
    "Football": "football soccer club league goal goals striker manager premier midfielder "
    "defender goalkeeper keeper season champions cup match fans transfer signing penalty "
    "referee fifa uefa world cup premiership scored scorer winger squad relegation "
    "promotion kick-off stadium",
    "Sport": "sport sports race match win won wins team players player coach championship "
    "championships olympic olympics tennis golf cricket rugby boxing athletics cycling "
    "title tournament final victory medal medals gold athlete athletes nfl nba mlb nhl "
    "baseball basketball hockey quarterback touchdown playoffs playoff super bowl "
    "wimbledon grand slam formula f1 grand prix marathon sprint swimmer "
    "boxer fight knockout innings wicket batsman bowler derby jockey "
    "racing ufc",
    "Health": "health healthy hospital hospitals patients patient doctors doctor nhs cancer "
    "disease diseases treatment drug drugs medical medicine study risk virus care nurses "
    "surgery symptoms diet obesity exercise fitness sleep stress anxiety depression mental "
    "illness vaccine vaccines flu outbreak infection diabetes heart stroke dementia "
    "pregnancy clinic therapy wellbeing wellness weight calories nutrition pain opioid "
    "addiction smoking alcohol blood brain",
    "Science and technology": "scientists science scientific research researchers technology "
    "tech software internet computer computers phone phones smartphone iphone app apps "
    "users data space nasa digital online device devices robot robots ai artificial "
    "intelligence algorithm google apple microsoft facebook amazon twitter silicon valley "
    "cyber hackers hacking security privacy gadget gadgets broadband network chip chips "
    "games gaming console video experiment discovery planet mars astronomers telescope "
    "rocket satellite physics biology study",
    "Entertainment": "film films music star stars actor actress singer songs song album "
    "show shows television tv movie movies celebrity hollywood festival series concert "
    "oscar oscars grammy grammys emmy emmys awards box office premiere trailer sequel "
    "director producer netflix hbo episode season finale cast role starring rapper band "
    "pop tour chart hit rock sitcom drama reality soundtrack superhero marvel disney "
    "studio screen blockbuster",
    "Comedy": "comedy comedian comedians comic comics late-night late night host hosts "
    "joke jokes joked joking funny hilarious laugh laughs sketch sketches stand-up standup "
    "satire satirical parody parodies spoof roast roasted mocked mocks mock mocking "
    "punchline quip quipped snl monologue impression impersonation "
    "humour humor gag gags prank sitcom cartoon cartoonist meme "
    "memes troll trolled trolls zinger burn",
    "Media": "media journalism journalist journalists newsroom newspaper newspapers "
    "magazine press reporter reporters editor editors anchor anchors broadcaster "
    "broadcasters broadcast network networks ratings cable channel interview "
    "interviewed correspondent columnist headline headlines publisher outlet outlets "
    "coverage reporting scoop fox msnbc cnn bbc nbc abc cbs tabloid radio podcast "
    "pundit commentator airtime viewers fake freedom",
    "Royals and celebrities": "prince princess royal royals duchess duke queen king "
    "wedding baby celebrity celebrities star model palace monarchy kensington buckingham "
    "heir throne",
    "Arts and culture": "art arts artist artists painting paintings painter exhibition "
    "gallery museum museums sculpture theatre theater stage play playwright opera ballet "
    "dance dancer book books novel novelist author authors poet poetry poem literature "
    "writer fiction publisher library culture cultural photography photographer design "
    "architecture orchestra composer classical prize curator collection broadway musical",
    "Style and beauty": "fashion style designer designers dress dresses gown outfit outfits "
    "clothes clothing wear wore wearing beauty makeup hair hairstyle skin skincare "
    "lipstick cosmetics model models runway catwalk vogue red carpet met gala look looks "
    "trend trends collection brand jewellery jewelry shoes sneakers handbag chic",
    "Food and drink": "food foods recipe recipes cook cooking chef chefs restaurant "
    "restaurants dinner lunch breakfast meal meals dish dishes eat eating drink drinks "
    "wine beer cocktail coffee tea cheese chocolate cake baking bake pizza burger "
    "vegan vegetarian menu kitchen taste flavor flavour ingredients dessert snack "
    "grocery delicious",
    "Travel": "travel traveller travellers traveler travelers airline airlines flight flights "
    "passengers airport holiday holidays vacation hotel hotels tourists tourism tourist "
    "cruise trip trips destination destinations beach resort visit visitors passport "
    "luggage journey sightseeing backpacking road trip island",
    "Family and lifestyle": "mother father mom dad mum daughter son family families "
    "children child kids wife husband baby babies parents parent parenting woman girl boy "
    "toddler teen teens teenager home motherhood fatherhood pregnant birth newborn "
    "siblings grandparents",
    "Home and garden": "home homes house houses apartment decor decorating interior "
    "interiors garden gardening furniture kitchen bedroom bathroom cleaning renovation "
    "diy property living room design organize clutter",
    "Weddings and relationships": "wedding weddings bride groom married marry marriage "
    "engaged engagement proposal divorce divorced divorcing separation couple couples "
    "husband wife relationship relationships dating love romance honeymoon spouse "
    "custody anniversary",
    "Education": "education school schools teacher teachers students student pupils "
    "classroom college colleges university universities campus exam exams tuition "
    "degree graduate graduation curriculum academic professor lecturer scholarship "
    "learning kindergarten headteacher principal grades",
    "Religion": "religion religious faith church churches pope vatican catholic catholics "
    "christian christians christianity muslim muslims islam islamic mosque jewish jews "
    "judaism synagogue hindu buddhist bishop priest priests pastor rabbi imam prayer "
    "god worship bible quran evangelical clergy sermon spiritual belief",
    "LGBTQ": "lgbt lgbtq lgbtqia gay gays lesbian lesbians bisexual transgender trans queer "
    "pride same-sex homosexual homophobia homophobic transphobia nonbinary non-binary "
    "drag closet sexuality sexual orientation gender identity rainbow",
    "Women and gender": "women woman female feminist feminism gender equality sexism sexist "
    "misogyny harassment metoo abortion reproductive rights maternity girls "
    "suffrage empowerment sisterhood",
    "Race and civil rights": "race racial racism racist black african american "
    "african-american latino latina latinos hispanic asian minority minorities ethnic "
    "diversity discrimination civil rights segregation slavery brutality "
    "heritage indigenous naacp",
    "Weather and environment": "weather storm storms rain flood floods flooding snow "
    "temperatures climate environment environmental wildlife animals heat heatwave wind "
    "drought hurricane tornado wildfire wildfires earthquake pollution emissions carbon "
    "warming green renewable solar energy conservation species endangered forest ocean "
    "plastic recycling forecast forecasters",
    "World": "war military troops government country president forces attack refugees "
    "border foreign minister talks embassy international global nations united nations "
    "diplomats diplomatic sanctions nuclear treaty summit regime rebels ceasefire "
    "conflict allies nato eu european union crisis asylum migrants",
    "Offbeat": "weird bizarre strange odd oddly unusual mystery mysterious viral "
    "peculiar surprising unexpected freak",
    "Charity and good causes": "charity charities donation donations donate donated "
    "fundraiser fundraising volunteer volunteers nonprofit philanthropy kindness "
    "homeless homelessness poverty hunger aid generosity",
}
#: Words a section's name may use for a subject, besides those of the subject's own name:
#: a day's tag "Tech" is the subject "Science and technology", "Queer Voices" is "LGBTQ",
#: "Sports" is "Sport" and, a sport desk's main beat, "Football".
NAMED: dict[str, str] = {
    "Crime and justice": "crime crimes courts court law legal police justice",
    "Politics": "politics political government elections election congress parliament westminster",
    "Business and economy": "business economy economics money finance financial markets "
    "companies industry",
    "Football": "football soccer sport sports",
    "Sport": "sport sports athletics",
    "Health": "health healthy wellness wellbeing medicine medical fitness",
    "Science and technology": "science tech technology gadgets computing internet digital space",
    "Entertainment": "entertainment showbiz film films movies tv television music "
    "celebrity celebrities",
    "Comedy": "comedy humour humor satire funny jokes",
    "Media": "media journalism press newspapers broadcasting",
    "Royals and celebrities": "royal royals monarchy celebrity celebrities",
    "Arts and culture": "art arts culture books literature theatre theater",
    "Style and beauty": "style fashion beauty",
    "Food and drink": "food drink taste cooking recipes dining restaurants wine",
    "Travel": "travel tourism holidays vacation",
    "Family and lifestyle": "family families parents parenting lifestyle kids",
    "Home and garden": "home homes house garden gardening interiors",
    "Weddings and relationships": "weddings wedding divorce marriage relationships love dating",
    "Education": "education schools college colleges university universities learning",
    "Religion": "religion religious faith belief spirituality church",
    "LGBTQ": "lgbt lgbtq lgbtqia queer gay pride",
    "Women and gender": "women woman gender feminism",
    "Race and civil rights": "race racial black latino latina hispanic asian ethnic minorities",
    "Weather and environment": "weather environment environmental climate green nature",
    "World": "world worldpost international global foreign overseas",
    "Offbeat": "weird odd offbeat strange bizarre",
    "Charity and good causes": "impact charity charities good causes philanthropy giving",
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
def _named() -> dict[str, frozenset[str]]:
    """Each subject and the terms a section's name may call it by."""
    return {
        subject: frozenset((*sentence_terms(subject), *sentence_terms(NAMED.get(subject, ""))))
        for subject in SUBJECTS
    }


@cache
def subject_terms(name: str) -> tuple[str, ...]:
    """The terms of the subjects a section name speaks of, in the order written: those
    whose name, or a word :data:`NAMED` gives for it, shares a word with it ("Sports" is
    the subject "Sport", "Crime" is "Crime and justice", "Tech" is "Science and
    technology", "Queer Voices" is "LGBTQ"). A tag of the day named so has these words
    for its own, whatever the day's stories of it say."""
    named = set(sentence_terms(name))
    found: dict[str, None] = {}
    for subject, words in SUBJECTS.items():
        if named & _named()[subject]:
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
