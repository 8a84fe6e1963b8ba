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
    by_id = {a.id: a for a in articles}
    found = []
    for group in copy_groups({a.id: a.text for a in articles}):
        ordered = sorted((by_id[i] for i in group), key=lambda a: (_when(a), a.id))
        found.append(WireGroup(ordered[0].id, tuple(a.id for a in ordered[1:])))
    return sorted(found, key=lambda g: (_when(by_id[g.original]), g.original))


def coverage(articles: Sequence[Article]) -> Coverage:
    ordered = sorted(articles, key=lambda a: (_when(a), a.id))
    outlets: list[str] = []
    for a in ordered:
        name = outlet_name(a)
        if name not in outlets:
            outlets.append(name)
    first = ordered[0].id if ordered and ordered[0].published else None
    return Coverage(tuple(outlets), first, tuple(wire_groups(articles)))
