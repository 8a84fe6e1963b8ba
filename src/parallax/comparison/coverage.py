"""Coverage: which outlets reported, in what order, and which reports are wire copies."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime

from parallax.comparison.records import Coverage, WireGroup, outlet_name
from parallax.models import Article

SHINGLE = 5
COPY_CONTAINMENT = 0.7  # share of the shorter text's 5-word shingles found in the other


def shingles(text: str, n: int = SHINGLE) -> frozenset[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return frozenset(tuple(words[i : i + n]) for i in range(max(0, len(words) - n + 1)))


def containment(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _when(article: Article) -> datetime:
    return article.published or datetime.max.replace(tzinfo=UTC)


def wire_groups(articles: Sequence[Article]) -> list[WireGroup]:
    """Groups of near-identical texts; the earliest published is the original."""
    ordered = sorted(articles, key=lambda a: (_when(a), a.id))
    sets = [shingles(a.text) for a in ordered]
    owner: dict[int, int] = {}
    for i in range(len(ordered)):
        if i in owner:
            continue
        for j in range(i + 1, len(ordered)):
            if j not in owner and containment(sets[i], sets[j]) >= COPY_CONTAINMENT:
                owner[j] = i
    groups: dict[int, list[str]] = {}
    for copy, original in owner.items():
        groups.setdefault(original, []).append(ordered[copy].id)
    return [WireGroup(ordered[i].id, tuple(copies)) for i, copies in sorted(groups.items())]


def coverage(articles: Sequence[Article]) -> Coverage:
    ordered = sorted(articles, key=lambda a: (_when(a), a.id))
    outlets: list[str] = []
    for a in ordered:
        name = outlet_name(a)
        if name not in outlets:
            outlets.append(name)
    first = ordered[0].id if ordered and ordered[0].published else None
    return Coverage(tuple(outlets), first, tuple(wire_groups(articles)))
