"""The briefing's own words in each language it speaks: headings, labels, dates.

Set with ``lang = "de"`` in ``briefing.toml`` (or ``--lang de``); English by default.
Templates translate a phrase with the ``t`` filter (``{{ "Top stories" | t }}``) and
write dates with ``long_date``, both in the language of the render. A phrase with no
translation is shown in English. The articles' own text is never translated.
"""

from __future__ import annotations

import datetime as dt

__all__ = ["LANGS", "long_date", "translate"]

#: English phrase -> its translation, per language. Written for this project.
_PHRASES: dict[str, dict[str, str]] = {
    "de": {
        "Top stories": "Top-Meldungen",
        "More from today": "Mehr von heute",
        "Watchlist": "Beobachtungsliste",
        "Sources": "Quellen",
        "Skipped inputs": "Übersprungene Eingaben",
        "Update": "Aktualisiert",
        "New": "Neu",
        "Reported by": "Berichtet von",
        "and": "und",
        "Also": "Außerdem",
        "inferred": "erschlossen",
        "article": "Artikel",
        "articles": "Artikel",
        "story": "Meldung",
        "stories": "Meldungen",
        "topic": "Thema",
        "topics": "Themen",
        "in": "in",
        "across": "in",
        "sources": "Quellen",
    },
    "fr": {
        "Top stories": "À la une",
        "More from today": "Autres sujets du jour",
        "Watchlist": "Veille",
        "Sources": "Sources",
        "Skipped inputs": "Entrées ignorées",
        "Update": "Mise à jour",
        "New": "Nouveau",
        "Reported by": "Selon",
        "and": "et",
        "Also": "Aussi",
        "inferred": "déduit",
        "article": "article",
        "articles": "articles",
        "story": "sujet",
        "stories": "sujets",
        "topic": "thème",
        "topics": "thèmes",
        "in": "en",
        "across": "dans",
        "sources": "sources",
    },
    "es": {
        "Top stories": "Lo más destacado",
        "More from today": "Más de hoy",
        "Watchlist": "Seguimiento",
        "Sources": "Fuentes",
        "Skipped inputs": "Entradas omitidas",
        "Update": "Actualización",
        "New": "Nuevo",
        "Reported by": "Informan",
        "and": "y",
        "Also": "También",
        "inferred": "deducido",
        "article": "artículo",
        "articles": "artículos",
        "story": "noticia",
        "stories": "noticias",
        "topic": "tema",
        "topics": "temas",
        "in": "en",
        "across": "en",
        "sources": "fuentes",
    },
    "it": {
        "Top stories": "In primo piano",
        "More from today": "Altro di oggi",
        "Watchlist": "Osservati",
        "Sources": "Fonti",
        "Skipped inputs": "Input saltati",
        "Update": "Aggiornamento",
        "New": "Nuovo",
        "Reported by": "Riportato da",
        "and": "e",
        "Also": "Inoltre",
        "inferred": "dedotto",
        "article": "articolo",
        "articles": "articoli",
        "story": "notizia",
        "stories": "notizie",
        "topic": "tema",
        "topics": "temi",
        "in": "in",
        "across": "in",
        "sources": "fonti",
    },
    "pt": {
        "Top stories": "Destaques",
        "More from today": "Mais de hoje",
        "Watchlist": "Acompanhamento",
        "Sources": "Fontes",
        "Skipped inputs": "Entradas ignoradas",
        "Update": "Atualização",
        "New": "Novo",
        "Reported by": "Noticiado por",
        "and": "e",
        "Also": "Também",
        "inferred": "inferido",
        "article": "artigo",
        "articles": "artigos",
        "story": "notícia",
        "stories": "notícias",
        "topic": "tema",
        "topics": "temas",
        "in": "em",
        "across": "em",
        "sources": "fontes",
    },
    "nl": {
        "Top stories": "Belangrijkste nieuws",
        "More from today": "Meer van vandaag",
        "Watchlist": "Volglijst",
        "Sources": "Bronnen",
        "Skipped inputs": "Overgeslagen invoer",
        "Update": "Update",
        "New": "Nieuw",
        "Reported by": "Gemeld door",
        "and": "en",
        "Also": "Ook",
        "inferred": "afgeleid",
        "article": "artikel",
        "articles": "artikelen",
        "story": "bericht",
        "stories": "berichten",
        "topic": "onderwerp",
        "topics": "onderwerpen",
        "in": "in",
        "across": "in",
        "sources": "bronnen",
    },
}

_DAYS = {
    "en": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
    "de": "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag",
    "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche",
    "es": "lunes martes miércoles jueves viernes sábado domingo",
    "it": "lunedì martedì mercoledì giovedì venerdì sabato domenica",
    "pt": "segunda-feira terça-feira quarta-feira quinta-feira sexta-feira sábado domingo",
    "nl": "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag",
}
_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre"
    " diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre"
    " dicembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro"
    " dezembro",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
}
#: How each language writes a long date, from the day's name, number, month and year.
_DATE_FORMATS = {
    "en": "{weekday} {day} {month} {year}",
    "de": "{weekday}, {day}. {month} {year}",
    "fr": "{weekday} {day} {month} {year}",
    "es": "{weekday}, {day} de {month} de {year}",
    "it": "{weekday} {day} {month} {year}",
    "pt": "{weekday}, {day} de {month} de {year}",
    "nl": "{weekday} {day} {month} {year}",
}
#: The languages the briefing's own words come in.
LANGS = tuple(_DATE_FORMATS)


def translate(phrase: str, lang: str = "en") -> str:
    """``phrase`` (English) in ``lang``; the phrase itself when there is no translation."""
    return _PHRASES.get(lang, {}).get(phrase, phrase)


def long_date(day: dt.date, lang: str = "en") -> str:
    """``Friday 4 April 2025``, ``Freitag, 4. April 2025``: the same in every locale."""
    lang = lang if lang in _DATE_FORMATS else "en"
    return _DATE_FORMATS[lang].format(
        weekday=_DAYS[lang].split()[day.weekday()],
        day=day.day,
        month=_MONTHS[lang].split()[day.month - 1],
        year=day.year,
    )
