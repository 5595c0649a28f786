"""``build_briefing``: read, pick the day, summarise, group into stories and topics, render."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import gc
import operator
import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import jinja2

from briefing.config.settings import Settings
from briefing.errors import InputError, NoArticlesError
from briefing.models import Article, Briefing, Sentence, Skipped, SourceStatus, Story
from briefing.readers import read_inputs
from briefing.readers.http import is_web_address
from briefing.readers.inputs import SPREAD_FROM, ReadResult
from briefing.readers.web import web_options
from briefing.render.files import write_atomic
from briefing.render.formats import SUFFIXES, environment, render
from briefing.state import Notify, history_lock, remove_stale_temps, resolve_state
from briefing.stories.budget import plan_reading
from briefing.stories.events import dedupe_briefing, known_words, merge_stories
from briefing.stories.history import History, article_key, open_history
from briefing.stories.inferred import infer_sections
from briefing.stories.ranking import order_sections, story_id, top_stories
from briefing.stories.similarity import TextFeatures, text_features
from briefing.stories.tfidf import TermIndex
from briefing.stories.topics import group_sections
from briefing.stories.watchlist import watch_stories, watched
from briefing.summary.key_sentences import OPENING, KeySentences, key_sentences
from briefing.text.language import keep_model_in, resolve_language
from briefing.text.sentences import split_sentences
from briefing.text.terms import terms_of, using_language
from briefing.workers import Feed, beside, feed, map_articles

T = TypeVar("T")
R = TypeVar("R")

__all__ = [
    "BuildResult",
    "Digest",
    "archived",
    "build_briefing",
    "build_since",
    "digest_article",
    "make_briefing",
    "output_formats",
    "read_articles",
    "read_briefing",
    "select_day",
    "write_archive",
    "write_atomic",
    "write_briefing",
]


#: Most days ``--since`` builds in one run (a year): a stray date cannot start thousands.
MAX_SINCE_DAYS = 366


@dataclass(frozen=True, slots=True)
class BuildResult:
    """A built briefing, the files it was written to, and the archive's files."""

    briefing: Briefing
    files: tuple[Path, ...]
    site: tuple[Path, ...] = ()


def build_briefing(
    settings: Settings,
    date: dt.date | None = None,
    *,
    write: bool = True,
    deliver: Callable[[Briefing], object] | None = None,
    record: bool = True,
    notify: Notify | None = None,
) -> BuildResult:
    """The whole pipeline: read, make the briefing, write it, deliver it, remember it.

    ``write`` writes every format of ``settings.formats`` into ``settings.out`` and
    rebuilds the archive there (:mod:`briefing.render.site`); ``deliver`` (the e-mail,
    for ``briefing send``) is called with the briefing once it is written. The history
    (when on) records the day only after both succeeded, and not at all with
    ``record=False`` (a dry run), so a failed or rehearsed delivery is not remembered as
    sent. The history is locked from before the inputs are read until the day is
    recorded (:func:`briefing.state.history_lock`); ``notify`` hears what happened to the state
    (a history moved out of the output folder, a wait for another build).
    """
    settings = resolve_state(settings, notify)
    # Locked before the inputs are read: of two builds started one after the other, the
    # first marks and records first, as when they run in turn.
    with history_lock(settings, notify):
        with _feeding(settings, date) as started:
            read = read_articles(settings, date, started)
            history = open_history(settings)
            briefing = _make(read, settings, date, history, started)
        files = write_briefing(briefing, settings) if write else ()
        if deliver is not None:
            deliver(briefing)
        if history is not None and record:
            history.record(briefing)
        # Under the lock too: a build that finished earlier cannot overwrite the index
        # with one that misses this day.
        site = write_archive(settings) if write else ()
    return BuildResult(briefing, files, site)


