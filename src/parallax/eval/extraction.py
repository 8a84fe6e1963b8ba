"""Main-text extraction quality on the article-extraction-benchmark layout.

``DATA/ground-truth*.json`` maps a page id to ``{"articleBody": ...}``; ``DATA/html/ID.html.gz``
holds the page. Scores follow the benchmark's own measure: per page, true/false positives and
negatives over shingles of 4 word tokens, normalised per page, then precision and recall are
averaged over pages and F1 is taken from the averages. A 4-character-shingle variant is
reported beside it.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from parallax.errors import InputError, ParallaxError
from parallax.ingest.build import build_article
from parallax.ingest.html import html_document
from parallax.ingest.registry import Source

_TOKEN = re.compile(r"\w+", re.UNICODE)
Extractor = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    f1: float
    pages: int


def _shingles(text: str, n: int, unit: str) -> Counter[tuple[str, ...] | str]:
    if unit == "chars":
        flat = " ".join(text.split())
        return Counter(flat[i : i + n] for i in range(max(1, len(flat) - n + 1)) if flat)
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def page_counts(true: str, pred: str, *, n: int = 4, unit: str = "tokens") -> tuple[float, ...]:
    t, p = _shingles(true, n, unit), _shingles(pred, n, unit)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def aggregate(counts: list[tuple[float, ...]]) -> Scores:
    def precision(tp: float, fp: float, fn: float) -> float:
        if fp == fn == 0:
            return 1.0
        return 0.0 if tp == fp == 0 else tp / (tp + fp)

    def recall(tp: float, fp: float, fn: float) -> float:
        if fp == fn == 0:
            return 1.0
        return 0.0 if tp == fn == 0 else tp / (tp + fn)

    p = statistics.mean(precision(*c) for c in counts if c[0] + c[1] > 0) if counts else 0.0
    r = statistics.mean(recall(*c) for c in counts if c[0] + c[2] > 0) if counts else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return Scores(p, r, f1, len(counts))


def load_pages(data: Path) -> Iterator[tuple[str, str, str]]:
    """(page id, html, true body) for every page of the benchmark folder."""
    truths = sorted(data.glob("ground-truth*.json"))
    if not truths or not (data / "html").is_dir():
        raise ParallaxError(
            f"{data} is not an article-extraction-benchmark folder",
            fix="give the folder holding ground-truth*.json and html/",
        )
    truth = json.loads(truths[0].read_text(encoding="utf-8"))
    for key in sorted(truth):
        page = data / "html" / f"{key}.html.gz"
        if page.is_file():
            with gzip.open(page, "rt", encoding="utf-8", errors="replace") as handle:
                yield key, handle.read(), truth[key].get("articleBody", "") or ""


def parallax_extract(html: str) -> str:
    try:
        return build_article(html_document(Source(label="page"), html)).text
    except InputError:
        return ""


def trafilatura_extract(html: str) -> str:
    return trafilatura.extract(html, include_comments=False) or ""


EXTRACTORS: dict[str, Extractor] = {
    "parallax": parallax_extract,
    "trafilatura": trafilatura_extract,
}


def evaluate(
    data: Path, *, on_page: Callable[[int, int], None] | None = None
) -> dict[str, dict[str, Scores]]:
    """Scores per extractor, for 4-token shingles (``tokens``) and 4-character ones."""
    pages = list(load_pages(data))
    counts: dict[str, dict[str, list[tuple[float, ...]]]] = {
        name: {"tokens": [], "chars": []} for name in EXTRACTORS
    }
    for done, (_, html, truth) in enumerate(pages, start=1):
        for name, extract in EXTRACTORS.items():
            pred = extract(html)
            for unit in ("tokens", "chars"):
                counts[name][unit].append(page_counts(truth, pred, unit=unit))
        if on_page:
            on_page(done, len(pages))
    return {
        name: {unit: aggregate(values) for unit, values in by_unit.items()}
        for name, by_unit in counts.items()
    }
