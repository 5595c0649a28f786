"""Word lists of the languages other than English, for :mod:`briefing.text.rules`.

Lower case, without the final period, as Punkt stores abbreviations. Each language keeps
the English lists (news in any of these languages names "Apple Inc." or quotes "Mr.
Smith") less the English abbreviations that are common words of its own, which may end
a sentence ("Le vent souffle de l'est.", "Se fueron al mar.", "Dat wist ik al.").
Written for this project from the languages' usual newspaper abbreviations.
"""

from __future__ import annotations

__all__ = [
    "ABBREVIATIONS",
    "ELISION",
    "NOT_ABBREVIATIONS",
    "ORDINAL_DATES",
    "STARTERS",
    "SUFFIXES",
    "TITLES",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Abbreviations of each language (besides dotted ones such as "z.b." and "s.p.a.",
#: which are recognised without a list).
ABBREVIATIONS: dict[str, frozenset[str]] = {
    "de": _words(
        """
        bzw usw etc ca dr prof nr mio mrd jh jhd abs art str evtl ggf inkl exkl vgl sog hr
        frl st tel mind max min bzgl zzgl dt engl franz ital lt gem geb gest verh ehem
        allg bes bspw einschl hrsg jr sr kap mrz okt dez sept febr aug feb apr nov
        med rer nat phil jur dipl habil theol oec pol vet dent abb std sek bd hbf pkt tsd fa
        """
    ),
    "fr": _words(
        """
        mme mmes mlle mlles mm dr pr mgr env etc cf p pp av bd st ste cie éd ex hab mds md
        mrd janv févr avr juil oct nov déc chap art min max tél fig dép boul vve resp
        coll suiv id ibid cit c.-à-d
        """
    ),
    "es": _words(
        """
        sr sra srta sres dr dra lic ing arq prof profa d dña ud uds vd vds aprox etc pág
        págs núm n avda av cía ej cap art mill mín máx ene feb abr jun jul ago sept oct
        nov dic tel dpto gral excmo excma sto sta ss atte admón coord dcha izq ee uu ilmo
        ilma
        """
    ),
    "it": _words(
        """
        sig sigg dott dott.ssa dr prof avv ing on arch geom rag mons gen col magg cap ecc
        pag pagg n nn cfr ca mld mln art vol tel v gen feb apr giu lug ago sett ott nov
        dic sec seg ss spett egr gent
        """
    ),
    "pt": _words(
        """
        sr sra srta srs dr dra prof profa exmo exma eng arq av r n nº pág págs aprox etc
        cf ex p vol cap art bi tri jan fev abr mai jun jul ago set out nov dez ltda cia sto
        sta tel dep exa exas
        """
    ),
    "nl": _words(
        """
        bijv blz ca dhr mevr mw dr drs ir ing mr prof enz etc evt jl nl nr str mld mln mrd
        resp vgl incl excl jhr st tel zgn ong vnl bv jan feb mrt apr jun jul aug sept okt
        nov dec gem prov afd
        """
    ),
}

#: English abbreviations that are everyday words of the language, often last in a sentence.
NOT_ABBREVIATIONS: dict[str, frozenset[str]] = {
    "de": _words("jan"),
    "fr": _words("est sept vol col mon"),
    "es": _words("mar col ave est"),
    "it": _words("est"),
    "pt": _words("mar nos est"),
    "nl": _words("al op jan"),
}

#: Titles written before a name: a period after them never ends a sentence.
TITLES: dict[str, frozenset[str]] = {
    "de": _words("dr prof hr frl"),
    "fr": _words("m mme mmes mlle mlles mm dr pr mgr"),
    "es": _words("sr sra srta sres dr dra lic ing arq prof profa d dña excmo excma gral sto sta"),
    "it": _words("sig sigg dott dr prof avv ing on arch geom rag mons"),
    "pt": _words("sr sra srta srs dr dra prof profa exmo exma eng arq sto sta"),
    "nl": _words("dhr mevr mw dr drs ir ing mr prof jhr"),
}

#: Words that commonly begin a sentence (lower case): after an abbreviation or a number,
#: one of them capitalised starts a new sentence; any other capitalised word is taken
#: for a name or, in German, a noun ("am 4. April", "Co. KG").
STARTERS: dict[str, frozenset[str]] = {
    "de": _words(
        """
        der die das den dem des ein eine einer eines einem einen er sie es wir ihr ich man
        sein seine ihre ihr unser dies diese dieser dieses jene jener es und aber oder denn
        doch so dann danach damit deshalb daher dort da hier heute gestern morgen nun jetzt
        auch noch schon nur nicht kein keine keiner wer wie was wann wo warum weshalb wenn
        als ob weil dass nachdem bevor während seit bis im in am an auf aus bei mit nach von
        vor zu zum zur für gegen ohne um über unter zwischen laut trotz wegen alle viele
        einige mehrere manche jeder jede jedes beide zudem außerdem allerdings jedoch
        trotzdem dennoch inzwischen bereits zunächst später schließlich dabei dafür
        zwei drei vier fünf sechs sieben acht neun zehn zwölf zwanzig hundert tausend
        """
    ),
    "fr": _words(
        """
        le la les l un une des du de d il elle ils elles on nous vous je j ce cet cette ces
        c ça cela mais et ou donc or ni car puis ensuite alors enfin aujourd hier demain
        selon pour par sur sous dans avec sans chez vers après avant depuis pendant lors
        quand si comme lorsque qui que quoi où pourquoi comment combien son sa ses leur
        leurs notre nos votre mon ma mes tout tous toute toutes aucun aucune plusieurs
        certains certaines chaque personne rien en y ne pas plus déjà encore toujours
        jamais cependant pourtant toutefois ainsi aussi même là voici voilà
        """
    ),
    "es": _words(
        """
        el la los las lo un una unos unas él ella ellos ellas usted ustedes yo tú nosotros
        vosotros este esta estos estas ese esa esos esas aquel aquella su sus nuestro
        nuestra mi mis y e o u pero sino ni pues entonces luego después antes ahora hoy
        ayer mañana según para por en con sin sobre bajo desde hasta durante entre tras
        cuando si como que quien quién qué cuál dónde donde cómo cuándo por qué todo todos
        toda todas ningún ninguna varios cada nadie nada también tampoco ya aún además sin
        embargo así aquí allí se le les me nos no
        """
    ),
    "it": _words(
        """
        il lo la i gli le l un uno una un' lui lei loro noi voi io tu egli ella esso essa
        questo questa questi queste quello quella quelli quelle suo sua suoi sue nostro
        nostra mio mia e ed o ma però quindi poi dopo prima ora oggi ieri domani secondo
        per in con senza su sotto da tra fra durante quando se come che chi cosa dove
        perché ogni tutti tutto tutta tutte nessuno niente anche ancora già inoltre
        tuttavia così qui lì ci si ne non del della dei nel nella al alla
        """
    ),
    "pt": _words(
        """
        o a os as um uma uns umas ele ela eles elas você vocês eu tu nós vós este esta
        estes estas esse essa esses essas aquele aquela seu sua seus suas nosso nossa meu
        minha e ou mas porém pois então depois antes agora hoje ontem amanhã segundo para
        por em com sem sobre sob desde até durante entre quando se como que quem qual onde
        porque cada todos todo toda todas nenhum nenhuma ninguém nada também já ainda
        além assim aqui ali não no na nos nas do da dos das ao à
        """
    ),
    "nl": _words(
        """
        de het een 't hij zij ze wij we jij je u ik men dit dat deze die zijn haar hun ons
        onze mijn en of maar want dus toen daarna daarom daar hier nu vandaag gisteren
        morgen ook nog al alleen niet geen wie wat wanneer waar waarom hoe als omdat dat
        nadat voordat terwijl sinds tot in op aan bij met na van voor naar om over onder
        tussen volgens ondanks alle veel enkele sommige ieder iedere elke beide bovendien
        echter toch inmiddels eerst later ten slotte er
        """
    ),
}

#: Languages that write ordinal numbers with a period ("am Freitag, dem 4. April").
ORDINAL_DATES = frozenset({"de"})

#: Languages that elide an article or preposition into the next word ("l'on.", "dell'avv.").
ELISION = frozenset({"fr", "it"})

#: Endings that make a word an abbreviation: street names ("Hauptstr.", "Kerkstr.").
SUFFIXES: dict[str, tuple[str, ...]] = {"de": ("str",), "nl": ("str",)}
