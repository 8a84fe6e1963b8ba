"""Analyse (and embed) the articles of a store as Dask tasks over partitions of articles.

The driver (this process) reads the articles that have no current analysis, cuts them into
partitions of :data:`PARTITION` articles and submits one task per partition; a task runs the
same analysis as ``parallax analyze`` (:func:`parallax.analysis.run.analyse_batch`) and embeds
each article's lead (:func:`parallax.stories.features.lead`, the vector story grouping uses)
unless the store's vector cache already has it. Workers never touch the store: results come
back to the driver, which writes them in batches of at least :data:`WRITE_EVERY` articles.

Nothing is written twice. A task's key is a hash of its article ids, so a partition is one
task however often it is submitted; when a worker dies (the nanny restarts it) the scheduler
runs its partitions again and the driver still receives one result per partition, which it
writes once (it also keeps the keys it has written and drops a repeat). Writes are upserts
keyed by the articles' content-hash ids, so a run that is killed and started again rewrites
nothing it had stored: it only analyses what is still missing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from parallax.analysis.records import ANALYSIS_VERSION, Analysis
from parallax.analysis.run import AnalyzeFailure, AnalyzeReport, Item, analyse_batch
from parallax.batch.cluster import worker_count
from parallax.errors import BatchError
from parallax.store.base import Store

if TYPE_CHECKING:
    from distributed import Client, Future

PARTITION = 32  # articles per task
WRITE_EVERY = 128  # articles buffered in the driver between two writes to the store
RETRIES = 2  # a task that raises is run again this many times


@dataclass(frozen=True, slots=True)
class Partition:
    """What a task gets: the articles to analyse and the leads (vector key, text) to embed."""

    key: str
    items: tuple[Item, ...]
    leads: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class PartitionResult:
    key: str
    results: tuple[Analysis | AnalyzeFailure, ...]
    vectors: tuple[tuple[str, bytes], ...] = ()


def analyse_partition(partition: Partition) -> PartitionResult:
    """The task: analyse a partition's articles and embed its leads (runs on a worker)."""
    vectors: tuple[tuple[str, bytes], ...] = ()
    if partition.leads:
        from parallax.embed import embed

        found = embed([text for _, text in partition.leads])
        vectors = tuple(
            (key, vector.tobytes()) for (key, _), vector in zip(partition.leads, found, strict=True)
        )
    return PartitionResult(partition.key, tuple(analyse_batch(partition.items)), vectors)


Work = Callable[[Partition], PartitionResult]


def partition_key(article_ids: Sequence[str], *, embed: bool) -> str:
    digest = hashlib.sha1("\x1f".join(article_ids).encode()).hexdigest()[:20]
    return f"parallax-analyse-{'e' if embed else 'a'}{ANALYSIS_VERSION}-{digest}"


def _partitions(store: Store, ids: Sequence[str], *, size: int, embed: bool) -> Iterator[Partition]:
    from parallax.embed import text_key
    from parallax.stories.features import lead

    for i in range(0, len(ids), size):
        articles = [store.get(article_id) for article_id in ids[i : i + size]]
        items = tuple((a.id, a.text, a.published, a.language) for a in articles)
        leads: tuple[tuple[str, str], ...] = ()
        if embed:
            wanted = {text_key(text): text for text in (lead(a) for a in articles)}
            known = store.vectors(sorted(wanted))
            leads = tuple(sorted((k, t) for k, t in wanted.items() if k not in known))
        yield Partition(partition_key([a.id for a in articles], embed=embed), items, leads)


@dataclass(slots=True)
class _Writer:
    """The driver's side: buffers results and writes them to the store in batches, once."""

    store: Store
    total: int
    every: int
    on_progress: Callable[[int, int], None] | None
    done: int = 0
    unsupported: int = 0
    failed: list[AnalyzeFailure] = field(default_factory=list)
    written: set[str] = field(default_factory=set)
    _analyses: list[Analysis] = field(default_factory=list)
    _vectors: list[tuple[str, bytes]] = field(default_factory=list)

    def take(self, result: PartitionResult) -> None:
        if result.key in self.written:  # a partition that was run twice: written once
            return
        self.written.add(result.key)
        analyses = [r for r in result.results if isinstance(r, Analysis)]
        self.failed.extend(r for r in result.results if isinstance(r, AnalyzeFailure))
        self._analyses.extend(analyses)
        self._vectors.extend(result.vectors)
        self.unsupported += sum(not a.supported for a in analyses)
        self.done += len(result.results)
        if len(self._analyses) >= self.every:
            self.flush()
        if self.on_progress:
            self.on_progress(self.done, self.total)

    def flush(self) -> None:
        if self._vectors:
            self.store.save_vectors(self._vectors)
            self._vectors = []
        if self._analyses:
            self.store.save_analyses(self._analyses)
            self._analyses = []


def _worker_failure(exc: BaseException) -> BatchError:
    name = type(exc).__name__
    if isinstance(exc, ImportError) and (exc.name or "").startswith("parallax"):
        return BatchError(
            f"the Dask workers cannot import parallax ({exc})",
            fix="install the same parallax-news version on every worker machine",
        )
    if name == "KilledWorker":
        return BatchError(
            f"a partition of articles killed the Dask workers that ran it ({exc})",
            fix="give the workers more memory or analyse fewer articles a task (--partition-size)",
        )
    return BatchError(
        f"a Dask task failed: {name}: {exc}",
        fix="see the worker logs; articles stored so far stay analysed, run again to go on",
    )


def analyze_store_dask(
    store: Store,
    *,
    client: Client,
    force: bool = False,
    embed: bool = True,
    partition_size: int = PARTITION,
    write_every: int = WRITE_EVERY,
    on_progress: Callable[[int, int], None] | None = None,
    work: Work = analyse_partition,
) -> AnalyzeReport:
    """Analyse every article of ``store`` without a current analysis (all with ``force``)
    on the Dask cluster of ``client``; also embed their leads when ``embed``.

    ``work`` is the task run on each partition (tests give one that kills its worker)."""
    if partition_size < 1 or write_every < 1:
        raise BatchError("the partition size and write batch must be at least 1")
    from distributed import as_completed

    ids = [a.id for a in store.articles()] if force else store.unanalysed(ANALYSIS_VERSION)
    already = 0 if force else store.count() - len(ids)
    writer = _Writer(store, len(ids), write_every, on_progress)
    if on_progress:
        on_progress(0, len(ids))
    in_flight = 2 * worker_count(client)  # bounded memory: a few partitions per worker
    partitions = _partitions(store, ids, size=partition_size, embed=embed)

    def submit() -> Future[PartitionResult] | None:
        part = next(partitions, None)
        if part is None:
            return None
        return client.submit(work, part, key=part.key, retries=RETRIES, pure=False)

    live = {f for f in (submit() for _ in range(in_flight)) if f is not None}
    pending = as_completed(live)
    try:
        for future in pending:
            live.discard(future)
            try:
                result = future.result()
            except Exception as exc:
                raise _worker_failure(exc) from exc
            finally:
                future.release()
            writer.take(result)
            following = submit()
            if following is not None:
                live.add(following)
                pending.add(following)
    finally:
        if live:  # stopped early: the other partitions are not run for nothing
            client.cancel(list(live))
        writer.flush()  # what arrived is kept, whatever stopped the run
    analysed = writer.done - len(writer.failed)
    return AnalyzeReport(analysed, already, writer.unsupported, tuple(writer.failed))
