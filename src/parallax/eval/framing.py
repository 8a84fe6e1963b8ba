"""Sentence-level bias detection on BABE (Spinde et al. 2021, ``babe_sg2.*.jsonl``).

Each line holds a sentence (``text``) and its expert label (``label_bias``: ``Biased`` or
``Non-biased``; rows with ``No agreement`` are skipped and counted). Parallax's decision is
:func:`parallax.comparison.framing.is_biased`, a lexicon score with a global threshold; the
score reported is the macro-F1 over the two classes (anchor: 0.804 for a fine-tuned
transformer in the BABE paper).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from parallax.comparison.framing import is_biased
from parallax.errors import InputError
from parallax.eval.rows import read_rows

BIASED = "biased"
NEUTRAL = "non-biased"
_LABELS = {"biased": True, "non-biased": False}


@dataclass(frozen=True, slots=True)
class ClassScores:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True, slots=True)
class FramingScores:
    """Biased-versus-neutral scores over ``n`` labelled sentences."""

    n: int
    macro_f1: float
    accuracy: float
    biased: ClassScores
    neutral: ClassScores
    skipped: int = 0  # rows without an agreed label


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def _class_scores(tp: int, fp: int, fn: int) -> ClassScores:
    precision = _ratio(tp, tp + fp)
    recall = _ratio(tp, tp + fn)
    f1 = _ratio(2 * tp, 2 * tp + fp + fn)
    return ClassScores(precision, recall, f1, tp + fn)


def score(gold: list[bool], predicted: list[bool]) -> FramingScores:
    """Macro-F1, accuracy and per-class scores of ``predicted`` against ``gold`` (True = biased)."""
    pairs = list(zip(gold, predicted, strict=True))
    tp = sum(1 for g, p in pairs if g and p)
    tn = sum(1 for g, p in pairs if not g and not p)
    fp = sum(1 for g, p in pairs if not g and p)
    fn = sum(1 for g, p in pairs if g and not p)
    biased = _class_scores(tp, fp, fn)
    neutral = _class_scores(tn, fn, fp)
    return FramingScores(
        n=len(pairs),
        macro_f1=(biased.f1 + neutral.f1) / 2,
        accuracy=_ratio(tp + tn, len(pairs)),
        biased=biased,
        neutral=neutral,
    )


def load_babe(path: Path) -> tuple[list[tuple[str, bool]], int]:
    """``(sentence, biased)`` rows of a BABE JSONL file, and the number of rows skipped."""
    rows: list[tuple[str, bool]] = []
    skipped = 0
    for _, row in read_rows(path, "a BABE JSONL file (babe_sg2.dev.jsonl)", key="text"):
        label = str(row.get("label_bias", "")).strip().lower()
        if label not in _LABELS:
            skipped += 1
            continue
        rows.append((row["text"], _LABELS[label]))
    if not rows:
        raise InputError(
            str(path),
            "holds no sentence labelled Biased or Non-biased",
            fix="give a BABE JSONL file with 'text' and 'label_bias' on each line",
        )
    return rows, skipped


def evaluate_babe(path: Path, *, predictor: Callable[[str], bool] = is_biased) -> FramingScores:
    """Scores of ``predictor`` (default: Parallax's lexicon decision) on a BABE JSONL file."""
    rows, skipped = load_babe(path)
    gold = [biased for _, biased in rows]
    predicted = [predictor(text) for text, _ in rows]
    result = score(gold, predicted)
    return FramingScores(
        n=result.n,
        macro_f1=result.macro_f1,
        accuracy=result.accuracy,
        biased=result.biased,
        neutral=result.neutral,
        skipped=skipped,
    )
