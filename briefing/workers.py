"""Per-article work on every core, or on a Dask cluster: a map over chunks of articles.

The results come back in the order of the articles, whatever the executor and the
number of workers, so a briefing built with ``--jobs 1``, with ``--jobs 8`` and with
``--executor dask`` is byte for byte the same. The local executor is a process pool;
the Dask executor (the optional extra ``briefing[dask]``) sends the chunks to the
scheduler at ``settings.scheduler``, or to a cluster it starts on this machine. A
progress bar goes to standard error for long runs, and only when that is a terminal
and the build is not quiet.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

from briefing.config.settings import Settings
from briefing.errors import ExecutorError

__all__ = [
    "CHUNK",
    "PROGRESS_FROM",
    "Feed",
    "available_cores",
    "beside",
    "feed",
    "map_articles",
]

T = TypeVar("T")
R = TypeVar("R")

#: Articles per task sent to a worker: enough to make the hand-over cheap, few enough
#: to share the work out evenly and move the progress bar.
CHUNK = 64
#: Runs with at least this many articles show a progress bar (on a terminal).
PROGRESS_FROM = 500


def available_cores() -> int:
    """The number of cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)  # pragma: no cover - platforms without affinity


def map_articles(
    work: Callable[[T, Settings], R],
    items: Sequence[T],
    settings: Settings,
    *,
    chunk: int = CHUNK,
) -> list[R]:
    """``[work(item, settings) for item in items]``, on ``settings.jobs`` processes.

    ``work`` must be a module-level function (workers receive it by name). The first
    item is done here before the workers start, which also loads the libraries once,
    for every worker to inherit where processes are forked. Each task takes ``chunk``
    items (1 for items that are each a lot of work, such as a group of feeds).
    """
    jobs = settings.jobs or available_cores()
    with _progress(len(items), settings.quiet) as advance:
        if settings.runs_on == "dask":
            return _dask_map(work, items, settings, advance, chunk)
        if jobs == 1 or len(items) <= chunk:
            results = []
            for item in items:
                results.append(work(item, settings))
                advance(1)
            return results
        results = [work(items[0], settings)]
        advance(1)
        chunks = [items[start : start + chunk] for start in range(1, len(items), chunk)]
        processes = min(jobs, len(chunks))
        tasks = [(work, part, settings) for part in chunks]
        context = multiprocessing.get_context()
        with (
            _no_collections(),
            ProcessPoolExecutor(
                processes, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),)
            ) as pool,
        ):
            for done in pool.map(_run_chunk, tasks):
                results.extend(done)
                advance(len(done))
        return results


class Feed(Generic[T, R]):
    """A map started before its items are all known: each item given to :meth:`add`
    (an article as soon as it is read) goes to the workers with the next full chunk, so
    they summarise while the inputs are still being read; :meth:`results` hands back
    ``[work(item, settings) ...]`` in the order the items were added, as
    :func:`map_articles` does. The pool's processes are forked at once, when nothing
    else runs in this process (see :func:`feed`).
    """

    def __init__(
        self, work: Callable[[T, Settings], R], settings: Settings, chunk: int = CHUNK
    ) -> None:
        self.work = work
        self.settings = settings
        self.chunk = chunk
        self.items: list[T] = []
        self._sent = 0  # the items before this one are in submitted tasks
        self._tasks: list[Future[list[R]]] = []
        self._pool = _forked_pool(settings.jobs or available_cores())
        # A first task makes the pool fork its processes now, with one thread here.
        self._pool.submit(os.getpid)

    def add(self, item: T) -> None:
        """Take one more item; a full chunk of them is sent to the workers at once."""
        self.items.append(item)
        if len(self.items) - self._sent >= self.chunk:
            self._send(len(self.items))

    def _send(self, end: int) -> None:
        part = self.items[self._sent : end]
        self._tasks.append(self._pool.submit(_run_chunk, (self.work, part, self.settings)))
        self._sent = end

    def results(
        self,
        meanwhile: Callable[[], object] | None = None,
        each: Callable[[list[R]], object] | None = None,
    ) -> list[R]:
        """Every item's result, in order; ``meanwhile()`` runs here while the workers
        finish (work of the main process that needs none of the results), and
        ``each(results)`` as each chunk's results come back, in order."""
        if self._sent < len(self.items):
            self._send(len(self.items))
        if meanwhile is not None:
            meanwhile()
        results: list[R] = []
        with _progress(len(self.items), self.settings.quiet) as advance, _no_collections():
            for task in self._tasks:
                done = task.result()
                results.extend(done)
                advance(len(done))
                if each is not None:
                    each(done)
        self.close()
        return results

    def close(self) -> None:
        """Stop the workers; tasks not started are dropped."""
        self._pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def feed(
    work: Callable[[T, Settings], R], settings: Settings, *, chunk: int = CHUNK
) -> Iterator[Feed[T, R] | None]:
    """A :class:`Feed` for a big run on this machine's pool, else None (the caller
    maps its items once it has them all): with one job, on Dask, or where a fork is
    not safe (see :func:`beside`). The workers are stopped when the block ends."""
    if not _may_fork(settings):
        yield None
        return
    started = Feed(work, settings, chunk)
    try:
        yield started
    finally:
        started.close()


