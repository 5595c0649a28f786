"""The e-mail's two bodies, HTML for mail clients and its own plain text, within a budget.

Gmail clips a message whose HTML passes about 102 KB, so the e-mail shows the top
stories of each topic and says how many more are in the full briefing. What to show
is decided on the data (a :class:`Digest`), never by cutting rendered markup: the
digest shrinks step by step until its rendered HTML fits :data:`HTML_BUDGET`.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import jinja2

from briefing.errors import TemplateError
from briefing.mail.options import EmailOptions
from briefing.models import Briefing, Section, Story
from briefing.render.escape import md_anchor, safe_url
from briefing.render.formats import environment, render_template
from briefing.stories.ranking import outlets
from briefing.text.language import language_code

__all__ = [
    "HTML_BUDGET",
    "Digest",
    "EmailBodies",
    "HeadlineLink",
    "Limits",
    "MoreView",
    "SentenceView",
    "SourceView",
    "StoryView",
    "TopicView",
    "compose",
    "inline_css",
    "make_digest",
]

#: Most bytes of HTML the e-mail may have (Gmail clips above about 102 KB).
HTML_BUDGET = 100_000
#: Most key sentences per story in the e-mail; the full briefing has the rest.
MAX_SENTENCES = 4
_TITLE_CHARS = 200
_SENTENCE_CHARS = 600
_NAME_CHARS = 80
_PREHEADER_CHARS = 140
_WEB = frozenset({"http", "https"})
# C0 and C1 controls and the bidi overrides: never shown, and unsafe in plain text.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SPACE = re.compile(r"\s+")
_CHARSET = '<meta charset="utf-8">'
_Ref = Callable[[str | None], int | None]


@dataclass(frozen=True, slots=True)
class SourceView:
    """A publisher of a story: its name, link and reference number in the text part."""

    name: str
    url: str | None
    ref: int | None


@dataclass(frozen=True, slots=True)
class SentenceView:
    """A key sentence and, when the story has several articles, the one it came from.

    It prints as its text, so a template may write ``{{ sentence }}``."""

    text: str
    source: SourceView | None = None

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class StoryView:
    """A story as the e-mail shows it: shortened text, vetted links."""

    title: str
    url: str | None
    ref: int | None
    sources: tuple[SourceView, ...]
    date: dt.date | None
    sentences: tuple[SentenceView, ...]
    status: str | None = None
    #: When an update was first reported (an earlier day), else None.
    first_reported: dt.date | None = None
    #: The story in the published archive (``site_url``), and its reference number.
    permalink: str | None = None
    permalink_ref: int | None = None

    @property
    def outlets(self) -> tuple[tuple[str, tuple[SourceView, ...]], ...]:
        """Each outlet once with its articles, as the web page names them."""
        return by_outlet(self.sources)


@dataclass(frozen=True, slots=True)
class HeadlineView:
    """A top story in the opening list: its title, how many outlets told it, its permalink."""

    title: str
    outlets: int
    permalink: str | None = None


@dataclass(frozen=True, slots=True)
class TopicView:
    """A topic's top stories and how many more the full briefing has."""

    name: str
    anchor: str
    inferred: bool
    stories: tuple[StoryView, ...]
    more: int
    #: Where the topic's other stories are: its section of the day's page, when published.
    more_url: str | None = None


@dataclass(frozen=True, slots=True)
class HeadlineLink:
    """A story of "More from today": its headline, link and every outlet's links."""

    title: str
    url: str | None
    ref: int | None
    sources: tuple[SourceView, ...]
    stale: bool = False

    @property
    def outlets(self) -> tuple[tuple[str, tuple[SourceView, ...]], ...]:
        """Each outlet once with its articles, as the web page names them."""
        return by_outlet(self.sources)


@dataclass(frozen=True, slots=True)
class MoreView:
    """One topic's stories under "More from today"."""

    name: str
    stories: tuple[HeadlineLink, ...]


@dataclass(frozen=True, slots=True)
class Limits:
    """How much of the briefing the e-mail shows: featured stories per topic, key
    sentences per story, topics, and headlines under "More from today"."""

    stories: int
    sentences: int
    topics: int
    headlines: int = 0


@dataclass(frozen=True, slots=True)
class Digest:
    """What the e-mail shows; both templates render this and nothing else."""

    title: str
    date: dt.date
    lang: str
    preheader: str
    top: tuple[HeadlineView, ...]
    topics: tuple[TopicView, ...]
    more_today: tuple[MoreView, ...]
    reading_minutes: float
    more_topics: int
    more_stories: int
    articles: int
    stories: int
    topic_count: int
    briefing_url: str | None
    briefing_ref: int | None
    links: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EmailBodies:
    """The rendered bodies and the digest they show."""

    html: str
    text: str
    digest: Digest


