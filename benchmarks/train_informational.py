"""Fit the informational-slant model (parallax.comparison.informational) on BASIL.

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/train_informational.py \
        [--spans ../shared/data/framing/basil_spans.dev.jsonl] \
        [--articles ../shared/data/stories/basil.dev.jsonl] \
        [--out src/parallax/comparison/models/informational.json]

Each article is analysed and its sentences labelled as ``parallax eval framing --basil``
does; the model is fitted on every sentence and written to ``--out``. Printed first, for each
L2 penalty tried, the F1 of the model refitted on 5 folds of whole stories (each fold called
by the model fitted on the others): the penalty is chosen on that figure, never on the fit's
own sentences.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from rich.progress import Progress

from parallax.comparison import informational
from parallax.eval.basil_framing import (
    CV_FOLDS,
    SentenceLabel,
    label_articles,
    load_basil,
    story_folds,
)

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
OUT = Path(__file__).resolve().parents[1] / "src/parallax/comparison/models/informational.json"
PENALTIES = (3.0, 10.0, 30.0)


def _f1(gold: np.ndarray, calls: np.ndarray) -> float:
    tp = int((gold & calls).sum())
    return 2 * tp / max(1, int(gold.sum()) + int(calls.sum()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--spans", type=Path, default=DATA / "framing/basil_spans.dev.jsonl")
    parser.add_argument("--articles", type=Path, default=DATA / "stories/basil.dev.jsonl")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    articles = load_basil(args.spans, args.articles)
    labels: list[SentenceLabel] = []
    blocks = []
    stories = sorted({a.story_id for a in articles})
    with Progress() as progress:
        task = progress.add_task("analysing", total=len(stories))
        for story in stories:
            for done in label_articles([a for a in articles if a.story_id == story]):
                labels += done.labels
                blocks.append(done.features)
            progress.advance(task)
    x = np.vstack(blocks)
    gold = np.array([s.gold_inf for s in labels], dtype=bool)
    fold_of = story_folds((s.story_id for s in labels), CV_FOLDS)
    folds = [fold_of[s.story_id] for s in labels]
    rule = np.array([s.inf_rule for s in labels], dtype=bool)
    print(f"{len(labels)} sentences, {int(gold.sum())} informationally biased")
    print(f"rule (evaluative or another voice): F1 {_f1(gold, rule):.3f}")
    for l2 in PENALTIES:
        calls = informational.cross_validated(x, gold, folds, l2=l2)
        print(f"L2 {l2:g}: F1 on {CV_FOLDS} story folds {_f1(gold, calls):.3f}")
    model = informational.fit(
        x, gold, trained_on=f"{args.spans.name}: {len(labels)} sentences, {len(stories)} stories"
    )
    print(
        f"L2 {informational.L2:g} fitted on all: F1 on its own sentences "
        f"{_f1(gold, model.slanted(x)):.3f}"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model.to_dict(), indent=1) + "\n", encoding="utf-8")
    print(f"written {args.out}")


if __name__ == "__main__":
    main()
