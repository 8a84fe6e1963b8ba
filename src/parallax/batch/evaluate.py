"""Story clustering quality of the batch path (time windows, then reconciled) on labelled
story sets, scored as ``parallax eval clustering`` scores the online path."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from parallax.batch.batch_stories import DEFAULT_SPAN, group_items
from parallax.embed import VectorCache
from parallax.eval.clustering import (
    ClusteringScores,
    bcubed,
    build_items,
    load_story_items,
    pairwise,
)
from parallax.stories.cluster import DEFAULT_THRESHOLD

if TYPE_CHECKING:
    from distributed import Client


def evaluate_batch_clustering(
    path: Path,
    *,
    span: timedelta = DEFAULT_SPAN,
    cache: VectorCache | None = None,
    client: Client | None = None,
) -> ClusteringScores:
    """Cluster one story file in time windows of ``span``, reconcile, score against gold."""
    items = build_items(load_story_items(Path(path)), cache=cache)
    stories = group_items(items, span=span, client=client)
    predicted = {a: f"batch-{n}" for n, (ids, _) in enumerate(stories) for a in ids}
    gold = {item.article_id: item.story_id for item in items}
    b_precision, b_recall = bcubed(predicted, gold)
    p_precision, p_recall = pairwise(predicted, gold)
    return ClusteringScores(
        Path(path).name.split(".")[0],
        len(items),
        len(set(gold.values())),
        len(stories),
        b_precision,
        b_recall,
        p_precision,
        p_recall,
        DEFAULT_THRESHOLD,
    )
