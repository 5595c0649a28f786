"""The archive site, rebuilt in the output folder from the briefings already there.

Every build writes each day's ``briefing-DATE.html`` and ``briefing-DATE.json``; the
site is made from those files alone, so it lists every day ever built into the folder
and needs no state:

- ``index.html``: the days, newest first, each with its top stories;
- ``latest.html`` and ``latest.md``: copies of the newest day's HTML and Markdown;
- ``feed.xml``: an Atom feed of the last ``feed_entries`` briefings, one entry a day,
  the top stories as its summary and the day's HTML as its content;
- ``topic-SLUG.html`` (with ``[archive] topic_pages``): one topic's stories, day by day.

Links are relative, so the folder works wherever it is copied. The pages are rendered
through the templates ``index.html``, ``topic.html`` and ``feed.xml``, overridable like
the others. A day's JSON is read as untrusted text: what is shown is escaped, and a
file that cannot be read leaves its day listed with a note instead of its stories.

What the site needs of a day (its title, counts and story titles) is kept in the
cache folder of the state (``cache_dir``), one file per output folder, under each JSON
file's size and modification time: a build reads again only the days whose JSON
changed, not a year of briefings each morning. Deleting the cache loses nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import jinja2

from briefing.config.settings import Settings
from briefing.render.escape import md_anchor
from briefing.render.files import write_atomic
from briefing.render.formats import environment, render_template

__all__ = [
    "Day",
    "Site",
    "StoryLink",
    "TopicDay",
    "read_day",
    "read_days",
    "write_site",
]

#: The day's page and data, as the build names them.
_PAGE = re.compile(r"briefing-(\d{4}-\d{2}-\d{2})\.html")
#: The time of day a briefing's feed entry is dated (the e-mail's Date uses the same).
_ENTRY_TIME = dt.time(6, 0)
# Characters XML 1.0 forbids even escaped: a feed holding one is not well formed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Controls and bidi overrides: never shown (a title from a day's JSON is untrusted).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_BODY = re.compile(r"<body\b[^>]*>(.*)</body\s*>", re.S | re.I)
_TITLE_CHARS = 300


@dataclass(frozen=True, slots=True)
class StoryLink:
    """A story as the site lists it: its title and its anchor in the day's page."""

    title: str
    anchor: str


@dataclass(frozen=True, slots=True)
class TopicDay:
    """One topic of one day: its name, slug and stories."""

    name: str
    slug: str
    stories: tuple[StoryLink, ...]


@dataclass(frozen=True, slots=True)
class Day:
    """One briefing in the folder, as read back from its files."""

    date: dt.date
    title: str
    page: str
    markdown: str | None
    articles: int | None
    stories: int | None
    top: tuple[StoryLink, ...]
    topics: tuple[TopicDay, ...]
    #: Why the day's stories are missing (no JSON, or JSON that cannot be read).
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Site:
    """What the site's templates render: every day, newest first, and the topics."""

    title: str
    days: tuple[Day, ...]
    #: Each topic seen on any day: (name, slug), by name.
    topics: tuple[tuple[str, str], ...]
    topic_pages: bool
    site_url: str | None


def read_days(
    out: Path, index_stories: int = 5, cache: Path | None = None, *, topic_stories: bool = True
) -> list[Day]:
    """Every day whose page is in ``out``, newest first, with at most ``index_stories``
    top stories each; ``cache`` is the file that keeps the days read before. Without
    ``topic_stories`` (no topic pages) a day's topics are only named: the cache is then
    a few lines a day, however many stories the days had."""
    shape = {"version": _CACHE_VERSION, "index_stories": index_stories, "stories": topic_stories}
    known = _read_cache(cache, shape)
    kept: dict[str, Any] = {}
    days = []
    for page in out.glob("briefing-*.html") if out.is_dir() else ():
        found = _PAGE.fullmatch(page.name)
        if found is None:
            continue
        try:
            date = dt.date.fromisoformat(found[1])
        except ValueError:
            continue
        day, entry = _cached_day(out, date, index_stories, known, topic_stories)
        days.append(day)
        if entry is not None:
            kept[date.isoformat()] = entry
    if cache is not None and kept != known:
        document = {**shape, "days": kept}
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(cache, json.dumps(document, ensure_ascii=False, sort_keys=True))
        except OSError:
            pass  # A cache that cannot be written costs time next build, nothing else.
    return sorted(days, key=lambda day: day.date, reverse=True)


