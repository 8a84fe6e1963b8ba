"""Batch analysis on a real Dask LocalCluster (worker processes under nannies), real SQLite.

The articles are the demo corpus (invented events and outlets). One cluster of two worker
processes serves the module; the kill test ends one of its worker processes for real.
"""

from __future__ import annotations

import functools
import json
import os
import socket
import sqlite3
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from distributed import Client

from parallax.analysis.records import ANALYSIS_VERSION, Analysis
from parallax.analysis.run import analyze_store
from parallax.batch.cluster import check_address, dask_client
from parallax.batch.dask_analyze import Partition, PartitionResult, analyse_partition
from parallax.batch.dask_analyze import analyze_store_dask as dask_analyze
from parallax.config import Settings
from parallax.demo import corpus_dir
from parallax.embed import DIMENSIONS, text_key
from parallax.errors import BatchError
from parallax.ingest import read_articles
from parallax.models import Article
from parallax.store import SQLiteStore
from parallax.stories.features import lead
from tests.conftest import run_cli


@functools.cache
def demo_articles() -> tuple[Article, ...]:
    found = [o.article for o in read_articles([str(corpus_dir())], Settings())]
    return tuple(a for a in found if a is not None)


class CountingStore(SQLiteStore):
    """A real SQLite store that remembers every article id each write carried."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.saved: list[str] = []
        self.writes = 0

    def save_analyses(self, analyses: Sequence[Analysis]) -> None:
        self.writes += 1
        self.saved += [a.article_id for a in analyses]
        super().save_analyses(analyses)


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with dask_client(workers=2) as c:
        yield c


def _filled(path: Path, articles: Sequence[Article]) -> CountingStore:
    store = CountingStore(path)
    store.add_many(articles)
    return store


def _analyses_rows(path: Path) -> Counter[str]:
    with sqlite3.connect(path) as conn:
        return Counter(r[0] for r in conn.execute("SELECT article_id FROM analyses"))


def test_dask_stores_the_same_analyses_as_the_pool_and_embeds_the_leads(
    tmp_path: Path, client: Client
) -> None:
    articles = demo_articles()
    store = _filled(tmp_path / "dask.db", articles)
    report = dask_analyze(store, client=client, partition_size=3, write_every=4)
    assert (report.analysed, report.already, report.failed) == (len(articles), 0, ())
    assert store.unanalysed(ANALYSIS_VERSION) == []
    assert store.writes >= 2  # written in batches, not once at the end
    # the same analysis as the process pool, article for article
    pool = SQLiteStore(tmp_path / "pool.db")
    pool.add_many(articles[:3])
    analyze_store(pool, workers=1)
    for article in articles[:3]:
        theirs, ours = pool.analysis(article.id), store.analysis(article.id)
        assert theirs is not None and ours is not None
        assert ours.to_dict() == theirs.to_dict()
    # the lead of every article is in the vector cache, as a unit vector
    keys = [text_key(lead(a)) for a in articles]
    vectors = store.vectors(keys)
    assert set(vectors) == set(keys)
    for raw in vectors.values():
        vector = np.frombuffer(raw, dtype=np.float32)
        assert vector.shape == (DIMENSIONS,)
        assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-3
    pool.close()
    store.close()


def _die_once(partition: Partition, *, marker: Path) -> PartitionResult:
    """Kill this worker process the first time any partition is run (the nanny restarts it)."""
    try:
        with marker.open("x") as handle:
            handle.write(str(os.getpid()))
    except FileExistsError:
        return analyse_partition(partition)
    os._exit(1)


def _fail_once(partition: Partition, *, marker: Path) -> PartitionResult:
    """Raise the first time this partition is run (the scheduler retries it)."""
    flag = marker.with_name(f"{marker.name}-{partition.key}")
    if not flag.exists():
        flag.write_text("failed once")
        raise RuntimeError("a transient failure")
    return analyse_partition(partition)


def test_a_killed_workers_partition_is_redone_and_written_once(
    tmp_path: Path, client: Client
) -> None:
    articles = demo_articles()
    path = tmp_path / "kill.db"
    store = _filled(path, articles)
    marker = tmp_path / "killed"
    before = set(client.scheduler_info()["workers"])
    work = functools.partial(_die_once, marker=marker)
    report = dask_analyze(store, client=client, embed=False, partition_size=2, work=work)
    assert marker.exists(), "no worker was killed"
    assert int(marker.read_text()) != os.getpid()  # a worker process died, not this one
    client.wait_for_workers(2, timeout=60)  # the nanny brought it back
    assert set(client.scheduler_info()["workers"]) != before
    assert report.analysed == len(articles) and not report.failed
    # every article written exactly once, and stored exactly once
    assert Counter(store.saved) == Counter(a.id for a in articles)
    assert _analyses_rows(path) == Counter(a.id for a in articles)
    store.close()


def test_a_failed_task_is_retried_and_a_second_run_writes_nothing(
    tmp_path: Path, client: Client
) -> None:
    articles = demo_articles()[:6]
    path = tmp_path / "retry.db"
    store = _filled(path, articles)
    work = functools.partial(_fail_once, marker=tmp_path / "failed")
    report = dask_analyze(store, client=client, embed=False, partition_size=2, work=work)
    assert len(list(tmp_path.glob("failed-*"))) == 3  # each of the 3 partitions failed once
    assert report.analysed == len(articles)
    assert Counter(store.saved) == Counter(a.id for a in articles)
    again = dask_analyze(store, client=client, embed=False, partition_size=2, work=work)
    assert (again.analysed, again.already) == (0, len(articles))
    assert Counter(store.saved) == Counter(a.id for a in articles)  # nothing written again
    assert _analyses_rows(path) == Counter(a.id for a in articles)
    store.close()


def _raise_always(partition: Partition) -> PartitionResult:
    raise RuntimeError(f"broken partition {partition.key}")


def test_a_task_that_keeps_failing_is_a_clear_error_and_keeps_what_was_done(
    tmp_path: Path, client: Client
) -> None:
    store = _filled(tmp_path / "broken.db", demo_articles()[:2])
    with pytest.raises(BatchError) as caught:
        dask_analyze(store, client=client, embed=False, work=_raise_always)
    assert "RuntimeError: broken partition" in str(caught.value)
    assert "run again" in str(caught.value)
    store.close()


@pytest.mark.parametrize(
    ("address", "says"),
    [
        ("localhost:8786", "is not a Dask scheduler address"),
        ("http://localhost:8786", "scheme 'http'"),
        ("tcp://localhost", "needs a host and a port"),
        ("tcp://:8786", "needs a host and a port"),
        ("tcp://localhost:port", "needs a host and a port"),
    ],
)
def test_a_wrong_address_is_refused_with_the_form_to_use(address: str, says: str) -> None:
    with pytest.raises(BatchError) as caught:
        check_address(address)
    assert says in str(caught.value)
    assert "tcp://10.0.0.5:8786" in str(caught.value)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_scheduler_that_refuses_the_connection_is_a_clear_error() -> None:
    address = f"tcp://127.0.0.1:{_free_port()}"
    with pytest.raises(BatchError) as caught, dask_client(address, timeout=2):
        pass
    message = str(caught.value)
    assert f"cannot reach the Dask scheduler at {address}" in message
    assert "dask scheduler" in message and "--address" in message


def test_a_scheduler_without_workers_is_a_clear_error() -> None:
    from distributed import LocalCluster

    with (
        LocalCluster(n_workers=0, processes=True, dashboard_address="127.0.0.1:0") as empty,
        pytest.raises(BatchError) as caught,
        dask_client(empty.scheduler_address, timeout=1),
    ):
        pass
    message = str(caught.value)
    assert "has no workers" in message and f"dask worker {empty.scheduler_address}" in message


def test_missing_dask_names_the_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    with pytest.raises(BatchError) as caught, dask_client():
        pass
    assert "Dask is not installed" in str(caught.value)
    assert "pip install 'parallax-news[scale]'" in str(caught.value)


def test_cli_analyze_with_dask_on_a_local_cluster(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    articles = demo_articles()[:3]
    with SQLiteStore(db) as store:
        store.add_many(articles)
    done = run_cli(
        "analyze", "--db", str(db), "--scheduler", "dask", "--workers", "1", "--json", timeout=400
    )
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    assert report["analysed"] == 3 and report["failed"] == []
    with SQLiteStore(db) as store:
        assert store.unanalysed(ANALYSIS_VERSION) == []
        assert len(store.vectors([text_key(lead(a)) for a in articles])) == 3


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--scheduler", "dask", "--address", "localhost:8786"], "not a Dask scheduler address"),
        (["--address", "tcp://localhost:8786"], "add --scheduler dask"),
    ],
)
def test_cli_wrong_dask_options_fail_with_the_fix(
    tmp_path: Path, args: list[str], says: str
) -> None:
    done = run_cli("analyze", "--db", str(tmp_path / "x.db"), *args)
    assert done.returncode == 1
    assert says in done.stderr
