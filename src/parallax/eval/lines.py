"""Line-level quality of the boilerplate filter on lines labelled from the extraction benchmark.

Each page of the benchmark is turned into text lines two ways: what trafilatura keeps when it
favours recall (``extracted``: the leftovers the filter exists for) and the whole visible text
of the page (``page``). A line is labelled *article* when at least 80% of its word 4-shingles
(or, for short lines, its whole word sequence) occur in the true article body, *furniture*
when at most 20% do; lines in between are left out as ambiguous. Positive = furniture:
precision is the share of removed lines that were furniture, recall the share of furniture
lines removed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from parallax.clean.normalize import normalize_text
from parallax.clean.pipeline import decide_lines
from parallax.eval.extraction import load_pages
from parallax.ingest.html import page_text

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class LineScores:
    lines: int
    furniture: int
    true_positive: int
    false_positive: int
    false_negative: int

    @property
    def precision(self) -> float:
        removed = self.true_positive + self.false_positive
        return self.true_positive / removed if removed else 1.0

    @property
    def recall(self) -> float:
        return self.true_positive / self.furniture if self.furniture else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def article_lines_kept(self) -> float:
        article = self.lines - self.furniture
        return (article - self.false_positive) / article if article else 1.0


@dataclass(frozen=True, slots=True)
class Truth:
    tokens: str
    shingles: frozenset[tuple[str, ...]]
    lines: frozenset[str]

    @classmethod
    def of(cls, body: str) -> Truth:
        tokens = [t.lower() for t in _TOKEN.findall(body)]
        return cls(
            tokens=f" {' '.join(tokens)} ",
            shingles=frozenset(tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3)),
            lines=frozenset(_norm(line) for line in body.splitlines() if line.strip()),
        )


def _norm(line: str) -> str:
    return " ".join(t.lower() for t in _TOKEN.findall(line))


def label_line(line: str, truth: Truth) -> bool | None:
    """True for an article line, False for furniture, None when it cannot be told.

    A short line (under 4 words) is article only when it is a whole line of the true body
    (a subheading), furniture when its words do not occur there at all.
    """
    tokens = [t.lower() for t in _TOKEN.findall(line)]
    if not tokens:
        return None
    if len(tokens) < 4:
        if " ".join(tokens) in truth.lines:
            return True
        return None if f" {' '.join(tokens)} " in truth.tokens else False
    shingles = [tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3)]
    share = sum(s in truth.shingles for s in shingles) / len(shingles)
    if share >= 0.8:
        return True
    if share <= 0.2:
        return False
    return None


def _extracted_lines(html: str) -> list[str]:
    text = trafilatura.extract(html, favor_recall=True, include_comments=True) or ""
    return normalize_text(text).split("\n")


def _page_lines(html: str) -> list[str]:
    return normalize_text(page_text(html)).split("\n")


SOURCES: dict[str, Callable[[str], list[str]]] = {
    "extracted": _extracted_lines,
    "page": _page_lines,
}


def evaluate_lines(
    data: Path, *, on_page: Callable[[int, int], None] | None = None
) -> dict[str, LineScores]:
    pages = list(load_pages(data))
    tallies = {name: [0, 0, 0, 0, 0] for name in SOURCES}
    for done, (_, html, truth) in enumerate(pages, start=1):
        labels = Truth.of(truth)
        for name, make_lines in SOURCES.items():
            lines = [line for line in make_lines(html) if line.strip()]
            decisions = decide_lines(lines, find_title=False)
            tally = tallies[name]
            for line, reason in zip(lines, decisions.reasons, strict=True):
                label = label_line(line, labels)
                if label is None:
                    continue
                removed = reason is not None
                tally[0] += 1
                tally[1] += not label
                tally[2] += removed and not label
                tally[3] += removed and label
                tally[4] += (not removed) and not label
        if on_page:
            on_page(done, len(pages))
    return {name: LineScores(*t) for name, t in tallies.items()}
