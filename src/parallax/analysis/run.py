"""Analyse the articles of a store: batched, on several processes, resumable.

Articles that already have an analysis of the current version are skipped, so an interrupted
run goes on where it stopped. One article that breaks an analyser is reported and left
unanalysed; the others are stored.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from parallax.analysis.records import ANALYSIS_VERSION, Analysis
from parallax.store.base import Store

Item = tuple[str, str, datetime | None, str | None]
BATCH = 16  # articles per task sent to a worker


@dataclass(frozen=True, slots=True)
class AnalyzeFailure:
    article_id: str
    problem: str


@dataclass(frozen=True, slots=True)
class AnalyzeReport:
    analysed: int
    already: int
    unsupported: int
    failed: tuple[AnalyzeFailure, ...]

    @property
    def ok(self) -> bool:
        return not self.failed


def analyse_batch(items: Sequence[Item]) -> list[Analysis | AnalyzeFailure]:
    """Worker: analyse a batch; an article that breaks an analyser becomes a failure record."""
    from parallax.analysis.pipeline import analyze_many

    try:
        return list(analyze_many(items))
    except Exception:
        results: list[Analysis | AnalyzeFailure] = []
        for item in items:
            try:
                results.extend(analyze_many([item]))
            except Exception as exc:
                results.append(AnalyzeFailure(item[0], f"{type(exc).__name__}: {exc}"))
        return results


def _batches(store: Store, ids: list[str]) -> Iterator[list[Item]]:
    for i in range(0, len(ids), BATCH):
        batch = []
        for article_id in ids[i : i + BATCH]:
            a = store.get(article_id)
            batch.append((a.id, a.text, a.published, a.language))
        yield batch


_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


@contextmanager
def _one_thread_each() -> Iterator[None]:
    """Workers inherit one math thread each: one process per core, not two threads per."""
    saved = {k: os.environ.get(k) for k in _THREAD_VARS}
    os.environ.update({k: "1" for k in _THREAD_VARS})
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def default_workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))


def analyze_store(
    store: Store,
    *,
    workers: int | None = None,
    force: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
) -> AnalyzeReport:
    """Analyse every article of ``store`` that has no current analysis (all with ``force``)."""
    ids = [a.id for a in store.articles()] if force else store.unanalysed(ANALYSIS_VERSION)
    already = 0 if force else store.count() - len(ids)
    workers = workers or default_workers()
    done = unsupported = 0
    failed: list[AnalyzeFailure] = []

    def collect(results: list[Analysis | AnalyzeFailure]) -> None:
        nonlocal done, unsupported
        analyses = [r for r in results if isinstance(r, Analysis)]
        failed.extend(r for r in results if isinstance(r, AnalyzeFailure))
        store.save_analyses(analyses)
        unsupported += sum(not a.supported for a in analyses)
        done += len(results)
        if on_progress:
            on_progress(done, len(ids))

    if on_progress:
        on_progress(0, len(ids))
    if workers == 1 or len(ids) <= BATCH:
        for batch in _batches(store, ids):
            collect(analyse_batch(batch))
    else:
        context = multiprocessing.get_context("spawn")
        with (
            _one_thread_each(),
            ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool,
        ):
            pending: list[Future[list[Analysis | AnalyzeFailure]]] = []
            for batch in _batches(store, ids):
                pending.append(pool.submit(analyse_batch, batch))
                while len(pending) > workers * 2:  # bounded memory: few batches in flight
                    collect(pending.pop(0).result())
            for future in pending:
                collect(future.result())
    analysed = done - len(failed)
    return AnalyzeReport(analysed, already, unsupported, tuple(failed))