def build_since(
    settings: Settings,
    since: dt.date,
    date: dt.date | None = None,
    *,
    notify: Notify | None = None,
) -> tuple[BuildResult, ...]:
    """Build every day from ``since`` to ``date`` (default: the latest found) that is not
    in the output folder yet, oldest first, each marked against the days before it;
    ``date`` itself is always built. Inputs are read once; a day without articles is
    skipped, saying so. The archive is rebuilt once, at the end."""
    settings = resolve_state(settings, notify)
    built: list[BuildResult] = []
    with history_lock(settings, notify):
        read = read_articles(settings, date)
        last, _ = select_day(read.articles, date)
        if since > last:
            raise InputError(
                f"--since {since.isoformat()} is after the last day, {last.isoformat()}"
            )
        if (last - since).days >= MAX_SINCE_DAYS:
            raise InputError(
                f"--since {since.isoformat()} is {(last - since).days} days before "
                f"{last.isoformat()}; build at most {MAX_SINCE_DAYS} days in one run"
            )
        history = open_history(settings)
        for day in _days(since, last):
            if day != last and _written(day, settings):
                continue
            try:
                briefing = _make(read, settings, day, history)
            except NoArticlesError:
                if day == last:
                    raise
                _tell(notify, f"no articles dated {day.isoformat()}: no briefing for that day")
                continue
            files = write_briefing(briefing, settings)
            if history is not None:
                history.record(briefing)
            built.append(BuildResult(briefing, files))
        site = write_archive(settings)
    if built:
        built[-1] = BuildResult(built[-1].briefing, built[-1].files, site)
    return tuple(built)


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def _written(day: dt.date, settings: Settings) -> bool:
    """Whether every file of ``day`` is in the output folder already."""
    stem = Path(settings.out) / f"briefing-{day.isoformat()}"
    return all(Path(str(stem) + SUFFIXES[fmt]).is_file() for fmt in output_formats(settings))


def _tell(notify: Notify | None, message: str) -> None:
    if notify is not None:
        notify(message)


def read_articles(
    settings: Settings, date: dt.date | None = None, started: Feed[Article, Digest] | None = None
) -> ReadResult:
    """Read ``settings.inputs`` (fetching with the settings' limits), writing nothing.

    With ``started`` (see :func:`_feeding`), each article of ``date`` is handed to the
    workers as soon as it is read.
    """
    if not settings.inputs:
        raise InputError("no inputs given: name files or folders, or set 'inputs' in briefing.toml")
    sink = None
    if started is not None and date is not None:
        add = started.add

        def sink(article: Article) -> None:
            if article.date is None or article.date == date:
                add(article)

    read = read_inputs(
        settings.inputs,
        settings.input_format,
        web_options(settings, date),
        follow_symlinks=settings.follow_symlinks,
        spread=_OnWorkers(settings),
        sink=sink,
    )
    if settings.strict and read.skipped:
        first = read.skipped[0]
        more = f" (and {len(read.skipped) - 1} more)" if len(read.skipped) > 1 else ""
        raise InputError(f"--strict: skipped {first.input}: {first.reason}{more}")
    return read


class _OnWorkers:
    """Reading spread over the build's executor (:class:`briefing.readers.inputs.Spread`)."""

    def __init__(self, settings: Settings) -> None:
        # Quiet: the progress bar is the summarising's.
        self.settings = dataclasses.replace(settings, quiet=True)
        self.remote = settings.runs_on == "dask"

    def __call__(self, work: Callable[[T], R], items: Sequence[T], per_task: int) -> list[R]:
        tasks = [(work, item) for item in items]
        return map_articles(_apply, tasks, self.settings, chunk=per_task)


def _apply(task: tuple[Callable[[T], R], T], _settings: Settings) -> R:
    work, item = task
    return work(item)


#: Files named of this many bytes in all are summarised while they are read.
FEED_FROM = 256 * 1024


@contextlib.contextmanager
def _feeding(settings: Settings, date: dt.date | None) -> Iterator[Feed[Article, Digest] | None]:
    """The workers started before a big input is read, to summarise each article of
    ``date`` while the rest is still being read (:class:`briefing.workers.Feed`); None
    when the day is not given (it is known only once everything is read), the inputs
    are small (starting the workers would cost more than it saves), or they are
    folders or many files, which are read by workers of their own (see
    :data:`briefing.readers.inputs.SPREAD_FROM`)."""
    if date is None or _file_bytes(settings.inputs) < FEED_FROM:
        yield None
        return
    with feed(digest_article, settings) as started:
        yield started


def _file_bytes(inputs: Sequence[str | Path]) -> int:
    """The size of the files named in ``inputs``; 0 when they also name a folder or
    :data:`~briefing.readers.inputs.SPREAD_FROM` files or more."""
    total = files = 0
    for name in inputs:
        if str(name) == "-" or is_web_address(str(name)):
            continue
        try:
            if os.path.isdir(name):
                return 0
            total += os.path.getsize(name)
        except (OSError, ValueError):
            continue
        files += 1
    return total if files < SPREAD_FROM else 0


def read_briefing(
    settings: Settings, date: dt.date | None = None, history: History | None = None
) -> Briefing:
    """Read ``settings.inputs`` and make the briefing for ``date``, writing nothing
    (the web cache, when on, is the state folder's)."""
    read = read_articles(resolve_state(settings, tidy=False), date)
    return _make(read, settings, date, history)


def _make(
    read: ReadResult,
    settings: Settings,
    date: dt.date | None,
    history: History | None,
    started: Feed[Article, Digest] | None = None,
) -> Briefing:
    """:func:`make_briefing` of what was read."""
    return make_briefing(
        read.articles,
        settings,
        date,
        read.skipped,
        sources=read.sources,
        history=history,
        other_days=read.other_days,
        started=started,
    )


def make_briefing(
    articles: Sequence[Article],
    settings: Settings,
    date: dt.date | None = None,
    skipped: Sequence[Skipped] = (),
    *,
    sources: Sequence[SourceStatus] = (),
    history: History | None = None,
    other_days: int = 0,
    started: Feed[Article, Digest] | None = None,
) -> Briefing:
    """The briefing for ``date`` (default: the latest date among the articles).

    ``started`` holds the workers' digests of the day's articles when they were handed
    over as they were read (see :func:`read_articles`); they are used when they are
    exactly the day's articles, and the articles are summarised here otherwise.

    ``other_days`` counts entries the readers left out as dated another day; the
    briefing's count adds the articles of other days among ``articles``.

    With ``history``, stories are marked new or update against earlier briefings and
    nothing already sent is repeated; recording this briefing is the caller's move
    (:meth:`History.record`), once it has been delivered.
    """
    try:
        day, todays = select_day(articles, date)
    except NoArticlesError as error:
        raise NoArticlesError(str(error), tuple(skipped)) from None
    if not todays:
        found = "no usable articles" if not articles else f"no articles dated {day.isoformat()}"
        other = f", {len(articles)} on other days" if articles else ""
        raise NoArticlesError(
            f"{found} in the inputs ({len(skipped)} skipped{other})", tuple(skipped)
        )
    index = TermIndex()  # the workers' terms, read once for clustering and the history
    if started is not None and _same(started.items, todays):
        # While the workers finish: the history's earlier days, which need only the day
        # and today's articles; and each chunk's terms, as it comes back.
        prepare = None
        if history is not None:
            keys = [article_key(article) for article in todays]
            prepare = functools.partial(history.prepare, day, keys)

        def read_terms(done: Sequence[Digest]) -> None:
            index.ids([digest.features.terms for digest in done])

        digests = started.results(meanwhile=prepare, each=read_terms)
    else:
        if started is not None:
            started.close()
        digests = map_articles(digest_article, todays, settings)
    with _settled():
        return _story_stage(
            articles, todays, digests, settings, day, skipped, sources, history, other_days, index
        )


def _same(these: Sequence[object], those: Sequence[object]) -> bool:
    """Whether two lists hold the very same objects in the same order."""
    return len(these) == len(those) and all(map(operator.is_, these, those))


def _story_stage(
    articles: Sequence[Article],
    todays: list[Article],
    digests: list[Digest],
    settings: Settings,
    day: dt.date,
    skipped: Sequence[Skipped],
    sources: Sequence[SourceStatus],
    history: History | None,
    other_days: int,
    index: TermIndex,
) -> Briefing:
    """The serial stage of :func:`make_briefing`: the workers' digests made into stories,
    marked against the history, grouped and planned."""
    # Each article keeps the language it was read in: the story stage sorts by it.
    todays = [
        a if a.language == d.language else dataclasses.replace(a, language=d.language)
        for a, d in zip(todays, digests, strict=True)
    ]
    stories = [_story(article, d.key.picked) for article, d in zip(todays, digests, strict=True)]
    features = [d.features for d in digests]
    known = known_words(stories, features)
    stories = merge_stories(stories, settings.length, features=features, known=known, index=index)
    by_article = {article.id: found for article, found in zip(todays, features, strict=True)}
    if history is not None:
        opening = {article.id: d.key.opening for article, d in zip(todays, digests, strict=True)}
        on_another_core = functools.partial(beside, settings=settings)
        stories = history.mark(
            stories, day, by_article, opening, settings.length, known, index, on_another_core
        )
        if not history.knows_days_before(day):
            # The first briefing: everything is new, so no story is marked.
            stories = [dataclasses.replace(story, status=None) for story in stories]
    stories = watch_stories(stories, settings.watchlist)
    sections = order_sections(infer_sections(group_sections(stories), by_article))
    sections = dedupe_briefing(sections, known)
    sections, minutes = plan_reading(sections, settings.minutes, settings.sentences)
    ranked = sorted(
        (story for section in sections for story in section.stories),
        key=lambda s: (-s.score, s.title, s.id),
    )
    return Briefing(
        date=day,
        title=settings.title,
        sections=sections,
        skipped=tuple(skipped),
        articles_read=len(articles),
        sources=tuple(sources),
        top_stories=top_stories([story for story in ranked if story.featured]),
        watchlist=watched(ranked),
        reading_minutes=minutes,
        other_days=other_days + len(articles) - len(todays),
    )


@contextlib.contextmanager
def _settled() -> Iterator[None]:
    """The objects made so far (the articles, the workers' digests) left out of the
    garbage collector's passes until the block ends.

    They live until the briefing is made, and each full pass of the collector would walk
    all of them again: a fifth of the serial stage's time at 4,000 articles. Anything
    they leave as garbage is collected once the block has ended. Nothing is done when
    the collector is off or the program froze objects of its own (unfreezing would
    undo that).
    """
    if not gc.isenabled() or gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def select_day(articles: Sequence[Article], date: dt.date | None) -> tuple[dt.date, list[Article]]:
    """The briefing's day and its articles; undated articles belong to every day.

    Without ``date``, the latest day the articles carry, unless it is an outlier
    (see :func:`default_day`).
    """
    if date is None:
        dates = [a.date for a in articles if a.date is not None]
        if not dates:
            raise NoArticlesError(
                "no article carries a date; give the briefing's day with --date YYYY-MM-DD"
            )
        date = default_day(dates)
    return date, [a for a in articles if a.date is None or a.date == date]


#: A latest day this many days after every other is suspect (a typo, a clock gone wrong).
_OUTLIER_GAP = 31


def default_day(dates: Sequence[dt.date]) -> dt.date:
    """The latest of ``dates`` that is not an outlier.

    One entry dated 2099 must not choose the day and leave the real one out. The latest
    day is an outlier when it comes more than a month after every other and holds under
    a tenth of the dated articles, or more than a year after and fewer than the rest.
    """
    counts = Counter(dates)
    total = len(dates)
    days = sorted(counts)
    while len(days) > 1:
        last, gap = days[-1], (days[-1] - days[-2]).days
        few = counts[last] * 10 < total
        fewer = counts[last] * 2 < total
        if (gap > _OUTLIER_GAP and few) or (gap > 366 and fewer):
            days.pop()
            continue
        break
    return days[-1]


@dataclass(frozen=True, slots=True)
class Digest:
    """What the workers hand back for one article: its key sentences (and, with the
    history on, its opening), what the story stage needs of its text, and its language."""

    key: KeySentences
    features: TextFeatures
    language: str = "en"

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt by the constructor: unpickling through the frozen dataclass's
        # __setstate__ costs about as much again as the digest's contents.
        return (Digest, (self.key, self.features, self.language))


def digest_article(article: Article, settings: Settings) -> Digest:
    """One article split, its terms found once, its key sentences picked: the per-article
    stage, run in the workers. What comes back is small (the article stays where it is).
    """
    # The language: forced by the settings, else declared by the input, else detected
    # (by a model read unpacked from the state's cache folder, see keep_model_in).
    keep_model_in(settings.cache_dir)
    language = resolve_language(article.text, settings.language or article.language)
    split = split_sentences(article.text, language)
    with using_language(language):  # the story stage's term functions read it
        terms = terms_of(split)
        key = key_sentences(
            article,
            settings.length,
            settings.method,
            split=split,
            terms=terms,
            opening=OPENING if settings.history else 0,
            language=language,
        )
        positions = [s.position for s in key.picked]
        opening = [s.position for s in key.opening]
        features = text_features(article.text, article.title, split, positions, terms, opening)
    return Digest(key, features, language)


def _story(article: Article, sentences: tuple[Sentence, ...]) -> Story:
    score = sum(s.score for s in sentences) / max(1, len(sentences))
    return Story(id=story_id((article,)), articles=(article,), sentences=sentences, score=score)


def output_formats(settings: Settings) -> tuple[str, ...]:
    """The formats a build writes: those asked for, and for the archive (on, with the
    HTML asked for) the JSON data it reads each day back from."""
    if archived(settings) and "json" not in settings.formats:
        return (*settings.formats, "json")
    return settings.formats


def archived(settings: Settings) -> bool:
    """Whether builds keep the archive site: ``[archive]`` on and the day's HTML written."""
    return settings.archive.enabled and "html" in settings.formats


def write_briefing(briefing: Briefing, settings: Settings) -> tuple[Path, ...]:
    """Render every format and write each file atomically into ``settings.out``.

    Temporary files that a killed build left in the folder are removed first.
    """
    out = Path(settings.out)
    remove_stale_temps(out)
    env = environment(settings.templates, settings.cache_dir)
    stem = f"briefing-{briefing.date.isoformat()}"
    formats = output_formats(settings)
    # Every format is rendered before any is written: a failing template leaves the
    # folder as it was. A big day's JSON (a fifth of a second at 4,000 articles) is
    # rendered on another core meanwhile.
    later: dict[str, Callable[[], str | bytes]] = {}
    if "json" in formats and len(formats) > 1 and briefing.article_count >= BESIDE_FROM:
        later["json"] = beside(lambda: render_output(briefing, "json", env, settings), settings)
    rendered = {
        fmt: render_output(briefing, fmt, env, settings) for fmt in formats if fmt not in later
    }
    rendered.update((fmt, result()) for fmt, result in later.items())
    return tuple(write_atomic(out / (stem + SUFFIXES[fmt]), rendered[fmt]) for fmt in formats)


#: A briefing of this many articles has its JSON rendered beside the other formats.
BESIDE_FROM = 1000


def write_archive(settings: Settings) -> tuple[Path, ...]:
    """Rebuild the archive site in ``settings.out`` (nothing unless :func:`archived`)."""
    if not archived(settings):
        return ()
    from briefing.render.site import write_site

    return write_site(settings)


def render_output(
    briefing: Briefing, fmt: str, env: jinja2.Environment, settings: Settings
) -> str | bytes:
    """One output file's content; ``eml`` is a whole MIME message, as bytes."""
    if fmt == "eml":
        from briefing.mail import eml_bytes

        return eml_bytes(briefing, settings, env)
    return render(briefing, fmt, env, lang=settings.lang, front_matter=settings.front_matter)
