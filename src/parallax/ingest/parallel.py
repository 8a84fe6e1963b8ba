"""Reading many input files on every core: a process pool that keeps the sources' order.

Extraction (trafilatura on HTML) is CPU-bound Python, so one process reads one page at a time.
With many files, worker processes read chunks of consecutive files (load, sniff, extract,
clean, language id: all of :func:`parallax.ingest.read_source`) and the calling process takes
their outcomes in the order of the sources, so a batch gives the same articles, errors and
progress in the same order as one process would. Standard input and URLs are read by the
calling process, in their place in that order.

Workers are forked on Linux (no second import of the libraries: a pool is ready in
milliseconds) and spawned elsewhere. Each one leaves when its parent is gone (a killed
``parallax ingest`` leaves no process behind) and ignores Ctrl-C, which the parent handles.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING

from parallax.config import Settings
from parallax.errors import InputError
from parallax.ingest.registry import Source

if TYPE_CHECKING:
    from parallax.ingest import Outcome

MIN_SOURCES = 16  # fewer files than this are read in the calling process
CHUNK = 4  # consecutive files sent to a worker at once
IN_FLIGHT = 4  # chunks queued per worker, ahead of the one being read

ReadOne = Callable[[Source | InputError], list["Outcome"]]


def cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def pool_size(files: int, workers: int | None) -> int:
    """Worker processes for ``files`` files: 0 (read in this process) for a few files or one
    core; ``workers`` (default: every core) otherwise."""
    size = cores() if workers is None else workers
    if size <= 1 or files < MIN_SOURCES:
        return 0
    return min(size, -(-files // CHUNK))


@dataclass(frozen=True, slots=True)
class _Unit:
    """Consecutive sources read together: file chunks by a worker, others here."""

    items: tuple[Source | InputError, ...]
    pooled: bool


def _units(items: list[Source | InputError]) -> Iterator[_Unit]:
    chunk: list[Source | InputError] = []
    for item in items:
        if isinstance(item, Source) and item.path is not None:
            chunk.append(item)
            if len(chunk) == CHUNK:
                yield _Unit(tuple(chunk), pooled=True)
                chunk = []
            continue
        if chunk:
            yield _Unit(tuple(chunk), pooled=True)
            chunk = []
        yield _Unit((item,), pooled=False)
    if chunk:
        yield _Unit(tuple(chunk), pooled=True)


def _read_chunk(
    sources: tuple[Source, ...], settings: Settings, format: str | None
) -> list[list[Outcome]]:
    from parallax.ingest import read_source

    return [list(read_source(source, settings, format=format)) for source in sources]


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _start_worker(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker's standard streams may have been locked by a thread of the parent
    # (a progress bar) at the fork: fresh ones on the same descriptors are never locked.
    sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _context() -> multiprocessing.context.BaseContext:
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def read_in_pool(
    items: list[Source | InputError],
    settings: Settings,
    read_here: ReadOne,
    *,
    workers: int,
    format: str | None = None,
) -> Iterator[tuple[Source | InputError, list[Outcome]]]:
    """Each item with its outcomes, in order; files are read by ``workers`` processes.

    ``read_here`` reads one item in this process (standard input, URLs, expansion errors,
    and every item left if the pool breaks: a worker killed by the system).
    """
    if _context().get_start_method() == "fork":
        from parallax.lang import preload

        preload()  # loaded once here and shared by the forked workers, not once per worker
    pool = ProcessPoolExecutor(
        workers, mp_context=_context(), initializer=_start_worker, initargs=(os.getpid(),)
    )
    units = _units(items)
    queue: deque[tuple[_Unit, Future[list[list[Outcome]]] | None]] = deque()
    broken = False

    def fill() -> None:
        while len(queue) < workers * IN_FLIGHT:
            unit = next(units, None)
            if unit is None:
                return
            future = None
            if unit.pooled and not broken:
                sources = tuple(item for item in unit.items if isinstance(item, Source))
                with suppress(BrokenProcessPool):  # else read here when its turn comes
                    future = pool.submit(_read_chunk, sources, settings, format)
            queue.append((unit, future))

    try:
        fill()
        while queue:
            unit, future = queue.popleft()
            results: list[list[Outcome]] | None = None
            if future is not None:
                try:
                    results = future.result()
                except BrokenProcessPool:
                    broken = True
            if results is None:
                results = [read_here(item) for item in unit.items]
            fill()
            yield from zip(unit.items, results, strict=True)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
