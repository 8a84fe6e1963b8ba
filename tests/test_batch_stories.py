"""Batch story grouping: time windows clustered apart, then reconciled across boundaries.

Synthetic items carry invented vectors (a random direction per event plus noise) and
invented names; the store tests use the demo corpus (invented events and outlets) and a
real Dask LocalCluster.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from parallax.batch.batch_stories import (
    ClusterSettings,
    group_items,
    group_store_batch,
    time_windows,
)
from parallax.batch.cluster import dask_client
from parallax.config import Settings
from parallax.demo import corpus_dir
from parallax.errors import BatchError
from parallax.ingest import read_articles
from parallax.store import SQLiteStore
from parallax.stories.cluster import Correction, OnlineClusterer
from parallax.stories.group import group_store
from tests.conftest import run_cli

DAY = timedelta(days=1)
START = datetime(2026, 3, 2, 8, tzinfo=UTC)  # a Monday


@dataclass(frozen=True)
class Item:
    article_id: str
    vector: npt.NDArray[np.float32]
    names: frozenset[str]
    published: datetime | None
    language: str | None = "en"


def _stream(events: int, *, seed: int = 3) -> list[Item]:
    """``events`` invented events, each a burst of 3-8 articles over up to 9 days, starting
    anywhere in five weeks: many bursts cross a week boundary."""
    rng = np.random.default_rng(seed)
    picks = random.Random(seed)
    items = []
    for e in range(events):
        centre = rng.normal(size=384).astype(np.float32)
        first = START + picks.uniform(0, 35) * DAY
        for n in range(picks.randint(3, 8)):
            vector = centre / np.linalg.norm(centre) + 0.025 * rng.normal(size=384)
            names = frozenset({f"place{e}", f"person{e}", f"common{e % 3}"})
            when = first + picks.uniform(0, 9) * DAY
            items.append(Item(f"e{e:02d}-{n}", vector.astype(np.float32), names, when))
    picks.shuffle(items)
    return items


def _partition(groups: list[tuple[str, ...]]) -> set[frozenset[str]]:
    return {frozenset(g) for g in groups}


def _online(items: list[Item]) -> set[frozenset[str]]:
    clusterer = OnlineClusterer()
    clusterer.add_all(items)
    return _partition([s.article_ids for s in clusterer.stories()])


def test_windows_are_consecutive_spans_with_undated_items_last() -> None:
    moments = [START + 9 * DAY, START, None, START + 2 * DAY, START + 30 * DAY, None]
    windows = time_windows(list(range(6)), lambda i: moments[i], span=7 * DAY)
    assert windows == [[1, 3], [0], [4, 2, 5]]  # weeks 0, 1 and 4; undated join the last
    assert time_windows([None, None], lambda m: m, span=DAY) == [[None, None]]
    with pytest.raises(BatchError, match="longer than zero"):
        time_windows([START], lambda m: m, span=timedelta(0))


def test_a_story_across_a_window_boundary_is_reconciled_into_one() -> None:
    items = [i for i in _stream(12) if i.article_id.startswith(("e00", "e01", "e02"))]
    weekly = [w for w in time_windows(items, lambda i: i.published, span=7 * DAY) if len(w) > 0]
    story = {i.article_id.split("-")[0] for w in weekly[:1] for i in w} & {
        i.article_id.split("-")[0] for w in weekly[1:2] for i in w
    }
    assert story, "the fixture needs an event on both sides of a boundary"
    batch = _partition([ids for ids, _ in group_items(items, span=7 * DAY)])
    assert batch == _online(items)
    # without a context the windows cannot meet: the same event ends up in two stories
    apart = _partition(
        [ids for ids, _ in group_items(items, span=7 * DAY, margin=timedelta(0), least_context=0)]
    )
    assert len(apart) > len(batch)


@pytest.mark.parametrize("span_days", [1, 3, 7, 14])
def test_batch_gives_the_online_stories_on_a_stream_of_events(span_days: int) -> None:
    items = _stream(30)
    batch = group_items(items, span=span_days * DAY)
    assert _partition([ids for ids, _ in batch]) == _online(items)
    for ids, total in batch:  # the vector sums give the online confidence
        assert 0 < float(np.linalg.norm(total)) / len(ids) <= 1.0 + 1e-5


def test_a_must_link_correction_joins_stories_of_different_windows() -> None:
    items = _stream(30)
    early = min(items, key=lambda i: i.published or START)
    late = max(items, key=lambda i: i.published or START)
    link = Correction("must_link", (early.article_id,), (late.article_id,))
    online = OnlineClusterer(corrections=[link])
    online.add_all(items)
    batch = group_items(items, span=7 * DAY, corrections=[link])
    assert _partition([ids for ids, _ in batch]) == _partition(
        [s.article_ids for s in online.stories()]
    )
    # windows that never see each other: reconciling joins the two stories
    apart = group_items(
        items, span=7 * DAY, margin=timedelta(0), least_context=0, corrections=[link]
    )
    together = [set(ids) for ids, _ in apart if early.article_id in ids]
    assert late.article_id in together[0]
    alone = group_items(items, span=7 * DAY, margin=timedelta(0), least_context=0)
    assert len(apart) < len(alone)


def test_the_settings_reach_every_window() -> None:
    items = _stream(10)
    strict = ClusterSettings(threshold=1.5)  # no article can join another
    assert len(group_items(items, span=7 * DAY, settings=strict)) == len(items)


@pytest.fixture
def demo_store(tmp_path: Path) -> Path:
    db = tmp_path / "demo.db"
    with SQLiteStore(db) as store:
        found = [o.article for o in read_articles([str(corpus_dir())], Settings())]
        store.add_many([a for a in found if a is not None])
    return db


def test_batch_grouping_of_a_store_on_a_local_cluster_matches_the_online_path(
    demo_store: Path,
) -> None:
    with SQLiteStore(demo_store) as store:
        online = group_store(store)
        with dask_client(workers=1) as client:
            batch = group_store_batch(store, client=client, span=2 * DAY)
        assert store.stories() == batch  # saved
        spans = [r["first"] for r in batch if r["first"]]
    assert len({s[:10] for s in spans}) > 1, "the demo stories should fall in several windows"

    def shape(records: list[dict[str, object]]) -> list[tuple[object, ...]]:
        return [(r["story_id"], r["article_ids"], r["wire_groups"], r["outlets"]) for r in records]

    assert shape(batch) == shape(online)
    for ours, theirs in zip(batch, online, strict=True):
        assert ours["confidence"] == pytest.approx(theirs["confidence"], abs=0.02)


def test_cli_stories_with_dask_lists_the_same_stories(demo_store: Path) -> None:
    plain = run_cli("stories", "--db", str(demo_store), "--json", timeout=400)
    assert plain.returncode == 0, plain.stderr
    batch = run_cli(
        "stories",
        "--db",
        str(demo_store),
        "--json",
        "--scheduler",
        "dask",
        "--workers",
        "1",
        timeout=400,
    )
    assert batch.returncode == 0, batch.stderr
    ids = [[r["story_id"], r["article_ids"]] for r in json.loads(plain.stdout)]
    assert [[r["story_id"], r["article_ids"]] for r in json.loads(batch.stdout)] == ids


def test_cli_eval_clustering_scores_the_batch_path(tmp_path: Path) -> None:
    events = {
        "harbour": "Dockworkers at the port of Velmora walked out over night shifts on {day}.",
        "bank": "The Arvenian central bank raised its rate to 4.5 percent on {day}.",
    }
    lines = []
    for n in range(6):
        story = "harbour" if n % 2 else "bank"
        day = f"2026-03-{2 + 3 * n:02d}"  # every three days: the stories cross week boundaries
        text = events[story].format(day=day) + f" Report {n} by Outlet {n}."
        lines.append({"id": f"a{n}", "story_id": story, "title": "", "text": text, "date": day})
    data = tmp_path / "invented.jsonl"
    data.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    done = run_cli(
        "eval", "clustering", "--data", str(data), "--batch-window", "7", "--json", timeout=400
    )
    assert done.returncode == 0, done.stderr
    (scores,) = json.loads(done.stdout)
    assert scores["items"] == 6 and scores["gold_stories"] == 2
    assert scores["predicted_stories"] == 2 and scores["bcubed"]["f1"] == 1.0
