"""Coverage: which outlets reported, in what order, and which reports are wire copies."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from parallax.comparison.records import Coverage, WireGroup, outlet_name
from parallax.models import Article
from parallax.stories.wire import wire_groups as copy_groups


def _when(article: Article) -> datetime:
    return article.published or datetime.max.replace(tzinfo=UTC)


def wire_groups(articles: Sequence[Article]) -> list[WireGroup]:
    """Groups of copies of one text (:func:`parallax.stories.wire.wire_groups`); the earliest
    published is the original."""
    order = list(dict.fromkeys(a.id for a in sorted(articles, key=lambda a: (_when(a), a.id))))
    groups = copy_groups({a.id: a.text for a in articles}, order=order)
    return [WireGroup(group[0], tuple(group[1:])) for group in groups]


def coverage(articles: Sequence[Article]) -> Coverage:
    ordered = sorted(articles, key=lambda a: (_when(a), a.id))
    outlets: list[str] = []
    for a in ordered:
        name = outlet_name(a)
        if name not in outlets:
            outlets.append(name)
    first = ordered[0].id if ordered and ordered[0].published else None
    if first is not None and any(
        a.published == ordered[0].published and outlet_name(a) != outlet_name(ordered[0])
        for a in ordered[1:]
    ):
        first = None  # two outlets published at the same time (often a date alone): no first
    return Coverage(tuple(outlets), first, tuple(wire_groups(articles)))
