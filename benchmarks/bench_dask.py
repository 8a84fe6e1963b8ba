"""Analysis on a local Dask cluster versus the process pool of ``parallax analyze``.

    .venv/bin/python benchmarks/bench_dask.py --articles 2000 --scheduler pool --workers 2
    .venv/bin/python benchmarks/bench_dask.py --articles 2000 --scheduler dask --workers 2
    .venv/bin/python benchmarks/bench_dask.py --articles 2000 --scheduler dask --workers 2 --embed

The articles are those of ``bench_analyze.py`` (about 600 words each, built from the demo
corpus' paragraphs, every one distinct), stored in a temporary SQLite file. ``pool`` runs
:func:`parallax.analysis.run.analyze_store`; ``dask`` runs
:func:`parallax.batch.dask_analyze.analyze_store_dask` on a ``LocalCluster`` of ``--workers``
single-threaded processes, analysis only unless ``--embed`` (then each article's lead is
embedded as well). Times include starting the workers and loading the models. Peak memory is
the largest sum of the resident sets of this process and all its descendants (workers,
nannies), sampled every 0.2 s; CPU is the CPU time of that tree per article, which,
unlike the wall time, does not depend on what else the shared machine runs.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_analyze import make_articles

from parallax.analysis.run import analyze_store
from parallax.store import SQLiteStore


class ProcessTree:
    """Samples this process tree in a thread: ``peak`` resident memory (MB) and ``cpu``,
    the CPU seconds (user + system) its processes used, as last seen alive."""

    def __init__(self) -> None:
        self.peak = 0.0
        self._cpu: dict[int, float] = {}
        self.parents: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @property
    def cpu(self) -> float:
        return sum(self._cpu.values())

    def breakdown(self) -> str:
        """CPU seconds of this process, its children and its grandchildren."""
        me = psutil.Process().pid

        def depth(pid: int) -> int:
            return 0 if pid == me else 1 + depth(self.parents.get(pid, me))

        levels: dict[int, list[float]] = {}
        for pid, seconds in self._cpu.items():
            levels.setdefault(depth(pid), []).append(seconds)
        names = {0: "this process", 1: "children", 2: "grandchildren"}
        return "; ".join(
            f"{names.get(d, str(d))} {' + '.join(f'{s:.0f}' for s in sorted(v))} s"
            for d, v in sorted(levels.items())
        )

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                try:
                    with proc.oneshot():
                        total += proc.memory_info().rss
                        times = proc.cpu_times()
                    self._cpu[proc.pid] = times.user + times.system
                    self.parents[proc.pid] = proc.ppid()
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total / 2**20)
            self._stop.wait(0.2)

    def __enter__(self) -> ProcessTree:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--scheduler", choices=["pool", "dask"], default="dask")
    parser.add_argument("--embed", action="store_true", help="dask: embed the leads too")
    parser.add_argument("--partition-size", type=int, default=32, help="dask: articles a task")
    parser.add_argument("--no-profile", action="store_true", help="dask: no worker profiler")
    args = parser.parse_args()
    articles = make_articles(args.articles)
    with tempfile.TemporaryDirectory() as tmp, ProcessTree() as tree:
        store = SQLiteStore(Path(tmp) / "bench.db")
        store.add_many(articles)
        start = time.perf_counter()
        if args.scheduler == "pool":
            report = analyze_store(store, workers=args.workers)
        else:
            import dask

            from parallax.batch.cluster import dask_client
            from parallax.batch.dask_analyze import analyze_store_dask

            if args.no_profile:
                dask.config.set({"distributed.worker.profile.enabled": False})
            with dask_client(workers=args.workers) as client:
                report = analyze_store_dask(
                    store, client=client, embed=args.embed, partition_size=args.partition_size
                )
        elapsed = time.perf_counter() - start
        vectors = len(store.vector_keys())
        store.close()
    assert report.analysed == len(articles), report
    what = f"{args.scheduler}{' +embed' if args.embed else ''}"
    print(
        f"{what}, {args.workers} worker(s), {len(articles)} articles: "
        f"{len(articles) / elapsed:.1f} articles/s ({elapsed:.1f} s, including start-up); "
        f"CPU {tree.cpu / len(articles) * 1000:.0f} ms/article; peak resident memory of the "
        f"process tree {tree.peak:.0f} MB; {vectors} vectors; load {os.getloadavg()[0]:.1f}"
    )
    print(f"CPU by process: {tree.breakdown()}")


if __name__ == "__main__":
    main()
