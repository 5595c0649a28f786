"""The Dask executor: a real two-worker LocalCluster on 127.0.0.1 gives the local pool's briefing.

Every test here starts its own cluster (worker processes, not threads), bounds each
wait, and shuts the cluster down before it ends.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from briefing import workers as parallel
from briefing.config.settings import Settings, load_settings
from briefing.errors import ConfigError, ExecutorError
from briefing.pipeline import digest_article
from tests.conftest import WebSite, article_page, rss_feed, run_cli, run_python
from tests.test_workers import PLACES, articles, story_text, write_day

distributed = pytest.importorskip("distributed")

#: No test here may take longer than this, cluster start and shutdown included.
LIMIT = 180


@pytest.fixture
def bounded() -> Iterator[None]:
    """Fail the test (rather than hang the run) when it takes longer than LIMIT seconds."""

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise TimeoutError(f"the test took more than {LIMIT} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(LIMIT)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def cluster(bounded: None) -> Iterator[Any]:
    """Two single-threaded worker processes and their scheduler, on 127.0.0.1."""
    import logging

    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",  # its web server: any free port, this machine only
        scheduler_kwargs={"dashboard": False},
        silence_logs=logging.CRITICAL,
    ) as running:
        yield running


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix != ".sqlite3"}


def build_both(
    inputs: list[str], out: Path, cluster: Any, *formats: str
) -> tuple[dict[str, Any], dict[str, str]]:
    """The files and standard error of a build on the local pool and one on ``cluster``."""
    built, errors = {}, {}
    for name, more in (
        ("local", ["--jobs", "2"]),
        ("dask", ["--executor", "dask", "--scheduler", cluster.scheduler_address]),
    ):
        flags = [flag for fmt in formats for flag in ("-f", fmt)]
        result = run_cli(
            "build", *inputs, "--date", "2025-04-04", *flags, "-q", "-o", str(out / name), *more
        )
        assert result.returncode == 0, result.stderr
        built[name], errors[name] = outputs(out / name), result.stderr
    return built, errors


def test_a_two_worker_cluster_gives_the_local_pools_briefing(tmp_path: Path, cluster: Any) -> None:
    day = write_day(tmp_path, 3 * parallel.CHUNK + 9)
    built, errors = build_both([str(day)], tmp_path, cluster, "markdown", "json", "html")
    assert errors == {"local": "", "dask": ""}
    assert {"briefing-2025-04-04.md", "briefing-2025-04-04.json"} <= set(built["local"])
    assert built["dask"] == built["local"]


def test_the_scheduler_in_briefing_toml_is_used(tmp_path: Path, cluster: Any) -> None:
    config = tmp_path / "briefing.toml"
    config.write_text(f'executor = "dask"\nscheduler = "{cluster.scheduler_address}"\n')
    settings = load_settings(config, quiet=True)
    assert (settings.runs_on, settings.scheduler) == ("dask", cluster.scheduler_address)
    items = articles(2 * parallel.CHUNK + 3)
    local = parallel.map_articles(digest_article, items, Settings(jobs=1))
    assert parallel.map_articles(digest_article, items, settings) == local
    # The work ran on the cluster's workers, which kept it in their logs of tasks.
    client = distributed.Client(cluster, timeout=30, set_as_default=False)
    with client:
        done = client.run(lambda dask_worker: len(dask_worker.state.log))
    assert len(done) == 2


def test_without_a_scheduler_a_local_cluster_is_started(bounded: None) -> None:
    items = list(range(4 * parallel.CHUNK + 1))
    settings = Settings(executor="dask", jobs=2, quiet=True)
    assert parallel.map_articles(worker_pid, items[:1], Settings(jobs=1)) == [os.getpid()]
    pids = parallel.map_articles(worker_pid, items, settings)
    assert len(pids) == len(items)
    assert os.getpid() not in pids  # every chunk ran in a worker process


def test_a_local_cluster_starts_while_the_usual_dashboard_port_is_taken(bounded: None) -> None:
    # Another cluster (a second build, a notebook) holds Dask's usual port 8787: the
    # cluster a build starts listens on free ports of 127.0.0.1 instead.
    import socket

    with socket.socket() as holder:
        holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            holder.bind(("127.0.0.1", 8787))
        except OSError:
            pass  # taken already, which is the case under test too
        else:
            holder.listen()
        settings = Settings(executor="dask", jobs=1, quiet=True)
        pids = parallel.map_articles(worker_pid, list(range(2 * parallel.CHUNK + 1)), settings)
        assert len(pids) == 2 * parallel.CHUNK + 1
        assert os.getpid() not in pids


def worker_pid(_item: int, _settings: Settings) -> int:
    return os.getpid()


def die_once(item: int, settings: Settings) -> int:
    """Kill this worker process, once, in the middle of the map (a marker file remembers)."""
    marker = Path(settings.out) / "died"
    if item == 2 * parallel.CHUNK + 5 and not marker.exists():
        marker.write_text(str(os.getpid()))
        os._exit(1)
    return 3 * item


def test_a_worker_killed_in_the_middle_of_a_map_is_replaced_and_nothing_is_lost(
    tmp_path: Path, cluster: Any
) -> None:
    items = list(range(5 * parallel.CHUNK))
    settings = Settings(
        executor="dask", scheduler=cluster.scheduler_address, out=str(tmp_path), quiet=True
    )
    assert parallel.map_articles(die_once, items, settings) == [3 * i for i in items]
    assert (tmp_path / "died").is_file()  # a worker did die on the way


def test_an_unreachable_scheduler_is_one_clear_error(bounded: None) -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    old = parallel.DASK_CONNECT_TIMEOUT
    parallel.DASK_CONNECT_TIMEOUT = 2.0
    try:
        settings = Settings(executor="dask", scheduler=f"tcp://127.0.0.1:{port}")
        with pytest.raises(ExecutorError, match="cannot reach the Dask scheduler at tcp://127"):
            parallel.map_articles(worker_pid, [1, 2], settings)
    finally:
        parallel.DASK_CONNECT_TIMEOUT = old


def test_a_missing_dask_says_what_to_install(tmp_path: Path) -> None:
    # A fresh interpreter where importing distributed fails, as without the extra.
    script = (
        "import sys\n"
        "sys.modules['distributed'] = None\n"
        "from briefing.config.settings import Settings\n"
        "from briefing.errors import ExecutorError\n"
        "from briefing.workers import map_articles\n"
        "from tests.test_workers import double\n"
        "try:\n"
        "    map_articles(double, [1], Settings(executor='dask'))\n"
        "except ExecutorError as error:\n"
        "    print(error)\n"
    )
    result = run_python(script)
    assert result.stdout.strip() == "--executor dask needs Dask: pip install 'briefing[dask]'"


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--executor", "spark"], "--executor: unknown executor 'spark'; use one of local, dask"),
        (["--scheduler", "not an address"], "--scheduler: 'not an address' is not a Dask"),
    ],
)
def test_bad_executor_settings_are_usage_errors(
    tmp_path: Path, flags: list[str], message: str
) -> None:
    result = run_cli("build", str(write_day(tmp_path, 2)), *flags)
    assert result.returncode == 2
    assert message in result.stderr


def test_executor_settings_layer_like_the_others(tmp_path: Path) -> None:
    assert Settings().runs_on == "local"
    assert Settings(scheduler="tcp://10.0.0.5:8786").runs_on == "dask"
    # An explicit local executor wins over a scheduler named in the file.
    config = tmp_path / "briefing.toml"
    config.write_text('scheduler = "tcp://10.0.0.5:8786"\n')
    assert load_settings(config).runs_on == "dask"
    assert load_settings(config, executor="local").runs_on == "local"
    assert load_settings(config, executor="DASK").executor == "dask"
    with pytest.raises(ConfigError, match="scheduler"):
        load_settings(None, scheduler="tcp://host")


def serve_feed(site: WebSite, outlet: str, first: int) -> str:
    """An RSS feed of three teasers whose pages ``site`` serves; returns the feed's URL."""
    items = []
    for i in range(first, first + 3):
        path = f"/news/{i}.html"
        title = f"{outlet} story {i}: the {PLACES[i % len(PLACES)]}"
        paragraphs = story_text(i).split(". ")
        site.add(path, article_page(title, paragraphs, keywords="local", site=outlet))
        items.append(
            {
                "title": title,
                "link": site.url(path),
                "date": "Fri, 04 Apr 2025 08:00:00 +0100",
                "summary": "The whole story is on the page",
            }
        )
    return site.add("/feed.xml", rss_feed(outlet, items), content_type="application/rss+xml")


