"""Render a :class:`Briefing` through Jinja2 templates, or to JSON.

Templates are looked up on an ordered path: the user's folder first, the defaults
last; ``default:NAME`` always names the default, so an override can extend it
(``{% extends "default:briefing.html" %}``). HTML is autoescaped; Markdown goes through
:func:`briefing.render.escape.md_escape`; undefined names fail loudly.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from briefing.errors import TemplateError
from briefing.models import Article, Briefing, Section, Story, Tag
from briefing.render import words
from briefing.render.escape import md_anchor, md_escape, md_link, safe_url, yaml_string
from briefing.stories.ranking import outlet_links, outlets
from briefing.stories.topics import tag_form

__all__ = [
    "SUFFIXES",
    "TEMPLATES",
    "default_templates_dir",
    "environment",
    "json_text",
    "long_date",
    "render",
    "render_template",
    "to_dict",
]

#: The template each templated format renders.
TEMPLATES = {"markdown": "briefing.md", "html": "briefing.html", "text": "briefing.txt"}
#: The file suffix of each output format.
SUFFIXES = {"markdown": ".md", "html": ".html", "text": ".txt", "json": ".json", "eml": ".eml"}


def default_templates_dir() -> Path:
    """The shipped templates: inside the installed package, or ``templates/`` in a checkout."""
    packaged = resources.files("briefing") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "templates"


#: The folder of compiled templates, in the state's cache folder.
TEMPLATE_CACHE = "templates"


def environment(
    user_dir: str | Path | None = None, cache_dir: str | Path | None = None
) -> jinja2.Environment:
    """The Jinja2 environment: user templates first, defaults last, ``default:`` prefix.

    With ``cache_dir`` (the state's cache folder, never the published output), compiled
    templates are kept in its ``templates`` folder: compiling them costs a build a tenth
    of a second, loading them a few milliseconds. Jinja checks each against its source,
    so an edited template is compiled again; a folder that cannot be made means no cache.
    """
    defaults = jinja2.FileSystemLoader(str(default_templates_dir()))
    loaders: list[jinja2.BaseLoader] = []
    if user_dir is not None:
        if not Path(user_dir).is_dir():
            raise TemplateError(f"{user_dir}: templates folder not found")
        loaders.append(jinja2.FileSystemLoader(str(user_dir)))
    loaders.append(defaults)
    loaders.append(jinja2.PrefixLoader({"default": defaults}, delimiter=":"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        bytecode_cache=_bytecode_cache(cache_dir),
        autoescape=jinja2.select_autoescape(["html", "htm", "xml"], default_for_string=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=md_escape, md_link=md_link, safe_url=safe_url, long_date=_long_date, plural=_plural
    )
    env.filters.update(anchor=md_anchor, yaml=yaml_string, t=_translate)
    env.filters["outlets"] = outlets
    env.filters["outlet_links"] = outlet_links
    env.filters["other_tags"] = other_tags
    env.filters["minutes"] = read_time
    env.filters["md_outlets"] = md_outlets
    env.filters["html_outlets"] = html_outlets
    return env


def _bytecode_cache(cache_dir: str | Path | None) -> jinja2.BytecodeCache | None:
    if cache_dir is None:
        return None
    folder = Path(cache_dir) / TEMPLATE_CACHE
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def other_tags(story: Story, section: Section) -> list[Tag]:
    """The story's tags other than its section's (in any of its forms)."""
    own = tag_form(section.topic)
    return [tag for tag in story.tags if tag_form(tag) != own]


def md_outlets(story: Story) -> str:
    """The outlets telling ``story`` in Markdown, as the ``links`` macro of
    ``briefing.md`` writes them: ``[A](a1) ([2](a2)), [B](b1) and [C](c1)``.

    Each outlet's name links to its first report, its other reports are numbered; what
    has no safe address is its escaped text alone. A filter, not the macro, because a
    big day calls it for thousands of stories.
    """
    return _outlets(story, md_link)


def html_outlets(story: Story) -> Markup:
    """The outlets telling ``story`` in HTML, escaped, as the ``links`` macro of
    ``briefing.html`` writes them (see :func:`md_outlets`)."""
    return Markup(_outlets(story, _html_link))


def _html_link(text: str, url: str | None) -> str:
    href = safe_url(url)
    return f'<a href="{escape(href)}">{escape(text)}</a>' if href else str(escape(text))


def _outlets(story: Story, link: Callable[[str, str | None], str]) -> str:
    named = outlet_links(story)
    last = len(named) - 1
    parts: list[str] = []
    for index, (name, urls) in enumerate(named):
        parts.append(link(name, urls[0] if urls else None))
        if len(urls) > 1:
            more = (link(str(number), url) for number, url in enumerate(urls[1:], start=2))
            parts.append(f" ({', '.join(more)})")
        if index < last:
            parts.append(" and " if index == last - 1 else ", ")
    return "".join(parts)


def read_time(minutes: float) -> str:
    """``5 min read``: whole minutes, at least one."""
    return f"{max(1, round(minutes))} min read"


def long_date(day: dt.date, lang: str = "en") -> str:
    """``Friday 4 April 2025`` (in English; see :mod:`briefing.render.words`)."""
    return words.long_date(day, lang)


def plural(count: int, noun: str, lang: str = "en") -> str:
    """``1 article``, ``2 articles``; ``story`` becomes ``stories``."""
    if count == 1:
        return f"{count} {words.translate(noun, lang)}"
    # "story" -> "stories", but "day" -> "days": -ies only after a consonant.
    many = f"{noun[:-1]}ies" if noun[-2:-1] not in "aeiou" and noun.endswith("y") else f"{noun}s"
    return f"{count} {words.translate(many, lang)}"


# The filters: in the language of the render (``lang`` in the context, English if none).
@jinja2.pass_context
def _long_date(context: jinja2.runtime.Context, day: dt.date) -> str:
    return long_date(day, context.get("lang", "en"))


@jinja2.pass_context
def _plural(context: jinja2.runtime.Context, count: int, noun: str) -> str:
    return plural(count, noun, context.get("lang", "en"))


@jinja2.pass_context
def _translate(context: jinja2.runtime.Context, phrase: str) -> str:
    return words.translate(phrase, context.get("lang", "en"))


def render(
    briefing: Briefing,
    fmt: str,
    env: jinja2.Environment | None = None,
    *,
    lang: str = "en",
    **options: Any,
) -> str:
    """``briefing`` as ``fmt`` (``markdown``, ``html``, ``text`` or ``json``).

    ``lang`` is the language of the briefing's own words (headings, dates); the
    articles' sentences stay in their own.
    """
    if fmt == "json":
        return json_text(to_dict(briefing)) + "\n"
    if fmt not in TEMPLATES:
        raise TemplateError(f"no template for format {fmt!r}")
    env = env or environment()
    context = {
        "briefing": briefing,
        "options": options,
        "sources": _sources(briefing),
        "lang": lang,
    }
    return render_template(env, TEMPLATES[fmt], context)


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """Template ``name`` rendered with ``context``; Jinja's errors become ours, with the line."""
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateNotFound as error:
        raise TemplateError(f"template {error.name!r} not found") from None
    except jinja2.TemplateError as error:
        where = f" (line {error.lineno})" if hasattr(error, "lineno") else ""
        raise TemplateError(f"template {name!r}{where}: {error}") from None


def _sources(briefing: Briefing) -> dict[str, Article]:
    return {a.id: a for story in briefing.stories for a in story.articles}


def json_text(data: object) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=2)``, two to three times quicker.

    The standard library indents in Python, a generator step per token; this writes
    the same text in one pass over dicts, lists and tuples of strings, numbers, booleans
    and None (what :func:`to_dict` gives), and leaves anything else to ``json.dumps``.
    """
    parts: list[str] = []
    try:
        _put_json(data, parts, "\n")
    except _NotPlain:
        return json.dumps(data, ensure_ascii=False, indent=2)
    return "".join(parts)


class _NotPlain(Exception):
    """A value :func:`json_text` leaves to ``json.dumps`` (another type, a key not a str)."""


def _put_json(value: Any, parts: list[str], newline: str) -> None:
    """Append ``value`` as indented JSON; ``newline`` is a line break and this level's
    indent."""
    kind = type(value)
    if kind is str:
        parts.append(_json_string(value))
    elif kind is dict:
        if not value:
            parts.append("{}")
            return
        inner = newline + "  "
        opening = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _NotPlain
            parts.append(opening)
            parts.append(_json_string(key))
            parts.append(": ")
            _put_json(item, parts, inner)
            opening = "," + inner
        parts.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            parts.append("[]")
            return
        inner = newline + "  "
        opening = "[" + inner
        for item in value:
            parts.append(opening)
            _put_json(item, parts, inner)
            opening = "," + inner
        parts.append(newline + "]")
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif kind is int:
        parts.append(int.__repr__(value))
    elif kind is float and value == value and value not in (_INFINITY, -_INFINITY):
        parts.append(float.__repr__(value))
    else:
        raise _NotPlain  # NaN, infinities, subclasses, other types: as json writes them


_INFINITY = float("inf")
#: How json writes a string when ensure_ascii is off (its C function when there is one).
_json_string: Callable[[str], str] = json.encoder.encode_basestring


def to_dict(briefing: Briefing) -> dict[str, Any]:
    """The JSON shape: date, title, sections of stories, skipped inputs, counts."""
    return {
        "date": briefing.date.isoformat(),
        "title": briefing.title,
        "counts": {
            "articles": briefing.article_count,
            "stories": len(briefing.stories),
            "topics": len(briefing.sections),
            "read": briefing.articles_read,
            "skipped": len(briefing.skipped),
        },
        "reading_minutes": briefing.reading_minutes,
        "top_stories": list(briefing.top_stories),
        "watchlist": list(briefing.watchlist),
        "sections": [
            {
                "topic": section.topic.name,
                "slug": section.topic.slug,
                "inferred": section.inferred,
                "stories": [_story_dict(story) for story in section.stories],
            }
            for section in briefing.sections
        ],
        "skipped": [{"input": s.input, "reason": s.reason} for s in briefing.skipped],
        "sources": [
            {"source": s.name, "ok": s.ok, "articles": s.articles, "reason": s.reason}
            | ({"note": s.note} if s.note else {})
            for s in briefing.sources
        ],
    }


def _story_dict(story: Story) -> dict[str, Any]:
    return {
        "id": story.id,
        "title": story.title,
        "status": story.status,
        "featured": story.featured,
        "score": round(story.score, 6),
        "watch": list(story.watch),
        "articles": [
            {
                "title": a.title,
                "url": a.url,
                "source": a.source,
                "date": a.date.isoformat() if a.date else None,
                "tags": [t.name for t in a.tags],
                "tag_slugs": [t.slug for t in a.tags],
            }
            for a in story.articles
        ],
        "sentences": [
            {"text": s.text, "url": s.url, "score": s.score, "position": s.position}
            for s in story.sentences
        ],
    }
