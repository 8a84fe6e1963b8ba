"""Story clustering quality on labelled story sets (BASIL, ECB+, AllSides roundups).

Each line of a story file is one article with ``id``, ``story_id``, ``title``, ``text`` and,
where the set has them, ``date`` and ``outlet``. An AllSides line is a roundup instead: its
``news`` holds up to three articles (left, center, right) that become items
``"<roundup id>:<side>"`` with the roundup as their gold story and the roundup's date.

Items are embedded (title + the first :data:`LEAD_WORDS` words, all-MiniLM-L6-v2), given cheap
names (capitalised tokens not at a sentence start, acronyms, figures; no spaCy), and fed to
:class:`~parallax.stories.cluster.OnlineClusterer` in date order (file order where there are no
dates). Scores: BCubed precision/recall/F1 (per item, averaged) and pairwise precision/recall/F1
(over pairs of items placed together) against the gold stories.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from parallax.embed import VectorCache, embed
from parallax.errors import InputError
from parallax.stories.cluster import (
    DEFAULT_CORE_PENALTY,
    DEFAULT_NAME_WEIGHT,
    DEFAULT_THRESHOLD,
    DEFAULT_WINDOW,
    OnlineClusterer,
)

LEAD_WORDS = 150
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’.-]*[A-Za-z]|[A-Za-z]|\d[\d,.]*\d|\d")
_SENTENCE_END = re.compile(r"[.!?:;\"“”]")
_COMMON = frozenset(
    re.findall(
        r"\w+",
        "the a an and but or if in on at of for to by with from as it he she they we i you his "
        "her this that these those there here when while after before mr mrs ms dr sen rep gov "
        "pres monday tuesday wednesday thursday friday saturday sunday january february march "
        "april may june july august september october november december said says new",
    )
)


@dataclass(frozen=True, slots=True)
class StoryRow:
    """One labelled article: ``text`` (embedded) is the title and the lead of ``body``."""

    item_id: str
    story_id: str
    text: str
    published: datetime | None
    body: str


@dataclass(frozen=True, slots=True)
class EvalItem:
    article_id: str
    story_id: str
    vector: npt.NDArray[np.float32]
    names: frozenset[str]
    published: datetime | None
    language: str | None = "en"


@dataclass(frozen=True, slots=True)
class ClusteringScores:
    dataset: str
    items: int
    gold_stories: int
    predicted_stories: int
    bcubed_precision: float
    bcubed_recall: float
    pairwise_precision: float
    pairwise_recall: float
    threshold: float

    @property
    def bcubed_f1(self) -> float:
        return _f1(self.bcubed_precision, self.bcubed_recall)

    @property
    def pairwise_f1(self) -> float:
        return _f1(self.pairwise_precision, self.pairwise_recall)

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "items": self.items,
            "gold_stories": self.gold_stories,
            "predicted_stories": self.predicted_stories,
            "bcubed": {
                "precision": round(self.bcubed_precision, 4),
                "recall": round(self.bcubed_recall, 4),
                "f1": round(self.bcubed_f1, 4),
            },
            "pairwise": {
                "precision": round(self.pairwise_precision, 4),
                "recall": round(self.pairwise_recall, 4),
                "f1": round(self.pairwise_f1, 4),
            },
            "threshold": self.threshold,
        }


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _check_same_items(predicted: Mapping[str, str], gold: Mapping[str, str]) -> None:
    if set(predicted) != set(gold):
        missing = sorted(set(gold) ^ set(predicted))[:3]
        raise ValueError(f"predicted and gold clusterings cover different items: {missing}")


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float]:
    """BCubed (precision, recall): per item, the share of its predicted (gold) cluster that
    shares its gold (predicted) cluster, averaged over items."""
    _check_same_items(predicted, gold)
    if not gold:
        return 1.0, 1.0
    joint = Counter((predicted[i], gold[i]) for i in gold)
    pred_size = Counter(predicted[i] for i in gold)
    gold_size = Counter(gold.values())
    precision = sum(joint[(predicted[i], gold[i])] / pred_size[predicted[i]] for i in gold)
    recall = sum(joint[(predicted[i], gold[i])] / gold_size[gold[i]] for i in gold)
    return precision / len(gold), recall / len(gold)


def pairwise(predicted: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float]:
    """Pairwise (precision, recall) over unordered pairs of items put in one cluster."""
    _check_same_items(predicted, gold)

    def pairs(counts: Counter[Any]) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    both = pairs(Counter((predicted[i], gold[i]) for i in gold))
    pred_pairs = pairs(Counter(predicted[i] for i in gold))
    gold_pairs = pairs(Counter(gold.values()))
    return (
        both / pred_pairs if pred_pairs else 1.0,
        both / gold_pairs if gold_pairs else 1.0,
    )


def cheap_names(text: str) -> frozenset[str]:
    """Lower-cased capitalised tokens that do not open a sentence, acronyms and figures."""
    names: set[str] = set()
    previous_end = -1
    for match in _TOKEN.finditer(text):
        token = match.group().strip(".'’-")
        gap = text[max(previous_end, 0) : match.start()]
        opens = previous_end < 0 or bool(_SENTENCE_END.search(gap)) or "\n" in gap
        previous_end = match.end()
        if len(token) < 2 or token.lower() in _COMMON:
            continue
        if token[0].isdigit():  # figures tell look-alike events apart (23 or 26 pirates)
            names.add(token.replace(",", ""))
            continue
        acronym = token.isupper() and len(token) <= 6
        if acronym or (token[0].isupper() and not opens and not token.isupper()):
            names.add(token.lower())
    return frozenset(names)


def _lead(title: str, text: str) -> str:
    return " ".join([title.strip() + ".", " ".join(text.split()[:LEAD_WORDS])]).strip()


def _date(value: Any, source: str) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise InputError(source, f"date {value!r} is not ISO 8601", fix="use YYYY-MM-DD") from exc


def load_story_items(path: Path) -> list[StoryRow]:
    """Every article of a story file, AllSides roundups unpacked into their articles."""
    source = str(path)
    if not path.is_file():
        raise InputError(
            source,
            "story file not found",
            fix="give a JSONL file of articles with id, story_id, title, text (and date)",
        )
    rows: list[StoryRow] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            where = f"{source}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(where, f"not JSON ({exc.msg})", fix="one object a line") from exc
            if not isinstance(record, dict):
                raise InputError(where, "line is not a JSON object", fix="one object a line")
            if "news" in record:
                published = _date(record.get("date"), where)
                for side, news in sorted(record["news"].items()):
                    body = " ".join(news.get("newBody") or [])
                    text = _lead(news.get("newsTitle") or "", body)
                    item_id = f"{record['id']}:{side}"
                    rows.append(StoryRow(item_id, str(record["id"]), text, published, body))
                continue
            missing = [k for k in ("id", "story_id") if k not in record]
            if missing:
                raise InputError(
                    where,
                    f"article has no {', '.join(missing)}",
                    fix="give every line an id and a story_id (the gold story)",
                )
            body = str(record.get("text") or "")
            text = _lead(str(record.get("title") or ""), body)
            published = _date(record.get("date"), where)
            rows.append(StoryRow(str(record["id"]), str(record["story_id"]), text, published, body))
    if not rows:
        raise InputError(source, "story file holds no articles", fix="add JSONL lines")
    return rows


def build_items(rows: Sequence[StoryRow], *, cache: VectorCache | None = None) -> list[EvalItem]:
    vectors = embed([row.text for row in rows], cache=cache)
    return [
        EvalItem(row.item_id, row.story_id, vector, cheap_names(row.text), row.published)
        for row, vector in zip(rows, vectors, strict=True)
    ]


def score_items(
    dataset: str,
    items: Sequence[EvalItem],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    name_weight: float = DEFAULT_NAME_WEIGHT,
    core_penalty: float = DEFAULT_CORE_PENALTY,
    window: timedelta = DEFAULT_WINDOW,
) -> ClusteringScores:
    clusterer = OnlineClusterer(
        threshold=threshold, name_weight=name_weight, core_penalty=core_penalty, window=window
    )
    clusterer.add_all(items)
    predicted = {item.article_id: clusterer.story_of(item.article_id) for item in items}
    gold = {item.article_id: item.story_id for item in items}
    b_precision, b_recall = bcubed(predicted, gold)
    p_precision, p_recall = pairwise(predicted, gold)
    return ClusteringScores(
        dataset,
        len(items),
        len(set(gold.values())),
        len(set(predicted.values())),
        b_precision,
        b_recall,
        p_precision,
        p_recall,
        threshold,
    )


def evaluate_clustering(
    path: Path,
    *,
    threshold: float | None = None,
    name_weight: float | None = None,
    core_penalty: float | None = None,
    cache: VectorCache | None = None,
) -> ClusteringScores:
    """Cluster one story file online, in date order, and score it against its gold stories."""
    items = build_items(load_story_items(Path(path)), cache=cache)
    dataset = Path(path).name.split(".")[0]
    return score_items(
        dataset,
        items,
        threshold=DEFAULT_THRESHOLD if threshold is None else threshold,
        name_weight=DEFAULT_NAME_WEIGHT if name_weight is None else name_weight,
        core_penalty=DEFAULT_CORE_PENALTY if core_penalty is None else core_penalty,
    )