def compose(
    briefing: Briefing,
    options: EmailOptions,
    env: jinja2.Environment | None = None,
    budget: int = HTML_BUDGET,
) -> EmailBodies:
    """Render ``email.html`` (CSS inlined) and ``email.txt``, the HTML within ``budget`` bytes."""
    env = env or environment()
    smallest = 0
    for limits in _ladder(briefing, options):
        digest = make_digest(briefing, options, limits)
        html = inline_css(_render(env, "email.html", digest))
        smallest = len(html.encode("utf-8"))
        if smallest <= budget:
            return EmailBodies(html, _render(env, "email.txt", digest), digest)
    raise TemplateError(
        f"the e-mail's HTML is {smallest} bytes even with one story, over the budget of "
        f"{budget}; shorten the email.html template"
    )


def inline_css(html: str) -> str:
    """Every rule of the ``<style>`` blocks moved onto the elements; ``@media`` rules kept."""
    import css_inline

    inliner = css_inline.CSSInliner(
        keep_at_rules=True, minify_css=True, load_remote_stylesheets=False
    )
    inlined = str(inliner.inline(html))
    # The inliner puts the kept rules first in <head>; the charset must stay within the
    # first 1024 bytes, so it goes back to the top.
    if _CHARSET in inlined and "<head>" in inlined:
        inlined = inlined.replace(_CHARSET, "", 1).replace("<head>", "<head>" + _CHARSET, 1)
    return inlined


def _render(env: jinja2.Environment, name: str, digest: Digest) -> str:
    # The e-mail's own words (dates, counts, headings) in the language it is tagged with.
    lang = language_code(digest.lang) or "en"
    return render_template(env, name, {"digest": digest, "wrap": wrap, "lang": lang})