def read_day(out: Path, date: dt.date, index_stories: int = 5) -> Day:
    """The day ``date`` of ``out``, from its JSON (its stories) and the files beside it."""
    return _cached_day(out, date, index_stories, {}, True)[0]


#: Bumped when what the cache keeps of a day changes: an older cache is then read anew.
_CACHE_VERSION = 1


def _read_cache(cache: Path | None, shape: Mapping[str, object]) -> dict[str, Any]:
    """The days the cache keeps, by date; empty when there is none or it does not fit."""
    if cache is None:
        return {}
    try:
        document = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return {}
    if (
        not isinstance(document, dict)
        or any(document.get(key) != value for key, value in shape.items())
        or not isinstance(document.get("days"), dict)
    ):
        return {}
    days: dict[str, Any] = document["days"]
    return days


def _cached_day(
    out: Path, date: dt.date, index_stories: int, known: Mapping[str, Any], stories: bool
) -> tuple[Day, dict[str, Any] | None]:
    """The day, from the cache when its JSON is the one cached; and its cache entry."""
    stem = f"briefing-{date.isoformat()}"
    markdown = stem + ".md" if (out / (stem + ".md")).is_file() else None
    page = stem + ".html"
    path = out / (stem + ".json")
    try:
        stat = path.stat()
        key = [stat.st_size, stat.st_mtime_ns]
        entry = known.get(date.isoformat())
        if isinstance(entry, dict) and entry.get("file") == key:
            try:
                return _from_cache(entry["day"], date, page, markdown), entry
            except (KeyError, TypeError, ValueError):
                pass  # A damaged entry: the JSON is read again.
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        day = _day_of(data, date, page, markdown, index_stories)
        if not stories:
            day = replace(day, topics=tuple(replace(t, stories=()) for t in day.topics))
        return day, {"file": key, "day": _to_cache(day)}
    except FileNotFoundError:
        note = f"{path.name} is missing"
    except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError, RecursionError) as error:
        note = f"{path.name} cannot be read ({type(error).__name__})"
    return Day(date, "", page, markdown, None, None, (), (), note=note), None


def _to_cache(day: Day) -> dict[str, Any]:
    return {
        "title": day.title,
        "articles": day.articles,
        "stories": day.stories,
        "top": [[s.title, s.anchor] for s in day.top],
        "topics": [[t.name, t.slug, [[s.title, s.anchor] for s in t.stories]] for t in day.topics],
    }


def _from_cache(entry: Mapping[str, Any], date: dt.date, page: str, markdown: str | None) -> Day:
    """A day as :func:`_to_cache` kept it; the cache is checked like any file read."""

    def links(value: object) -> tuple[StoryLink, ...]:
        return tuple(StoryLink(_text(title), _text(anchor)) for title, anchor in _list(value, list))

    return Day(
        date=date,
        title=_text(entry["title"]),
        page=page,
        markdown=markdown,
        articles=_count(entry["articles"]),
        stories=_count(entry["stories"]),
        top=links(entry["top"]),
        topics=tuple(
            TopicDay(_text(name), _text(slug), links(stories))
            for name, slug, stories in _list(entry["topics"], list)
        ),
    )


def _day_of(
    data: Mapping[str, Any], date: dt.date, page: str, markdown: str | None, index_stories: int
) -> Day:
    """A day from the JSON shape of :func:`briefing.render.formats.to_dict`."""
    titles: dict[str, str] = {}
    topics = []
    for section in _list(data.get("sections")):
        stories = []
        for story in _list(section.get("stories")):
            story_id = str(story.get("id", ""))
            title = _text(story.get("title"))
            titles.setdefault(story_id, title)
            stories.append(StoryLink(title, md_anchor("story-" + story_id)))
        name = _text(section.get("topic")) or "Other"
        slug = md_anchor(section.get("slug") or name)
        topics.append(TopicDay(name, slug, tuple(stories)))
    top = [
        StoryLink(titles[i], md_anchor("story-" + i))
        for i in map(str, _list(data.get("top_stories"), object))
        if i in titles
    ]
    if not top:
        # No ranking in the file: each topic's lead story, in the briefing's order.
        top = [topic.stories[0] for topic in topics if topic.stories]
    found = data.get("counts")
    counts: Mapping[str, Any] = found if isinstance(found, dict) else {}
    return Day(
        date=date,
        title=_text(data.get("title")),
        page=page,
        markdown=markdown,
        articles=_count(counts.get("articles")),
        stories=_count(counts.get("stories")),
        top=tuple(top[:index_stories]),
        topics=tuple(topics),
    )


