"""``compare(articles)``: the whole comparison of one story, from articles to findings."""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime

from parallax.analysis.pipeline import analyze_many
from parallax.analysis.records import ANALYSIS_VERSION, Analysis
from parallax.comparison.align import Unit, align
from parallax.comparison.conflicts import date_conflicts, dedupe, statement_conflicts
from parallax.comparison.context import Context, build_context
from parallax.comparison.coverage import coverage
from parallax.comparison.framing import frame_article
from parallax.comparison.numbers import number_conflicts
from parallax.comparison.quotes import compare_quotes
from parallax.comparison.records import (
    ArticleFraming,
    Comparison,
    Evidence,
    Fact,
    outlet_name,
)
from parallax.embed import embed
from parallax.errors import ParallaxError
from parallax.models import Article, Span
from parallax.store.base import Store


def _analyses(articles: Sequence[Article], store: Store | None) -> list[Analysis]:
    known: dict[str, Analysis] = {}
    if store is not None:
        for a in articles:
            stored = store.analysis(a.id)
            if stored is not None and stored.version == ANALYSIS_VERSION:
                known[a.id] = stored
    missing = [a for a in articles if a.id not in known]
    if missing:
        fresh = analyze_many([(a.id, a.text, a.published, a.language) for a in missing])
        if store is not None:
            store.save_analyses(fresh)
        known.update((f.article_id, f) for f in fresh)
    return [known[a.id] for a in articles]


def _facts(
    ctx: Context, units: list[Unit], groups: list[list[int]]
) -> tuple[list[Fact], dict[int, str], dict[str, list[int]]]:
    raw = []
    for members in groups:
        members = sorted(members, key=lambda u: (units[u].index, units[u].start))
        outlets = tuple(sorted({ctx.readings[units[u].index].outlet for u in members}))
        earliest = min(units[u].order for u in members)
        raw.append((members, outlets, earliest))
    raw.sort(key=lambda r: (-len(r[1]), r[2], units[r[0][0]].index, units[r[0][0]].start))
    facts: list[Fact] = []
    fact_of: dict[int, str] = {}
    by_key: dict[str, list[int]] = {}
    for n, (members, outlets, _) in enumerate(raw, start=1):
        key = f"f{n}"
        evidence = tuple(
            ctx.readings[units[u].index].evidence(_span(units[u]), units[u].order) for u in members
        )
        facts.append(Fact(key, evidence, outlets))
        by_key[key] = members
        for u in members:
            fact_of[u] = key
    return facts, fact_of, by_key


def _span(unit: Unit) -> Span:
    return Span(unit.start, unit.end)


def _omissions(ctx: Context, facts: list[Fact]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Per outlet: facts that at least half of the other outlets (and at least two) carry
    and it does not."""
    outlets = sorted({r.outlet for r in ctx.readings})
    out = []
    for outlet in outlets:
        others = len(outlets) - 1
        need = max(2, math.ceil(others / 2))
        missing = tuple(f.key for f in facts if outlet not in f.outlets and len(f.outlets) >= need)
        if missing:
            out.append((outlet, missing))
    return tuple(out)


def _framing(
    ctx: Context, units: list[Unit], fact_of: dict[int, str], by_key: dict[str, list[int]]
) -> list[ArticleFraming]:
    results = []
    framed = {r.index: frame_article(r.article.id, r.outlet, r.article.text) for r in ctx.readings}
    loaded_units = {
        (u.index, i)
        for i, u in enumerate(units)
        for t in framed[u.index].terms
        if t.category in {"loaded", "subjective"} and u.start <= t.span.start < u.end
    }
    for r in ctx.readings:
        own = [i for i, u in enumerate(units) if u.index == r.index]
        terms = []
        for term in framed[r.index].terms:
            neutral: Evidence | None = None
            home = next((i for i in own if units[i].start <= term.span.start < units[i].end), None)
            if home is not None and term.category in {"loaded", "subjective"}:
                for other in by_key.get(fact_of[home], []):
                    unit = units[other]
                    if unit.index != r.index and (unit.index, other) not in loaded_units:
                        neutral = ctx.readings[unit.index].evidence(_span(unit), unit.order)
                        break
            terms.append(dataclasses.replace(term, neutral=neutral))
        results.append(dataclasses.replace(framed[r.index], terms=tuple(terms)))
    return results


def _order_key(article: Article) -> tuple[datetime, str]:
    return (article.published or datetime.max.replace(tzinfo=UTC), article.id)


def _copy_key(article: Article) -> tuple[str, datetime, str, str]:
    return (article.id, *_order_key(article)[:1], article.source or "", article.title or "")


def _labelled(articles: list[Article]) -> list[Article]:
    """Articles that would show under one name (two files called story.txt, two pieces of
    one outlet) get the start of their id added, so that every finding names its article."""
    names = Counter(outlet_name(a) for a in articles)
    return [
        dataclasses.replace(a, outlet=f"{outlet_name(a)} ({a.id[:6]})")
        if names[outlet_name(a)] > 1
        else a
        for a in articles
    ]


def compare(articles: Sequence[Article], *, store: Store | None = None) -> Comparison:
    """Compare the articles of one story: facts, conflicts, quotes, framing, coverage.

    The result does not depend on the order of ``articles``; an article given twice is
    compared once. With a ``store``, analyses and sentence vectors are read from it and
    what is computed is saved to it.
    """
    unique: dict[str, Article] = {}
    for article in sorted(articles, key=_copy_key):
        unique.setdefault(article.id, article)  # the same text twice: one, whatever the order
    if len(unique) < 1:
        raise ParallaxError("nothing to compare", fix="give one or more articles")
    ordered = _labelled(sorted(unique.values(), key=_order_key))
    ctx = build_context(ordered, _analyses(ordered, store))
    units = ctx.units()
    vectors = embed([ctx.unit_text(u) for u in units], cache=store)
    # the whole clause ("X said on Tuesday that ...") is embedded only where it differs
    cored = [i for i, u in enumerate(units) if u.core is not None]
    whole = vectors.copy()
    if cored:
        whole[cored] = embed([ctx.unit_text(units[i], core=False) for i in cored], cache=store)
    alignment = align(units, vectors, whole)
    facts, fact_of, by_key = _facts(ctx, units, alignment.groups)
    side_by_side, quote_conflicts = compare_quotes(ctx)
    conflicts = dedupe(
        [
            *number_conflicts(ctx, units, fact_of, lambda texts: embed(texts, cache=store)),
            *date_conflicts(ctx, units, by_key),
            *statement_conflicts(ctx, units, by_key),
            *quote_conflicts,
        ]
    )
    return Comparison(
        articles=tuple(ordered),
        facts=tuple(facts),
        conflicts=tuple(conflicts),
        quotes=tuple(side_by_side),
        framing=tuple(_framing(ctx, units, fact_of, by_key)),
        coverage=coverage(ordered),
        omissions=_omissions(ctx, facts),
    )
