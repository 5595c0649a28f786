"""Names for inferred sections: the subjects news is sorted under, and their words.

A section inferred from the text is named by the subject whose words its stories use
most ("Crime and justice", "Health"), so the same kind of story gets the same name
every day; only a group that matches no subject well is named by its own key phrase.
The same lists tell what a day's tag is about when its name calls a beat
(:func:`subject_terms`: "Tech", "Queer Voices", "Food & Drink"), so a tag with two
stories of its own still knows its beat's words. The word lists were written for this
project from what a news editor knows of each beat (its nouns, verbs, roles, genres,
institutions and formats, the countries and capitals of world news, and a few names
that belong to one beat whatever the story: late-night hosts, cable-news anchors,
long-serving world leaders, the biggest pop and film stars), never taken from data;
stemmed like every other term. An entry written with ``_`` ("wall_street",
"trevor_noah") is a phrase: its words say the subject only together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import cache

from briefing.text.terms import sentence_terms

__all__ = ["MIN_SHARE", "NAMED", "SUBJECTS", "subject_of", "subject_phrases", "subject_terms"]

SUBJECTS: dict[str, str] = {
    "Crime and justice": "police court judge jury trial murder murdered killed killing arrested "
    "arrest charged charges prison jail jailed sentenced sentence guilty convicted conviction "
    "acquitted crime criminal officer officers cop cops victim victims shooting shot gunman "
    "stabbing stabbed suspect suspects prosecutor prosecutors lawyer attorney defendant "
    "investigation detective detectives robbery burglary theft fraud assault rape abuse "
    "manslaughter homicide gang drugs trafficking kidnapping hostage inmate parole bail "
    "warrant indictment indicted plea appeal verdict witness custody sheriff fbi"
    " killer killers murderer murders serial_killer mass_shooting shooter shooters gunfire"
    " manhunt fugitive extradited extradition smuggling cartel mugshot felony misdemeanor"
    " courtroom jurors sentencing death_row execution forensic cold_case arson carjacking"
    " embezzlement vandalism hate_crime stalking stalker bodycam body_camera prosecuted"
    " prosecution lawsuit sued convict convicts jailhouse penitentiary",
    "Politics": "election elections minister government parliament vote votes voters voting "
    "party labour conservative tory tories senate senator senators congress congressman "
    "congresswoman president presidential campaign mp mps policy prime_minister democrat democrats "
    "democratic republican republicans gop poll polls referendum chancellor cabinet "
    "lawmakers legislation bill governor mayor candidate candidates primary ballot "
    "administration house whitehall westminster opposition coalition impeachment "
    "politician politicians political partisan midterms caucus speaker liberal liberals "
    "lobbying lobbyists constituency councillor downing_street",
    "Business and economy": "company companies firm firms shares market markets profit profits "
    "sales bank banks banking economy economic investors investment growth prices inflation "
    "billion deal chief executive executives ceo business revenue customers retailer retail "
    "stock stocks trade tariffs exports imports jobs unemployment wages earnings quarterly "
    "merger takeover acquisition bankruptcy debt loans mortgage interest_rates dollar pound "
    "euro currency shareholders dividend industry manufacturing factory startup brand "
    "consumers spending budget taxes tax money finance financial wall_street",
    "Football": "football soccer club league goal goals striker manager premier midfielder "
    "defender goalkeeper keeper season champions cup match fans transfer signing penalty "
    "referee fifa uefa world_cup premiership scored scorer winger squad relegation "
    "promotion kick-off stadium"
    " corner free-kick header equaliser equalizer hat-trick offside stoppage_time injury_time"
    " clean_sheet own_goal"
    " manchester_united manchester_city real_madrid bayern_munich juventus champions_league"
    " premier_league la_liga serie_a",
    "Sport": "sport sports race match win won wins team players player coach championship "
    "championships olympic olympics tennis golf cricket rugby boxing athletics cycling "
    "title tournament final victory medal medals gold athlete athletes nfl nba mlb nhl "
    "baseball basketball hockey quarterback touchdown playoffs playoff super_bowl "
    "wimbledon grand_slam formula_one f1 grand_prix marathon sprint swimmer "
    "boxer fight knockout innings wicket batsman bowler derby jockey "
    "racing ufc"
    " lebron_james serena_williams venus_williams tom_brady tiger_woods roger_federer"
    " rafael_nadal novak_djokovic usain_bolt michael_phelps simone_biles colin_kaepernick"
    " kaepernick stephen_curry kobe_bryant lionel_messi cristiano_ronaldo lakers yankees celtics"
    " knicks dodgers steelers red_sox golden_state new_england_patriots national_anthem kneel"
    " kneeling athletes' stanley_cup world_series march_madness ncaa pga nascar espn",
    "Health": "health healthy hospital hospitals patients patient doctors doctor nhs cancer "
    "disease diseases treatment drug drugs medical medicine study risk virus care nurses "
    "surgery symptoms diet obesity exercise fitness sleep stress anxiety depression mental "
    "illness vaccine vaccines flu outbreak infection diabetes heart stroke dementia "
    "pregnancy clinic therapy wellbeing wellness weight calories nutrition pain opioid "
    "addiction smoking alcohol blood brain",
    "Science and technology": "scientists science scientific research researchers technology "
    "tech software internet computer computers phone phones smartphone iphone app apps "
    "users data space nasa digital online device devices robot robots ai artificial_intelligence "
    "algorithm google apple microsoft facebook amazon twitter silicon_valley "
    "cyber hackers hacking security privacy gadget gadgets broadband network chip chips "
    "games gaming console video experiment discovery planet mars astronomers telescope "
    "rocket satellite physics biology study"
    " elon_musk tesla spacex zuckerberg bitcoin cryptocurrency blockchain uber lyft instagram"
    " snapchat youtube whatsapp samsung alexa siri self-driving autonomous drone drones"
    " encryption fossil fossils dinosaur dinosaurs genetic genes dna evolution asteroid comet"
    " galaxy black_hole moon lunar spacecraft astronaut astronauts archaeologists archaeology"
    " neuroscience"
    " web website websites browser malware spyware spam phishing computer_virus malicious pc pcs"
    " laptop laptops wireless wi-fi mobile handset handsets download downloads downloading"
    " video_game videogame video_games gamers gamer playstation xbox nintendo ipod mp3 file-"
    " sharing peer-to-peer bandwidth search_engine email e-mail hi-tech high-tech microchip"
    " processor",
    "Entertainment": "film films music star stars actor actress singer songs song album "
    "show shows television tv movie movies celebrity hollywood festival series concert "
    "oscar oscars grammy grammys emmy emmys awards box_office premiere trailer sequel "
    "director producer netflix hbo episode season finale cast role starring rapper band "
    "pop tour chart hit rock sitcom drama reality soundtrack superhero marvel disney "
    "studio screen blockbuster"
    " theaters theatres cinema cinemas actors actresses starred starring rocker docuseries"
    " documentary miniseries showrunner spinoff reboot remake franchise biopic casting streaming"
    " hulu spotify billboard vmas golden_globes sundance cannes coachella paparazzi celeb celebs"
    " fans rom-com sequel prequel trilogy star_wars harry_potter james_bond avengers batman"
    " spider-man pixar dreamworks warner_bros paramount hbo game_of_thrones kardashian"
    " kardashians musician musicians singer-songwriter duet record_label hip-hop rap"
    " country_music k-pop animated animation"
    " beyonce taylor_swift kanye_west rihanna jay-z lady_gaga justin_bieber selena_gomez"
    " ariana_grande katy_perry oprah ellen_degeneres tom_cruise brad_pitt angelina_jolie"
    " george_clooney meryl_streep leonardo_dicaprio jennifer_lawrence jennifer_lopez"
    " dwayne_johnson will_smith tom_hanks madonna adele ed_sheeran eminem britney_spears"
    " miley_cyrus justin_timberlake harry_styles"
    " tony_awards amazon_prime",
    "Comedy": "comedy comedian comedians comic comics late_night host hosts "
    "joke jokes joked joking funny hilarious laugh laughs sketch sketches stand-up standup "
    "satire satirical parody parodies spoof roast roasted mocked mocks mock mocking "
    "punchline quip quipped snl monologue impression impersonation "
    "humour humor gag gags prank sitcom cartoon cartoonist meme "
    "memes troll trolled trolls zinger burn"
    " talk_show comedy_central stand-up_comedy colbert kimmel fallon corden conan letterman leno"
    " stephen_colbert jimmy_kimmel jimmy_fallon james_corden conan_o'brien seth_meyers"
    " trevor_noah samantha_bee john_oliver bill_maher jon_stewart daily_show tonight_show"
    " late_show saturday_night_live weekend_update full_frontal last_week_tonight lampoon"
    " lampoons lampooned skewer skewers skewered ridicule ridicules ridiculed mockery punchlines"
    " hilariously funniest comedic spoofs spoofed",
    "Media": "media journalism journalist journalists newsroom newspaper newspapers "
    "magazine press reporter reporters editor editors anchor anchors broadcaster "
    "broadcasters broadcast network networks ratings cable channel interview "
    "interviewed correspondent columnist headline headlines publisher outlet outlets "
    "coverage reporting scoop fox_news msnbc cnn bbc nbc abc cbs tabloid radio podcast "
    "pundit commentator airtime viewers fake_news press_freedom"
    " host anchor anchorman anchorwoman newscast newscaster fox cable_news nbc_news abc_news"
    " cbs_news cnn_host fox_news_host new_york_times washington_post wall_street_journal"
    " associated_press reuters breitbart npr pbs sinclair politico buzzfeed tabloids editorial"
    " op-ed analyst contributor pundits talk_radio press_secretary briefing_room hannity"
    " tucker_carlson ingraham maddow anderson_cooper o'reilly megyn_kelly tapper don_lemon"
    " chris_cuomo scarborough brzezinski morning_joe fox_&_friends meet_the_press limbaugh"
    " infowars alex_jones shepard_smith journalism_school free_press"
    " the_atlantic new_yorker rolling_stone new_york_post usa_today los_angeles_times"
    " correspondents_dinner press_corps",
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
    "lipstick cosmetics model models runway catwalk vogue red_carpet met_gala look looks "
    "trend trends collection brand jewellery jewelry shoes sneakers handbag chic",
    "Food and drink": "food foods recipe recipes cook cooking chef chefs restaurant "
    "restaurants dinner lunch breakfast meal meals dish dishes eat eating drink drinks "
    "wine beer cocktail coffee tea cheese chocolate cake baking bake pizza burger "
    "vegan vegetarian menu kitchen taste flavor flavour ingredients dessert snack "
    "grocery delicious",
    "Travel": "travel traveller travellers traveler travelers airline airlines flight flights "
    "passengers airport holiday holidays vacation hotel hotels tourists tourism tourist "
    "cruise trip trips destination destinations beach resort visit visitors passport "
    "luggage journey sightseeing backpacking road_trip island"
    " airbnb national_park itinerary getaway landmark backpacker road_trips passengers",
    "Family and lifestyle": "mother father mom dad mum daughter son family families "
    "children child kids wife husband baby babies parents parent parenting woman girl boy "
    "toddler teen teens teenager home motherhood fatherhood pregnant birth newborn "
    "siblings grandparents"
    " toddlers breastfeeding daycare moms dads parenthood adoption adopted stepmom kid",
    "Home and garden": "home homes house houses apartment decor decorating interior "
    "interiors garden gardening furniture kitchen bedroom bathroom cleaning renovation "
    "diy property living_room design organize clutter",
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
    "god worship bible quran evangelical clergy sermon spiritual belief"
    " mormon mormons jesuit evangelicals nun nuns monk monks archbishop cardinal diocese parish"
    " congregation baptist methodist episcopal anglican protestant orthodox sikh sikhs hinduism"
    " buddhism ramadan easter passover hanukkah lent sabbath scripture theology pilgrimage mecca"
    " holy saint sacred atheist atheists secular interfaith jesus christ allah pope_francis"
    " dalai_lama antisemitism anti-semitism anti-semitic islamophobia hijab kosher halal",
    "LGBTQ": "lgbt lgbtq lgbtqia gay gays lesbian lesbians bisexual transgender trans queer "
    "pride same-sex homosexual homophobia homophobic transphobia nonbinary non-binary "
    "drag_queen drag_queens drag_race closet sexuality sexual_orientation gender_identity rainbow"
    " lgbtq+ gay_rights marriage_equality coming_out came_out glaad stonewall intersex asexual"
    " pronouns conversion_therapy hiv homophobe transgender_people trans_people rupaul",
    "Women and gender": "women woman female feminist feminism gender equality sexism sexist "
    "misogyny harassment metoo me_too abortion reproductive_rights maternity girls "
    "suffrage empowerment sisterhood"
    " sexual_harassment sexual_misconduct sexual_assault harassed groping misogynist feminists"
    " pay_gap equal_pay planned_parenthood roe_v_wade pro-choice pro-life women's_march title_ix"
    " domestic_violence times_up womens female_leaders",
    "Race and civil rights": "race racial racism racist black african african_american "
    "latino latina latinos hispanic asian minority minorities ethnic "
    "diversity discrimination civil_rights segregation slavery brutality "
    "heritage indigenous naacp"
    " hbcu hbcus racially racial_profiling kkk ku_klux_klan white_supremacist white_supremacists"
    " white_supremacy white_nationalist neo-nazi neo-nazis confederate jim_crow"
    " black_lives_matter civil_rights_movement juneteenth apartheid reparations n-word"
    " martin_luther_king malcolm_x rosa_parks naacp police_brutality"
    " latinx puerto_rico puerto_rican chicano chicana cinco_de_mayo",
    "Weather and environment": "weather storm storms rain flood floods flooding snow "
    "temperatures climate environment environmental wildlife animals heat heatwave wind "
    "drought hurricane tornado wildfire wildfires earthquake pollution emissions carbon "
    "warming green renewable solar energy conservation species endangered forest ocean "
    "plastic recycling forecast forecasters"
    " climate_change global_warming fossil_fuels coal oil_spill pipeline deforestation"
    " extinction biodiversity coral whales elephants poaching epa environmentalists",
    "World": "war military troops government country president forces attack refugees "
    "border foreign_minister talks embassy international global nations united_nations "
    "diplomats diplomatic sanctions nuclear treaty summit regime rebels ceasefire "
    "conflict allies nato eu european_union crisis asylum migrants"
    " foreign countries overseas abroad un u.n. kremlin taliban isis hezbollah hamas al-qaeda g7"
    " g20 middle_east gaza west_bank kashmir crimea balkans africa asia europe latin_america"
    " caribbean china chinese russia russian japan japanese india indian pakistan pakistani"
    " afghanistan afghan iran iranian iraq iraqi syria syrian israel israeli palestinian"
    " palestinians lebanon jordan egypt egyptian saudi yemen qatar turkey turkish germany german"
    " france french italy italian spain spanish greece greek ukraine ukrainian poland polish"
    " hungary sweden norway denmark netherlands dutch belgium austria switzerland portugal"
    " ireland irish mexico mexican canada canadian brazil brazilian venezuela venezuelan"
    " colombia argentina chile peru cuba cuban haiti nicaragua guatemala honduras korea korean"
    " north_korea south_korea pyongyang vietnam thailand myanmar rohingya philippines indonesia"
    " malaysia singapore australia australian nigeria kenya ethiopia somalia sudan south_africa"
    " congo libya moscow beijing tehran kabul baghdad damascus jerusalem kyiv kiev tokyo seoul"
    " delhi cairo caracas havana ankara riyadh brussels armenia azerbaijan kazakhstan belarus"
    " serbia croatia bosnia kosovo albania romania bulgaria czech slovakia finland iceland"
    " estonia latvia lithuania morocco algeria tunisia ghana senegal cameroon uganda rwanda"
    " tanzania zimbabwe mozambique angola zambia bangladesh sri_lanka nepal cambodia laos"
    " taiwan hong_kong mongolia new_zealand bolivia ecuador paraguay uruguay panama"
    " costa_rica el_salvador jamaica bahrain kuwait oman emirates uae dubai eritrea"
    " putin xi_jinping jinping kim_jong jong-un netanyahu erdogan merkel macron trudeau modi"
    " assad maduro duterte khamenei zelensky zelenskyy bolsonaro",
    "Offbeat": "weird bizarre strange odd oddly unusual mystery mysterious viral "
    "peculiar surprising unexpected freak"
    " florida_man alligator raccoon squirrel llama oddity quirky",
    "Charity and good causes": "charity charities donation donations donate donated "
    "fundraiser fundraising volunteer volunteers nonprofit philanthropy kindness "
    "homeless homelessness poverty hunger aid generosity"
    " nonprofits ngo humanitarian relief_effort sustainability social_good do-gooder",
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


def _entries(words: str) -> tuple[tuple[str, ...], ...]:
    """The terms of each entry of a word list, in the order written: a word, or a
    phrase written with ``_`` ("wall_street", "late_night"), whose words say the subject
    only together (a "street" is no business story). A hyphenated word gives its whole
    and its parts, so it is a phrase too: it says the subject only written so."""
    found: dict[tuple[str, ...], None] = {}
    for entry in words.split():
        terms = tuple(dict.fromkeys(sentence_terms(entry.replace("_", " "), "en")))
        if terms:
            found[terms] = None
    return tuple(found)


_Phrases = dict[str, tuple[tuple[tuple[str, ...], str], ...]]


@cache
def _index() -> tuple[dict[str, tuple[str, ...]], _Phrases]:
    """Each one-word term and the subjects it belongs to; each phrase's first term and the
    phrases (their terms, and the subject) starting with it."""
    singles: dict[str, list[str]] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for subject, words in SUBJECTS.items():
        for terms in _entries(words):
            if len(terms) == 1:
                singles.setdefault(terms[0], []).append(subject)
            else:
                phrases.setdefault(terms[0], []).append((terms, subject))
    return (
        {term: tuple(subjects) for term, subjects in singles.items()},
        {term: tuple(found) for term, found in phrases.items()},
    )


@cache
def _named() -> dict[str, frozenset[str]]:
    """Each subject and the terms a section's name may call it by."""
    return {
        subject: frozenset(
            (*sentence_terms(subject, "en"), *sentence_terms(NAMED.get(subject, ""), "en"))
        )
        for subject in SUBJECTS
    }


