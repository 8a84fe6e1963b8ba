"""The outlets part of a report (JSON, Markdown, HTML with the SVG timeline) on an invented
comparison, and blindspots and timelines of a real comparison of the demo corpus's port
strike (analysed, from a real SQLite store) with a user registry that rates its outlets."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree

from parallax.comparison.coverage_outlets import blindspots, fact_timelines
from parallax.comparison.records import Comparison, Coverage, Evidence, Fact
from parallax.models import Article, Span
from parallax.outlets import bundled_registry, load_registry
from parallax.render.outlets_report import (
    NO_BLINDSPOT,
    outlets_dict,
    outlets_markdown,
    outlets_section,
)
from parallax.store import SQLiteStore

T0 = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
SENTENCE = "The harbour board agreed a new shift pattern | on Sunday."


def _article(outlet: str | None, hours: int, source: str) -> Article:
    return Article.create(
        f"{SENTENCE} Reported by {source}.",
        outlet=outlet,
        published=T0 + timedelta(hours=hours),
        source=source,
    )


def _comparison() -> Comparison:
    fox = _article("Fox News", 0, "a.txt")
    breitbart = _article("Breitbart News", 3, "b.txt")
    nyt = _article("New York Times", 5, "c.txt")
    stem = _article(None, 8, "news/harbour_ledger.txt")  # no outlet: shown by its stem

    def ev(a: Article) -> Evidence:
        return Evidence(a.id, Span(0, len(SENTENCE)))

    right = Fact(
        "f-right",
        (ev(fox), ev(breitbart)),
        ("Breitbart News", "Fox News"),
        0.9,
        absent=("New York Times", "harbour_ledger"),
    )
    shared = Fact(
        "f-all",
        (ev(nyt), ev(fox), ev(stem)),
        ("Fox News", "New York Times", "harbour_ledger"),
        0.5,
    )
    return Comparison(
        articles=(fox, breitbart, nyt, stem),
        facts=(shared, right),
        conflicts=(),
        quotes=(),
        framing=(),
        coverage=Coverage(outlets=(), first=None, wire_groups=()),
    )


def test_outlets_dict() -> None:
    data = outlets_dict(_comparison(), bundled_registry(), universe=["CNN"])
    names = [o["name"] for o in data["outlets"]]
    assert names == ["Fox News", "Breitbart News", "New York Times", "Harbour Ledger"]
    assert data["outlets"][0]["leaning"] == "right" and data["outlets"][3]["known"] is False
    assert data["story"]["missing"] == ["CNN"] and data["story"]["blindspot"] is None
    assert [b["fact"] for b in data["blindspots"]] == ["f-right"]
    timeline = next(t for t in data["timelines"] if t["fact"] == "f-all")
    assert timeline["first"]["outlet"] == "Fox News"
    assert [p["outlet"] for p in timeline["pickups"]] == ["New York Times", "Harbour Ledger"]


def test_outlets_markdown() -> None:
    text = outlets_markdown(_comparison(), bundled_registry())
    assert "| Fox News | US | right | 1 |" in text
    assert "| Harbour Ledger (unknown outlet) |  |  | 1 |" in text
    assert "harbour_ledger" not in text and "harbour\\_ledger" not in text
    assert "only right-leaning outlets report this; left outlets do not" in text
    assert "shift pattern \\| on Sunday" in text  # a | in a fact cannot break the table
    assert "first Fox News (2026-03-04T09:00:00+00:00), then New York Times +5 h" in text


def test_outlets_section_html() -> None:
    html = outlets_section(_comparison(), bundled_registry())
    assert html.startswith('<section id="outlets">') and html.endswith("</section>")
    assert 'Harbour Ledger <span class="meta">(unknown outlet)</span>' in html
    assert "only right-leaning outlets report this" in html
    svg = re.search(r"<svg.*</svg>", html, re.S)
    assert svg is not None
    root = ElementTree.fromstring(svg.group(0))
    assert len(root.findall("{http://www.w3.org/2000/svg}circle")) == 5  # 3 + 2 outlets
    assert "<script" not in html and "http://" not in html.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )


def test_no_blindspot_is_said_only_of_facts_matched_surely() -> None:
    # the right-only fact with no outlet surely lacking it (Parallax could not tell whether
    # the others say it in other words): no blindspot, and the report says what it checked,
    # not that no side leaves anything out
    base = _comparison()
    unsure = tuple(dataclasses.replace(f, absent=()) for f in base.facts)
    comparison = dataclasses.replace(base, facts=unsure)
    assert blindspots(comparison, bundled_registry()) == ()
    text = outlets_markdown(comparison, bundled_registry())
    after = text[text.index("### Blindspots") : text.index("### Timeline")]
    assert NO_BLINDSPOT in after and "only right-leaning outlets" not in after
    assert "among the facts Parallax matched surely" in NO_BLINDSPOT
    assert f'<p class="meta">{NO_BLINDSPOT}</p>' in outlets_section(comparison, bundled_registry())
    # and with the outlets that surely lack it, the blindspot is back
    assert "only right-leaning outlets report this" in outlets_markdown(base, bundled_registry())


def test_blindspots_and_timelines_of_a_real_comparison(_web_demo_db: Path, tmp_path: Path) -> None:
    """In the demo's port strike, Meridian Wire's wire story is republished by Coastline
    Today: rated right, the two carry facts the other outlets, rated left and center, leave
    out; those facts are right blindspots, and nothing else is."""
    from parallax.comparison.build import compare

    ratings = tmp_path / "outlets.toml"
    ratings.write_text(
        '[[outlet]]\nname = "Meridian Wire"\nleaning = "right"\n'
        '[[outlet]]\nname = "Coastline Today"\nleaning = "lean right"\n'
        '[[outlet]]\nname = "The Arvenian Standard"\nleaning = "left"\n'
        '[[outlet]]\nname = "The Harbour Ledger"\nleaning = "lean left"\n'
        '[[outlet]]\nname = "The Daily Clarion"\nleaning = "center"\n',
        encoding="utf-8",
    )
    registry = load_registry(ratings)
    with SQLiteStore(_web_demo_db) as store:
        wire = next(
            a
            for a in store.articles()
            if (a.source or "").endswith("port-strike-meridian-wire.txt")
        )
        story = next(s for s in store.stories() if wire.id in s["article_ids"])
        comparison = compare([store.get(a) for a in story["article_ids"]], store=store)
    found = blindspots(comparison, registry)
    assert found, "the wire copy's own facts should be a right blindspot"
    for spread in found:
        assert set(spread.spread.carrying) == {"Coastline Today", "Meridian Wire"}
        assert spread.spread.blindspot is not None and spread.spread.blindspot.side == "right"
        assert set(spread.spread.missing) <= {
            "The Arvenian Standard",
            "The Harbour Ledger",
            "The Daily Clarion",
        }
    shared = {f.key for f in comparison.shared}
    for timeline in fact_timelines(comparison, registry):
        if timeline.key not in shared or timeline.first is None:
            continue
        outlets = [s.outlet for s in timeline.sightings]
        assert len(outlets) == len(set(outlets)) >= 2
        times = [s.published for s in timeline.sightings]
        assert times == sorted(times)  # type: ignore[type-var]
        assert all(s.after is not None and s.after >= timedelta(0) for s in timeline.pickups)


def test_outlets_published_at_one_time_carry_a_fact_together_not_one_first() -> None:
    from datetime import UTC, datetime, timedelta

    from parallax.comparison.coverage_outlets import FactTimeline, Sighting
    from parallax.render.outlets_report import order_text

    day = datetime(2013, 5, 22, tzinfo=UTC)
    tied = FactTimeline(
        "f1",
        Sighting("Harbour Ledger", "a", day, timedelta(0)),
        (
            Sighting("Daily Clarion", "b", day, timedelta(0)),
            Sighting("Coastline Today", "c", day + timedelta(hours=2), timedelta(hours=2)),
        ),
        (),
    )
    text = order_text(tied)
    assert text.startswith("Daily Clarion, Harbour Ledger at the same time")
    assert "first" not in text and text.endswith("then Coastline Today +2 h")
    alone = FactTimeline(
        "f2",
        Sighting("Harbour Ledger", "a", day, timedelta(0)),
        (Sighting("Daily Clarion", "b", day + timedelta(days=1), timedelta(days=1)),),
        (),
    )
    assert order_text(alone) == "first Harbour Ledger, then Daily Clarion +24 h"
