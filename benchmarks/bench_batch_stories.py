"""Batch story grouping (time windows, then reconciled) against the online path.

    .venv/bin/python benchmarks/bench_batch_stories.py [--cache /tmp/vectors.db]

For each labelled story set of ``../shared/data/stories`` (BASIL, ECB+, AllSides roundups):
the online clusterer's BCubed and pairwise F1 (as ``parallax eval clustering``), then the
batch path's (as ``parallax eval clustering --batch-window DAYS``) for several window spans
and context margins, with how many of the online stories the batch path gives exactly and
the CPU time of the clustering (embedding excluded: the vectors are computed once and cached
in ``--cache``).
"""

from __future__ import annotations

import argparse
import time
from datetime import timedelta
from pathlib import Path

from parallax.batch.batch_stories import group_items
from parallax.eval.clustering import EvalItem, bcubed, build_items, load_story_items, pairwise
from parallax.store import SQLiteStore
from parallax.stories.cluster import OnlineClusterer

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "stories"
SETS = ("basil", "ecbplus", "allsides_roundups")
RUNS = ((7, 14, 256), (7, 56, 256), (7, 56, 0), (1, 56, 256), (28, 56, 256))


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def line(name: str, predicted: dict[str, str], items: list[EvalItem], online: set[frozenset[str]],
         seconds: float) -> str:  # fmt: skip
    gold = {i.article_id: i.story_id for i in items}
    b = f1(*bcubed(predicted, gold))
    p = f1(*pairwise(predicted, gold))
    groups: dict[str, set[str]] = {}
    for article, story in predicted.items():
        groups.setdefault(story, set()).add(article)
    same = len({frozenset(g) for g in groups.values()} & online)
    return (
        f"  {name:<34} stories {len(groups):>4}  BCubed F1 {b:.4f}  pairwise F1 {p:.4f}  "
        f"same as online {same}/{len(online)}  clustering CPU {seconds:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cache", default=None, help="SQLite file to cache vectors in")
    args = parser.parse_args()
    cache = SQLiteStore(args.cache) if args.cache else None
    for name in SETS:
        items = build_items(load_story_items(DATA / f"{name}.dev.jsonl"), cache=cache)
        start = time.process_time()
        clusterer = OnlineClusterer()
        clusterer.add_all(items)
        seconds = time.process_time() - start
        online = {i.article_id: clusterer.story_of(i.article_id) for i in items}
        stories = {frozenset(s.article_ids) for s in clusterer.stories()}
        print(f"{name} ({len(items)} items)")
        print(line("online", online, items, stories, seconds))
        for span, margin, least in RUNS:
            start = time.process_time()
            found = group_items(
                items,
                span=timedelta(days=span),
                margin=timedelta(days=margin),
                least_context=least,
            )
            seconds = time.process_time() - start
            predicted = {a: str(n) for n, (ids, _) in enumerate(found) for a in ids}
            label = f"batch {span}d windows, {margin}d/{least} context"
            print(line(label, predicted, items, stories, seconds))


if __name__ == "__main__":
    main()