@pytest.fixture
def two_sites() -> Iterator[tuple[WebSite, WebSite]]:
    """Two news sites on 127.0.0.1 (two ports: two servers), stopped at the end."""
    sites = (WebSite(), WebSite())
    for site in sites:
        site.thread.start()
    try:
        yield sites
    finally:
        for site in sites:
            site.stop.set()
            site.server.shutdown()
            site.server.server_close()
            site.thread.join(timeout=10)


def test_files_and_feeds_are_read_on_the_cluster(
    tmp_path: Path, cluster: Any, two_sites: tuple[WebSite, WebSite]
) -> None:
    from briefing.readers.inputs import SPREAD_FROM, read_inputs
    from briefing.readers.web import web_options
    from tests.readers.test_spread import Recording, write_folder

    outlets = ("Harbour Herald", "Valley Voice")
    pairs = enumerate(zip(two_sites, outlets, strict=True))
    feeds = [serve_feed(site, outlet, 10 * n) for n, (site, outlet) in pairs]
    folder = write_folder(tmp_path / "day", SPREAD_FROM)
    inputs = [*feeds, str(folder)]
    settings = Settings(executor="dask", scheduler=cluster.scheduler_address, quiet=True)
    web = web_options(settings, dt.date(2025, 4, 4))
    spread = Recording(settings)
    there = read_inputs(inputs, web=web, spread=spread)
    # The files went to the workers in tasks, and each server's feed to a worker of its own.
    assert [name for name, _, _ in spread.calls] == ["_read_listed", "_fetch_group"]
    assert spread.calls[1][1:] == (2, 1)
    here = read_inputs(inputs, web=web)
    assert len(here.articles) == SPREAD_FROM + 6
    assert there.articles == here.articles
    assert there.sources == here.sources
    assert [(s.input, s.reason) for s in there.skipped] == [
        (s.input, s.reason) for s in here.skipped
    ]

    # The whole build: byte for byte the local pool's briefing.
    built, errors = build_both(inputs, tmp_path, cluster, "markdown", "json")
    assert built["dask"] == built["local"]
    assert errors["dask"] == errors["local"] and "binary.txt: binary file" in errors["local"]
    markdown = built["local"]["briefing-2025-04-04.md"].decode()
    assert f"{SPREAD_FROM + 6} articles" in markdown
    assert all(f"- {feed}: 3 articles" in markdown for feed in feeds)
