"""Who carries a story and each of its facts, by outlet, leaning and country; blindspots;
and when each fact first appeared and who picked it up later.

Pure functions over a :class:`~parallax.comparison.records.Comparison` (its articles and
facts), an outlet registry, and for a story, the outlets that could have covered it.

**Blindspot.** A fact (or story) is a blindspot of one side when

0. at least two outlets carry it (a fact; for a story, at least one: ``min_carriers``) -- a
   fact that one outlet alone carries is that outlet's unique fact, not a side's blindspot;
1. every outlet that carries it has a known leaning, all on one side, ``left`` or ``right``
   (``lean left`` counts as left, ``lean right`` as right; center, mixed and unknown
   leanings are on no side that can have a blindspot), and
2. at least one outlet that does *not* carry it has a known side other than that one (so
   at least two sides are known) and is *missing* it: for a fact, the outlet surely lacks
   it, as for "leaves out" (the fact's ``absent``: every sentence far from it, none of its
   names or numbers) -- an outlet that may tell the fact in other words is never counted
   as leaving it out.

Then the label says, for example, "only right-leaning outlets report this; left and center
outlets do not". A center-only fact is not a blindspot.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from parallax.comparison.records import Comparison, Fact
from parallax.models import Article
from parallax.outlets.describe import OutletInfo, describe, describe_name
from parallax.outlets.registry import OutletRegistry

SIDE_ORDER = ("left", "center", "right")
BLINDSPOT_SIDES = ("left", "right")
FACT_MIN_CARRIERS = 2  # outlets that must carry a fact for it to be a side's blindspot


@dataclass(frozen=True, slots=True)
class Blindspot:
    """Only outlets of ``side`` carry it; ``missing_sides`` have outlets that leave it out."""

    side: str
    missing_sides: tuple[str, ...]

    @property
    def label(self) -> str:
        others = " and ".join(self.missing_sides)
        return f"only {self.side}-leaning outlets report this; {others} outlets do not"

    def to_dict(self) -> dict[str, Any]:
        return {"side": self.side, "missing_sides": list(self.missing_sides), "label": self.label}


@dataclass(frozen=True, slots=True)
class OutletSpread:
    """Which outlets carry something and which do not, with their leanings and countries.

    Names are the registry's (or the given name, or the file stem as words). ``near`` are
    outlets that do not clearly carry it but come close; ``missing`` the others. ``leanings``
    and ``countries`` hold the known values only; ``unrated`` the outlets of no known side.
    """

    carrying: tuple[str, ...]
    missing: tuple[str, ...]
    near: tuple[str, ...] = ()
    sides_carrying: tuple[str, ...] = ()
    sides_missing: tuple[str, ...] = ()  # sides of missing outlets that no carrier has
    leanings_carrying: tuple[str, ...] = ()
    leanings_missing: tuple[str, ...] = ()
    countries_carrying: tuple[str, ...] = ()
    countries_missing: tuple[str, ...] = ()
    unrated: tuple[str, ...] = ()
    blindspot: Blindspot | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "carrying": list(self.carrying),
            "missing": list(self.missing),
            "near": list(self.near),
            "sides_carrying": list(self.sides_carrying),
            "sides_missing": list(self.sides_missing),
            "leanings_carrying": list(self.leanings_carrying),
            "leanings_missing": list(self.leanings_missing),
            "countries_carrying": list(self.countries_carrying),
            "countries_missing": list(self.countries_missing),
            "unrated": list(self.unrated),
            "blindspot": self.blindspot.to_dict() if self.blindspot else None,
        }


@dataclass(frozen=True, slots=True)
class FactSpread:
    key: str
    spread: OutletSpread

    def to_dict(self) -> dict[str, Any]:
        return {"fact": self.key, **self.spread.to_dict()}


@dataclass(frozen=True, slots=True)
class Sighting:
    """One outlet's first article carrying a fact, and how long after the first report."""

    outlet: str
    article_id: str
    published: datetime | None
    after: timedelta | None = None  # since the first report; None when either is undated

    def to_dict(self) -> dict[str, Any]:
        return {
            "outlet": self.outlet,
            "article_id": self.article_id,
            "published": self.published.isoformat() if self.published else None,
            "after_seconds": int(self.after.total_seconds()) if self.after is not None else None,
        }