def _ladder(briefing: Briefing, options: EmailOptions) -> Iterator[Limits]:
    """Limits from the most generous down to one sentence of one story of one topic.

    The headlines of "More from today" go first (all, then fewer, then none), then the
    featured stories and their sentences, then whole topics."""
    topics = max(1, len(briefing.featured_sections))
    longest = max((len(s.sentences) for s in briefing.stories), default=1)
    sentences = max(1, min(MAX_SENTENCES, longest))
    listed = len(briefing.listed)
    most = options.email.stories_per_topic
    for headlines in sorted({listed, min(listed, 100), min(listed, 30), 0}, reverse=True):
        yield Limits(most, sentences, topics, headlines)
    for stories in range(most - 1, 0, -1):
        yield Limits(stories, sentences, topics)
    for fewer in range(sentences - 1, 0, -1):
        yield Limits(1, fewer, topics)
    # Halving keeps a day of thousands of topics to a handful of renders.
    while topics > 1:
        topics = max(1, topics // 2)
        yield Limits(1, 1, topics)


def make_digest(briefing: Briefing, options: EmailOptions, limits: Limits) -> Digest:
    """The part of ``briefing`` the e-mail shows under ``limits``, links numbered in order."""
    refs: dict[str, int] = {}

    def ref(url: str | None) -> int | None:
        return refs.setdefault(url, len(refs) + 1) if url else None

    shown = briefing.featured_sections[: limits.topics]
    page = options.page_url
    topics = tuple(
        TopicView(
            name=clean(section.topic.name, _NAME_CHARS),
            anchor=section.anchor,
            inferred=section.inferred,
            stories=tuple(
                _story(story, limits.sentences, ref, briefing.date, page)
                for story in section.featured[: limits.stories]
            ),
            more=max(0, len(section.featured) - limits.stories),
            more_url=f"{page}#{md_anchor(section.anchor)}" if page else None,
        )
        for section in shown
    )
    hidden = briefing.featured_sections[limits.topics :]
    more_today, listed = _more_today(briefing, limits.headlines, ref)
    unlisted = len(briefing.listed) - listed
    more_stories = sum(t.more for t in topics) + sum(len(s.featured) for s in hidden) + unlisted
    url = options.briefing_url
    return Digest(
        title=clean(briefing.title, _TITLE_CHARS),
        date=briefing.date,
        lang=options.email.lang or "en",
        preheader=_preheader(briefing),
        top=tuple(
            HeadlineView(
                clean(story.title, _TITLE_CHARS), len(outlets(story)), _permalink(page, story)
            )
            for story in (briefing.story(story_id) for story_id in briefing.top_stories)
        ),
        topics=topics,
        more_today=more_today,
        reading_minutes=briefing.reading_minutes,
        more_topics=len(hidden),
        more_stories=more_stories,
        articles=briefing.article_count,
        stories=len(briefing.stories),
        topic_count=len(briefing.sections),
        briefing_url=url,
        briefing_ref=ref(url),
        links=tuple(refs),
    )


def _permalink(page: str | None, story: Story) -> str | None:
    """The story's anchor in its day's published page (the id the HTML template gives it)."""
    return f"{page}#{md_anchor('story-' + story.id)}" if page else None


def by_outlet(sources: tuple[SourceView, ...]) -> tuple[tuple[str, tuple[SourceView, ...]], ...]:
    """``sources`` grouped by outlet name, in order of first mention: "HuffPost (2, 3)"
    rather than "HuffPost, HuffPost and HuffPost"."""
    groups: dict[str, list[SourceView]] = {}
    for source in sources:
        groups.setdefault(source.name, []).append(source)
    return tuple((name, tuple(group)) for name, group in groups.items())


def _sources(story: Story, ref: _Ref) -> tuple[SourceView, ...]:
    sources = []
    for article in story.articles:
        link = safe_url(article.url, _WEB)
        name = clean((article.source or "source") if link else (article.source or ""), _NAME_CHARS)
        if name:
            sources.append(SourceView(name, link, ref(link)))
    return tuple(sources)


def _story(
    story: Story, sentences: int, ref: _Ref, day: dt.date, page: str | None = None
) -> StoryView:
    url = safe_url(story.lead.url, _WEB)
    sources = _sources(story, ref)
    by_article = {a.id: a for a in story.articles}

    def sentence(text: str, article_id: str, link: str | None) -> SentenceView:
        if len(story.articles) < 2:
            return SentenceView(clean(text, _SENTENCE_CHARS))
        href = safe_url(link, _WEB)
        article = by_article.get(article_id)
        name = clean((article.source if article else None) or "source", _NAME_CHARS)
        return SentenceView(clean(text, _SENTENCE_CHARS), SourceView(name, href, ref(href)))

    first = story.thread.first_seen if story.thread is not None else None
    return StoryView(
        title=clean(story.title, _TITLE_CHARS),
        url=url,
        ref=ref(url),
        sources=sources,
        date=story.lead.date,
        sentences=tuple(sentence(s.text, s.article_id, s.url) for s in story.sentences[:sentences]),
        status=story.status,
        first_reported=first if story.status == "update" and first and first < day else None,
        permalink=(permalink := _permalink(page, story)),
        permalink_ref=ref(permalink),
    )


def _more_today(briefing: Briefing, most: int, ref: _Ref) -> tuple[tuple[MoreView, ...], int]:
    """Up to ``most`` headlines of the stories not featured, by topic, and how many."""
    views = []
    left = most
    for section in briefing.more_sections:
        if left <= 0:
            break
        items = tuple(
            HeadlineLink(
                title=clean(story.title, _TITLE_CHARS),
                url=(url := safe_url(story.lead.url, _WEB)),
                ref=ref(url),
                sources=_sources(story, ref),
                stale=story.status == "update" and not story.sentences,
            )
            for story in section.more[:left]
        )
        left -= len(items)
        views.append(MoreView(clean(section.topic.name, _NAME_CHARS), items))
    return tuple(views), most - left if most > 0 else 0


def _preheader(briefing: Briefing) -> str:
    """The day's top line: the first top story, or the lead story of the first topic."""
    line = ""
    if briefing.top_stories:
        first = briefing.top_stories[0]
        try:
            line = briefing.story(first).title
        except KeyError:
            line = first
    elif briefing.sections and briefing.sections[0].stories:
        top: Section = briefing.sections[0]
        story = top.stories[0]
        line = story.title
        if story.sentences:
            first = story.sentences[0].text
            # A title made from the text is the first sentence's beginning: say it once.
            same = first.startswith(line.rstrip("…").rstrip())
            line = first if same else f"{line}: {first}"
    return clean(line, _PREHEADER_CHARS)


def clean(text: object, limit: int) -> str:
    """``text`` on one line, without control characters, cut at a word to ``limit`` chars."""
    folded = _SPACE.sub(" ", _CONTROLS.sub("", str(text))).strip()
    if len(folded) <= limit:
        return folded
    cut = folded[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–—") + "…"


def wrap(text: object, width: int = 72, first: str = "", indent: str = "") -> str:
    """``text`` wrapped at ``width`` columns; a word longer than a line stays whole (URLs)."""
    return textwrap.fill(
        str(text),
        width=width,
        initial_indent=first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )
