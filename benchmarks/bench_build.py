"""Throughput: ``briefing build`` as users run it, against stock sumy LexRank, in one run.

Run from the repository root::

    python benchmarks/bench_build.py                  # N = 1000 4000 16000
    python benchmarks/bench_build.py 4000 --repeat 5 --sumy-repeat 3  # medians: 5 builds, 3 sumy
    python benchmarks/bench_build.py 4000 --repo ../old-checkout   # time another checkout
    python benchmarks/bench_build.py 4000 --build-args "--method lexrank --format markdown"

The articles are the real BBC and CNN/DailyMail articles of ``../shared/eval/``
(``bbc_news_summary.jsonl`` then ``cnndm_dev.jsonl``, 2,472 in all, taken again from the
top when N is larger, each copy with its own URL). Two days are written as JSON Lines:
day one is articles ``0 .. N-1``; day two is articles ``N/2 .. 3N/2 - 1`` dated the next
day, so half of it comes back with the same URLs (follow-ups the history must recognise)
and the rest are texts told again under new URLs. For each N, side by side:

* **fresh**: ``python -m briefing build DAY1 --date D1 -q -o OUT`` with OUT empty: the
  default command (history on, method newsrank, Markdown and HTML), timed from the
  outside, start-up included, on every core unless ``--jobs``;
* **day two**: the same command for DAY2 into a folder whose history already holds day
  one (the history file is copied in before each run, so every run sees the same);
* **no history**: the fresh build with ``--no-history``, for comparison only;
* **stock sumy**: ``LexRankSummarizer(Stemmer("english"))`` with sumy's English stop
  words, fed by ``PlaintextParser`` with sumy's ``Tokenizer("english")``, over each day's
  texts (day one's for the fresh and no-history builds, day two's for day two: the days
  differ in which articles they hold), one process, timed around the loop only (its
  imports are not counted). That tokenizer needs NLTK's Punkt data, which cannot be
  downloaded offline; where it is missing, NLTK's Punkt runs with our Punkt parameters
  in place of the data file (see :func:`sumy_tokenizer`), and every other step is
  sumy's and NLTK's own.
  ``--sumy-tokenizer ours`` instead feeds sumy our tokenizer for sentences and words.

It prints seconds, CPU seconds and peak memory (the largest process, and the whole
process tree sampled) of each, the ratio of sumy's time to each build's, and how time
grows with N; then the time of ``briefing --help`` and of one 50,000-word article. The
figures depend on the machine and on what else runs on it; nothing here is a test.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from _data import eval_file

ROOT = Path(__file__).resolve().parents[1]
DAY = "2025-04-04"
NEXT_DAY = "2025-04-05"


@dataclass(frozen=True)
class Run:
    """One timed process: wall seconds of the measured part, CPU seconds, peak memory."""

    seconds: float
    cpu: float
    max_rss_mb: float
    tree_rss_mb: float | None


def load_rows() -> list[dict[str, str]]:
    """The real articles: BBC's, then CNN/DailyMail's (which have no title or category)."""
    rows = []
    for name in ("bbc_news_summary.jsonl", "cnndm_dev.jsonl"):
        for line in eval_file(name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                first = row["text"].split(". ")[0]
                row.setdefault("title", " ".join(first.split()[:12]))
                row.setdefault("category", "news" if "cnndm" in name else "")
                rows.append(row)
    return rows


def write_articles(
    rows: list[dict[str, str]], count: int, path: Path, first: int = 0, day: str = DAY
) -> None:
    """Articles ``first .. first + count - 1`` (rows taken again from the top), dated ``day``."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(first, first + count):
            row = rows[i % len(rows)]
            item = {
                "title": row["title"],
                "text": row["text"],
                "tags": [row["category"]],
                "date": day,
                "url": f"https://news.example/{row['id']}/{i}",
            }
            out.write(json.dumps(item) + "\n")


def tree_rss_kb(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants, from /proc (Linux)."""
    total = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(
                int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")
            )
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, StopIteration, ValueError):
            continue
    return total


def measure(command: list[str], repo: Path = ROOT) -> tuple[Run, str]:
    """Run ``command``, sampling its process tree's memory; wall time from the outside.

    ``os.wait4`` gives the CPU time and peak memory of the process and of the workers
    it waited for (Unix only).
    """
    env = {**os.environ, "PYTHONPATH": str(repo)}
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        # Run from the checkout: "python -m" puts the working folder first on the path,
        # before PYTHONPATH, so from another checkout its briefing would be timed.
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env, cwd=repo)
        finished = threading.Event()
        peak = [0]
        sampling = Path("/proc").is_dir()

        def sample() -> None:
            while not finished.is_set():
                peak[0] = max(peak[0], tree_rss_kb(process.pid))
                finished.wait(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        if sampling:
            sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        finished.set()
        if sampling:
            sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{stderr}")
    # ru_maxrss is in kilobytes on Linux, bytes on macOS.
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    tree = peak[0] / 1024 if sampling else None
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / scale, tree), stdout


def run_build(
    path: Path, day: str, out: Path, extra: list[str], repo: Path, history: Path | None = None
) -> Run:
    """One ``briefing build`` into a new ``out``; with ``history``, a copy of it is there first."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    if history is not None:
        shutil.copy(history, out / "history.sqlite3")
    command = [sys.executable, "-m", "briefing", "build", str(path), "--date", day, "-q"]
    command += ["-o", str(out), *extra]
    if "--no-history" not in extra:
        command += ["--history-path", str(out / "history.sqlite3")]
    return measure(command, repo)[0]


def run_sumy(path: Path, tokenizer: str) -> tuple[Run, str]:
    command = [sys.executable, __file__, "--sumy-worker", str(path), "--sumy-tokenizer", tokenizer]
    whole, stdout = measure(command)
    inside = json.loads(stdout)
    run = Run(inside["seconds"], inside["cpu"], whole.max_rss_mb, whole.tree_rss_mb)
    return run, inside["tokenizer"]


def sumy_tokenizer(kind: str) -> tuple[object, str]:
    """The tokenizer the sumy baseline is fed, and a description of it.

    ``stock``: sumy's ``Tokenizer("english")``, as a sumy user runs it. It needs NLTK's
    Punkt data (``punkt_tab``); without it (offline), the same class runs with NLTK's
    own Punkt tokenizer given our Punkt parameters instead of the missing data file,
    both where sumy splits sentences and inside ``nltk.word_tokenize`` (which splits
    its input into sentences before tokenising each). All the code is sumy's and
    NLTK's; only the trained parameters differ. ``ours``: our tokenizer for sentences
    and words, as ``--method lexrank`` feeds sumy's LexRank.
    """
    from nltk.tokenize import NLTKWordTokenizer
    from nltk.tokenize.punkt import PunktSentenceTokenizer
    from sumy.nlp.tokenizers import Tokenizer

    from briefing.text.rules import ABBREVIATIONS, is_abbreviation
    from briefing.text.sentences import SentenceTokenizer, punkt_parameters

    if kind == "ours":
        return SentenceTokenizer(), "sumy fed our sentence and word tokenizer"
    try:
        return Tokenizer("english"), "sumy's Tokenizer('english') with NLTK's Punkt data"
    except LookupError:
        pass

    class Abbreviations(set[str]):
        """Ours, in a set sumy can add its own abbreviations to (as it does)."""

        def __contains__(self, word: object) -> bool:
            return super().__contains__(word) or (isinstance(word, str) and is_abbreviation(word))

    params = punkt_parameters()
    params.abbrev_types = Abbreviations(ABBREVIATIONS)
    punkt = PunktSentenceTokenizer(params)

    class Words:
        """``nltk.word_tokenize(text)``: Punkt sentences, then NLTK's word tokenizer."""

        _words = NLTKWordTokenizer()

        def tokenize(self, text: str) -> list[str]:
            return [word for part in punkt.tokenize(text) for word in self._words.tokenize(part)]

    class OfflineTokenizer(Tokenizer):  # type: ignore[misc]
        def _get_sentence_tokenizer(self, language: str) -> object:
            return punkt

        def _get_word_tokenizer(self, language: str) -> object:
            return Words()

    described = "sumy's Tokenizer('english'); NLTK's Punkt with our parameters for its data"
    return OfflineTokenizer("english"), described


def sumy_worker(path: Path, kind: str) -> None:
    """Stock sumy LexRank over every article of ``path``; prints the loop's times as JSON."""
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
    tokenizer, described = sumy_tokenizer(kind)
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    started, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        parser = PlaintextParser.from_string(text, tokenizer)
        summarizer(parser.document, 3)
    spent = {"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu}
    print(json.dumps({**spent, "tokenizer": described}))


def help_seconds(repo: Path, times: int = 5) -> float:
    """The median wall time of ``python -m briefing --help``."""
    env = {**os.environ, "PYTHONPATH": str(repo)}
    spent = []
    for _ in range(times):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "briefing", "--help"],
            env=env,
            cwd=repo,
            capture_output=True,
            check=True,
        )
        spent.append(time.perf_counter() - started)
    return sorted(spent)[len(spent) // 2]


def long_article_seconds(rows: list[dict[str, str]], words: int) -> tuple[int, int, float]:
    """Words, sentences and seconds to summarise one article of ``words`` words with lexrank."""
    sys.path.insert(0, str(ROOT))
    from briefing.summary.key_sentences import summarize
    from briefing.text.sentences import split_sentences

    parts: list[str] = []
    count = 0
    for row in rows:
        if count >= words:
            break
        parts.append(row["text"])
        count += len(row["text"].split())
    text = "\n\n".join(parts)
    summarize(rows[0]["text"], 3, "lexrank")  # load the libraries first
    started = time.perf_counter()
    picked = summarize(text, 3, "lexrank")
    spent = time.perf_counter() - started
    assert len(picked) == 3
    return count, len(split_sentences(text)), spent


def columns(run: Run, size: int) -> str:
    """Seconds, articles per second, CPU seconds and memory of one run."""
    tree = f"{run.tree_rss_mb:.0f}" if run.tree_rss_mb is not None else "n/a"
    memory = f"{run.max_rss_mb:.0f}/{tree}"
    return f"{run.seconds:>8.2f} {size / run.seconds:>7.0f} {run.cpu:>7.2f} {memory:>9}"


def growth(name: str, sizes: tuple[int, int], seconds: tuple[float, float]) -> str:
    """How time grew from one N to the next, with the exponent of a power law."""
    times, scale = seconds[1] / seconds[0], sizes[1] / sizes[0]
    return f"{name} time x{times:.2f} (exponent {math.log(times) / math.log(scale):.2f})"


def stage_costs(path: Path) -> None:
    """CPU milliseconds per article of each stage, in this process, one core, with one
    BLAS thread as in a worker (OpenBLAS's own threads would make small matrices look
    costlier than they are in a build)."""
    sys.path.insert(0, str(ROOT))
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
    import datetime as dt

    from briefing.config.settings import Settings
    from briefing.models import Briefing, Length, Story
    from briefing.pipeline import digest_article
    from briefing.readers import read_inputs
    from briefing.render.formats import render
    from briefing.stories.events import merge_stories
    from briefing.stories.similarity import text_features
    from briefing.stories.topics import group_sections
    from briefing.summary.content import is_content
    from briefing.summary.lexrank import lexrank
    from briefing.text.sentences import split_sentences
    from briefing.text.terms import terms_of

    def timed(name: str, work):  # type: ignore[no-untyped-def]
        started = time.process_time()
        result = work()
        spent = time.process_time() - started
        print(f"  {name:<34} {1000 * spent / len(articles):6.3f} ms/article  ({spent:.2f} s)")
        return result

    started = time.process_time()
    articles = read_inputs([path]).articles
    print(f"stages, CPU per article over {len(articles)} articles (one core, in process):")
    print(
        f"  {'read':<34} {1000 * (time.process_time() - started) / len(articles):6.3f} ms/article"
    )
    split = timed("split sentences", lambda: [split_sentences(a.text) for a in articles])
    terms = timed("terms, cold stem cache", lambda: [terms_of(x) for x in split])
    timed("terms, warm stem cache", lambda: [terms_of(x) for x in split])
    content = timed(
        "content filter", lambda: [[i for i, s in enumerate(x) if is_content(s)] for x in split]
    )
    timed(
        "lexrank of the content sentences",
        lambda: [lexrank([t[i] for i in c]) for t, c in zip(terms, content, strict=True) if c],
    )
    timed(
        "story features",
        lambda: [
            text_features(a.text, a.title, x, (0,), t)
            for a, x, t in zip(articles, split, terms, strict=True)
        ],
    )
    settings = Settings(method="lexrank", sentences=3, jobs=1)
    done = timed("whole summarise stage", lambda: [digest_article(a, settings) for a in articles])
    defaults = Settings(jobs=1)  # newsrank, with the opening the history needs
    timed(
        "whole summarise stage, defaults",
        lambda: [digest_article(a, defaults) for a in articles],
    )
    stories = [
        Story(id=a.id, articles=(a,), sentences=d.key.picked)
        for a, d in zip(articles, done, strict=True)
    ]
    features = [d.features for d in done]
    merged = timed(
        "merge into stories", lambda: merge_stories(stories, Length(3), features=features)
    )
    sections = timed("group into topics", lambda: group_sections(merged))
    briefing = Briefing(dt.date(2025, 4, 4), "Bench", sections, articles_read=len(articles))
    timed("render markdown", lambda: render(briefing, "markdown"))


def median(runs: list[Run]) -> Run:
    return sorted(runs, key=lambda run: run.seconds)[len(runs) // 2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 4000, 16000], metavar="N")
    parser.add_argument("--jobs", type=int, default=None, help="passed to briefing build")
    parser.add_argument("--no-sumy", action="store_true", help="time briefing build only")
    parser.add_argument(
        "--sumy-repeat",
        type=int,
        default=1,
        help="sumy runs per day, between the builds; the median is shown",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="builds per N and kind; the median is shown"
    )
    parser.add_argument(
        "--repo", type=Path, default=ROOT, help="the checkout whose briefing is timed"
    )
    parser.add_argument(
        "--build-args", default="", help="more arguments for every build, e.g. '--method lexrank'"
    )
    parser.add_argument(
        "--kinds",
        default="fresh,day two,no history",
        help="which builds, comma-separated (default: fresh,day two,no history)",
    )
    parser.add_argument("--long-words", type=int, default=50_000, help="0 to skip")
    parser.add_argument("--stages", action="store_true", help="also time each stage, one core")
    parser.add_argument(
        "--sumy-tokenizer",
        choices=("stock", "ours"),
        default="stock",
        help="what feeds the sumy baseline (default: sumy's own tokenizer)",
    )
    parser.add_argument("--sumy-worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sumy_worker:
        sys.path.insert(0, str(ROOT))
        sumy_worker(args.sumy_worker, args.sumy_tokenizer)
        return 0
    rows = load_rows()
    repo = args.repo.resolve()
    extra = shlex.split(args.build_args) + (["--jobs", str(args.jobs)] if args.jobs else [])
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"{len(rows)} BBC and CNN/DM articles, {cores} cores, Python {sys.version.split()[0]}")
    print(f"briefing from {repo}; build arguments: {' '.join(extra) or '(defaults)'}")
    print("load average before: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    print("memory: peak RSS of the largest process / of the whole process tree (sampled), MB")
    print(f"builds: the median of {args.repeat} runs each; sumy: of {args.sumy_repeat}")
    kinds = tuple(kind.strip() for kind in args.kinds.split(","))
    header = f"{'N':>6} {'build':<11}| {'s':>7} {'art/s':>7} {'cpu s':>7} {'MB':>9} | {'ratio':>6}"
    print(header)
    print("-" * len(header))
    results: list[tuple[int, dict[str, Run], Run | None]] = []
    baseline = ""
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            base = Path(folder)
            one, two = base / f"day1-{size}.jsonl", base / f"day2-{size}.jsonl"
            write_articles(rows, size, one)
            write_articles(rows, size, two, first=size // 2, day=NEXT_DAY)
            out = base / f"out-{size}"
            recorded = base / f"history-{size}.sqlite3"
            if "day two" in kinds:
                # Day one's history, made once, copied in before each day-two run.
                run_build(one, DAY, out, extra, repo)
                shutil.copy(out / "history.sqlite3", recorded)
            plans = {
                "fresh": (one, DAY, extra, None),
                "day two": (two, NEXT_DAY, extra, recorded),
                "no history": (one, DAY, [*extra, "--no-history"], None),
            }
            runs: dict[str, list[Run]] = {kind: [] for kind in kinds}
            sumy_runs: list[Run] = []
            sumy_two_runs: list[Run] = []
            # Interleaved, sumy's runs too, so that drift hits every kind and sumy alike.
            for round_ in range(max(args.repeat, 0 if args.no_sumy else args.sumy_repeat)):
                if round_ < args.repeat:
                    for kind in kinds:
                        path, day, more, history = plans[kind]
                        runs[kind].append(run_build(path, day, out, more, repo, history))
                if not args.no_sumy and round_ < args.sumy_repeat:
                    found, baseline = run_sumy(one, args.sumy_tokenizer)
                    sumy_runs.append(found)
                    if "day two" in kinds:
                        sumy_two_runs.append(run_sumy(two, args.sumy_tokenizer)[0])
            builds = {kind: median(found) for kind, found in runs.items()}
            sumy = median(sumy_runs) if sumy_runs else None
            sumy_two = median(sumy_two_runs) if sumy_two_runs else None
            results.append((size, builds, sumy))
            for kind in kinds:
                line = f"{size:>6} {kind:<11}| {columns(builds[kind], size)} |"
                against = sumy_two if kind == "day two" else sumy
                if against:
                    line += f" {against.seconds / builds[kind].seconds:>5.1f}x"
                print(line, flush=True)
            if sumy:
                print(f"{size:>6} {'stock sumy':<11}| {columns(sumy, size)} |", flush=True)
            if sumy_two:
                line = f"{size:>6} {'sumy, day 2':<11}| {columns(sumy_two, size)} |"
                print(line, flush=True)
        if args.stages:
            stage_costs(Path(folder) / f"day1-{args.sizes[0]}.jsonl")
    if baseline:
        print(f"sumy baseline: {baseline}")
    for (n1, b1, s1), (n2, b2, s2) in itertools.pairwise(results):
        line = f"N x{n2 / n1:.1f}: " + ", ".join(
            growth(kind, (n1, n2), (b1[kind].seconds, b2[kind].seconds)) for kind in kinds
        )
        if s1 and s2:
            line += ", " + growth("sumy", (n1, n2), (s1.seconds, s2.seconds))
        print(line)
    print(f"briefing --help: {help_seconds(repo):.3f} s (median of 5)")
    print("load average after: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    if args.long_words:
        words, sentences, spent = long_article_seconds(rows, args.long_words)
        print(f"one article of {words} words ({sentences} sentences), lexrank: {spent:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
