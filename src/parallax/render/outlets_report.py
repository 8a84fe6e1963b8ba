"""The outlets part of a report: who covers the story (country, leaning), which facts only one
side carries (blindspots), and when each shared fact first appeared and who picked it up.

Three renderings of the same findings, to be placed in the JSON, Markdown and HTML reports
and the web story page: :func:`outlets_dict`, :func:`outlets_markdown`,
:func:`outlets_section` (HTML, with the inline SVG timeline; no script, no asset).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from parallax.comparison.coverage_outlets import (
    FactSpread,
    FactTimeline,
    blindspots,
    fact_spreads,
    fact_timelines,
    story_spread,
)
from parallax.comparison.records import Comparison, Fact
from parallax.outlets.describe import OutletInfo, describe
from parallax.outlets.registry import OutletRegistry
from parallax.render.html import e
from parallax.render.markdown import md_escape
from parallax.render.timeline_svg import LEGEND, delay_text, timeline_svg

# said only of the facts Parallax matched surely: a fact one side tells in words it could not
# match is not checked, and readers took the line for "no side leaves anything out"
NO_BLINDSPOT = (
    "None found among the facts Parallax matched surely: no fact one side’s outlets share is"
    " surely missing from the other side’s. Facts it could not match across outlets are not"
    " checked."
)

TIMELINE_FACTS = 10
FACT_WORDS = 12


def _outlets(comparison: Comparison, registry: OutletRegistry) -> list[tuple[OutletInfo, int]]:
    """Each outlet of the comparison once, in order of first publication, with its articles."""
    found: dict[str, tuple[OutletInfo, int]] = {}
    dated = sorted(
        comparison.articles,
        key=lambda a: (a.published is None, a.published.timestamp() if a.published else 0.0),
    )
    for article in dated:
        info = describe(article, registry)
        known, count = found.get(info.name, (info, 0))
        found[info.name] = (known, count + 1)
    return list(found.values())


def _fact_words(comparison: Comparison, fact: Fact) -> str:
    if not fact.evidence:
        return fact.key
    words = comparison.text_of(fact.evidence[0]).split()
    text = " ".join(words[:FACT_WORDS])
    return text + (" …" if len(words) > FACT_WORDS else "")


def _timeline_facts(comparison: Comparison) -> list[Fact]:
    shared = list(comparison.shared) or sorted(comparison.facts, key=lambda f: -f.salience)
    return shared[:TIMELINE_FACTS]


def _timelines(comparison: Comparison, registry: OutletRegistry) -> list[FactTimeline]:
    keys = [f.key for f in _timeline_facts(comparison)]
    by_key = {t.key: t for t in fact_timelines(comparison, registry)}
    return [by_key[k] for k in keys if k in by_key]


def outlets_dict(
    comparison: Comparison, registry: OutletRegistry, *, universe: Iterable[str] = ()
) -> dict[str, Any]:
    """The JSON form: outlets, the story's spread (against ``universe``, the outlets that
    could have covered it), every fact's spread, the blindspots and the fact timelines."""
    return {
        "outlets": [
            {**info.to_dict(), "articles": count} for info, count in _outlets(comparison, registry)
        ],
        "story": story_spread(comparison.articles, registry, universe=universe).to_dict(),
        "facts": [s.to_dict() for s in fact_spreads(comparison, registry)],
        "blindspots": [s.to_dict() for s in blindspots(comparison, registry)],
        "timelines": [t.to_dict() for t in fact_timelines(comparison, registry)],
    }


def _blindspot_items(
    comparison: Comparison, found: Iterable[FactSpread]
) -> list[tuple[str, str, FactSpread]]:
    facts = {f.key: f for f in comparison.facts}
    return [
        (
            s.spread.blindspot.label if s.spread.blindspot else "",
            _fact_words(comparison, facts[s.key]),
            s,
        )
        for s in found
        if s.key in facts
    ]