def _subjects_named(name: str) -> list[str]:
    named = set(sentence_terms(name))
    return [subject for subject in SUBJECTS if named & _named()[subject]]


@cache
def subject_terms(name: str) -> tuple[str, ...]:
    """The terms of the subjects a section name speaks of, in the order written: those
    whose name, or a word :data:`NAMED` gives for it, shares a word with it ("Sports" is
    the subject "Sport", "Crime" is "Crime and justice", "Tech" is "Science and
    technology", "Queer Voices" is "LGBTQ"). A tag of the day named so has these words
    for its own, whatever the day's stories of it say. One-word entries only: a
    phrase's words are in :func:`subject_phrases`."""
    found: dict[str, None] = {}
    for subject in _subjects_named(name):
        found.update((terms[0], None) for terms in _entries(SUBJECTS[subject]) if len(terms) == 1)
    return tuple(found)


@cache
def subject_phrases(name: str) -> tuple[tuple[str, ...], ...]:
    """The phrases (as their terms) of the subjects a section name speaks of
    (see :func:`subject_terms`): "trevor_noah" is a Comedy phrase, "wall_street" a
    Business one; a text says the subject with one when it uses all its terms."""
    found: dict[tuple[str, ...], None] = {}
    for subject in _subjects_named(name):
        found.update((terms, None) for terms in _entries(SUBJECTS[subject]) if len(terms) > 1)
    return tuple(found)


def subject_of(bags: Sequence[Counter[str]]) -> str | None:
    """The subject a group of texts (as term bags) is about, or None when none stands out.

    Each text votes once per subject word it uses, so one long article cannot decide.
    """
    singles, phrases = _index()
    votes: Counter[str] = Counter()
    for bag in bags:
        for term in bag:
            for subject in singles.get(term, ()):
                votes[subject] += 1
            for terms, subject in phrases.get(term, ()):
                if all(other in bag for other in terms[1:]):
                    votes[subject] += 1
    if not votes:
        return None
    (best, top), *rest = sorted(votes.items(), key=lambda item: (-item[1], item[0]))
    runner = rest[0][1] if rest else 0
    if top / sum(votes.values()) >= MIN_SHARE or top >= 1.5 * runner:
        return best
    return None
