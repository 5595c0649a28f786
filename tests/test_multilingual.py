"""News in several languages through the real pipeline: whole key sentences in each
language, one story per event within a language, never a story across two, and the
briefing's own words in the language asked for. Every text here was written for
these tests."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from pathlib import Path

import pytest

from briefing import split_sentences, summarize
from briefing.config.settings import load_settings
from briefing.models import Article, Briefing
from briefing.pipeline import build_briefing, make_briefing
from briefing.text.language import detect_language
from briefing.text.terms import stop_words
from tests.conftest import make_article

DAY = dt.date(2025, 4, 4)

GERMAN_BRIDGE_ONE = (
    "Die Rheinbrücke in Köln bleibt nach einem Gutachten bis auf Weiteres für Lastwagen gesperrt. "
    "Die Stadtverwaltung teilte am Freitag, dem 4. April mit, dass Prüfer tiefe Risse in zwei "
    "Stahlträgern gefunden hätten. Rund 48.000 Fahrzeuge überqueren die Brücke an einem "
    "normalen Werktag, darunter etwa 3.500 Lastwagen. Der Verkehr wird über die Autobahn A 4 "
    "umgeleitet, was nach Angaben der Polizei zu langen Staus führen dürfte. "
    "„Die Sicherheit der Menschen hat Vorrang“, sagte Oberbürgermeisterin Dr. Katrin Wolff. "
    "Die Reparatur soll nach ersten Schätzungen 12,5 Mio. Euro kosten und bis zum 1. Oktober "
    "dauern. Die Industrie- und Handelskammer warnte vor Umsatzeinbußen von bis zu 3,2 Prozent "
    "für Speditionen in der Region. Autofahrer dürfen die Brücke weiterhin mit höchstens "
    "30 km/h befahren."
)
GERMAN_BRIDGE_TWO = (
    "Wegen tiefer Risse in zwei Stahlträgern ist die Kölner Rheinbrücke ab sofort für "
    "Lastwagen gesperrt. Das gab die Stadt Köln am Freitag, dem 4. April bekannt. "
    "Täglich fahren rund 48.000 Fahrzeuge über die Brücke, davon etwa 3.500 Lastwagen. "
    "Oberbürgermeisterin Dr. Katrin Wolff sagte: „Die Sicherheit der Menschen hat Vorrang.“ "
    "Die Polizei rechnet mit langen Staus auf der Autobahn A 4, über die der Schwerverkehr "
    "umgeleitet wird. Die Kosten der Reparatur schätzt die Stadt auf 12,5 Mio. Euro, die "
    "Arbeiten sollen bis zum 1. Oktober dauern. Speditionen befürchten Einbußen von bis zu "
    "3,2 Prozent, so die Industrie- und Handelskammer. Für Autos gilt auf der Brücke Tempo 30."
)
GERMAN_OTHER = (
    "Der Bundestag hat am Donnerstag ein neues Gesetz zur Förderung von Wärmepumpen "
    "beschlossen. Hausbesitzer sollen künftig bis zu 40 Prozent der Kosten erstattet bekommen. "
    "Die Opposition kritisierte die Pläne als zu teuer und zu bürokratisch. Nach Angaben des "
    "Ministeriums stehen dafür im kommenden Jahr rund 2,1 Mrd. Euro bereit. Verbände des "
    "Handwerks begrüßten die Entscheidung, mahnten aber schnellere Genehmigungen an. "
    "Das Gesetz muss noch vom Bundesrat bestätigt werden."
)
FRENCH_STRIKE_ONE = (
    "Les contrôleurs aériens de l'aéroport de Lyon ont entamé vendredi une grève de 48 heures. "
    "Selon la direction de l'aéroport, environ 220 vols ont été annulés dès la matinée. "
    "« Nous demandons simplement des effectifs suffisants pour travailler en sécurité », "
    "a déclaré Mme Claire Fontaine, porte-parole du syndicat. Les compagnies ont proposé aux "
    "passagers de reporter leur voyage sans frais jusqu'au 15 avril. La ministre des Transports "
    "a appelé les deux parties à reprendre le dialogue dès lundi. Le trafic devrait rester "
    "très perturbé samedi, avec près de 60 % des vols supprimés. M. Durand, directeur de "
    "l'aéroport, estime les pertes à 3,5 millions d'euros."
)
FRENCH_STRIKE_TWO = (
    "Une grève de 48 heures des contrôleurs aériens paralyse l'aéroport de Lyon depuis "
    "vendredi. Environ 220 vols ont été annulés, d'après la direction de l'aéroport. "
    "La porte-parole du syndicat, Mme Claire Fontaine, réclame des effectifs suffisants. "
    "« Nous voulons travailler en sécurité », a-t-elle expliqué devant la presse. Samedi, près "
    "de 60 % des vols devraient encore être supprimés. Les passagers peuvent reporter leur "
    "voyage sans frais jusqu'au 15 avril. Selon M. Durand, directeur de l'aéroport, les pertes "
    "atteignent déjà 3,5 millions d'euros. La ministre des Transports souhaite une reprise du "
    "dialogue lundi."
)
ENGLISH_STRIKE = (
    "Air traffic controllers at Lyon airport began a 48-hour strike on Friday. About 220 "
    "flights were cancelled in the morning, the airport's management said. Claire Fontaine, "
    "a union spokeswoman, said staff wanted enough colleagues to work safely. Passengers may "
    "move their trip free of charge until April 15. The transport minister urged both sides "
    "to resume talks on Monday. Airport director Paul Durand put the losses at 3.5 million "
    "euros."
)


def article(title: str, text: str, url: str, origin: str = "test") -> Article:
    return make_article(title, text, url=url, tags=(), origin=origin)  # type: ignore[arg-type]


def day_of_news() -> list[Article]:
    return [
        article("Kölner Rheinbrücke für Lastwagen gesperrt", GERMAN_BRIDGE_ONE, "https://a.de/1"),
        article("Risse: Rheinbrücke gesperrt", GERMAN_BRIDGE_TWO, "https://b.de/2"),
        article("Bundestag beschließt Förderung von Wärmepumpen", GERMAN_OTHER, "https://a.de/3"),
        article("Grève des contrôleurs aériens à Lyon", FRENCH_STRIKE_ONE, "https://c.fr/1"),
        article("L'aéroport de Lyon paralysé par une grève", FRENCH_STRIKE_TWO, "https://d.fr/2"),
        article("Lyon air traffic controllers strike", ENGLISH_STRIKE, "https://e.com/1"),
    ]


@pytest.fixture(scope="module")
def briefing_of_the_day() -> Briefing:
    settings = load_settings(None, jobs=1, history=False)
    return make_briefing(day_of_news(), settings, DAY)


def test_each_article_is_read_in_its_language(briefing_of_the_day: Briefing) -> None:
    stories = briefing_of_the_day.stories
    languages = {a.url: a.language for story in stories for a in story.articles}
    assert languages == {
        "https://a.de/1": "de",
        "https://b.de/2": "de",
        "https://a.de/3": "de",
        "https://c.fr/1": "fr",
        "https://d.fr/2": "fr",
        "https://e.com/1": "en",
    }


def test_two_reports_of_one_event_in_one_language_are_one_story(
    briefing_of_the_day: Briefing,
) -> None:
    groups = sorted(sorted(a.url for a in story.articles) for story in briefing_of_the_day.stories)
    assert groups == [
        ["https://a.de/1", "https://b.de/2"],
        ["https://a.de/3"],
        ["https://c.fr/1", "https://d.fr/2"],
        # The English report of the Lyon strike shares its names and numbers with the
        # French ones, yet stays a story of its own: no story mixes two languages.
        ["https://e.com/1"],
    ]


def test_key_sentences_are_whole_sentences(briefing_of_the_day: Briefing) -> None:
    texts = {a.id: a for story in briefing_of_the_day.stories for a in story.articles}
    for story in briefing_of_the_day.stories:
        assert story.sentences
        for sentence in story.sentences:
            source = texts[sentence.article_id]
            assert sentence.text in split_sentences(source.text, source.language)
            assert sentence.text.rstrip("“”»\"'").endswith((".", "!", "?")), sentence.text
            # Never the fragment before an ordinal date ("... am Freitag, dem 4.").
            assert not sentence.text.endswith(("dem 4.", "zum 1.")), sentence.text


def test_german_and_french_summaries_are_whole_sentences() -> None:
    german = summarize(GERMAN_BRIDGE_ONE)
    assert len(german) == 3
    assert all(s in split_sentences(GERMAN_BRIDGE_ONE, "de") for s in german)
    assert any("am Freitag, dem 4. April mit" in s for s in split_sentences(GERMAN_BRIDGE_ONE))
    french = summarize(FRENCH_STRIKE_ONE, sentences=4, language="fr")
    assert all(s in split_sentences(FRENCH_STRIKE_ONE, "fr") for s in french)
    assert "« Nous demandons" in " ".join(split_sentences(FRENCH_STRIKE_ONE))
    assert not any(s.endswith("«") for s in split_sentences(FRENCH_STRIKE_ONE))


def test_language_is_detected_declared_or_forced() -> None:
    assert detect_language(GERMAN_OTHER) == "de"
    assert detect_language(FRENCH_STRIKE_TWO) == "fr"
    assert detect_language(ENGLISH_STRIKE) == "en"
    # --language forces one language on every article, whatever it declares.
    forced = make_briefing(
        [article("Grève", FRENCH_STRIKE_ONE, "https://c.fr/1", origin="x")],
        load_settings(None, jobs=1, history=False, language="it"),
        DAY,
    )
    assert forced.stories[0].lead.language == "it"


def test_json_lang_is_used(tmp_path: Path) -> None:
    # A short German text could pass for Dutch; its declared language settles it.
    record = {"title": "Kurz", "text": GERMAN_OTHER, "lang": "de-DE", "date": "2025-04-04"}
    (tmp_path / "day.jsonl").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    settings = load_settings(
        None, inputs=(str(tmp_path),), out=str(tmp_path / "out"), jobs=1, history=False
    )
    built = build_briefing(settings, DAY)
    assert built.briefing.stories[0].lead.language == "de"


def test_briefing_words_in_german(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    rows = [
        {"title": a.title, "text": a.text, "url": a.url, "date": "2025-04-04"}
        for a in day_of_news()
    ]
    (folder / "day.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8"
    )
    settings = load_settings(
        None,
        inputs=(str(folder),),
        out=str(tmp_path / "out"),
        formats=("markdown", "html", "text"),
        jobs=1,
        history=False,
        lang="de",
    )
    result = build_briefing(settings, DAY)
    markdown = next(p for p in result.files if p.suffix == ".md").read_text(encoding="utf-8")
    assert "Freitag, 4. April 2025" in markdown
    assert "## Top-Meldungen" in markdown
    assert "6 Artikel · 4 Meldungen · " in markdown
    html = next(p for p in result.files if p.suffix == ".html").read_text(encoding="utf-8")
    assert '<html lang="de">' in html
    assert "<h2>Top-Meldungen</h2>" in html
    # A story in another language than the page says so, for screen readers and search.
    assert html.count(' lang="fr"') == 1 and html.count(' lang="en"') == 1
    # The articles' own sentences stay in their languages.
    assert "Environ 220 vols ont été annulés" in markdown or "220 vols" in markdown
    assert "about 220 flights" in markdown.lower() or "220 flights" in markdown


def test_other_languages_are_split_on_punctuation_and_said_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    polish = (
        "Rząd przedstawił we wtorek nowy projekt budżetu na przyszły rok. Opozycja "
        "skrytykowała plan jako niesprawiedliwy dla rodzin. Głosowanie odbędzie się w czwartek."
    )
    with caplog.at_level(logging.WARNING, logger="briefing"):
        first = split_sentences(polish, "pl")
        split_sentences(polish + " Koniec.", "pl")
    assert first == [
        "Rząd przedstawił we wtorek nowy projekt budżetu na przyszły rok.",
        "Opozycja skrytykowała plan jako niesprawiedliwy dla rodzin.",
        "Głosowanie odbędzie się w czwartek.",
    ]
    said = [r for r in caplog.records if "'pl'" in r.getMessage()]
    assert len(said) <= 1  # once per process: an earlier test may have said it already


def test_watchlist_and_topics_work_in_each_language() -> None:
    settings = load_settings(
        None, jobs=1, history=False, watchlist=("Rheinbrücke", "Claire Fontaine")
    )
    briefing = make_briefing(day_of_news(), settings, DAY)
    watched = {story.lead.url: story.watch for story in briefing.stories}
    assert watched["https://a.de/1"] == ("Rheinbrücke",)
    assert watched["https://c.fr/1"] == ("Claire Fontaine",)
    assert watched["https://e.com/1"] == ("Claire Fontaine",)
    # Topics inferred from German and French text are named by content words of their
    # language, never by a stop word such as "der" or "les".
    names = [section.topic.name.lower() for section in briefing.sections]
    assert names
    for name in names:
        for word in name.split():
            assert word not in stop_words("de") | stop_words("fr") | stop_words("en"), name


def test_a_big_day_in_three_languages_is_the_same_fed_to_workers(tmp_path: Path) -> None:
    """Fed to the workers as it is read (terms read chunk by chunk, for every language
    at once), a big day in three languages gives the briefing one process gives."""
    from briefing.pipeline import FEED_FROM
    from tests.conftest import write_jsonl
    from tests.newsday import newsday

    # The same texts under new addresses: many articles, stories of several languages.
    articles = [
        dataclasses.replace(a, url=f"{a.url}?copy={n}", date=DAY)
        for n in range(16)
        for a in [*day_of_news(), *newsday()]
    ]
    path = write_jsonl(tmp_path / "day.jsonl", articles)
    assert path.stat().st_size >= FEED_FROM
    made = []
    for jobs in (1, 2):
        settings = load_settings(
            None, inputs=[str(path)], jobs=jobs, out=str(tmp_path / f"out-{jobs}"), quiet=True
        )
        made.append(build_briefing(settings, DAY))
    assert {a.language for s in made[1].briefing.stories for a in s.articles} >= {"de", "fr", "en"}
    assert made[0].briefing == made[1].briefing
    assert [f.read_bytes() for f in made[0].files] == [f.read_bytes() for f in made[1].files]