@dataclass(frozen=True, slots=True)
class FactTimeline:
    """When a fact first appeared and where (``first``), then who picked it up (``pickups``,
    in order); ``undated`` outlets carry it in articles without a publication time."""

    key: str
    first: Sighting | None
    pickups: tuple[Sighting, ...]
    undated: tuple[Sighting, ...] = ()

    @property
    def sightings(self) -> tuple[Sighting, ...]:
        return ((self.first,) if self.first else ()) + self.pickups

    def to_dict(self) -> dict[str, Any]:
        return {
            "fact": self.key,
            "first": self.first.to_dict() if self.first else None,
            "pickups": [s.to_dict() for s in self.pickups],
            "undated": [s.to_dict() for s in self.undated],
        }


def _ordered(values: Iterable[str | None], order: Sequence[str] = ()) -> tuple[str, ...]:
    found = {v for v in values if v}
    rank = {v: i for i, v in enumerate(order)}
    return tuple(sorted(found, key=lambda v: (rank.get(v, len(rank)), v)))


def blindspot(
    carrying: Sequence[OutletInfo], missing: Sequence[OutletInfo], *, min_carriers: int = 1
) -> Blindspot | None:
    """The blindspot of something these outlets carry and those miss (module docstring)."""
    carrying = _unique(carrying)
    if len(carrying) < max(1, min_carriers) or any(info.side is None for info in carrying):
        return None
    sides = {info.side for info in carrying}
    if len(sides) != 1:
        return None
    side = next(iter(sides))
    if side not in BLINDSPOT_SIDES:
        return None
    others = _ordered((i.side for i in missing if i.side and i.side != side), SIDE_ORDER)
    return Blindspot(side, others) if others else None


def spread(
    carrying: Sequence[OutletInfo],
    missing: Sequence[OutletInfo],
    near: Sequence[OutletInfo] = (),
    *,
    min_carriers: int = 1,
    lacking: Sequence[OutletInfo] | None = None,
) -> OutletSpread:
    """The spread of something over outlets: ``carrying`` it, ``missing`` it, ``near`` it;
    a blindspot needs ``min_carriers`` outlets carrying it, and is said of the outlets
    ``lacking`` it when given (those surely without it) rather than of all that miss it."""
    have = {i.name for i in carrying}
    carrying = _unique(carrying)
    near = [i for i in _unique(near) if i.name not in have]
    close = have | {i.name for i in near}
    missing = [i for i in _unique(missing) if i.name not in close]
    sides_in = _ordered((i.side for i in carrying), SIDE_ORDER)
    return OutletSpread(
        carrying=tuple(i.name for i in carrying),
        missing=tuple(i.name for i in missing),
        near=tuple(i.name for i in near),
        sides_carrying=sides_in,
        sides_missing=tuple(
            s for s in _ordered((i.side for i in missing), SIDE_ORDER) if s not in sides_in
        ),
        leanings_carrying=_ordered(i.leaning for i in carrying),
        leanings_missing=_ordered(i.leaning for i in missing),
        countries_carrying=_ordered(i.country for i in carrying),
        countries_missing=_ordered(i.country for i in missing),
        unrated=tuple(i.name for i in (*carrying, *missing, *near) if i.side is None),
        blindspot=blindspot(
            carrying,
            missing
            if lacking is None
            else [i for i in missing if i.name in {x.name for x in lacking}],
            min_carriers=min_carriers,
        ),
    )


def _unique(infos: Iterable[OutletInfo]) -> list[OutletInfo]:
    seen: dict[str, OutletInfo] = {}
    for info in infos:
        seen.setdefault(info.name, info)
    return sorted(seen.values(), key=lambda i: i.name.casefold())


class _Outlets:
    """The outlets of a comparison, by the labels its facts use and by article id."""

    def __init__(self, comparison: Comparison, registry: OutletRegistry) -> None:
        self.comparison = comparison
        self.by_article: dict[str, OutletInfo] = {}
        self.by_label: dict[str, OutletInfo] = {}
        for article in comparison.articles:
            info = describe(article, registry)
            self.by_article[article.id] = info
            self.by_label.setdefault(comparison.outlet_of(article.id), info)
        self.registry = registry

    def label(self, name: str) -> OutletInfo:
        return self.by_label.get(name) or describe_name(name, self.registry)

    @property
    def all(self) -> list[OutletInfo]:
        return _unique(self.by_article.values())


def fact_spread(fact: Fact, comparison: Comparison, registry: OutletRegistry) -> FactSpread:
    """Which outlets of the comparison carry ``fact``, which come near it, which miss it."""
    return _fact_spread(fact, _Outlets(comparison, registry))


def _fact_spread(fact: Fact, outlets: _Outlets) -> FactSpread:
    carrying = [outlets.label(o) for o in fact.outlets]
    near = [
        outlets.by_article[e.article_id] for e in fact.near if e.article_id in outlets.by_article
    ]
    # a side "does not report" a fact only where its outlets surely lack it (the bar of
    # "leaves out"): not merely where no sentence was paired with it
    lacking = [outlets.label(o) for o in fact.absent]
    return FactSpread(
        fact.key,
        spread(carrying, outlets.all, near, min_carriers=FACT_MIN_CARRIERS, lacking=lacking),
    )


def fact_spreads(comparison: Comparison, registry: OutletRegistry) -> tuple[FactSpread, ...]:
    """The spread of every fact, in the comparison's order."""
    outlets = _Outlets(comparison, registry)
    return tuple(_fact_spread(f, outlets) for f in comparison.facts)


def blindspots(comparison: Comparison, registry: OutletRegistry) -> tuple[FactSpread, ...]:
    """The facts that are blindspots of one side, most salient first."""
    salience = {f.key: f.salience for f in comparison.facts}
    found = [s for s in fact_spreads(comparison, registry) if s.spread.blindspot]
    return tuple(sorted(found, key=lambda s: -salience.get(s.key, 0.0)))


def story_spread(
    articles: Sequence[Article],
    registry: OutletRegistry,
    *,
    universe: Iterable[str] = (),
    min_carriers: int = 1,
) -> OutletSpread:
    """Which outlets carry a story (its ``articles``) and which of ``universe`` (the names of
    outlets that could have: those of the store, of the period, of a watch list) do not."""
    carrying = [describe(a, registry) for a in articles]
    missing = [describe_name(name, registry) for name in universe]
    return spread(carrying, missing, min_carriers=min_carriers)


def fact_timeline(
    fact: Fact, articles: Sequence[Article], *, names: Mapping[str, str] | None = None
) -> FactTimeline:
    """When ``fact`` first appeared (the earliest published article carrying it) and when
    each other outlet picked it up; each outlet counted once, at its earliest article.
    ``names`` gives each article's outlet name (article id -> name); by default the
    article's own outlet field."""
    by_id = {a.id: a for a in articles}
    earliest: dict[str, Sighting] = {}
    undated: dict[str, Sighting] = {}
    for evidence in fact.evidence:
        article = by_id.get(evidence.article_id)
        if article is None:
            continue
        name = (names or {}).get(article.id) or article.outlet or f"article {article.id[:8]}"
        sighting = Sighting(name, article.id, article.published)
        if article.published is None:
            undated.setdefault(name, sighting)
            continue
        known = earliest.get(name)
        if known is None or article.published < (known.published or article.published):
            earliest[name] = sighting
    dated = sorted(earliest.values(), key=lambda s: (s.published, s.outlet))
    undated = {k: v for k, v in undated.items() if k not in earliest}
    if not dated:
        return FactTimeline(fact.key, None, (), tuple(undated[k] for k in sorted(undated)))
    first = dated[0]
    start = first.published
    assert start is not None
    pickups = tuple(
        Sighting(s.outlet, s.article_id, s.published, (s.published or start) - start)
        for s in dated[1:]
    )
    return FactTimeline(
        fact.key,
        Sighting(first.outlet, first.article_id, start, timedelta(0)),
        pickups,
        tuple(undated[k] for k in sorted(undated)),
    )


def fact_timelines(comparison: Comparison, registry: OutletRegistry) -> tuple[FactTimeline, ...]:
    """The timeline of every fact, in the comparison's order (outlets as the registry
    names them); a fact whose sentences only come close (not ``sure``) was not surely picked
    up by the others and has none."""
    names = {i: info.name for i, info in _Outlets(comparison, registry).by_article.items()}
    return tuple(
        fact_timeline(f, comparison.articles, names=names) for f in comparison.facts if f.sure
    )