def _list(value: object, kind: type = dict) -> list[Any]:
    return [item for item in value if isinstance(item, kind)] if isinstance(value, list) else []


def _text(value: object) -> str:
    text = " ".join(_CONTROLS.sub("", value).split()) if isinstance(value, str) else ""
    return text[:_TITLE_CHARS]


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def write_site(settings: Settings, env: jinja2.Environment | None = None) -> tuple[Path, ...]:
    """Rebuild the site in ``settings.out`` from the briefings there; the files written."""
    out = Path(settings.out)
    archive = settings.archive
    cache = None
    if settings.cache_dir:  # Never in the output folder, which is published.
        folder = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]
        cache = Path(settings.cache_dir) / f"site-days-{folder}.json"
    days = read_days(out, archive.index_stories, cache, topic_stories=archive.topic_pages)
    if not days:
        return ()
    env = env or environment(settings.templates, settings.cache_dir)
    env.filters.setdefault("xml", xml_text)
    site = Site(
        title=settings.title,
        days=tuple(days),
        topics=_topics(days),
        topic_pages=archive.topic_pages,
        site_url=settings.site_url,
    )
    newest = days[0]
    written = [
        write_atomic(
            out / "index.html",
            render_template(env, "index.html", {"site": site, "lang": settings.lang}),
        ),
        write_atomic(out / "latest.html", (out / newest.page).read_bytes()),
    ]
    latest_md = out / "latest.md"
    if newest.markdown is not None:
        written.append(write_atomic(latest_md, (out / newest.markdown).read_bytes()))
    else:
        # An older day's Markdown would be mistaken for the newest.
        latest_md.unlink(missing_ok=True)
    feed = _feed(out, days[: archive.feed_entries], settings)
    written.append(write_atomic(out / "feed.xml", render_template(env, "feed.xml", feed)))
    if archive.topic_pages:
        for name, slug in site.topics:
            context = {
                "site": site,
                "name": name,
                "slug": slug,
                "days": _topic_days(days, slug),
                "lang": settings.lang,
            }
            html = render_template(env, "topic.html", context)
            written.append(write_atomic(out / f"topic-{slug}.html", html))
    return tuple(written)


def _topics(days: Sequence[Day]) -> tuple[tuple[str, str], ...]:
    names: dict[str, str] = {}
    for day in days:  # newest first: a topic is named as it was last
        for topic in day.topics:
            names.setdefault(topic.slug, topic.name)
    return tuple(sorted(((name, slug) for slug, name in names.items()), key=lambda t: t[0].lower()))


def _topic_days(days: Sequence[Day], slug: str) -> list[tuple[Day, tuple[StoryLink, ...]]]:
    out = []
    for day in days:
        stories = tuple(s for topic in day.topics if topic.slug == slug for s in topic.stories)
        if stories:
            out.append((day, stories))
    return out


def _feed(out: Path, days: Sequence[Day], settings: Settings) -> dict[str, Any]:
    """The feed template's context: ids, times and each day's HTML body."""
    zone = settings.timezone or dt.timezone.utc
    entries = []
    for day in days:
        html = (out / day.page).read_text(encoding="utf-8", errors="replace")
        body = _BODY.search(html)
        entries.append(
            {
                "day": day,
                "id": _id(settings, day.page),
                "updated": dt.datetime.combine(day.date, _ENTRY_TIME, tzinfo=zone).isoformat(),
                "content": body[1].strip() if body else html,
            }
        )
    return {
        "title": settings.title,
        "id": _id(settings, ""),
        "site_url": settings.site_url,
        "updated": entries[0]["updated"],
        "entries": entries,
        "lang": settings.lang,
    }


def _id(settings: Settings, page: str) -> str:
    """A permanent id: the page's address under ``site_url``, else a name-based UUID."""
    if settings.site_url:
        return settings.site_url + page
    name = f"briefing:{settings.title}:{page}"
    return uuid.uuid5(uuid.NAMESPACE_URL, name).urn


def xml_text(value: object) -> str:
    """``value`` without the characters XML 1.0 forbids (escaping is autoescape's job)."""
    return _NOT_XML.sub("", str(value))
