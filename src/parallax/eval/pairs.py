"""Same-story score against human judgements: SemEval-2022 Task 8 (multilingual news pairs).

Each JSONL line holds a pair of articles (``text1``/``text2``, their languages ``lang1``/
``lang2``, optional ``title1``/``title2`` and ``published1``/``published2``) and the human
``Overall`` similarity from 1 (the same story) to 4 (unrelated). A text whose title is not
given starts with it, as in the SemEval files: the part before the first double space, when
that is short, is taken as the title.

The score's scale is the opposite of the human one (1 means the same story for Parallax), so
the Pearson correlation is reported against ``5 - Overall``: a positive ``r`` means that the
score agrees with the annotators. It is given over all pairs, over English-English pairs and
for each pair of languages.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from parallax.embed import VectorCache
from parallax.errors import InputError, ParallaxError
from parallax.models import Article
from parallax.stories.features import features_of
from parallax.stories.score import same_story

TITLE_CHARS = 250


@dataclass(frozen=True, slots=True)
class Pair:
    pair_id: str
    first: Article
    second: Article
    overall: float  # human: 1 = the same story .. 4 = unrelated


@dataclass(frozen=True, slots=True)
class PairScores:
    """Pearson r of the score with ``5 - Overall`` (positive = agreement), and counts."""

    pearson: float
    pearson_en: float
    pairs: int
    pairs_en: int
    scores: tuple[float, ...] = ()
    by_languages: tuple[tuple[str, int, float], ...] = ()  # ("de-en", pairs, r), most first

    def to_dict(self) -> dict[str, Any]:
        return {
            "pearson": self.pearson,
            "pearson_en": self.pearson_en,
            "pairs": self.pairs,
            "pairs_en": self.pairs_en,
            "by_languages": [
                {"languages": key, "pairs": n, "pearson": r} for key, n, r in self.by_languages
            ],
        }


def language_pair(pair: Pair) -> str:
    """The two languages of a pair, sorted and joined ("de-en"); "?" for an unknown one."""
    return "-".join(sorted((pair.first.language or "?", pair.second.language or "?")))


def _split_title(text: str) -> tuple[str | None, str]:
    head, sep, _ = text.partition("  ")
    if sep and 0 < len(head.strip()) <= TITLE_CHARS:
        return head.strip(), text
    return None, text


def _published(value: Any, source: str) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        dt = datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise InputError(source, f"published {value!r} is not an ISO 8601 date") from exc
    if dt.tzinfo is None:
        raise InputError(source, f"published {value!r} has no time zone", fix="add +00:00")
    return dt


def _article(row: dict[str, Any], n: int, source: str) -> Article:
    text = row.get(f"text{n}")
    if not isinstance(text, str) or not text.strip():
        raise InputError(source, f"text{n} is missing or empty")
    title = row.get(f"title{n}")
    if not isinstance(title, str) or not title.strip():
        title, text = _split_title(text)
    language = row.get(f"lang{n}")
    return Article.create(
        text,
        title=title,
        language=str(language) if language else None,
        published=_published(row.get(f"published{n}"), source),
    )


def load_pairs(path: Path) -> list[Pair]:
    """The pairs of a SemEval-2022 Task 8 JSONL file."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise InputError(
            str(path), "no such file", fix="give the path of a pairs JSONL file"
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot be read: {exc}") from exc
    pairs: list[Pair] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        source = f"{path}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(source, f"not JSON: {exc.msg}") from exc
        if not isinstance(row, dict):
            raise InputError(source, "a line must be a JSON object")
        try:
            overall = float(row["Overall"])
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(source, "Overall (1 to 4) is missing or not a number") from exc
        if not 1 <= overall <= 4 or math.isnan(overall):
            raise InputError(source, f"Overall {overall} lies outside 1 to 4")
        pairs.append(
            Pair(
                pair_id=str(row.get("pair_id", number)),
                first=_article(row, 1, source),
                second=_article(row, 2, source),
                overall=overall,
            )
        )
    if not pairs:
        raise InputError(str(path), "holds no pairs")
    return pairs


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Pearson r, NaN when there are fewer than two points or one side is constant."""
    if len(xs) < 2:
        return math.nan
    x = np.asarray(xs, dtype=np.float64)
    y = np.asarray(ys, dtype=np.float64)
    if x.std() == 0 or y.std() == 0:
        return math.nan
    return float(np.corrcoef(x, y)[0, 1])


def evaluate_pairs(path: Path, *, cache: VectorCache | None = None) -> PairScores:
    """Score every pair of ``path`` and correlate with the human judgement."""
    pairs = load_pairs(path)
    articles = [a for p in pairs for a in (p.first, p.second)]
    try:
        features = features_of(articles, cache=cache)
    except ParallaxError as exc:
        raise InputError(str(path), exc.problem, fix=exc.fix) from exc
    scores = [same_story(features[2 * i], features[2 * i + 1]).value for i in range(len(pairs))]
    agreement = [5.0 - p.overall for p in pairs]
    english = [
        i for i, p in enumerate(pairs) if p.first.language == "en" and p.second.language == "en"
    ]
    groups: dict[str, list[int]] = {}
    for i, pair in enumerate(pairs):
        groups.setdefault(language_pair(pair), []).append(i)
    by_languages = tuple(
        (key, len(ix), pearson([scores[i] for i in ix], [agreement[i] for i in ix]))
        for key, ix in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    )
    return PairScores(
        pearson=pearson(scores, agreement),
        pearson_en=pearson([scores[i] for i in english], [agreement[i] for i in english]),
        pairs=len(pairs),
        pairs_en=len(english),
        scores=tuple(scores),
        by_languages=by_languages,
    )