def outlets_markdown(comparison: Comparison, registry: OutletRegistry) -> str:
    """The Markdown section: an outlet table, the blindspots, the timelines as text."""
    lines = ["## Outlets", "", "| outlet | country | leaning | articles |", "|---|---|---|---|"]
    for info, count in _outlets(comparison, registry):
        name = info.name if info.known else f"{info.name} (unknown outlet)"
        country, leaning = md_escape(info.country or ""), md_escape(info.leaning or "")
        lines.append(f"| {md_escape(name)} | {country} | {leaning} | {count} |")
    items = _blindspot_items(comparison, blindspots(comparison, registry))
    lines += ["", "### Blindspots", ""]
    if items:
        for label, words, s in items:
            carrying = md_escape(", ".join(s.spread.carrying))
            missing = md_escape(", ".join(s.spread.missing))
            lines.append(
                f"- *{md_escape(words)}*: {md_escape(label)} (carried by {carrying}; "
                f"not by {missing})"
            )
    else:
        lines.append(NO_BLINDSPOT)
    lines += ["", "### Timeline", ""]
    facts = {f.key: f for f in comparison.facts}
    for timeline in _timelines(comparison, registry):
        if timeline.first is None:
            continue
        stamp = timeline.first.published.isoformat() if timeline.first.published else ""
        lines.append(
            f"- *{md_escape(_fact_words(comparison, facts[timeline.key]))}*: "
            f"{md_escape(order_text(timeline, stamp))}"
        )
    return "\n".join(lines) + "\n"


def order_text(timeline: FactTimeline, stamp: str = "") -> str:
    """Who carried a fact first and who after: "first Fox News (stamp), then HuffPost +2 h";
    outlets published at the same time are named together, never one of them first."""
    first = timeline.first
    assert first is not None
    tied = [s for s in timeline.pickups if s.after is not None and s.after.total_seconds() <= 0]
    later = [s for s in timeline.pickups if s not in tied]
    when = f" ({stamp})" if stamp else ""
    if tied:
        names = ", ".join(sorted([first.outlet, *(s.outlet for s in tied)]))
        text = f"{names} at the same time{when}"
    else:
        text = f"first {first.outlet}{when}"
    if later:
        text += ", then " + ", ".join(f"{s.outlet} {delay_text(s.after)}" for s in later)
    return text


def outlets_lines(comparison: Comparison, registry: OutletRegistry) -> list[str]:
    """The plain-text section for the terminal report: each outlet with its country and
    leaning, the blindspots, and when each fact first appeared."""
    lines = []
    for info, count in _outlets(comparison, registry):
        name = info.name if info.known else f"{info.name} (unknown outlet)"
        known = ", ".join(x for x in (info.country, info.leaning) if x)
        lines.append(f"{name}{f' ({known})' if known else ''}: {count} article(s)")
    for label, words, s in _blindspot_items(comparison, blindspots(comparison, registry)):
        lines.append(
            f"Blindspot, {label}: “{words}” carried by {', '.join(s.spread.carrying)}; "
            f"not by {', '.join(s.spread.missing)}"
        )
    facts = {f.key: f for f in comparison.facts}
    for timeline in _timelines(comparison, registry):
        if timeline.first is None or not timeline.pickups:
            continue
        lines.append(f"“{_fact_words(comparison, facts[timeline.key])}”: {order_text(timeline)}")
    return lines


def outlets_section(comparison: Comparison, registry: OutletRegistry) -> str:
    """The HTML section (``<section id="outlets">``) for the report and the story page."""
    rows = "".join(
        f"<tr><td>{e(info.name)}"
        + ("" if info.known else ' <span class="meta">(unknown outlet)</span>')
        + f"</td><td>{e(info.country or '')}</td><td>{e(info.leaning or '')}</td>"
        f'<td class="count">{count}</td></tr>'
        for info, count in _outlets(comparison, registry)
    )
    table = (
        "<table><thead><tr><th>Outlet</th><th>Country</th><th>Leaning</th><th>Articles</th>"
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )
    items = _blindspot_items(comparison, blindspots(comparison, registry))
    spots = (
        '<ul class="findings">'
        + "".join(
            f'<li><q>{e(words)}</q> <span class="badge">{e(label)}</span>'
            f'<div class="meta">carried by {e(", ".join(s.spread.carrying))}; not by '
            f"{e(', '.join(s.spread.missing))}</div></li>"
            for label, words, s in items
        )
        + "</ul>"
        if items
        else f'<p class="meta">{NO_BLINDSPOT}</p>'
    )
    facts = {f.key: f for f in comparison.facts}
    timelines = _timelines(comparison, registry)
    sides = {info.name: info.side or "" for info, _ in _outlets(comparison, registry)}
    chart = timeline_svg(
        timelines,
        labels={t.key: _fact_words(comparison, facts[t.key]) for t in timelines},
        sides=sides,
    )
    chart_part = (
        f'{chart}<p class="meta">{e(LEGEND)}</p>'
        if chart
        else '<p class="meta">No fact carries a publication time.</p>'
    )
    return (
        '<section id="outlets"><h3>Outlets, blindspots and timeline</h3>'
        f"{table}<h4>Blindspots</h4>{spots}<h4>When each fact appeared</h4>{chart_part}"
        "</section>"
    )