@contextmanager
def _no_collections() -> Iterator[None]:
    """No cyclic garbage collection here while the workers' results come in.

    Unpickling them makes thousands of objects, and every so often that starts a full
    collection, which walks every object this process holds (the day's articles, the
    results so far) to find no cycle: results are plain data. Collections resume after.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


#: Worker processes whose parent is gone stop within this many seconds.
ORPHAN_CHECK = 1.0
_LIMITS: list[object] = []


def _start_worker(parent: int) -> None:
    """Make a worker fit in the pool: one BLAS thread, and no life after its parent.

    The workers are the parallelism: a BLAS pool of its own in each (OpenBLAS starts
    one thread per core) only makes them fight over the cores for matrices of a few
    dozen rows. And a worker must not outlive a killed parent (``kill -9`` leaves no
    chance to stop the pool), so it asks the kernel for a signal when the parent dies
    (Linux) and, everywhere, watches the parent's pid.
    """
    from threadpoolctl import threadpool_limits

    _LIMITS.append(threadpool_limits(limits=1, user_api="blas"))
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(ORPHAN_CHECK)
        os._exit(1)

    threading.Thread(target=watch, name="orphan-watch", daemon=True).start()


def _run_chunk(task: tuple[Callable[[T, Settings], R], Sequence[T], Settings]) -> list[R]:
    work, chunk, settings = task
    return [work(item, settings) for item in chunk]


_BESIDE: list[Callable[[], Any]] = []


def beside(work: Callable[[], R], settings: Settings) -> Callable[[], R]:
    """Start ``work()`` in a forked process on another core; call what comes back for
    its result (or its exception), once the main process has done its own share.

    The fork shares what ``work`` needs without pickling it; only the result comes
    back. Where that cannot be done safely (no ``fork``, one core or ``--jobs 1``, a
    Dask run, other threads running in this process: a fork copies none of them and
    may copy a lock one of them holds), ``work`` runs when its result is asked for.
    """
    if not _may_fork(settings):
        return work
    pool = _forked_pool(1)
    _BESIDE[:] = [work]
    try:
        future = pool.submit(_run_beside)  # the process is forked here, with _BESIDE set
    except BaseException:
        pool.shutdown()
        raise
    finally:
        _BESIDE.clear()

    def result() -> R:
        try:
            done: R = future.result()
        finally:
            pool.shutdown()
        return done

    return result


def _forked_pool(processes: int) -> ProcessPoolExecutor:
    """A pool of processes forked from this one, each made fit by :func:`_start_worker`."""
    return ProcessPoolExecutor(
        processes,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(os.getpid(),),
    )


def _may_fork(settings: Settings) -> bool:
    return (
        settings.runs_on == "local"
        and (settings.jobs or available_cores()) > 1
        and available_cores() > 1
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


def _run_beside() -> Any:
    return _BESIDE[0]()


#: How long to wait for a Dask scheduler to answer, or a local cluster to start.
DASK_CONNECT_TIMEOUT = 30.0
#: How many times Dask runs a chunk again after it raised (a lost worker's chunks are
#: run again on the others by the scheduler anyway, up to its ``allowed-failures``).
DASK_RETRIES = 2


def _dask_map(
    work: Callable[[T, Settings], R],
    items: Sequence[T],
    settings: Settings,
    advance: Callable[[int], None],
    chunk: int,
) -> list[R]:
    """The chunks run as Dask tasks; their results gathered back in order."""
    try:
        from distributed import as_completed
    except ImportError:
        raise ExecutorError("--executor dask needs Dask: pip install 'briefing[dask]'") from None
    chunks = [items[start : start + chunk] for start in range(0, len(items), chunk)]
    with _dask_client(settings) as client:
        futures = client.map(
            _run_chunk_alone,
            [(work, chunk, settings) for chunk in chunks],
            pure=False,
            retries=DASK_RETRIES,
        )
        sizes = {future.key: len(chunk) for future, chunk in zip(futures, chunks, strict=True)}
        for future in as_completed(futures, loop=client.loop):
            advance(sizes[future.key])
        done = client.gather(futures)
    return [result for chunk in done for result in chunk]


@contextmanager
def _dask_client(settings: Settings) -> Iterator[Any]:
    """A client of the scheduler the settings name, or of a local cluster made for the run."""
    from distributed import Client, LocalCluster

    address = settings.scheduler
    if address is not None:
        try:
            client = Client(address, timeout=DASK_CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError) as error:
            raise ExecutorError(
                f"cannot reach the Dask scheduler at {address} ({error}); "
                "start it (dask scheduler) or leave out --scheduler for a local cluster"
            ) from None
        with client:
            yield client
        return
    # One single-threaded process per core: the same parallelism as the local pool.
    with (
        LocalCluster(
            n_workers=settings.jobs or available_cores(),
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",  # its web server: any free port, this machine only
            scheduler_kwargs={"dashboard": False},
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster, timeout=DASK_CONNECT_TIMEOUT, set_as_default=False) as client,
    ):
        yield client


def _run_chunk_alone(
    task: tuple[Callable[[T, Settings], R], Sequence[T], Settings],
) -> list[R]:
    """A chunk on a Dask worker, with one BLAS thread (Dask runs its own parallelism)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        return _run_chunk(task)


@contextmanager
def _progress(total: int, quiet: bool) -> Iterator[Callable[[int], None]]:
    """A callback that advances a bar on standard error, or does nothing."""
    if quiet or total < PROGRESS_FROM or not _is_terminal(sys.stderr):
        yield lambda _done: None
        return
    import click

    with click.progressbar(
        length=total,
        label="Summarising",
        file=sys.stderr,
        show_pos=True,
        show_eta=True,
        width=24,
    ) as bar:
        yield bar.update


def _is_terminal(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False
